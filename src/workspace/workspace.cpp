// The workspace: schema, migrations, all-or-nothing imports, loading.
#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "../io/yaml_reader.hpp"
#include "record_table.hpp"
#include "sqlite.hpp"
#include <fcntl.h>
#include <project8/data/csv.hpp>
#include <project8/workspace/workspace.hpp>
#include <sys/stat.h>
#include <unistd.h>

namespace project8::workspace {

namespace {

using detail::Db;
using detail::Stmt;
using detail::Transaction;

constexpr std::string_view kApplication = "project8-workspace";

// Every connection: write-ahead log, foreign keys, and freed pages zeroed (a
// population replaced or data deleted leaves no bytes behind; issue 21).
constexpr const char* kConnectionPragmas =
    "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;";
// A connection for reading only changes nothing, not even the journal mode.
constexpr const char* kReadingPragmas = "PRAGMA foreign_keys = ON;";

/// The stored record tables, each derived from its type's declared fields.
const detail::RecordTable<tracking::Record>& records_table() {
  static const detail::RecordTable<tracking::Record> t("records", tracking::record_schema());
  return t;
}
const detail::RecordTable<budget::Payment>& payments_table() {
  static const detail::RecordTable<budget::Payment> t("payments", budget::payment_schema());
  return t;
}
const detail::RecordTable<budget::LedgerEntry>& ledger_table() {
  static const detail::RecordTable<budget::LedgerEntry> t("ledger", budget::ledger_schema());
  return t;
}

/// The lookup indexes of the record tables (made by step 1 → 2, again after step 2 → 3 rebuilds the
/// tables).
constexpr const char* kTableIndexes = R"sql(
CREATE INDEX IF NOT EXISTS records_by_target ON records(target, date);
CREATE INDEX IF NOT EXISTS payments_by_person ON payments(person_id, package);
CREATE INDEX IF NOT EXISTS ledger_by_unit ON ledger(unit, year);
)sql";

/// Schema steps 0 → 1 and 1 → 2 (SQL as they were written; step 2 → 3 is Impl::to_v3()).
const std::array<const char*, 2> kMigrations = {
    // 0 → 1: the tables.
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (kind TEXT PRIMARY KEY, name TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE imports (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, content BLOB NOT NULL,
  rows INTEGER NOT NULL, imported_at TEXT NOT NULL);
CREATE TABLE records (
  import_id INTEGER NOT NULL REFERENCES imports(id), line INTEGER,
  date TEXT NOT NULL, unit TEXT NOT NULL, target TEXT NOT NULL, quantity INTEGER NOT NULL,
  denominator INTEGER, entity_id TEXT NOT NULL, female INTEGER, male INTEGER, ethnic_minority INTEGER,
  kinh INTEGER, other TEXT NOT NULL, agency TEXT, filed TEXT, note TEXT NOT NULL, source TEXT NOT NULL);
CREATE TABLE payments (
  import_id INTEGER NOT NULL REFERENCES imports(id), line INTEGER,
  payment_id TEXT NOT NULL, person_id TEXT NOT NULL, package TEXT NOT NULL, date TEXT NOT NULL,
  amount INTEGER NOT NULL, episode_id TEXT NOT NULL);
CREATE TABLE ledger (
  import_id INTEGER NOT NULL REFERENCES imports(id), line INTEGER,
  date TEXT NOT NULL, year INTEGER NOT NULL, unit TEXT NOT NULL, activity TEXT, funding_source TEXT NOT NULL,
  stage TEXT NOT NULL, amount INTEGER NOT NULL, reference TEXT NOT NULL, note TEXT NOT NULL);
)sql",
    // 1 → 2: indexes for the reports' lookups and the duplicate-import check.
    R"sql(
CREATE INDEX imports_by_kind ON imports(kind, rows);
CREATE INDEX records_by_target ON records(target, date);
CREATE INDEX payments_by_person ON payments(person_id, package);
CREATE INDEX ledger_by_unit ON ledger(unit, year);
)sql",
};

/// Step 3 → 4: the units formed on 1/7/2025 carried local identifiers until
/// their official codes were known (Công văn 1027/CTK-CSCL, 25/6/2025); the
/// codes reuse former codes, which the registry now tells apart by date.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kOfficialCodes = {{
    {"LC2025-BINH-LU", "03390"},
    {"LC2025-TA-LENG", "03405"},
    {"LC2025-KHUN-HA", "03430"},
    {"LC2025-BAN-BO", "03424"},
    {"LC2025-SIN-SUOI-HO", "03394"},
    {"LC2025-TAN-PHONG", "03408"},
}};

