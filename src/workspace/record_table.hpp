// A record type's SQLite table, statements and stored-row reader, derived from
// its declared fields (data/record.hpp). Private to the workspace.
//
// A table holds `import_id` and `line` (where each row came from), then one
// column per field (INTEGER for integers, money and — as ISO text — never for
// dates; TEXT otherwise; NOT NULL where required), then `other` (JSON of the
// open-ended counts) when the type has counts. Absent values are NULL.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sqlite.hpp"
#include <project8/data/record.hpp>

namespace project8::workspace::detail {

/// The SQL type of a field kind.
inline const char* sql_type(data::FieldKind kind) {
  return kind == data::FieldKind::integer || kind == data::FieldKind::money ? "INTEGER" : "TEXT";
}

/// The column a field is compared by in the content index (NULL-safe).
template <class R>
std::string content_term(const data::RecordField<R>& f) {
  return f.is_required() ? f.name : "ifnull(" + f.name + ", '')";
}

/// One record type's table.
template <class R>
class RecordTable {
 public:
  RecordTable(std::string table, const data::RecordSchema<R>& schema)
      : table_(std::move(table)), schema_(&schema) {}

  [[nodiscard]] const std::string& name() const noexcept { return table_; }

  /// CREATE TABLE for the current fields.
  [[nodiscard]] std::string create_sql() const {
    std::string sql = "CREATE TABLE " + table_ +
                      " (import_id INTEGER NOT NULL REFERENCES imports(id), line INTEGER";
    for (const auto& f : schema_->fields) {
      sql += ", " + f.name + " " + sql_type(f.kind) + (f.is_required() ? " NOT NULL" : "");
    }
    if (schema_->counts) sql += ", other TEXT NOT NULL DEFAULT '{}'";
    return sql + ")";
  }

  /// The stored columns after import_id and line, in order.
  [[nodiscard]] std::vector<std::string> columns() const {
    std::vector<std::string> out;
    for (const auto& f : schema_->fields) out.push_back(f.name);
    if (schema_->counts) out.emplace_back("other");
    return out;
  }

  /// The stored table's columns (PRAGMA table_info: its second column is the
  /// name; the pragma_table_info() function is newer than SQLCipher's SQLite).
  [[nodiscard]] std::set<std::string> column_names(Db& db) const {
    std::set<std::string> names;
    Stmt s(db, "PRAGMA table_info(" + table_ + ")");
    while (s.step()) names.insert(s.text(1));
    return names;
  }

  /// Rebuilds an older table of the same name as the current one, keeping its
  /// rows (columns it lacks are NULL; empty texts become NULL).
  void rebuild(Db& db) const {
    const std::set<std::string> old = column_names(db);
    db.exec("ALTER TABLE " + table_ + " RENAME TO " + table_ + "_old");
    db.exec(create_sql());
    std::string into = "import_id, line", from = "import_id, line";
    for (const auto& f : schema_->fields) {
      if (old.count(f.name) == 0) continue;
      into += ", " + f.name;
      from += f.kind == data::FieldKind::text && !f.is_required() ? ", nullif(" + f.name + ", '')"
                                                                  : ", " + f.name;
    }
    if (schema_->counts && old.count("other") != 0) {
      into += ", other";
      from += ", other";
    }
    db.exec("INSERT INTO " + table_ + "(" + into + ") SELECT " + from + " FROM " + table_ +
            "_old ORDER BY rowid");
    db.exec("DROP TABLE " + table_ + "_old");
  }

  /// Adds the columns of fields declared since the table was made (an
  /// additive change needs no schema version).
  void add_missing_columns(Db& db) const {
    for (const auto* f : missing_columns(db)) {
      db.exec("ALTER TABLE " + table_ + " ADD COLUMN " + f->name + " " + sql_type(f->kind));
    }
  }

  /// The declared fields the stored table has no column for (a read: no lock taken).
  [[nodiscard]] std::vector<const data::RecordField<R>*> missing_columns(Db& db) const {
    const std::set<std::string> have = column_names(db);
    std::vector<const data::RecordField<R>*> out;
    for (const auto& f : schema_->fields) {
      if (have.count(f.name) == 0) out.push_back(&f);
    }
    return out;
  }

