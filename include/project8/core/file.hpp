/// \file
/// Files the library writes: whole or not at all, never through a symbolic link.
///
/// A result file that a full disk cut short, or that an attacker redirected
/// through a link planted in the output folder, is worse than no file: it is
/// opened, believed and sent on. Every file project8 writes (the command's
/// `--out`, a report's files, a workbook) goes through OutputFile: the bytes
/// go to a new temporary file beside the target, created exclusively; commit()
/// flushes it to the disk and renames it over the target in one step. Until
/// then the target is untouched, and an error leaves it as it was.
///
/// **Example**:
///
///     project8::core::write_file("ket-qua.csv", text);     // owner-only
///
///     project8::core::OutputFile out("ket-qua.csv");        // streamed
///     std::fputs(header.c_str(), out.stream());
///     out.commit();   // or an exception: the old ket-qua.csv is left as it was
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string_view>

namespace project8::core {

/// Who may read a file the library writes.
enum class FileAccess : std::uint8_t {
  /// Its owner only (mode 0600): results per person, flags per payment —
  /// personal data under Decree 13/2023/NĐ-CP. The default.
  owner_only,
  /// Whoever the process's umask allows (mode 0666 less the umask): a
  /// report of aggregates meant to be shared.
  shared,
};

/// A file being written: a new temporary file beside `path`, renamed over it
/// by commit(); removed, the target untouched, when destroyed uncommitted.
///
/// - `path` must not be a symbolic link (core::Error says so: a link planted in
///   an output folder would send the bytes elsewhere); a missing file or a
///   regular file is replaced whole.
/// - A path that is neither (a device such as `/dev/null` or `/dev/full`, a
///   named pipe) is written directly, as a stream: it cannot be replaced.
/// - A write that fails (a full disk, a file size limit, a closed pipe) is a
///   core::Error naming `path` and the cause, at commit() at the latest.
///
/// Thread-safety: one object, one thread. POSIX only.
class OutputFile {
 public:
  /// Creates the temporary file (or opens the device) for `path`; core::Error
  /// when the folder cannot be written or `path` is a symbolic link.
  explicit OutputFile(std::filesystem::path path, FileAccess access = FileAccess::owner_only);
  /// Removes the temporary file unless commit() succeeded.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;             ///< One owner of the file.
  OutputFile& operator=(const OutputFile&) = delete;  ///< One owner of the file.

  /// The buffered stream to write to (valid until commit() or destruction).
  [[nodiscard]] std::FILE* stream() const noexcept { return stream_; }
  /// The file the bytes go to before commit(): the temporary file, or `path`
  /// itself for a device. For a writer that opens files by name (such as
  /// libxlsxwriter); commit() checks the file is still the one created.
  [[nodiscard]] const std::filesystem::path& temporary_path() const noexcept { return temporary_; }
  /// The target.
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  /// Appends `bytes` to stream().
  void write(std::string_view bytes);
  /// Flushes and syncs the file, then renames it over `path`; core::Error
  /// (the target left as it was) when any write failed.
  void commit();

 private:
  [[noreturn]] void fail(int error) const;

  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::FILE* stream_ = nullptr;
  bool replace_ = true;  // false for a device or a pipe, written in place
  bool committed_ = false;
};

/// Writes `bytes` to `path` whole or not at all (an OutputFile committed).
void write_file(const std::filesystem::path& path, std::string_view bytes,
                FileAccess access = FileAccess::owner_only);

}  // namespace project8::core
