// Property: for random rule files and random populations (with missing
// values), the column evaluator — whatever its chunk size and thread count —
// gives every row exactly the decision, reason and amount of the one-case
// evaluator with its trace; and the same population with its missing values
// marked as pandas marks them (a mask of missing rows, -1 codes) gives the
// same results as with validity masks.
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "support/rule_inputs.hpp"
#include <project8/core/checked.hpp>
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/report/render.hpp>
#include <project8/rules/evaluate.hpp>

namespace {

using namespace project8;

const std::string kHeader = std::string("schema: project8/rules/1\nname: random\n") +
                            test::kPersonInputs + "  note: string\n" + R"(parameters:
  per_visit:
    unit: VND
    values:
      - {from: 2020-01-01, to: 2024-12-31, value: 90000, source: "x", status: provisional}
      - {from: 2025-01-01, value: 100000, source: "55/2023/TT-BTC", status: verified}
  cap:
    unit: visits
    values:
      - {from: 2020-01-01, value: 4, source: "55/2023/TT-BTC", status: verified}
packages:
)";

rc::Gen<std::string> int_expr(int depth);
rc::Gen<std::string> date_expr(int depth);

rc::Gen<std::string> bool_expr(int depth) {
  std::vector<rc::Gen<std::string>> leaves = {rc::gen::element<std::string>(
      "sex == 'F'", "sex != 'M'", "poverty in ['poor', 'near_poor']", "poverty not in ['none']",
      "village_especially_difficult", "not village_especially_difficult",
      "is_missing(commune_region)", "coalesce(village_especially_difficult, false)",
      "note == 'a,b'", "note in ['x', 'y']", "true", "false", "is_missing(sex)",
      "ethnicity in [1, 3, 25]", "ethnicity not in [1]",
      // booleans read as values, constants on either side
      "village_especially_difficult == true", "false != village_especially_difficult",
      "village_especially_difficult in [true]", "village_especially_difficult not in [false]",
      "is_missing(village_especially_difficult)", "is_missing(note)", "is_missing(poverty)",
      "3 < ethnicity", "commune_region >= cap", "as_of > birth_date")};
  if (depth <= 0) return rc::gen::oneOf(leaves[0]);
  const int d = depth - 1;
  auto cmp = rc::gen::element<std::string>(" == ", " != ", " < ", " <= ", " > ", " >= ");
  return rc::gen::oneOf(
      leaves[0],
      rc::gen::map(rc::gen::tuple(int_expr(d), cmp, int_expr(d)),
                   [](const auto& t) { return std::get<0>(t) + std::get<1>(t) + std::get<2>(t); }),
      rc::gen::map(rc::gen::tuple(date_expr(d), cmp, date_expr(d)),
                   [](const auto& t) { return std::get<0>(t) + std::get<1>(t) + std::get<2>(t); }),
      rc::gen::map(bool_expr(d), [](const std::string& a) { return "not (" + a + ")"; }),
      rc::gen::map(
          rc::gen::tuple(bool_expr(d), bool_expr(d)),
          [](const auto& t) { return "(" + std::get<0>(t) + ") and (" + std::get<1>(t) + ")"; }),
      rc::gen::map(
          rc::gen::tuple(bool_expr(d), bool_expr(d)),
          [](const auto& t) { return "(" + std::get<0>(t) + ") or (" + std::get<1>(t) + ")"; }),
      rc::gen::map(rc::gen::tuple(bool_expr(d), bool_expr(d), bool_expr(d)),
                   [](const auto& t) {
                     return "if(" + std::get<0>(t) + ", " + std::get<1>(t) + ", " + std::get<2>(t) +
                            ")";
                   }),
      rc::gen::map(int_expr(d), [](const std::string& a) { return "is_missing(" + a + ")"; }),
      rc::gen::map(bool_expr(d), [](const std::string& a) { return "is_missing(" + a + ")"; }),
      rc::gen::map(bool_expr(d), [](const std::string& a) { return "(" + a + ") in [true]"; }),
      rc::gen::map(
          rc::gen::tuple(bool_expr(d), rc::gen::element<std::string>(" == ", " != "), bool_expr(d)),
          [](const auto& t) {
            return "(" + std::get<0>(t) + ")" + std::get<1>(t) + "(" + std::get<2>(t) + ")";
          }),
      rc::gen::map(
          rc::gen::tuple(bool_expr(d), bool_expr(d)),
          [](const auto& t) { return "coalesce(" + std::get<0>(t) + ", " + std::get<1>(t) + ")"; }),
      rc::gen::map(rc::gen::tuple(int_expr(d), int_expr(d)), [](const auto& t) {
        return std::get<0>(t) + " in [" + std::get<1>(t).substr(0, 0) + "0, 2, 3]";
      }));
}

