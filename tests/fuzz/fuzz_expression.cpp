// Fuzzes the rule language differentially: the input is one condition's text.
// It either fails to load with a RuleError, or loads and then the column
// evaluator and the one-case trace agree on every row of a fixed population.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/rules/evaluate.hpp>

namespace {

using namespace project8;

std::string yaml_for(std::string_view condition) {
  std::string q = "\"";
  for (const unsigned char c : condition) {
    if (c == '"' || c == '\\') {
      q += '\\';
      q += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      q += "\\x";
      q += hex[c >> 4U];
      q += hex[c & 15U];
    } else {
      q += static_cast<char>(c);
    }
  }
  q += "\"";
  return "schema: project8/rules/1\nname: f\ninputs:\n  id: string\n  sex: enum(F, M)\n  n: int\n  "
         "d: date\n"
         "  b: bool\n  s: string\nparameters:\n  p:\n    unit: VND\n    values:\n"
         "      - {from: 2020-01-01, value: 100000, source: x, status: verified}\n"
         "packages:\n  - id: k\n    title: {vi: t}\n    effective: {from: 2021-01-01}\n    source: "
         "x\n"
         "    conditions:\n      - {id: c, when: " +
         q + "}\n    amount: \"p * 2\"\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  static const data::Table people = [] {
    const auto schema = data::Schema::parse({{"id", "string"},
                                             {"sex", "enum(F, M)"},
                                             {"n", "int"},
                                             {"d", "date"},
                                             {"b", "bool"},
                                             {"s", "string"}});
    return data::parse_csv(
        "id,sex,n,d,b,s\n1,F,3,1990-01-01,true,x\n2,M,-9223372036854775808,,false,\n3,,0,2000-02-"
        "29,,a b\n"
        "4,F,9223372036854775807,2025-06-30,1,\"q,\"\"\"\n",
        schema, "people.csv");
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<rules::RuleSet> rs;
  try {
    rs = rules::RuleSet::parse(yaml_for(text), "fuzz.yaml");
  } catch (const core::InputError&) {
    return 0;
  }
  const auto as_of = core::make_date(2025, 6, 30);
  rules::EvaluateOptions options;
  options.chunk_rows = 3;
  options.threads = 1;
  const auto results = rules::evaluate(*rs, people, as_of, options);
  for (std::size_t i = 0; i < people.rows(); ++i) {
    const auto t = rules::explain(*rs, people, i, as_of);
    const auto& r = results.packages[0];
    if (r.reason_at(i) != t.packages[0].reason || r.amount[i] != t.packages[0].amount) std::abort();
  }
  return 0;
}