/// `text` with every occurrence of `from` replaced by `to`.
std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

/// A stored text with the local identifiers replaced by the official codes (in
/// a registry file, the unit no longer says its code is local).
std::string with_official_codes(std::string text) {
  for (const auto& [local, official] : kOfficialCodes) {
    const std::string code = "\"" + std::string(official) + "\"";
    text = replace_all(std::move(text), "\"" + std::string(local) + "\", code_status: local", code);
    text = replace_all(std::move(text), local, official);
  }
  return text;
}

std::string read_whole(const std::filesystem::path& p) {
  return io::read_file(p.string(), 1U << 30U);
}

}  // namespace

std::string_view to_string(ImportKind k) noexcept {
  return core::key(k);
}

ImportKind parse_import_kind(std::string_view name) {
  return core::parse_enum<ImportKind>(name);
}

struct Workspace::Impl {
  Db db;
  std::string file;
  bool encrypted = false;
  bool read_only = false;
  std::optional<plan::Plan> plan;  ///< Read from the stored sources by load_sources().
  geo::Registry units;
  std::optional<rules::RuleSet> rules;
  std::optional<tracking::Calendar> calendar;

  [[nodiscard]] std::string source(const char* kind, std::string* name = nullptr) {
    Stmt s(db, "SELECT name, text FROM sources WHERE kind = ?");
    s.bind(1, kind);
    if (!s.step()) throw core::InvalidArgument("workspace " + file + " has no " + kind);
    if (name != nullptr) *name = s.text(0);
    return s.text(1);
  }

  void load_sources() {
    std::string name;
    std::string text = source("plan", &name);
    plan = plan::parse_plan(text, name);
    text = source("units", &name);
    units = geo::Registry::parse(text, name);
    text = source("rules", &name);
    rules = rules::RuleSet::parse(text, name);
    if (rules->reads_registry()) rules = rules->with_registry(units);  // the workspace's own units
    text = source("calendar", &name);
    calendar = tracking::Calendar::parse(text, name);
  }

