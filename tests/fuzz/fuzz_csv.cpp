// Fuzzes the CSV reader: any input either loads into a table whose columns all
// have the same length and valid contents, or throws ParseError. Nothing else.
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace project8;
  static const data::Schema schema = data::Schema::parse(
      {{"id", "string"}, {"sex", "enum(F, M)"}, {"born", "date"}, {"n", "int"}, {"flag", "bool"}});
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto t = data::parse_csv(text, schema, "fuzz.csv");
    for (const auto& c : t.columns()) {
      if (c.size() != t.rows()) std::abort();
    }
    for (std::size_t r = 0; r < t.rows(); ++r) {
      if (t.column("sex").is_valid(r) && t.column("sex").code_data()[r] > 1) std::abort();
      if (t.column("flag").bool_data()[r] > 1) std::abort();
      (void)t.column("id").string_at(r);
    }
  } catch (const core::ParseError&) {
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
  } catch (const core::InvalidArgument&) {  // a header that is not a valid schema (duplicate or empty names)
  }
  return 0;
}
