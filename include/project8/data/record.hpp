/// \file
/// Records as schemas: one declared field table per record type (achievement
/// records, payments, ledger entries, …), from which every format is derived.
///
/// A record type lists its fields once — name, kind, required or optional,
/// meaning in Vietnamese and English, limits — each bound to a member. From
/// that one list come the CSV reader (read_records()), the columns of a
/// data::Table (to_table(), which Python turns into a DataFrame), JSON
/// (to_json() / from_json()), the workspace's SQLite columns and statements,
/// and the Markdown table of the format in the docs (markdown_table()).
/// Adding a field is one entry in the list (as nlohmann's
/// `NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE` drives every serialisation from one
/// field list).
///
/// **Example**:
///
///     struct Visit { std::string person; core::Date date; std::int64_t count = 0;
///     core::SourceLocation location; }; const data::RecordSchema<Visit> schema{"visits", {
///         data::field("person_id", &Visit::person, data::required, {"Mã người", "Person id"}),
///         data::field("date", &Visit::date, data::required, {"Ngày", "Date"}),
///         data::field("count", &Visit::count, data::optional, {"Số lần", "Count"}, {.min = 0}),
///     }};
///     std::vector<Visit> visits = data::read_records(schema, csv_text, "visits.csv");
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/core/error.hpp>
#include <project8/core/id.hpp>
#include <project8/core/localized.hpp>
#include <project8/core/money.hpp>
#include <project8/data/table.hpp>

namespace project8::data {
struct ReadNotes;  // data/source.hpp
}  // namespace project8::data

namespace project8::data {

/// The value of one field as the readers and writers exchange it: absent, an
/// integer (counts, years, and money in đồng), text (also an enumeration's
/// key) or a date.
using FieldValue = std::variant<std::monostate, std::int64_t, std::string, core::Date>;

/// What a record field holds.
enum class FieldKind : std::uint8_t {
  text,         ///< UTF-8 text (ids, codes, notes).
  integer,      ///< A signed 64-bit integer.
  money,        ///< An amount in đồng (integer).
  date,         ///< A calendar day, ISO `YYYY-MM-DD` in files.
  enumeration,  ///< One of a declared list of keys.
};

/// The keys and labels of FieldKind (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<FieldKind> kFieldKindText[] = {
    {FieldKind::text, "text", "văn bản", "text"},
    {FieldKind::integer, "integer", "số nguyên", "integer"},
    {FieldKind::money, "money", "số tiền (đồng)", "amount (đồng)"},
    {FieldKind::date, "date", "ngày (YYYY-MM-DD)", "date (YYYY-MM-DD)"},
    {FieldKind::enumeration, "enumeration", "một trong các giá trị", "one of the values"},
};
/// The text table of FieldKind (found by argument-dependent lookup).
constexpr core::EnumInfo<FieldKind> enum_text(FieldKind /*unused*/) noexcept {
  return {"field kind", kFieldKindText};
}

/// The column type a field kind is read into.
[[nodiscard]] ColumnType column_type(FieldKind kind) noexcept;

/// Whether a field must have a value in every record.
enum class Presence : std::uint8_t {
  required,  ///< A value (for text: a non-empty one) in every record.
  optional,  ///< May be absent (an empty cell; an empty text).
};
/// Shorthand for Presence::required in field tables.
inline constexpr Presence required = Presence::required;
/// Shorthand for Presence::optional in field tables.
inline constexpr Presence optional = Presence::optional;

/// Limits on an integer or money field (inclusive).
struct Limits {
  std::optional<std::int64_t> min;  ///< Smallest allowed value, if any.
  std::optional<std::int64_t> max;  ///< Largest allowed value, if any.
};

/// How a member type converts to and from FieldValue; specialised for the
/// types records use (text, ids, integers, money, dates, enumerations, and
/// std::optional of each).
template <class T, class = void>
struct FieldCodec;

