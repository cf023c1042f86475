// run_tests(): a rule file's own test cases and the conditions they cover.
#include <algorithm>
#include <string>

#include "shared.hpp"
#include <project8/data/csv.hpp>
#include <project8/rules/evaluate.hpp>

namespace project8::rules {

// ---------------------------------------------------------------------------
// declarative tests

std::size_t TestReport::covered() const noexcept {
  return static_cast<std::size_t>(std::count_if(
      coverage.begin(), coverage.end(), [](const auto& c) { return c.seen_true && c.seen_false; }));
}

TestReport run_tests(const RuleSet& rules) {
  const Compiled& c = rules.compiled();
  TestReport report;
  for (std::size_t p = 0; p < c.packages.size(); ++p) {
    for (const auto& cond : c.packages[p].conditions)
      report.coverage.push_back({c.packages[p].id, cond.id, false, false});
  }
  for (const auto& test : c.tests) {
    // One row, through the CSV reader: the same conversions as a real file.
    std::string header;
    std::string line;
    for (const auto& f : c.inputs.fields()) {
      if (&f != &c.inputs.fields().front()) {
        header += ',';
        line += ',';
      }
      header += data::csv_quote(f.name);
      std::string cell;
      for (const auto& [name, value] : test.input) {
        if (name == f.name) cell = value;
      }
      line += data::csv_quote(cell);
    }
    // With one input and no value the line would be blank, which a CSV reader
    // takes for no record: an empty quoted cell is the record.
    if (line.empty()) line = "\"\"";
    data::Table row;
    try {
      row = data::parse_csv(header + "\n" + line + "\n", c.inputs, "test");
    } catch (const core::ParseError& e) {
      for (const auto& pr : e.problems())
        report.failures.push_back({test.location, pr.field, test.name + ": " + pr.message});
      continue;
    }
    const Trace trace = explain(rules, row, 0, test.as_of);
    bool ok = true;
    for (const auto& x : test.expect) {
      const auto it = std::find_if(trace.packages.begin(), trace.packages.end(),
                                   [&](const PackageTrace& pt) { return pt.id == x.package; });
      if (it == trace.packages.end()) continue;
      auto fail = [&](const std::string& what, const std::string& want, const std::string& got) {
        ok = false;
        report.failures.push_back(
            {test.location, x.package,
             test.name + ": " + x.package + " " + what + " expected " + want + ", got " + got});
      };
      if (x.eligible && *x.eligible != it->eligible) {
        fail("eligible", *x.eligible ? "true" : "false", it->eligible ? "true" : "false");
      }
      if (x.reason && *x.reason != it->reason)
        fail("reason", "'" + *x.reason + "'", "'" + it->reason + "'");
      if (x.amount && *x.amount != it->amount)
        fail("amount", std::to_string(*x.amount), std::to_string(it->amount));
    }
    report.passed += ok ? 1 : 0;
    for (const auto& pt : trace.packages) {
      // Coverage counts the conditions a decision actually looked at.
      for (const auto& ct : pt.conditions) {
        for (auto& cov : report.coverage) {
          if (cov.package == pt.id && cov.condition == ct.id) {
            cov.seen_true = cov.seen_true || ct.value == Truth::yes;
            cov.seen_false = cov.seen_false || ct.value != Truth::yes;
          }
        }
        if (ct.decisive) break;
      }
    }
  }
  return report;
}

}  // namespace project8::rules
