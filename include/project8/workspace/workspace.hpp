/// \file
/// The workspace: one embedded SQLite file that keeps a year's plan, rules,
/// units and calendar, and the records, payments, ledger entries and
/// population that district and commune officers import.
///
/// - **All or nothing.** An import parses and checks the whole file first
///   (every problem with its line and column, as the loaders report them),
///   then writes it in one transaction; a problem, or a process killed in the
///   middle, leaves the workspace exactly as it was.
/// - **Once.** Importing a file whose content was already imported (same
///   kind, same bytes) is detected and changes nothing.
/// - **Readers while one writes.** The file is in WAL mode: reports may run
///   while an import writes; a second writer waits (up to 10 s).
/// - **Versioned.** The schema has a version; opening an older workspace
///   migrates it in one transaction; a newer one is refused.
/// - **Owner-only, and encrypted on request.** The file is created readable by
///   its owner only (0600); with a Key (CreateOptions::key) every page of it,
///   and of its write-ahead log, is encrypted by SQLCipher (AES-256, the key
///   derived from the passphrase by PBKDF2): no byte of the data can be read
///   without the key (docs/privacy.md).
///
/// What each import checks: records against the plan and the units (and,
/// together with the records already there, for exact duplicates); ledger
/// entries together with the ledger already there (allocated ≥ committed ≥
/// disbursed ≥ settled); payments as a payments file; the population against
/// the rule set's inputs (it replaces the previous population, which is kept
/// in the import history).
///
/// **Example**:
///
///     using namespace project8;
///     auto ws = workspace::Workspace::create("tam-duong-2025.p8db",
///     "data/plans/tam-duong-2025/plan.yaml"); auto r =
///     ws.import_file(workspace::ImportKind::records, "records.csv"); if (r.already_imported)
///     std::cout << "already there\n"; auto progress = tracking::progress(ws.plan(), ws.units(),
///     ws.records(), core::make_date(2025, 12, 31));
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <project8/budget/audit.hpp>
#include <project8/budget/ledger.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/data/source.hpp>
#include <project8/data/table.hpp>
#include <project8/geo/registry.hpp>
#include <project8/plan/plan.hpp>
#include <project8/report/report.hpp>
#include <project8/rules/rule_set.hpp>
#include <project8/tracking/calendar.hpp>
#include <project8/tracking/records.hpp>

/// Workspaces: the year's data in one SQLite file.
namespace project8::workspace {

/// What a file holds.
enum class ImportKind : std::uint8_t {
  records,     ///< Achievement records (tracking CSV).
  payments,    ///< Policy-package payments (budget CSV).
  ledger,      ///< Ledger entries (budget CSV).
  population,  ///< Persons: the rule set's inputs, `id` and `commune`.
};

/// The keys and labels of ImportKind (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<ImportKind> kImportKindText[] = {
    {ImportKind::records, "records", "Bản ghi kết quả", "Achievement records"},
    {ImportKind::payments, "payments", "Chi trả", "Payments"},
    {ImportKind::ledger, "ledger", "Sổ theo dõi kinh phí", "Ledger"},
    {ImportKind::population, "population", "Danh sách đối tượng", "Population"},
};
/// The text table of ImportKind (found by argument-dependent lookup).
constexpr core::EnumInfo<ImportKind> enum_text(ImportKind /*unused*/) noexcept {
  return {"import kind", kImportKindText};
}

/// The kind's name (`records`, …).
[[nodiscard]] std::string_view to_string(ImportKind k) noexcept;
/// Parses a kind's name; core::InvalidArgument listing the kinds otherwise.
[[nodiscard]] ImportKind parse_import_kind(std::string_view name);

/// What an import did.
struct ImportResult {
  ImportKind kind = ImportKind::records;  ///< What was imported.
  std::int64_t id = 0;            ///< The import's id (the earlier one when already imported).
  std::size_t rows = 0;           ///< Rows it holds.
  bool already_imported = false;  ///< The same content was imported before: nothing changed.
  /// What reading the file found and normalised (encoding, delimiter, sheet):
  /// the import summary. The workspace keeps the normalised text.
  data::ReadNotes notes{};
};

/// How an import treats what it would replace.
struct ImportOptions {
  /// A population import whose file holds fewer than half the persons of the
  /// population it replaces is refused (a truncated or partial file would
  /// silently replace the whole district), unless this is set.
  bool replace_smaller = false;
};

/// One past import.
struct ImportInfo {
  std::int64_t id = 0;                    ///< Its id, in import order.
  ImportKind kind = ImportKind::records;  ///< What it held.
  std::string name;                       ///< The file name it came from.
  std::size_t rows = 0;                   ///< Rows.
  std::string imported_at;                ///< When (UTC, ISO 8601).
};

/// The passphrase of an encrypted workspace. It never appears in a message,
/// and its bytes are wiped from memory when the Key is destroyed. Without it
/// an encrypted workspace cannot be opened: keep it where it cannot be lost.
class Key {
 public:
  /// core::InvalidArgument when `passphrase` is empty or holds a NUL byte.
  explicit Key(std::string passphrase);
  /// The first line of `file`, its end of line dropped. core::InvalidArgument
  /// when the file cannot be read, has an empty first line, or may be read by
  /// others than its owner (as ssh refuses such a key: chmod 600 it).
  [[nodiscard]] static Key from_file(const std::filesystem::path& file);
  /// The key given as a passphrase or as a key file (from_file()), or none
  /// when neither is given; core::InvalidArgument when both are. How the
  /// Python module and the C API take a key (`key`, `key_file`).
  [[nodiscard]] static std::optional<Key> given(std::optional<std::string> passphrase,
                                                const std::optional<std::filesystem::path>& file);
  Key(const Key&) = default;             ///< Copies the passphrase.
  Key& operator=(const Key&) = default;  ///< Copies the passphrase.
  Key(Key&&) = default;                  ///< Moves the passphrase.
  Key& operator=(Key&&) = default;       ///< Moves the passphrase.
  ~Key();                                ///< Wipes the passphrase's bytes.
  /// The passphrase (for SQLCipher; never to be shown).
  [[nodiscard]] std::string_view passphrase() const noexcept { return passphrase_; }