/// Text: an empty text is absent.
template <>
struct FieldCodec<std::string> {
  static constexpr FieldKind kind = FieldKind::text;  ///< Its kind.
  /// The value of `v` (absent when empty).
  static FieldValue get(const std::string& v) { return v.empty() ? FieldValue{} : FieldValue{v}; }
  /// Sets `v` from `x` (absent: empty).
  static void set(std::string& v, const FieldValue& x) {
    v = std::holds_alternative<std::string>(x) ? std::get<std::string>(x) : std::string();
  }
};

/// Strong ids: as text.
template <class Tag>
struct FieldCodec<core::Id<Tag>> {
  static constexpr FieldKind kind = FieldKind::text;  ///< Its kind.
  /// The value of `v` (absent when empty).
  static FieldValue get(const core::Id<Tag>& v) {
    return v.value().empty() ? FieldValue{} : FieldValue{v.value()};
  }
  /// Sets `v` from `x` (absent: empty).
  static void set(core::Id<Tag>& v, const FieldValue& x) {
    v = core::Id<Tag>{std::holds_alternative<std::string>(x) ? std::get<std::string>(x)
                                                             : std::string()};
  }
};

/// Integers (int64 and narrower).
template <class T>
struct FieldCodec<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  static constexpr FieldKind kind = FieldKind::integer;  ///< Its kind.
  /// The value of `v`.
  static FieldValue get(T v) { return static_cast<std::int64_t>(v); }
  /// Sets `v` from `x` (absent: 0); the field's limits keep narrow types in range.
  static void set(T& v, const FieldValue& x) {
    v = std::holds_alternative<std::int64_t>(x) ? static_cast<T>(std::get<std::int64_t>(x)) : T{};
  }
};

/// Money, in đồng.
template <>
struct FieldCodec<core::Money> {
  static constexpr FieldKind kind = FieldKind::money;  ///< Its kind.
  /// The amount in đồng.
  static FieldValue get(core::Money v) { return v.in_vnd(); }
  /// Sets `v` from `x` (absent: zero).
  static void set(core::Money& v, const FieldValue& x) {
    v = core::Money::vnd(std::holds_alternative<std::int64_t>(x) ? std::get<std::int64_t>(x) : 0);
  }
};

/// Dates.
template <>
struct FieldCodec<core::Date> {
  static constexpr FieldKind kind = FieldKind::date;  ///< Its kind.
  /// The day (absent when not a date).
  static FieldValue get(const core::Date& v) {
    return v.is_special() ? FieldValue{} : FieldValue{v};
  }
  /// Sets `v` from `x` (absent: not a date).
  static void set(core::Date& v, const FieldValue& x) {
    v = std::holds_alternative<core::Date>(x) ? std::get<core::Date>(x) : core::Date();
  }
};

/// Enumerations with a text table: their key.
template <class E>
struct FieldCodec<E, std::enable_if_t<core::TextEnum<E>>> {
  static constexpr FieldKind kind = FieldKind::enumeration;  ///< Its kind.
  /// The key of `v`.
  static FieldValue get(E v) { return std::string(core::key(v)); }
  /// Sets `v` from a key (absent: the first value).
  static void set(E& v, const FieldValue& x) {
    v = std::holds_alternative<std::string>(x) ? core::parse_enum<E>(std::get<std::string>(x))
                                               : core::enum_info<E>().entries[0].value;
  }
};

/// An optional member: absent when empty.
template <class T>
struct FieldCodec<std::optional<T>> {
  static constexpr FieldKind kind = FieldCodec<T>::kind;  ///< The kind of T.
  /// The value, or absent.
  static FieldValue get(const std::optional<T>& v) {
    return v ? FieldCodec<T>::get(*v) : FieldValue{};
  }
  /// Empty when `x` is absent.
  static void set(std::optional<T>& v, const FieldValue& x) {
    if (std::holds_alternative<std::monostate>(x)) {
      v.reset();
    } else {
      T t{};
      FieldCodec<T>::set(t, x);
      v = std::move(t);
    }
  }
};

