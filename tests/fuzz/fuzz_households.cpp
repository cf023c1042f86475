// Fuzzes households differentially: the input is two conditions, one per
// line — a household package's, then a person package's. It either fails to
// load with a RuleError, or loads and then the column evaluator and the
// one-case trace agree on every household and every person of fixed tables
// (members out of order, missing values, extremes). Household expressions may
// aggregate members (count, sum, any, all, min, max) and read the variables
// `size`, `kids`, `oldest`; person ones read household.NAME (`area`, `inc`,
// `size`, `poor`) and the variable `age`.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "yaml_quote.hpp"
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/rules/evaluate.hpp>

namespace {

using namespace project8;

std::string yaml_for(std::string_view household, std::string_view person) {
  return "schema: project8/rules/2\nname: f\nentities: {household: {key: hh}}\ninputs:\n"
         "  person: {id: string, hh: string, sex: \"enum(F, M)\", n: int, d: date, b: bool}\n"
         "  household: {hh: string, area: \"enum(rural, urban)\", inc: int}\n"
         "parameters:\n  rate:\n    unit: ratio\n    values:\n"
         "      - {from: 2020-01-01, value: 0.25, source: x, status: verified}\n"
         "variables:\n  household:\n    size: \"count(members)\"\n"
         "    kids: \"count(members, age_years(d) < 6)\"\n    oldest: \"min(members, d)\"\n"
         "    poor: \"inc <= 1000 * size\"\n  person:\n    age: \"age_years(d)\"\n"
         "packages:\n  - id: h\n    entity: household\n    title: {vi: t}\n"
         "    effective: {from: 2021-01-01}\n    source: x\n    conditions:\n"
         "      - {id: c, when: " +
         yaml_quoted(household) +
         "}\n    amount: \"size * 10\"\n"
         "  - id: p\n    title: {vi: t}\n    effective: {from: 2021-01-01}\n    source: x\n"
         "    conditions:\n      - {id: c, when: " +
         yaml_quoted(person) + "}\n    amount: \"coalesce(household.inc, 7)\"\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto cut = text.find('\n');
  const std::string_view household = text.substr(0, cut);
  const std::string_view person = cut == std::string_view::npos ? "true" : text.substr(cut + 1);
  std::optional<rules::RuleSet> rs;
  try {
    rs = rules::RuleSet::parse(yaml_for(household, person), "fuzz.yaml");
  } catch (const core::InputError&) {
    return 0;
  }
  static const std::string people_csv =
      "id,hh,sex,n,d,b\n1,A,F,3,1990-01-01,true\n2,B,M,-9223372036854775808,,false\n"
      "3,A,,0,2022-02-28,\n4,C,F,9223372036854775807,2025-06-30,1\n5,B,F,9223372036854775807,"
      "1950-12-31,false\n6,A,M,,2021-07-01,true\n";
  static const std::string homes_csv =
      "hh,area,inc\nA,rural,2500\nB,urban,\nC,,-9223372036854775808\n";
  const auto people = rules::parse_population(*rs, people_csv, "people.csv");
  const auto homes = rules::parse_households(*rs, homes_csv, "households.csv");
  const rules::CaseEvaluator one(*rs, people, homes);
  for (const auto as_of : {core::make_date(2025, 6, 30), core::make_date(2026, 1, 1)}) {
    rules::EvaluateOptions options;
    options.chunk_rows = 2;
    options.threads = 1;
    const auto results = rules::evaluate(*rs, people, homes, as_of, options);
    const auto& h = results.package("h");
    for (std::size_t i = 0; i < homes.rows(); ++i) {
      const auto d = one.explain(i, as_of, "household").packages[0];
      if (h.reason_at(i) != d.reason || h.amount[i] != d.amount) std::abort();
    }
    const auto& p = results.package("p");
    for (std::size_t i = 0; i < people.rows(); ++i) {
      const auto d = one.explain(i, as_of).packages[0];
      if (p.reason_at(i) != d.reason || p.amount[i] != d.amount) std::abort();
    }
  }
  return 0;
}