rc::Gen<std::string> int_expr(int depth) {
  auto leaf = rc::gen::oneOf(
      rc::gen::element<std::string>("ethnicity", "commune_region", "anc_visits", "per_visit", "cap",
                                    "0", "1", "4", "9223372036854775807", "-9223372036854775808",
                                    "age_years(birth_date)"),
      rc::gen::map(rc::gen::inRange(-20, 20), [](int v) {
        return v < 0 ? "(" + std::to_string(v) + ")" : std::to_string(v);
      }));
  if (depth <= 0) return leaf;
  const int d = depth - 1;
  auto op = rc::gen::element<std::string>(" + ", " - ", " * ", " / ");
  return rc::gen::oneOf(
      leaf,
      rc::gen::map(rc::gen::tuple(int_expr(d), op, int_expr(d)),
                   [](const auto& t) {
                     return "(" + std::get<0>(t) + std::get<1>(t) + std::get<2>(t) + ")";
                   }),
      rc::gen::map(
          rc::gen::tuple(rc::gen::element<std::string>("min", "max"), int_expr(d), int_expr(d)),
          [](const auto& t) {
            return std::get<0>(t) + "(" + std::get<1>(t) + ", " + std::get<2>(t) + ")";
          }),
      rc::gen::map(int_expr(d), [](const std::string& a) { return "abs(" + a + ")"; }),
      rc::gen::map(int_expr(d), [](const std::string& a) { return "-(" + a + ")"; }),
      rc::gen::map(
          rc::gen::tuple(int_expr(d), int_expr(d)),
          [](const auto& t) { return "coalesce(" + std::get<0>(t) + ", " + std::get<1>(t) + ")"; }),
      rc::gen::map(rc::gen::tuple(bool_expr(d), int_expr(d), int_expr(d)),
                   [](const auto& t) {
                     return "if(" + std::get<0>(t) + ", " + std::get<1>(t) + ", " + std::get<2>(t) +
                            ")";
                   }),
      rc::gen::map(rc::gen::tuple(date_expr(d), date_expr(d)), [](const auto& t) {
        return "days_between(" + std::get<0>(t) + ", " + std::get<1>(t) + ")";
      }));
}