/// The allowed keys of a member type that is an enumeration (empty otherwise).
template <class T>
std::vector<std::string> categories_of() {
  if constexpr (core::TextEnum<T>) {
    return core::enum_keys<T>();
  } else {
    return {};
  }
}
/// \cond INTERNAL
template <class T>
std::vector<std::string> categories_of_optional(const std::optional<T>* /*tag*/) {
  return categories_of<T>();
}
template <class T>
std::vector<std::string> categories_of_optional(const T* /*tag*/) {
  return categories_of<T>();
}
/// \endcond

/// One declared field of record type `R`.
template <class R>
struct RecordField {
  std::string name;                                ///< Column / key name (stable English).
  FieldKind kind = FieldKind::text;                ///< What it holds.
  Presence presence = Presence::optional;          ///< Required or optional.
  core::LocalizedText meaning;                     ///< What it means, vi/en (docs, Excel headers).
  Limits limits;                                   ///< For integers and money.
  std::vector<std::string> categories;             ///< For enumerations: the allowed keys.
  std::function<FieldValue(const R&)> get;         ///< Reads the member.
  std::function<void(R&, const FieldValue&)> set;  ///< Writes the member.

  /// True for Presence::required.
  [[nodiscard]] bool is_required() const noexcept { return presence == Presence::required; }
};

/// \cond INTERNAL
namespace detail {
/// A field of kind FieldCodec<T>::kind whose member `access(record)` returns (by reference).
template <class R, class T, class Access>
RecordField<R> bound_field(std::string name, Presence presence, core::LocalizedText meaning,
                           Limits limits, Access access) {
  RecordField<R> f;
  f.name = std::move(name);
  f.kind = FieldCodec<T>::kind;
  f.presence = presence;
  f.meaning = std::move(meaning);
  f.limits = limits;
  f.categories = categories_of_optional(static_cast<const T*>(nullptr));
  f.get = [access](const R& r) { return FieldCodec<T>::get(access(const_cast<R&>(r))); };
  f.set = [access](R& r, const FieldValue& v) { FieldCodec<T>::set(access(r), v); };
  return f;
}
}  // namespace detail
/// \endcond

/// A field bound to `member`; its kind and allowed values come from the member's type.
template <class R, class T>
[[nodiscard]] RecordField<R> field(std::string name, T R::*member, Presence presence,
                                   core::LocalizedText meaning, Limits limits = {}) {
  return detail::bound_field<R, T>(std::move(name), presence, std::move(meaning), limits,
                                   [member](R& r) -> T& { return r.*member; });
}

/// A field bound to member `inner` of member `outer` (e.g. a count inside a
/// record's breakdown); otherwise as the one-member field().
template <class R, class M, class T>
[[nodiscard]] RecordField<R> field(std::string name, M R::*outer, T M::*inner, Presence presence,
                                   core::LocalizedText meaning, Limits limits = {}) {
  return detail::bound_field<R, T>(std::move(name), presence, std::move(meaning), limits,
                                   [outer, inner](R& r) -> T& { return r.*outer.*inner; });
}

/// Open-ended count columns of a record type: any column whose name starts
/// with one of `prefixes` (e.g. `age_16_30`, `role_village_head`) is a
/// non-negative count kept in one map of the record.
template <class R>
struct CountColumns {
  std::vector<std::string> prefixes;                               ///< E.g. `age_`, `role_`.
  core::LocalizedText meaning;                                     ///< What they are, vi/en.
  std::function<std::map<std::string, std::int64_t>&(R&)> counts;  ///< The record's map.
  std::function<const std::map<std::string, std::int64_t>&(const R&)> get;  ///< Read-only.

  /// True when `name` is such a column (a prefix and at least one more character).
  [[nodiscard]] bool matches(std::string_view name) const {
    for (const auto& p : prefixes) {
      if (name.size() > p.size() && name.starts_with(p)) return true;
    }
    return false;
  }
};

/// The declared fields of record type `R`; `R` has a `core::SourceLocation location` member.
template <class R>
struct RecordSchema {
  std::string name;                       ///< The record type's name (`records`, `payments`, …).
  std::vector<RecordField<R>> fields;     ///< The fields, in file order.
  std::optional<CountColumns<R>> counts;  ///< Open-ended count columns, if the type has them.