  [[nodiscard]] int version() {
    Stmt s(db, "SELECT value FROM meta WHERE key = 'schema_version'");
    if (!s.step())
      throw core::InvalidArgument(file + " is not a project8 workspace (no schema version)");
    const std::string text = s.text(0);
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size()) {
      throw core::InvalidArgument(file + " has a schema version that is not a number ('" +
                                  text.substr(0, 20) +
                                  "'): it was not written by project8, or was changed by hand");
    }
    return v;
  }

  /// Step 2 → 3: the record tables as their declared fields say (empty texts
  /// stored as NULL), and the uniqueness the workspace enforces in SQL: no
  /// exact duplicate of a stored record, no payment id twice.
  void to_v3() {
    records_table().rebuild(db);
    payments_table().rebuild(db);
    ledger_table().rebuild(db);
    db.exec(kTableIndexes);
    db.exec(records_table().content_index_sql());
    db.exec(
        "CREATE UNIQUE INDEX payments_id_unique ON payments(payment_id) WHERE payment_id IS NOT "
        "NULL");
  }

  /// Step 3 → 4: local identifiers of the units formed on 1/7/2025 become their
  /// official codes in the stored registry, the record and ledger tables and
  /// the stored files (a population is read back from its file).
  void to_v4() {
    {
      Stmt s(db, "SELECT name, text FROM sources WHERE kind = 'units'");
      if (s.step()) {
        const std::string text = s.text(1);
        const std::string mapped = with_official_codes(text);
        if (mapped != text) {
          (void)geo::Registry::parse(mapped, s.text(0));  // the migrated registry must load
          Stmt u(db, "UPDATE sources SET text = ? WHERE kind = 'units'");
          u.bind(1, mapped).run();
        }
      }
    }
    for (const auto& [local, official] : kOfficialCodes) {
      for (const char* sql : {"UPDATE records SET unit = ? WHERE unit = ?",
                              "UPDATE ledger SET unit = ? WHERE unit = ?"}) {
        Stmt u(db, sql);
        u.bind(1, official).bind(2, local).run();
      }
    }
    std::vector<std::pair<std::int64_t, std::string>> changed;
    {
      Stmt s(db, "SELECT id, content FROM imports");
      while (s.step()) {
        const std::string content = s.blob(1);
        if (std::string mapped = with_official_codes(content); mapped != content) {
          changed.emplace_back(s.integer(0), std::move(mapped));
        }
      }
    }
    for (const auto& [id, content] : changed) {
      Stmt u(db, "UPDATE imports SET content = ? WHERE id = ?");
      u.bind_blob(1, content).bind(2, id).run();
    }
  }

  /// Brings the schema from `from` to the current version, in one
  /// transaction; then adds the columns of fields declared since.
  void migrate(int from) {
    if (from == Workspace::kSchemaVersion) {
      // Only a workspace whose tables lack a declared field takes the write lock on open:
      // opening for a report must not wait behind a long import.
      if (!records_table().missing_columns(db).empty() ||
          !payments_table().missing_columns(db).empty() ||
          !ledger_table().missing_columns(db).empty()) {
        Transaction t(db);
        add_missing_columns();
        t.commit();
      }
      return;
    }
    Transaction t(db);
    for (int v = from; v < Workspace::kSchemaVersion; ++v) {
      if (v < 2) {
        db.exec(kMigrations[static_cast<std::size_t>(v)]);
      } else if (v == 2) {
        to_v3();
      } else {
        to_v4();
      }
    }
    add_missing_columns();
    if (from == 0) {
      Stmt m(db, "INSERT INTO meta(key, value) VALUES ('application', ?), ('schema_version', ?)");
      m.bind(1, kApplication).bind(2, std::to_string(Workspace::kSchemaVersion)).run();
    } else {
      Stmt m(db, "UPDATE meta SET value = ? WHERE key = 'schema_version'");
      m.bind(1, std::to_string(Workspace::kSchemaVersion)).run();
    }
    t.commit();
  }

  void add_missing_columns() {
    records_table().add_missing_columns(db);
    payments_table().add_missing_columns(db);
    ledger_table().add_missing_columns(db);
  }

  /// Problems for the records of `fresh` that a stored row already holds exactly (found through the
  /// content index).
  template <class R>
  [[nodiscard]] std::vector<core::Problem> stored_duplicates(const detail::RecordTable<R>& table,
                                                             const std::vector<R>& fresh) {
    std::vector<core::Problem> problems;
    Stmt find(db, table.find_sql());
    for (const auto& r : fresh) {
      table.bind(find, 1, r);
      if (find.step()) {
        problems.push_back({r.location, "",
                            "an exact duplicate of the record at line " +
                                std::to_string(find.integer(1)) + " of import " +
                                std::to_string(find.integer(0))});
      }
      find.reset();
    }
    return problems;
  }

  /// Problems for the payments whose id an earlier payment (in the file or stored) has.
  [[nodiscard]] std::vector<core::Problem> repeated_payment_ids(
      const std::vector<budget::Payment>& fresh) {
    std::vector<core::Problem> problems;
    std::map<std::string, std::size_t> in_file;
    Stmt find(db, "SELECT import_id, line FROM payments WHERE payment_id = ?");
    for (const auto& p : fresh) {
      if (p.payment_id.empty()) continue;
      const std::size_t line = p.location.line.value_or(0);
      if (const auto [it, first] = in_file.emplace(p.payment_id, line); !first) {
        problems.push_back({p.location, "payment_id",
                            "this payment id is already on line " + std::to_string(it->second)});
        continue;
      }
      find.bind(1, p.payment_id);
      if (find.step()) {
        problems.push_back({p.location, "payment_id",
                            "this payment id is already at line " +
                                std::to_string(find.integer(1)) + " of import " +
                                std::to_string(find.integer(0))});
      }
      find.reset();
    }
    return problems;
  }

  [[nodiscard]] std::optional<std::pair<std::int64_t, std::size_t>> same_content(
      ImportKind kind, std::string_view content) {
    Stmt s(db,
           "SELECT id, rows FROM imports WHERE kind = ? AND length(content) = ? AND content = ? "
           "ORDER BY id LIMIT 1");
    s.bind(1, to_string(kind))
        .bind(2, static_cast<std::int64_t>(content.size()))
        .bind_blob(3, content);
    if (!s.step()) return std::nullopt;
    return std::pair{s.integer(0), static_cast<std::size_t>(s.integer(1))};
  }

  /// A population CSV with only the columns a population is read with (the
  /// rules' inputs, `id` and `commune`), cells as they were, in the order of
  /// the file.
  [[nodiscard]] std::string population_columns_only(std::string_view text,
                                                    const std::string& name) const {
    const auto wanted = [&](const std::string& column) {
      return column == "id" || column == "commune" || rules->inputs().index_of(column);
    };
    std::vector<data::Field> keep;
    for (const auto& column : data::csv_header(text)) {
      if (wanted(column) && std::none_of(keep.begin(), keep.end(),
                                         [&](const data::Field& f) { return f.name == column; })) {
        keep.push_back({column, data::ColumnType::string, {}});
      }
    }
    if (keep.empty()) return std::string(text);  // the reader then says what is missing
    const auto cells = data::parse_csv(text, data::Schema(keep), name);
    std::string out;
    for (std::size_t k = 0; k < keep.size(); ++k)
      out += (k ? "," : "") + data::csv_quote(keep[k].name);
    out += '\n';
    for (std::size_t i = 0; i < cells.rows(); ++i) {
      for (std::size_t k = 0; k < keep.size(); ++k) {
        if (k) out += ',';
        const auto& c = cells.column(k);
        if (c.is_valid(i)) out += data::csv_quote(c.string_at(i));
      }
      out += '\n';
    }
    return out;
  }

  /// The persons of the population imported last, or nullopt when none was.
  [[nodiscard]] std::optional<std::size_t> latest_population_rows() {
    Stmt s(db, "SELECT rows FROM imports WHERE kind = 'population' ORDER BY id DESC LIMIT 1");
    if (!s.step()) return std::nullopt;
    return static_cast<std::size_t>(s.integer(0));
  }

  std::int64_t add_import(ImportKind kind, const std::string& name, std::string_view content,
                          std::size_t rows) {
    Stmt s(db,
           "INSERT INTO imports(kind, name, content, rows, imported_at) "
           "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
    s.bind(1, to_string(kind))
        .bind(2, name)
        .bind_blob(3, content)
        .bind(4, static_cast<std::int64_t>(rows))
        .run();
    return sqlite3_last_insert_rowid(db.get());
  }
};