rc::Gen<std::string> date_expr(int depth) {
  auto leaf = rc::gen::element<std::string>("birth_date", "as_of", "date('2000-02-29')",
                                            "date('1990-12-31')");
  if (depth <= 0) return leaf;
  const int d = depth - 1;
  return rc::gen::oneOf(
      leaf,
      rc::gen::map(
          rc::gen::tuple(date_expr(d), date_expr(d)),
          [](const auto& t) { return "coalesce(" + std::get<0>(t) + ", " + std::get<1>(t) + ")"; }),
      rc::gen::map(rc::gen::tuple(date_expr(d), date_expr(d)), [](const auto& t) {
        return "min(" + std::get<0>(t) + ", " + std::get<1>(t) + ")";
      }));
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

rc::Gen<std::string> row_gen() {
  auto maybe = [](rc::Gen<std::string> g) {
    return rc::gen::oneOf(g, rc::gen::just(std::string()));
  };
  return rc::gen::map(
      rc::gen::tuple(
          maybe(rc::gen::element<std::string>("F", "M")),
          maybe(rc::gen::map(rc::gen::inRange(1, 55), [](int v) { return std::to_string(v); })),
          maybe(rc::gen::element<std::string>("1950-01-01", "1990-07-01", "2000-02-29",
                                              "2010-12-31", "2025-06-30", "2030-01-01")),
          maybe(rc::gen::element<std::string>("none", "near_poor", "poor")),
          maybe(rc::gen::map(rc::gen::inRange(1, 4), [](int v) { return std::to_string(v); })),
          maybe(rc::gen::element<std::string>("true", "false")),
          maybe(rc::gen::map(rc::gen::inRange(-2, 9), [](int v) { return std::to_string(v); })),
          maybe(rc::gen::element<std::string>("x", "\"a,b\"", "z"))),
      [](const auto& t) {
        return std::get<0>(t) + "," + std::get<1>(t) + "," + std::get<2>(t) + "," + std::get<3>(t) +
               "," + std::get<4>(t) + "," + std::get<5>(t) + "," + std::get<6>(t) + "," +
               std::get<7>(t);
      });
}

/// `t` with its missing values marked as pandas marks them: enumeration codes
/// as one byte with -1 for missing (and, when `masks_too`, also a mask), other
/// columns (but strings) with a mask of the missing rows.
data::Table marked_as_pandas(const data::Table& t, bool masks_too) {
  std::vector<data::Column> columns;
  for (std::size_t k = 0; k < t.columns().size(); ++k) {
    const data::Column& c = t.column(k);
    if (c.type() == data::ColumnType::string) {
      columns.push_back(c);
      continue;
    }
    auto mask = std::make_shared<std::vector<std::uint8_t>>(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) (*mask)[i] = c.is_valid(i) ? 0 : 1;
    if (c.type() == data::ColumnType::enumeration) {
      auto codes = std::make_shared<std::vector<std::int8_t>>(c.size());
      for (std::size_t i = 0; i < c.size(); ++i) {
        (*codes)[i] = static_cast<std::int8_t>(c.is_valid(i) ? c.code_at(i) : -1);
      }
      const data::MissingMarks marks{masks_too ? mask->data() : nullptr, true};
      auto owner = std::make_shared<std::pair<decltype(mask), decltype(codes)>>(mask, codes);
      columns.push_back(data::Column::borrow(c.type(), codes->data(), c.size(), marks, owner, 1));
      continue;
    }
    columns.push_back(data::Column::borrow(
        c.type(), c.raw_data(), c.size(), data::MissingMarks{mask->data(), false},
        std::make_shared<std::pair<decltype(mask), data::Column>>(mask, c)));
  }
  return data::Table(t.schema(), std::move(columns));
}

}  // namespace