  /// The field `name`, or nullptr.
  [[nodiscard]] const RecordField<R>* find(std::string_view field_name) const noexcept {
    for (const auto& f : fields) {
      if (f.name == field_name) return &f;
    }
    return nullptr;
  }
  /// A copy with `extra` added at the end (for a host's own fields, and tests).
  [[nodiscard]] RecordSchema with(RecordField<R> extra) const {
    RecordSchema out = *this;
    out.fields.push_back(std::move(extra));
    return out;
  }
};

/// True when `a` and `b` hold the same value in every field and count (their
/// locations aside).
template <class R>
[[nodiscard]] bool same_content(const RecordSchema<R>& schema, const R& a, const R& b) {
  for (const auto& f : schema.fields) {
    if (f.get(a) != f.get(b)) return false;
  }
  return !schema.counts || schema.counts->get(a) == schema.counts->get(b);
}

/// The problem with `value` for field `f` (empty when none): a required
/// value missing, a number outside the limits.
template <class R>
[[nodiscard]] std::string field_problem(const RecordField<R>& f, const FieldValue& value) {
  if (std::holds_alternative<std::monostate>(value))
    return f.is_required() ? "a value is required" : "";
  if (const auto* n = std::get_if<std::int64_t>(&value)) {
    if (f.limits.min && *n < *f.limits.min)
      return "a value of " + std::to_string(*f.limits.min) + " or more was expected";
    if (f.limits.max && *n > *f.limits.max)
      return "a value of " + std::to_string(*f.limits.max) + " or less was expected";
  }
  return "";
}

/// The data::Field a record field is read into (name, column type, categories).
template <class R>
[[nodiscard]] Field column_field(const RecordField<R>& f) {
  return Field{f.name, column_type(f.kind), f.categories};
}

/// The value of row `row` of column `c` (of a field of kind `kind`) as a FieldValue.
[[nodiscard]] FieldValue value_at(const Column& c, const Field& field, std::size_t row);

/// JSON of one value (null, integer, text, ISO date).
[[nodiscard]] nlohmann::json to_json_value(const FieldValue& v);

/// JSON of a record: one key per field with a value (absent fields left out),
/// counts under their own names.
template <class R>
[[nodiscard]] nlohmann::json to_json(const RecordSchema<R>& schema, const R& r) {
  nlohmann::json o = nlohmann::json::object();
  for (const auto& f : schema.fields) {
    if (auto v = f.get(r); !std::holds_alternative<std::monostate>(v)) o[f.name] = to_json_value(v);
  }
  if (schema.counts) {
    for (const auto& [k, n] : schema.counts->get(r)) o[k] = n;
  }
  return o;
}

/// Reads value `j` of field `f` (null: absent); core::InvalidArgument saying
/// what was expected otherwise.
template <class R>
[[nodiscard]] FieldValue from_json_value(const RecordField<R>& f, const nlohmann::json& j);

/// \cond INTERNAL
namespace detail {
FieldValue json_value(FieldKind kind, const std::vector<std::string>& categories,
                      const nlohmann::json& j);
}
/// \endcond

template <class R>
FieldValue from_json_value(const RecordField<R>& f, const nlohmann::json& j) {
  return detail::json_value(f.kind, f.categories, j);
}