 private:
  std::string passphrase_;
};

/// Files a workspace is created from besides the plan (each optional: the
/// bundled Lai Châu units, the Circular 01/2022 calendar and the
/// safe-motherhood rules by default).
struct CreateOptions {
  std::optional<std::filesystem::path> rules;     ///< Rule file (project8/rules/1).
  std::optional<std::filesystem::path> units;     ///< Unit registry (project8/geo/1).
  std::optional<std::filesystem::path> calendar;  ///< Reporting calendar (project8/calendar/1).
  /// Encrypt the workspace with this key (SQLCipher); none: not encrypted.
  std::optional<Key> key{};
};

/// How an existing workspace is opened.
struct OpenOptions {
  /// The key of an encrypted workspace (none for one that is not).
  std::optional<Key> key{};
  /// Opened for reading only: nothing can be imported or changed, an older
  /// schema is not migrated (core::InvalidArgument: open it once for
  /// writing), and a file the user may only read can still be reported on.
  bool read_only = false;
};

/// An open workspace. Movable, not copyable.
class Workspace {
 public:
  /// The schema version this library writes.
  static constexpr int kSchemaVersion = 4;

  /// Creates `file` (which must not exist) from a plan file and `options`;
  /// every input is checked first. core::InvalidArgument when the file exists.
  [[nodiscard]] static Workspace create(const std::filesystem::path& file,
                                        const std::filesystem::path& plan,
                                        const CreateOptions& options = {});
  /// Opens a workspace, migrating an older schema. core::InvalidArgument when
  /// the file is not a project8 workspace or is newer than this library, when
  /// it is encrypted and `options` has no key or the wrong one, or when a key
  /// is given for a workspace that is not encrypted. core::Error when the
  /// SQLite of this process is not SQLCipher and a key is given (another
  /// SQLite library was loaded first; nothing is read or written then).
  [[nodiscard]] static Workspace open(const std::filesystem::path& file,
                                      const OpenOptions& options = {});

  Workspace(Workspace&&) noexcept;             ///< Moves the connection.
  Workspace& operator=(Workspace&&) noexcept;  ///< Moves the connection.
  ~Workspace();                                ///< Closes the file.

  /// Whether `file` may be an encrypted workspace: it does not begin as a
  /// plain SQLite database does, and holds whole pages (a multiple of 512
  /// bytes). A file that is no database at all may look so too: the two look
  /// alike until a key opens one. Reads 16 bytes.
  [[nodiscard]] static bool looks_encrypted(const std::filesystem::path& file);
  /// Whether the file is encrypted (it was created with a key).
  [[nodiscard]] bool encrypted() const noexcept;
  /// Whether it was opened for reading only (OpenOptions::read_only).
  [[nodiscard]] bool read_only() const noexcept;
  /// The file's schema version (kSchemaVersion once opened).
  [[nodiscard]] int schema_version() const;
  /// The plan.
  [[nodiscard]] const plan::Plan& plan() const noexcept;
  /// The unit registry.
  [[nodiscard]] const geo::Registry& units() const noexcept;
  /// The rule set of the policy packages.
  [[nodiscard]] const rules::RuleSet& rules() const noexcept;
  /// The reporting calendar.
  [[nodiscard]] const tracking::Calendar& calendar() const noexcept;

  /// Imports a file of `kind` (see the file comment); core::ParseError or
  /// core::ValidationError with every problem, nothing changed, when it does not fit.
  /// The file may be CSV in any encoding or delimiter, or an Excel workbook
  /// (data::open_source() with `source`; its expected columns default to
  /// import_columns()); errors are located in it (a workbook's sheet and cell).
  ImportResult import_file(ImportKind kind, const std::filesystem::path& file,
                           const data::SourceOptions& source = {},
                           const ImportOptions& options = {});
  /// As import_file(), from a file already read (data::source_from_bytes()).
  ImportResult import_source(ImportKind kind, const data::SourceText& source,
                             const ImportOptions& options = {});
  /// As import_file(), from UTF-8 CSV text; `name` is the file name recorded and used in locations.
  ImportResult import_text(ImportKind kind, std::string_view content, const std::string& name,
                           const ImportOptions& options = {});
  /// The columns a file of `kind` has (the header a workbook's title block sits above).
  [[nodiscard]] std::vector<std::string> import_columns(ImportKind kind) const;

  /// Every import, in order.
  [[nodiscard]] std::vector<ImportInfo> imports() const;
  /// The records imported so far (checked again against the plan and units).
  [[nodiscard]] tracking::RecordSet records() const;
  /// The payments imported so far, in import order.
  [[nodiscard]] std::vector<budget::Payment> payments() const;
  /// The ledger.
  [[nodiscard]] budget::Ledger ledger() const;
  /// The latest population (empty when none was imported): the rule set's
  /// inputs, `id` and `commune` (text) columns.
  [[nodiscard]] data::Table population() const;
  /// Everything a report is made from, in one call: the plan, units, rules
  /// and calendar the workspace was made with, and the records, payments,
  /// ledger and latest population it holds (see report::build()).
  [[nodiscard]] report::ReportInputs report_inputs() const;

 private:
  struct Impl;
  explicit Workspace(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace project8::workspace
