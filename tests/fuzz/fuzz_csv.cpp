// Fuzzes the CSV reader: any input either loads into a table whose columns all
// have the same length and valid contents, or throws ParseError. Nothing else;
// and reading it in parallel parts gives the same table or the same problems.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace project8;
  static const data::Schema schema = data::Schema::parse(
      {{"id", "string"}, {"sex", "enum(F, M)"}, {"born", "date"}, {"n", "int"}, {"flag", "bool"}});
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // One pass, and the parallel read of parts (forced on whatever size): the
  // same table or the same problems.
  data::CsvOptions parts;
  parts.threads = 3;
  parts.parallel_min_bytes = 0;
  std::vector<core::Problem> problems[2];
  std::optional<data::Table> tables[2];
  for (int k = 0; k < 2; ++k) {
    try {
      tables[k] = data::parse_csv(text, schema, "fuzz.csv", k == 0 ? data::CsvOptions{} : parts);
    } catch (const core::ParseError& e) {
      problems[k] = e.problems();
    }
  }
  if (problems[0] != problems[1] || tables[0].has_value() != tables[1].has_value()) std::abort();
  if (tables[0]) {
    const auto& t = *tables[0];
    const auto& u = *tables[1];
    if (t.rows() != u.rows()) std::abort();
    for (const auto& c : t.columns()) {
      if (c.size() != t.rows()) std::abort();
    }
    for (std::size_t r = 0; r < t.rows(); ++r) {
      if (t.column("sex").is_valid(r) && t.column("sex").code_data()[r] > 1) std::abort();
      if (t.column("flag").bool_data()[r] > 1) std::abort();
      for (std::size_t c = 0; c < t.columns().size(); ++c) {
        const auto& a = t.column(c);
        const auto& b = u.column(c);
        if (a.is_valid(r) != b.is_valid(r)) std::abort();
        if (!a.is_valid(r)) continue;
        switch (a.type()) {
          case data::ColumnType::string:
            if (a.string_at(r) != b.string_at(r)) std::abort();
            break;
          case data::ColumnType::enumeration:
            if (a.code_at(r) != b.code_at(r)) std::abort();
            break;
          case data::ColumnType::boolean:
            if (a.bool_data()[r] != b.bool_data()[r]) std::abort();
            break;
          default:
            if (a.int64_data()[r] != b.int64_data()[r]) std::abort();
        }
      }
    }
  }
  // Types inferred: whatever the header, the table is rectangular and a
  // second read with the inferred schema gives the same table.
  try {
    const auto t = data::parse_csv_inferred(text, "fuzz.csv", {{"id", "string"}});
    for (const auto& c : t.columns()) {
      if (c.size() != t.rows()) std::abort();
    }
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& f : t.schema().fields()) fields.emplace_back(f.name, f.type_name());
    const auto again = data::parse_csv(text, data::Schema::parse(fields), "fuzz.csv");
    if (again.rows() != t.rows()) std::abort();
  } catch (const core::ParseError&) {
  } catch (const core::InvalidArgument&) {  // a header that is not a valid schema (duplicate or
                                            // empty names)
  }
  return 0;
}