/// A record from JSON written by to_json(); core::ValidationError listing
/// every problem (unknown keys, values of the wrong kind, missing or out of
/// range values), each naming `source` and the field.
template <class R>
[[nodiscard]] R from_json(const RecordSchema<R>& schema, const nlohmann::json& j,
                          const std::string& source) {
  std::vector<core::Problem> problems;
  R r{};
  if (!j.is_object())
    throw core::ValidationError(
        {{core::SourceLocation{source, {}, {}}, "", "an object was expected"}});
  for (const auto& [k, v] : j.items()) {
    if (schema.find(k) == nullptr && !(schema.counts && schema.counts->matches(k))) {
      problems.push_back({core::SourceLocation{source, {}, {}}, k, "unknown field '" + k + "'"});
    }
  }
  for (const auto& f : schema.fields) {
    FieldValue v;
    try {
      v = j.contains(f.name) ? from_json_value(f, j.at(f.name)) : FieldValue{};
    } catch (const core::Error& e) {
      problems.push_back({core::SourceLocation{source, {}, {}}, f.name, e.what()});
      continue;
    }
    if (auto p = field_problem(f, v); !p.empty()) {
      problems.push_back({core::SourceLocation{source, {}, {}}, f.name, std::move(p)});
      continue;
    }
    f.set(r, v);
  }
  if (schema.counts) {
    for (const auto& [k, v] : j.items()) {
      if (!schema.counts->matches(k)) continue;
      if (!v.is_number_integer() || v.template get<std::int64_t>() < 0) {
        problems.push_back(
            {core::SourceLocation{source, {}, {}}, k, "a count of 0 or more was expected"});
      } else {
        schema.counts->counts(r)[k] = v.template get<std::int64_t>();
      }
    }
  }
  if (!problems.empty()) throw core::ValidationError(std::move(problems));
  r.location = core::SourceLocation{source, {}, {}};
  return r;
}

/// The column names a CSV of `schema` may have, in order (its fields; count
/// columns are open-ended and not listed).
template <class R>
[[nodiscard]] std::vector<std::string> field_names(const RecordSchema<R>& schema) {
  std::vector<std::string> out;
  for (const auto& f : schema.fields) out.push_back(f.name);
  return out;
}

/// \cond INTERNAL
namespace detail {
/// The table and locator of a record CSV: the schema's fields plus the count
/// columns the header has; optional fields may be absent from the header.
struct RecordCsv {
  Table table;
  std::vector<std::string> count_columns;
  std::function<core::SourceLocation(std::size_t, std::string_view)> at;
};
RecordCsv read_record_csv(std::string_view csv, const std::string& source_name,
                          std::vector<Field> fields,
                          const std::vector<std::string>& optional_fields,
                          const std::function<bool(std::string_view)>& is_count,
                          ReadNotes* notes = nullptr);
}  // namespace detail
/// \endcond

/// Reads records of `schema` from CSV text (see data/csv.hpp for cells):
/// every problem at once — bad cells, missing required values, values out of
/// the limits — each with the file, line, column and field, as one
/// core::ValidationError; nothing is returned unless every row is good. Each
/// record's `location` is its line. With `problems` given, the problems of
/// the rows' values are appended there instead, and every row that has all
/// its required values is returned (for a caller that checks more before it
/// reports everything at once); a
/// cell that does not read as its type still throws core::ParseError. With
/// `notes` given, it receives the cells read in another accepted form, by
/// column (ReadNotes::other_forms: days written day first, yes/có/x, …).
template <class R>
[[nodiscard]] std::vector<R> read_records(const RecordSchema<R>& schema, std::string_view csv,
                                          const std::string& source_name,
                                          std::vector<core::Problem>* problems_out = nullptr,
                                          ReadNotes* notes = nullptr) {
  std::vector<Field> fields;
  std::vector<std::string> optional_fields;
  for (const auto& f : schema.fields) {
    fields.push_back(column_field(f));
    if (!f.is_required()) optional_fields.push_back(f.name);
  }
  std::function<bool(std::string_view)> is_count;
  if (schema.counts) is_count = [&](std::string_view n) { return schema.counts->matches(n); };
  const detail::RecordCsv read =
      detail::read_record_csv(csv, source_name, fields, optional_fields, is_count, notes);
  const Table& t = read.table;
  std::vector<R> out;
  out.reserve(t.rows());
  std::vector<core::Problem> problems;
  std::vector<const Column*> columns;
  for (const auto& f : fields) columns.push_back(&t.column(f.name));
  for (std::size_t row = 0; row < t.rows(); ++row) {
    R r{};
    bool ok = true;
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const FieldValue v = value_at(*columns[k], fields[k], row);
      if (auto p = field_problem(schema.fields[k], v); !p.empty()) {
        problems.push_back({read.at(row, fields[k].name), fields[k].name, std::move(p)});
        if (std::holds_alternative<std::monostate>(v)) ok = false;  // a required value is missing
      }
      schema.fields[k].set(r, v);
    }
    for (const auto& name : read.count_columns) {
      const Column& c = t.column(name);
      if (!c.is_valid(row)) continue;
      const std::int64_t n = c.int64_data()[row];
      if (n < 0)
        problems.push_back({read.at(row, name), name, "a count of 0 or more was expected"});
      schema.counts->counts(r)[name] = n;
    }
    if (!ok) continue;
    r.location = read.at(row, {});
    out.push_back(std::move(r));
  }
  if (problems_out != nullptr) {
    for (auto& p : problems) problems_out->push_back(std::move(p));
  } else if (!problems.empty()) {
    throw core::ValidationError(std::move(problems));
  }
  return out;
}