  /// A unique index on every field's value (and the counts): an exact
  /// duplicate of a stored row cannot be written.
  [[nodiscard]] std::string content_index_sql() const {
    std::string sql = "CREATE UNIQUE INDEX " + table_ + "_content ON " + table_ + "(";
    bool first = true;
    for (const auto& f : schema_->fields) {
      sql += (first ? "" : ", ") + content_term(f);
      first = false;
    }
    if (schema_->counts) sql += ", other";
    return sql + ")";
  }

  /// The INSERT statement (import_id, line, then columns()).
  [[nodiscard]] std::string insert_sql() const {
    const auto cols = columns();
    std::string sql = "INSERT INTO " + table_ + "(import_id, line", values = "?, ?";
    for (const auto& c : cols) {
      sql += ", " + c;
      values += ", ?";
    }
    return sql + ") VALUES (" + values + ")";
  }

  /// Binds `r` to an insert_sql() statement, or to a find_sql() one from index 1.
  void bind(Stmt& s, int first, const R& r) const {
    int i = first;
    for (const auto& f : schema_->fields) bind_value(s, i++, f.get(r));
    if (schema_->counts) s.bind(i, nlohmann::json(schema_->counts->get(r)).dump());
  }

  /// Writes `rows` as import `import_id`.
  void insert(Db& db, std::int64_t import_id, const std::vector<R>& rows) const {
    Stmt ins(db, insert_sql());
    for (const auto& r : rows) {
      ins.bind(1, import_id)
          .bind(2, r.location.line ? static_cast<std::int64_t>(*r.location.line) : std::int64_t{0});
      bind(ins, 3, r);
      ins.run();
    }
  }

  /// A query for a stored row with the same content as a bound record: its import and line.
  [[nodiscard]] std::string find_sql() const {
    std::string sql = "SELECT import_id, line FROM " + table_ + " WHERE ";
    int i = 1;
    bool first = true;
    for (const auto& f : schema_->fields) {
      sql += (first ? "" : " AND ") + content_term(f) + " = " +
             (f.is_required() ? "?" + std::to_string(i) : "ifnull(?" + std::to_string(i) + ", '')");
      first = false;
      ++i;
    }
    if (schema_->counts) sql += " AND other = ?" + std::to_string(i);
    return sql + " LIMIT 1";
  }

  /// Every stored row, in import and file order; each located at its import and line.
  [[nodiscard]] std::vector<R> read_all(Db& db) const {
    std::string sql = "SELECT import_id, line";
    for (const auto& c : columns()) sql += ", " + c;
    Stmt s(db, sql + " FROM " + table_ + " ORDER BY import_id, rowid");
    std::vector<R> out;
    while (s.step()) {
      R r{};
      r.location = {"import " + std::to_string(s.integer(0)),
                    static_cast<std::size_t>(s.integer(1)), std::nullopt};
      int c = 2;
      for (const auto& f : schema_->fields) f.set(r, value(s, c++, f.kind));
      if (schema_->counts) {
        schema_->counts->counts(r) =
            nlohmann::json::parse(s.text(c)).get<std::map<std::string, std::int64_t>>();
      }
      out.push_back(std::move(r));
    }
    return out;
  }

 private:
  static void bind_value(Stmt& s, int i, const data::FieldValue& v) {
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
      s.bind(i, *n);
    } else if (const auto* t = std::get_if<std::string>(&v)) {
      s.bind(i, *t);
    } else if (const auto* d = std::get_if<core::Date>(&v)) {
      s.bind(i, core::to_iso(*d));
    } else {
      s.bind_null(i);
    }
  }
  static data::FieldValue value(const Stmt& s, int c, data::FieldKind kind) {
    if (s.is_null(c)) return {};
    switch (kind) {
      case data::FieldKind::integer:
      case data::FieldKind::money:
        return s.integer(c);
      case data::FieldKind::date:
        return core::parse_date(s.text(c));
      case data::FieldKind::text:
      case data::FieldKind::enumeration:
        return s.text(c);
    }
    return {};
  }

  std::string table_;
  const data::RecordSchema<R>* schema_;
};

}  // namespace project8::workspace::detail
