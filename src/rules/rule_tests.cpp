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

namespace {

/// Rows of `schema` given as cells, through the CSV reader: the same
/// conversions as a real file. `fill` sets a column on every row where the
/// cells leave it out.
data::Table rows_of(const data::Schema& schema, const std::vector<RuleTest::Cells>& rows,
                    const std::pair<std::string, std::string>& fill = {}) {
  std::string text;
  for (const auto& f : schema.fields()) {
    if (&f != &schema.fields().front()) text += ',';
    text += data::csv_quote(f.name);
  }
  text += '\n';
  for (const auto& cells : rows) {
    std::string line;
    for (const auto& f : schema.fields()) {
      if (&f != &schema.fields().front()) line += ',';
      std::string cell = f.name == fill.first ? fill.second : std::string();
      for (const auto& [name, value] : cells) {
        if (name == f.name) cell = value;
      }
      line += data::csv_quote(cell);
    }
    // With one input and no value the line would be blank, which a CSV reader
    // takes for no record: an empty quoted cell is the record.
    if (line.empty()) line = "\"\"";
    text += line + '\n';
  }
  return data::parse_csv(text, schema, "test");
}

/// The packages of `test` decided and traced: the person's (without
/// households), or the household's and its member `test.member`'s.
std::vector<PackageTrace> traced(const RuleSet& rules, const RuleTest& test) {
  if (!rules.has_households()) {
    return explain(rules, rows_of(rules.inputs(), {test.input}), 0, test.as_of).packages;
  }
  const std::string& key = rules.household_key();
  std::pair<std::string, std::string> home{key, "1"};
  for (const auto& [name, value] : test.household) {
    if (name == key) home.second = value;
  }
  const auto households = rows_of(rules.household_inputs(), {test.household}, home);
  const auto persons = rows_of(rules.inputs(), test.members, home);
  const CaseEvaluator one(rules, persons, households);
  auto out = one.explain(0, test.as_of, "household").packages;
  auto person = one.explain(test.member, test.as_of, "person").packages;
  out.insert(out.end(), std::make_move_iterator(person.begin()),
             std::make_move_iterator(person.end()));
  return out;
}

}  // namespace

TestReport run_tests(const RuleSet& rules) {
  TestReport report;
  for (const auto& p : rules.packages()) {
    for (const auto& cond : p.conditions) report.coverage.push_back({p.id, cond.id, false, false});
  }
  for (const auto& test : rules.tests()) {
    std::vector<PackageTrace> packages;
    try {
      packages = traced(rules, test);
    } catch (const core::ParseError& e) {
      for (const auto& pr : e.problems())
        report.failures.push_back({test.location, pr.field, test.name + ": " + pr.message});
      continue;
    } catch (const core::InvalidArgument& e) {
      report.failures.push_back({test.location, "", test.name + ": " + e.what()});
      continue;
    }
    Trace trace;
    trace.packages = std::move(packages);
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