/// The records as a columnar table: one column per field (absent values
/// missing), then one integer column per count name any record has (sorted).
/// Python turns it into a DataFrame; the columns are the schema's, in order.
template <class R>
[[nodiscard]] Table to_table(const RecordSchema<R>& schema, const std::vector<R>& records);

/// \cond INTERNAL
namespace detail {
Table build_table(std::vector<Field> fields, const std::vector<std::vector<FieldValue>>& columns);
}
/// \endcond

template <class R>
Table to_table(const RecordSchema<R>& schema, const std::vector<R>& records) {
  std::vector<Field> fields;
  std::vector<std::vector<FieldValue>> columns;
  for (const auto& f : schema.fields) {
    fields.push_back(column_field(f));
    std::vector<FieldValue> c;
    c.reserve(records.size());
    for (const auto& r : records) c.push_back(f.get(r));
    columns.push_back(std::move(c));
  }
  if (schema.counts) {
    std::map<std::string, std::vector<FieldValue>> extra;
    for (std::size_t i = 0; i < records.size(); ++i) {
      for (const auto& [k, n] : schema.counts->get(records[i])) {
        auto& c = extra[k];
        c.resize(records.size());
        c[i] = n;
      }
    }
    for (auto& [k, c] : extra) {
      fields.push_back(Field{k, ColumnType::integer, {}});
      columns.push_back(std::move(c));
    }
  }
  return detail::build_table(std::move(fields), columns);
}

/// The format of `schema` as a Markdown table in `lang`: column, kind,
/// required, meaning (the docs of each file format are made from it).
template <class R>
[[nodiscard]] std::string markdown_table(const RecordSchema<R>& schema, core::Language lang) {
  const bool vi = lang == core::Language::vi;
  std::string out = vi ? "| cột | kiểu | bắt buộc | ý nghĩa |\n|---|---|---|---|\n"
                       : "| column | kind | required | meaning |\n|---|---|---|---|\n";
  for (const auto& f : schema.fields) {
    std::string kind(core::label(f.kind, lang));
    if (!f.categories.empty()) {
      kind += ": ";
      for (std::size_t i = 0; i < f.categories.size(); ++i)
        kind += (i ? ", `" : "`") + f.categories[i] + "`";
    }
    if (f.limits.min) kind += (vi ? ", ≥ " : ", ≥ ") + std::to_string(*f.limits.min);
    if (f.limits.max) kind += (vi ? ", ≤ " : ", ≤ ") + std::to_string(*f.limits.max);
    out += "| `" + f.name + "` | " + kind + " | " +
           (f.is_required() ? (vi ? "có" : "yes") : (vi ? "không" : "no")) + " | " +
           f.meaning.in(lang) + " |\n";
  }
  if (schema.counts) {
    std::string names;
    for (const auto& p : schema.counts->prefixes) names += (names.empty() ? "`" : ", `") + p + "…`";
    out += "| " + names + " | " + std::string(core::label(FieldKind::integer, lang)) + ", ≥ 0 | " +
           (vi ? "không" : "no") + " | " + schema.counts->meaning.in(lang) + " |\n";
  }
  return out;
}

}  // namespace project8::data
