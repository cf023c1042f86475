// Records as schemas: the non-template parts (cells to values, values to
// columns and JSON, the CSV read of a record file).
#include <algorithm>

#include <project8/data/csv.hpp>
#include <project8/data/record.hpp>

namespace project8::data {

ColumnType column_type(FieldKind kind) noexcept {
  switch (kind) {
    case FieldKind::text:
      return ColumnType::string;
    case FieldKind::integer:
    case FieldKind::money:
      return ColumnType::integer;
    case FieldKind::date:
      return ColumnType::date;
    case FieldKind::enumeration:
      return ColumnType::enumeration;
  }
  return ColumnType::string;
}

FieldValue value_at(const Column& c, const Field& field, std::size_t row) {
  if (!c.is_valid(row)) return {};
  switch (field.type) {
    case ColumnType::string: {
      const auto s = c.string_at(row);
      return s.empty() ? FieldValue{} : FieldValue{std::string(s)};
    }
    case ColumnType::integer:
      return c.int64_data()[row];
    case ColumnType::date:
      return from_epoch_days(c.int64_data()[row]);
    case ColumnType::enumeration:
      return field.categories.at(static_cast<std::size_t>(c.code_at(row)));
    case ColumnType::boolean:
      return static_cast<std::int64_t>(c.bool_data()[row]);
  }
  return {};
}

nlohmann::json to_json_value(const FieldValue& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* d = std::get_if<core::Date>(&v)) return core::to_iso(*d);
  return nullptr;
}

namespace detail {

FieldValue json_value(FieldKind kind, const std::vector<std::string>& categories,
                      const nlohmann::json& j) {
  if (j.is_null()) return {};
  switch (kind) {
    case FieldKind::integer:
    case FieldKind::money:
      if (!j.is_number_integer()) throw core::InvalidArgument("a whole number was expected");
      return j.get<std::int64_t>();
    case FieldKind::date:
      if (!j.is_string()) throw core::InvalidArgument("a date (YYYY-MM-DD) was expected");
      return core::parse_date(j.get<std::string>());
    case FieldKind::enumeration: {
      if (!j.is_string()) throw core::InvalidArgument("a text value was expected");
      const auto s = j.get<std::string>();
      if (std::find(categories.begin(), categories.end(), s) == categories.end()) {
        throw core::InvalidArgument("'" + s.substr(0, 40) + "' is not one of " +
                                    core::join_alternatives(categories));
      }
      return s;
    }
    case FieldKind::text: {
      if (!j.is_string()) throw core::InvalidArgument("a text value was expected");
      auto s = j.get<std::string>();
      return s.empty() ? FieldValue{} : FieldValue{std::move(s)};
    }
  }
  return {};
}

RecordCsv read_record_csv(std::string_view csv, const std::string& source_name,
                          std::vector<Field> fields,
                          const std::vector<std::string>& optional_fields,
                          const std::function<bool(std::string_view)>& is_count, ReadNotes* notes) {
  CsvOptions options;
  options.notes = notes;
  options.optional_fields = optional_fields;
  const std::size_t declared = fields.size();
  if (is_count) {  // count columns (age_…, role_…) are learnt from the header as it is read
    options.extra_field = [&](std::string_view name) -> std::optional<Field> {
      if (!is_count(name)) return std::nullopt;
      return Field{std::string(name), ColumnType::integer, {}};
    };
  }
  auto located = parse_csv_located(csv, Schema(std::move(fields)), source_name, options);
  RecordCsv out;
  out.table = std::move(located.first);
  for (std::size_t k = declared; k < out.table.schema().size(); ++k)
    out.count_columns.push_back(out.table.schema().fields()[k].name);
  out.at = [cells = std::move(located.second)](std::size_t row, std::string_view field) {
    return cells.at(row, field);
  };
  return out;
}

Table build_table(std::vector<Field> fields, const std::vector<std::vector<FieldValue>>& columns) {
  std::vector<Column> out;
  out.reserve(fields.size());
  for (std::size_t k = 0; k < fields.size(); ++k) {
    const auto& values = columns[k];
    std::vector<std::uint8_t> valid(values.size(), 1);
    bool all_valid = true;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (std::holds_alternative<std::monostate>(values[i])) {
        valid[i] = 0;
        all_valid = false;
      }
    }
    if (all_valid) valid.clear();
    switch (fields[k].type) {
      case ColumnType::string: {
        std::vector<std::string> s(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (const auto* t = std::get_if<std::string>(&values[i])) s[i] = *t;
        }
        out.push_back(Column::strings(s, std::move(valid)));
        break;
      }
      case ColumnType::integer:
      case ColumnType::boolean: {
        std::vector<std::int64_t> n(values.size(), 0);
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (const auto* t = std::get_if<std::int64_t>(&values[i])) n[i] = *t;
        }
        out.push_back(Column::integers(std::move(n), std::move(valid)));
        fields[k].type = ColumnType::integer;
        break;
      }
      case ColumnType::date: {
        std::vector<std::int64_t> n(values.size(), 0);
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (const auto* t = std::get_if<core::Date>(&values[i])) n[i] = to_epoch_days(*t);
        }
        out.push_back(Column::dates(std::move(n), std::move(valid)));
        break;
      }
      case ColumnType::enumeration: {
        std::vector<std::int32_t> codes(values.size(), 0);
        for (std::size_t i = 0; i < values.size(); ++i) {
          if (const auto* t = std::get_if<std::string>(&values[i])) {
            codes[i] = fields[k].category_index(*t).value_or(0);
          }
        }
        out.push_back(Column::enumeration(std::move(codes), std::move(valid)));
        break;
      }
    }
  }
  return Table(Schema(std::move(fields)), std::move(out));
}

}  // namespace detail

}  // namespace project8::data
