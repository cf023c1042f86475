#include "project8/core/file.hpp"

#include <cerrno>
#include <cstring>
#include <random>
#include <string>
#include <utility>

#include "project8/core/error.hpp"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace project8::core {

namespace {

std::string cause(int error) {
  switch (error) {
    case ENOSPC:
      return "the disk is full";
    case EDQUOT:
      return "the disk quota is used up";
    case EFBIG:
      return "the file would be larger than allowed";
    case EACCES:
    case EPERM:
      return "permission denied";
    case EROFS:
      return "the disk is read-only";
    case EPIPE:
      return "the reader closed the pipe";
    default:
      return std::strerror(error);
  }
}

}  // namespace

OutputFile::OutputFile(std::filesystem::path path, FileAccess access) : path_(std::move(path)) {
  struct stat st {};
  if (::lstat(path_.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) {
      throw Error(
          path_.string() +
          ": is a symbolic link; project8 does not write through links (one planted in an "
          "output folder would send the file elsewhere): remove it or name the file itself");
    }
    if (S_ISDIR(st.st_mode)) throw Error(path_.string() + ": is a folder, not a file");
    replace_ = S_ISREG(st.st_mode);
  }
  int fd = -1;
  if (!replace_) {
    // A device or a pipe: written in place (it cannot be replaced by a rename).
    fd = ::open(path_.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) fail(errno);
    temporary_ = path_;
  } else {
    const mode_t mode = access == FileAccess::owner_only ? 0600 : 0666;  // less the umask
    std::random_device random;
    const auto dir = path_.has_parent_path() ? path_.parent_path() : std::filesystem::path(".");
    for (int attempt = 0; fd < 0; ++attempt) {
      temporary_ =
          dir / ("." + path_.filename().string() + "." + std::to_string(random()) + ".tmp");
      // O_EXCL: a new file, never an existing one nor a link.
      fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
      if (fd < 0 && (errno != EEXIST || attempt == 100)) {
        const int error = errno;
        temporary_.clear();
        fail(error);
      }
    }
  }
  stream_ = ::fdopen(fd, "wb");
  if (stream_ == nullptr) {
    const int error = errno;
    ::close(fd);
    if (replace_) ::unlink(temporary_.c_str());
    fail(error);
  }
}

OutputFile::~OutputFile() {
  if (stream_ != nullptr) std::fclose(stream_);
  if (!committed_ && replace_ && !temporary_.empty()) ::unlink(temporary_.c_str());
}

void OutputFile::write(std::string_view bytes) {
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), stream_) != bytes.size())
    fail(errno);
}

void OutputFile::fail(int error) const {
  throw Error(path_.string() + ": cannot write the file (" + cause(error) + ")" +
              (replace_ ? "; it is left as it was" : ""));
}

void OutputFile::commit() {
  if (stream_ == nullptr) throw Error(path_.string() + ": written already");
  const int fd = ::fileno(stream_);
  int error = 0;
  if (std::fflush(stream_) != 0 || std::ferror(stream_) != 0) error = errno != 0 ? errno : EIO;
  if (error == 0 && replace_ && ::fsync(fd) != 0) error = errno;
  // The temporary file must still be the one created (a writer that opened it
  // by name could have been handed something else).
  struct stat mine {};
  struct stat there {};
  const bool swapped =
      error == 0 && replace_ &&
      (::fstat(fd, &mine) != 0 || ::lstat(temporary_.c_str(), &there) != 0 ||
       mine.st_ino != there.st_ino || mine.st_dev != there.st_dev || !S_ISREG(there.st_mode));
  const int closed = std::fclose(stream_);
  stream_ = nullptr;
  if (swapped) {
    throw Error(path_.string() + ": cannot write the file (its temporary file " +
                temporary_.filename().string() +
                " was replaced while written); it is left as it was");
  }
  if (error == 0 && closed != 0) error = errno;
  if (error == 0 && replace_ && std::rename(temporary_.c_str(), path_.c_str()) != 0) error = errno;
  if (error != 0) fail(error);
  committed_ = true;
  if (replace_) {
    // The rename itself reaches the disk with the folder.
    const auto dir = path_.has_parent_path() ? path_.parent_path() : std::filesystem::path(".");
    if (const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
      (void)::fsync(d);
      ::close(d);
    }
  }
}

void write_file(const std::filesystem::path& path, std::string_view bytes, FileAccess access) {
  OutputFile out(path, access);
  out.write(bytes);
  out.commit();
}

}  // namespace project8::core
