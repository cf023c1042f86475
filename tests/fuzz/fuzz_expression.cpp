// Fuzzes the rule language differentially: the input is one condition's text.
// It either fails to load with a RuleError, or loads and then the column
// evaluator and the one-case trace agree on every row of a fixed population,
// whose unit codes a registry table `z` (z[u].region, z[u].especially_difficult)
// reads through a merger; named variables `age`, `m` and `r`, the decimal
// parameter `rate` and the scales `tax` (rates) and `levels` (amounts) may be
// read.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "yaml_quote.hpp"
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/geo/registry.hpp>
#include <project8/rules/evaluate.hpp>

namespace {

using namespace project8;

std::string yaml_for(std::string_view condition) {
  const std::string q = yaml_quoted(condition);
  return "schema: project8/rules/2\nname: f\ninputs:\n  id: string\n  sex: enum(F, M)\n  n: int\n  "
         "d: date\n"
         "  b: bool\n  s: string\n  u: unit\ntables:\n  z: {source: registry}\n"
         "variables:\n  person:\n    age: \"age_years(d)\"\n    m: \"n + 1\"\n"
         "    r: \"coalesce(z[u].region, 0)\"\nparameters:\n  p:\n "
         "   unit: VND\n    values:\n"
         "      - {from: 2020-01-01, value: 100000, source: x, status: verified}\n"
         "  rate:\n    unit: ratio\n    values:\n"
         "      - {from: 2020-01-01, value: 0.25, source: x, status: verified}\n"
         "  tax:\n    unit: ratio\n    brackets:\n"
         "      - {from: 2020-01-01, thresholds: [0, 10, 100], rates: [0, 0.1, 0.25], source: x, "
         "status: verified}\n"
         "  levels:\n    unit: VND\n    brackets:\n"
         "      - {from: 2020-01-01, thresholds: [-5, 0, 3], amounts: [1, 2, 3], source: x, "
         "status: verified}\n"
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
                                             {"s", "string"},
                                             {"u", "string"}});
    return data::parse_csv(
        "id,sex,n,d,b,s,u\n1,F,3,1990-01-01,true,x,5\n2,M,-9223372036854775808,,false,,6\n3,,0,"
        "2000-02-29,,a b,\n"
        "4,F,9223372036854775807,2025-06-30,1,\"q,\"\"\",7\n",
        schema, "people.csv");
  }();
  // 5 and 6 (regions 3 and 1) merge into 5 on 2025-06-01; 7 is region 3 throughout.
  static const geo::Registry units = geo::Registry::parse(R"(schema: project8/geo/1
units:
  - {code: "5", name: "Xã A", kind: commune, valid_to: 2025-05-31}
  - {code: "6", name: "Xã B", kind: commune, valid_to: 2025-05-31}
  - {code: "5", name: "Xã AB", kind: commune, valid_from: 2025-06-01}
  - {code: "7", name: "Xã C", kind: commune}
lineage:
  - {kind: merge, date: 2025-06-01, from: ["5", "6"], to: ["5"]}
zones:
  - {unit: "5", from: 2021-01-01, to: 2025-12-31, region: 3, especially_difficult: true}
  - {unit: "6", from: 2021-01-01, to: 2025-12-31, region: 1}
  - {unit: "7", from: 2021-01-01, to: 2025-12-31, region: 3, especially_difficult: false}
)",
                                                          "units.yaml");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::optional<rules::RuleSet> rs;
  try {
    rs = rules::RuleSet::parse(yaml_for(text), "fuzz.yaml").with_registry(units);
  } catch (const core::InputError&) {
    return 0;
  }
  for (const auto as_of : {core::make_date(2025, 5, 31), core::make_date(2025, 6, 30)}) {
    rules::EvaluateOptions options;
    options.chunk_rows = 3;
    options.threads = 1;
    const auto results = rules::evaluate(*rs, people, as_of, options);
    for (std::size_t i = 0; i < people.rows(); ++i) {
      const auto t = rules::explain(*rs, people, i, as_of);
      const auto& r = results.packages[0];
      if (r.reason_at(i) != t.packages[0].reason || r.amount[i] != t.packages[0].amount)
        std::abort();
    }
  }
  return 0;
}