Key::Key(std::string passphrase) : passphrase_(std::move(passphrase)) {
  if (passphrase_.empty()) throw core::InvalidArgument("a workspace key cannot be empty");
  if (passphrase_.find('\0') != std::string::npos)
    throw core::InvalidArgument("a workspace key cannot hold a NUL byte");
}

Key::~Key() {
  ::explicit_bzero(passphrase_.data(), passphrase_.capacity());
}

Key Key::from_file(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    throw core::InvalidArgument("key file " + file.string() + ": " + std::strerror(errno));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw core::InvalidArgument("key file " + file.string() +
                                " may be read by others than its owner: chmod 600 it (a key "
                                "others can read protects nothing)");
  }
  std::ifstream in(file, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line))
    throw core::InvalidArgument("key file " + file.string() + ": cannot be read, or is empty");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty())
    throw core::InvalidArgument("key file " + file.string() + ": its first line is empty");
  Key key(std::move(line));
  ::explicit_bzero(line.data(), line.capacity());
  return key;
}

std::optional<Key> Key::given(std::optional<std::string> passphrase,
                              const std::optional<std::filesystem::path>& file) {
  if (passphrase && file) throw core::InvalidArgument("give a key or a key file, not both");
  if (passphrase) return Key(std::move(*passphrase));
  if (file) return from_file(*file);
  return std::nullopt;
}

namespace {

/// Whether `file` starts as a plain SQLite database does ("SQLite format 3");
/// an encrypted one starts with random bytes.
bool plain_sqlite(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::array<char, 16> head{};
  in.read(head.data(), head.size());
  return in.gcount() == 16 &&
         std::string_view(head.data(), 16) == std::string_view("SQLite format 3\0", 16);
}

}  // namespace