RC_GTEST_PROP(RulesEquivalence, ColumnEvaluatorAgreesWithTheTraceOnEveryRow, ()) {
  const auto packages = *rc::gen::inRange(1, 4);
  std::string yaml = kHeader;
  for (int p = 0; p < packages; ++p) {
    const auto conditions = *rc::gen::container<std::vector<std::string>>(
        static_cast<std::size_t>(*rc::gen::inRange(0, 4)), bool_expr(2));
    const auto amount = *int_expr(2);
    const bool bounded = *rc::gen::arbitrary<bool>();
    yaml += "  - id: p" + std::to_string(p) + "\n    title: {vi: t}\n    effective: {from: " +
            std::string(bounded ? "2024-06-01, to: 2025-03-31" : "2021-01-01") +
            "}\n    source: x\n    conditions:\n";
    if (conditions.empty()) yaml += "      []\n";
    for (std::size_t k = 0; k < conditions.size(); ++k) {
      yaml += "      - {id: c" + std::to_string(k) + ", when: " + quoted(conditions[k]) + "}\n";
    }
    yaml += "    amount: " + quoted(amount) + "\n";
  }
  std::optional<rules::RuleSet> rules;
  try {
    rules = rules::RuleSet::parse(yaml, "random.yaml");
  } catch (const core::RuleError& e) {
    // Only the static check may refuse a generated file (a package that can never apply).
    RC_ASSERT(std::string(e.what()).find("can never apply") != std::string::npos);
    RC_DISCARD("a package that can never apply");
  }
  const auto rows = *rc::gen::container<std::vector<std::string>>(
      static_cast<std::size_t>(*rc::gen::inRange(0, 300)), row_gen());
  std::string csv =
      "id,sex,ethnicity,birth_date,poverty,commune_region,village_especially_difficult,anc_visits,"
      "note\n";
  for (std::size_t i = 0; i < rows.size(); ++i)
    csv += "r" + std::to_string(i) + "," + rows[i] + "\n";
  const auto people = data::parse_csv(csv, rules->inputs(), "people.csv");
  const auto as_of = *rc::gen::element(core::make_date(2024, 12, 31), core::make_date(2025, 6, 30),
                                       core::make_date(2023, 1, 1));
  rules::EvaluateOptions options;
  options.chunk_rows = static_cast<std::size_t>(*rc::gen::element(1, 7, 64, 1024));
  options.threads = static_cast<std::size_t>(*rc::gen::inRange(1, 4));
  std::optional<rules::Results> maybe;
  try {
    maybe = rules::evaluate(*rules, people, as_of, options);
  } catch (const core::OverflowError&) {
    // Only when some package's amounts really sum beyond int64.
    bool overflows = false;
    for (std::size_t p = 0; p < rules->packages().size(); ++p) {
      core::detail::int128 sum = 0;
      for (std::size_t i = 0; i < people.rows(); ++i)
        sum += rules::explain(*rules, people, i, as_of).packages[p].amount;
      overflows = overflows || sum > std::numeric_limits<std::int64_t>::max();
    }
    RC_ASSERT(overflows);
    return;
  }
  const auto& results = *maybe;
  rules::EvaluateOptions narrow_options = options;  // one-byte reason codes give the same reasons
  narrow_options.narrow_reasons = true;
  const auto narrow = rules::evaluate(*rules, people, as_of, narrow_options);
  for (std::size_t p = 0; p < results.packages.size(); ++p) {
    for (std::size_t i = 0; i < people.rows(); ++i) {
      RC_ASSERT(narrow.packages[p].code_at(i) == results.packages[p].code_at(i));
    }
    RC_ASSERT(narrow.packages[p].error_count == results.packages[p].error_count);
    RC_ASSERT(narrow.packages[p].eligible_count == results.packages[p].eligible_count);
  }
  const auto marked = marked_as_pandas(people, *rc::gen::arbitrary<bool>());
  const auto from_marks = rules::evaluate(*rules, marked, as_of, narrow_options);
  for (std::size_t p = 0; p < results.packages.size(); ++p) {
    for (std::size_t i = 0; i < people.rows(); ++i) {
      RC_ASSERT(from_marks.packages[p].code_at(i) == results.packages[p].code_at(i));
      RC_ASSERT(from_marks.packages[p].amount[i] == results.packages[p].amount[i]);
    }
    RC_ASSERT(from_marks.packages[p].error_count == results.packages[p].error_count);
  }
  if (people.rows() > 0) {
    const std::size_t row = *rc::gen::inRange<std::size_t>(0, people.rows());
    RC_ASSERT(report::to_json(rules::explain(*rules, marked, row, as_of)) ==
              report::to_json(rules::explain(*rules, people, row, as_of)));
  }
  const rules::CaseEvaluator cases(*rules, people);
  for (std::size_t i = 0; i < people.rows(); ++i) {
    const auto trace = rules::explain(*rules, people, i, as_of);
    const auto decisions = cases.decide(i, as_of);  // the text-free path agrees too
    RC_ASSERT(decisions.size() == trace.packages.size());
    for (std::size_t p = 0; p < trace.packages.size(); ++p) {
      const auto& col = results.packages[p];
      const auto& one = trace.packages[p];
      RC_ASSERT(col.reason_at(i) == one.reason);
      RC_ASSERT((col.eligible[i] != 0) == one.eligible);
      RC_ASSERT(col.amount[i] == one.amount);
      RC_ASSERT(decisions[p].reason == one.reason);
      RC_ASSERT(decisions[p].eligible == one.eligible);
      RC_ASSERT(decisions[p].amount == one.amount);
    }
  }
}