Workspace::Workspace(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;
Workspace::~Workspace() = default;

Workspace Workspace::create(const std::filesystem::path& file,
                            const std::filesystem::path& plan_path, const CreateOptions& options) {
  if (std::filesystem::exists(file)) {
    throw core::InvalidArgument("workspace " + file.string() +
                                " already exists: open it, or choose another name");
  }
  const std::string data = geo::bundled_data_dir();
  struct Source {
    const char* kind;
    std::filesystem::path path;
    std::string text;
  };
  std::vector<Source> sources = {
      {"plan", plan_path, {}},
      {"units", options.units.value_or(data + "/geo/lai-chau.yaml"), {}},
      {"rules", options.rules.value_or(data + "/rules/safe-motherhood.yaml"), {}},
      {"calendar", options.calendar.value_or(data + "/calendar/01-2022-tt-ubdt.yaml"), {}},
  };
  for (auto& s : sources) s.text = read_whole(s.path);
  // Every input is checked before anything is written.
  const auto plan = plan::parse_plan(sources[0].text, sources[0].path.string());
  if (plan.programme) {
    if (auto problems =
            plan::check_programme(plan, legal::Programmes::load(data + "/legal/programmes.yaml"));
        !problems.empty()) {
      for (auto& p : problems) p.location.file = sources[0].path.string();
      throw core::ValidationError(std::move(problems));
    }
  }
  const auto units = geo::Registry::parse(sources[1].text, sources[1].path.string());
  (void)rules::RuleSet::parse(sources[2].text, sources[2].path.string());
  (void)tracking::Calendar::parse(sources[3].text, sources[3].path.string());
  if (units.find(plan.scope, plan.period.first()) == nullptr) {
    throw core::ValidationError("units", "the plan's scope " + plan.scope.value() + " on " +
                                             core::to_iso(plan.period.first()) + " is not in " +
                                             sources[1].path.string());
  }

  auto impl = std::make_unique<Impl>();
  impl->file = file.string();
  // Owner-only from the first byte (it will hold personal data: ethnicity, pregnancy, payments);
  // SQLite gives its journal files the database file's permissions.
  if (const int fd = ::open(impl->file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      fd >= 0) {
    ::close(fd);
  } else {
    throw core::InvalidArgument("cannot create workspace " + impl->file + ": " +
                                std::strerror(errno));
  }
  try {
    impl->db = Db(impl->file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (options.key) impl->db.key(options.key->passphrase());
    impl->encrypted = options.key.has_value();
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(file, ec);
    throw;
  }
  try {
    impl->db.exec(kConnectionPragmas);
    impl->migrate(0);
    Transaction t(impl->db);
    Stmt ins(impl->db, "INSERT INTO sources(kind, name, text) VALUES (?, ?, ?)");
    for (const auto& s : sources)
      ins.bind(1, s.kind).bind(2, s.path.filename().string()).bind(3, s.text).run();
    Stmt meta(impl->db, "INSERT INTO meta(key, value) VALUES ('plan', ?)");
    meta.bind(1, plan.id).run();
    t.commit();
    impl->load_sources();
  } catch (...) {
    impl.reset();
    std::error_code ec;
    std::filesystem::remove(file, ec);  // a half-made workspace is not left behind
    std::filesystem::remove(file.string() + "-wal", ec);
    std::filesystem::remove(file.string() + "-shm", ec);
    throw;
  }
  return Workspace(std::move(impl));
}

Workspace Workspace::open(const std::filesystem::path& file, const OpenOptions& options) {
  if (!std::filesystem::is_regular_file(file)) {
    throw core::InvalidArgument("workspace " + file.string() +
                                " does not exist (create it with init)");
  }
  auto impl = std::make_unique<Impl>();
  impl->file = file.string();
  impl->read_only = options.read_only;
  const bool plain = plain_sqlite(impl->file);
  if (plain && options.key) {
    throw core::InvalidArgument("workspace " + file.string() +
                                " is not encrypted: open it without a key");
  }
  try {
    impl->db = Db(impl->file, options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
    if (options.key) impl->db.key(options.key->passphrase());
    impl->encrypted = options.key.has_value();
    impl->db.exec(options.read_only ? kReadingPragmas : kConnectionPragmas);
    impl->db.exec("SELECT count(*) FROM sqlite_master");  // the first read: the key, the file
    // A file SQLite could only open for reading (no permission to write it
    // or its folder, a read-only disk) says so now, not at the first write.
    if (!options.read_only && sqlite3_db_readonly(impl->db.get(), "main") == 1) {
      throw core::Error("workspace " + file.string() +
                        ": cannot be written (no permission to write the file or its folder, or "
                        "a read-only disk); the workspace itself is not harmed");
    }
  } catch (const core::Error& e) {
    // Only a file that is not SQLite is "not a workspace": any other cause is
    // given as it is, so that nobody deletes a good file for it.
    const int code = impl->db.get() != nullptr ? sqlite3_errcode(impl->db.get()) & 0xff : 0;
    if (code == SQLITE_NOTADB && looks_encrypted(file)) {
      throw core::InvalidArgument(
          options.key ? "workspace " + file.string() +
                            ": this key does not open it (a wrong key), or it is not a project8 "
                            "workspace"
                      : file.string() +
                            " is encrypted, or is not a project8 workspace: if it is encrypted, "
                            "open it with its key");
    }
    if (code == SQLITE_NOTADB) {
      throw core::InvalidArgument(file.string() +
                                  " is not a project8 workspace (not an SQLite database)");
    }
    if (options.read_only && code == SQLITE_CANTOPEN) {
      // Reading a workspace in WAL mode needs its shared-memory file beside it.
      const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
      if (::access(dir.c_str(), W_OK) != 0 && !std::filesystem::exists(file.string() + "-shm")) {
        throw core::Error("workspace " + file.string() +
                          ": cannot be read from this folder: SQLite makes a file " +
                          file.filename().string() +
                          "-shm beside it to read it, and you may not write to the folder. Copy "
                          "the workspace to a folder you may write to; the workspace itself is "
                          "not harmed");
      }
    }
    const bool not_opened = impl->db.get() == nullptr;  // an existing file SQLite could not open
    const char* cause =
        not_opened || code == SQLITE_READONLY || code == SQLITE_PERM || code == SQLITE_CANTOPEN
            ? " (check the permissions of the file and its folder; the workspace "
              "itself is not harmed)"
        : code == SQLITE_FULL ? " (the disk is full; the workspace itself is "
                                "not harmed)"
        : code == SQLITE_BUSY || code == SQLITE_LOCKED
            ? " (another program is writing it: try again)"
            : "";
    throw core::Error(e.what() + std::string(cause));
  }
  {
    Stmt s(impl->db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    s.step();
    if (s.integer(0) == 0)
      throw core::InvalidArgument(file.string() + " is not a project8 workspace");
  }
  {
    Stmt s(impl->db, "SELECT value FROM meta WHERE key = 'application'");
    if (!s.step() || s.text(0) != kApplication) {
      throw core::InvalidArgument(file.string() + " is not a project8 workspace");
    }
  }
  const int v = impl->version();
  if (v > kSchemaVersion) {
    throw core::InvalidArgument("workspace " + file.string() + " has schema version " +
                                std::to_string(v) + ", newer than this library's " +
                                std::to_string(kSchemaVersion) + ": use a newer project8");
  }
  if (v < 1)
    throw core::InvalidArgument(file.string() + " is not a project8 workspace (schema version " +
                                std::to_string(v) + ")");
  if (options.read_only && v < kSchemaVersion) {
    throw core::InvalidArgument("workspace " + file.string() + " has schema version " +
                                std::to_string(v) + " and must be brought to version " +
                                std::to_string(kSchemaVersion) +
                                ": open it once for writing (not read-only)");
  }
  impl->migrate(v);
  impl->load_sources();
  return Workspace(std::move(impl));
}

bool Workspace::looks_encrypted(const std::filesystem::path& file) {
  // SQLCipher writes whole pages (1024 bytes or a multiple): a file of another
  // size is no encrypted database.
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  return !ec && size > 0 && size % 512 == 0 && !plain_sqlite(file.string());
}

bool Workspace::encrypted() const noexcept {
  return impl_->encrypted;
}
bool Workspace::read_only() const noexcept {
  return impl_->read_only;
}

int Workspace::schema_version() const {
  return impl_->version();
}
const plan::Plan& Workspace::plan() const noexcept {
  return *impl_->plan;
}
const geo::Registry& Workspace::units() const noexcept {
  return impl_->units;
}
const rules::RuleSet& Workspace::rules() const noexcept {
  return *impl_->rules;
}
const tracking::Calendar& Workspace::calendar() const noexcept {
  return *impl_->calendar;
}

ImportResult Workspace::import_file(ImportKind kind, const std::filesystem::path& file,
                                    const data::SourceOptions& source,
                                    const ImportOptions& options) {
  data::SourceOptions o = source;
  if (o.expected_columns.empty()) o.expected_columns = import_columns(kind);
  return import_source(kind, data::open_source(file, o), options);
}

ImportResult Workspace::import_source(ImportKind kind, const data::SourceText& source,
                                      const ImportOptions& options) {
  ImportResult r = source.read([&](std::string_view text, const std::string& name) {
    return import_text(kind, text, name, options);
  });
  auto resolved = std::move(r.notes.resolved);
  auto other_forms = std::move(r.notes.other_forms);
  r.notes = source.notes();
  r.notes.resolved = std::move(resolved);
  r.notes.other_forms = std::move(other_forms);
  return r;
}

std::vector<std::string> Workspace::import_columns(ImportKind kind) const {
  switch (kind) {
    case ImportKind::records:
      return data::field_names(tracking::record_schema());
    case ImportKind::payments:
      return data::field_names(budget::payment_schema());
    case ImportKind::ledger:
      return data::field_names(budget::ledger_schema());
    case ImportKind::population:
      return impl_->rules->inputs().names();
  }
  return {};
}

ImportResult Workspace::import_text(ImportKind kind, std::string_view given,
                                    const std::string& name, const ImportOptions& options) {
  Impl& w = *impl_;
  if (w.read_only) {
    throw core::InvalidArgument("workspace " + w.file +
                                " was opened for reading only: nothing can be imported");
  }
  // A population keeps only the columns the rules read (and the id and unit):
  // a column no rule reads, such as a national id, is never stored.
  const std::string minimised =
      kind == ImportKind::population ? w.population_columns_only(given, name) : std::string();
  const std::string_view content = kind == ImportKind::population ? minimised : given;
  if (const auto earlier = w.same_content(kind, content)) {
    return {kind, earlier->first, earlier->second, true};
  }
  const std::string label = std::filesystem::path(name).filename().string();
  ImportResult result{kind, 0, 0, false};
  // The file is parsed first; then, holding the write lock (BEGIN IMMEDIATE),
  // the checks against what the workspace holds run and the rows are written,
  // so that two processes importing at once cannot both pass the checks.
  std::optional<ImportResult> earlier;
  auto already = [&]() {
    if (const auto e = w.same_content(kind, content))
      earlier = ImportResult{kind, e->first, e->second, true};
    return earlier.has_value();
  };
  switch (kind) {
    case ImportKind::records: {
      const auto fresh =
          tracking::parse_records(content, name, *w.plan, w.units);  // read and checked, once
      Transaction t(w.db);
      if (already()) return *earlier;
      if (auto problems = w.stored_duplicates(records_table(), fresh.records());
          !problems.empty()) {
        throw core::ValidationError(std::move(problems));
      }
      result.id = w.add_import(kind, label, content, fresh.size());
      records_table().insert(w.db, result.id, fresh.records());
      t.commit();
      result.rows = fresh.size();
      result.notes.resolved = fresh.normalised();
      result.notes.other_forms = fresh.other_forms();
      break;
    }
    case ImportKind::payments: {
      data::ReadNotes read;
      const auto fresh = budget::parse_payments(content, name, &read);
      result.notes.other_forms = std::move(read.other_forms);
      Transaction t(w.db);
      if (already()) return *earlier;
      if (auto problems = w.repeated_payment_ids(fresh); !problems.empty()) {
        throw core::ValidationError(std::move(problems));
      }
      result.id = w.add_import(kind, label, content, fresh.size());
      payments_table().insert(w.db, result.id, fresh);
      t.commit();
      result.rows = fresh.size();
      break;
    }
    case ImportKind::ledger: {
      data::ReadNotes read;
      auto fresh = budget::parse_ledger(content, name, &read);
      result.notes.other_forms = std::move(read.other_forms);
      // Each entry's unit is the unit its code named on the entry's date (codes are reused), or
      // one that ended earlier in the entry's budget year: the accounts of a district abolished on
      // 1/7/2025 close with the year.
      std::vector<core::Problem> problems;
      std::map<std::tuple<std::string, geo::UnitNamedBy, std::string>, std::size_t> resolved;
      for (auto& e : fresh) {
        auto why = w.units.why_missing(e.unit, e.date);
        if (why.empty()) continue;
        if (const auto res = w.units.resolve(e.unit.value(), e.date); res.unit != nullptr) {
          ++resolved[{e.unit.value(), res.by, res.unit->code.value()}];  // shortened, or a name
          e.unit = res.unit->code;
          continue;
        }
        const auto year = core::Period::year(e.budget_year());
        const auto* ended = w.units.find_latest(e.unit, e.date);
        if (ended != nullptr && ended->valid.overlaps(core::DateRange(year.first(), year.last()))) {
          continue;
        }
        problems.push_back(
            {e.location, "unit", why + ", nor in budget year " + std::to_string(e.budget_year())});
      }
      if (!problems.empty()) throw core::ValidationError(std::move(problems));
      Transaction t(w.db);
      if (already()) return *earlier;
      budget::Ledger l = ledger();
      l.add(fresh);  // the rules hold with what is already there
      result.id = w.add_import(kind, label, content, fresh.size());
      ledger_table().insert(w.db, result.id, fresh);
      t.commit();
      result.rows = fresh.size();
      for (const auto& [key, n] : resolved) {
        result.notes.resolved.push_back(geo::resolution_note(std::get<0>(key), std::get<1>(key),
                                                             core::UnitCode{std::get<2>(key)}, n));
      }
      break;
    }
    case ImportKind::population: {
      const auto t_people =
          budget::parse_audit_population(*w.rules, content, name);  // ids checked unique
      Transaction t(w.db);
      if (already()) return *earlier;
      if (const auto before = w.latest_population_rows();
          before && t_people.rows() * 2 < *before && !options.replace_smaller) {
        throw core::InvalidArgument(
            label + ": " + std::to_string(t_people.rows()) + " persons would replace the " +
            std::to_string(*before) + " of the population imported last (" +
            std::to_string((*before - t_people.rows()) * 100 / *before) +
            "% fewer): a truncated or partial file? If it is right, import it asking to replace a "
            "larger population (--replace-smaller; Python replace_smaller=True; C API "
            "\"replace_smaller\": true). Nothing was changed.");
      }
      result.id = w.add_import(kind, label, content, t_people.rows());
      // The populations it replaces are wiped (secure_delete zeroes the freed
      // pages); the import list keeps their name, date and size.
      Stmt wipe(w.db, "UPDATE imports SET content = x'' WHERE kind = 'population' AND id < ?");
      wipe.bind(1, result.id).run();
      t.commit();
      w.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");  // and no copy is left in the journal
      result.rows = t_people.rows();
      break;
    }
  }
  return result;
}

std::vector<ImportInfo> Workspace::imports() const {
  Stmt s(impl_->db, "SELECT id, kind, name, rows, imported_at FROM imports ORDER BY id");
  std::vector<ImportInfo> out;
  while (s.step()) {
    out.push_back({s.integer(0), parse_import_kind(s.text(1)), s.text(2),
                   static_cast<std::size_t>(s.integer(3)), s.text(4)});
  }
  return out;
}

tracking::RecordSet Workspace::records() const {
  return tracking::RecordSet(records_table().read_all(impl_->db), *impl_->plan, impl_->units);
}

std::vector<budget::Payment> Workspace::payments() const {
  return payments_table().read_all(impl_->db);
}

budget::Ledger Workspace::ledger() const {
  auto entries = ledger_table().read_all(impl_->db);
  for (auto& e : entries) e.carried_over = e.reference.starts_with("carry_over:");
  budget::Ledger l;
  l.add(std::move(entries));
  return l;
}

data::Table Workspace::population() const {
  Stmt s(
      impl_->db,
      "SELECT id, name, content FROM imports WHERE kind = 'population' ORDER BY id DESC LIMIT 1");
  if (!s.step()) {  // none yet: an empty table with the columns
    std::string header;
    for (const auto& f : impl_->rules->inputs().fields())
      header += (header.empty() ? "" : ",") + f.name;
    if (!impl_->rules->inputs().index_of("id")) header += ",id";
    if (!impl_->rules->inputs().index_of("commune")) header += ",commune";
    return budget::parse_audit_population(*impl_->rules, header + "\n", "none");
  }
  return budget::parse_audit_population(*impl_->rules, s.blob(2),
                                        "import " + std::to_string(s.integer(0)));
}

report::ReportInputs Workspace::report_inputs() const {
  return {*impl_->plan, impl_->units, impl_->rules, impl_->calendar,
          records(),    payments(),   ledger(),     population()};
}

}  // namespace project8::workspace
