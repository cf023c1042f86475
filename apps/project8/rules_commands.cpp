#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/report/render.hpp>
#include <project8/rules/evaluate.hpp>

namespace project8::cli {

namespace {

/// Writes the results of `entity`'s packages as CSV: the rows' `id_column`
/// (their number when the table has none), then per package eligible,
/// amount, reason.
void write_results(const data::Table& rows, const std::string& id_column, const rules::Results& r,
                   std::string_view entity, std::FILE* out) {
  std::vector<const rules::PackageResults*> packages;
  for (const auto& p : r.packages) {
    if (p.entity == entity) packages.push_back(&p);
  }
  std::string buf;
  buf.reserve(1U << 20U);
  buf += id_column;
  for (const auto* p : packages)
    for (const auto part :
         {rules::ResultPart::eligible, rules::ResultPart::amount, rules::ResultPart::reason})
      buf += "," + rules::result_column(p->id, part);
  buf += '\n';
  const auto id = rows.schema().index_of(id_column);
  const data::Column* ids = id ? &rows.column(*id) : nullptr;
  char num[24];
  for (std::size_t i = 0; i < rows.rows(); ++i) {
    if (ids != nullptr && ids->type() == data::ColumnType::string) {
      buf += ids->is_valid(i) ? data::csv_field(ids->string_at(i)) : std::string();
    } else if (ids != nullptr && ids->type() == data::ColumnType::integer && ids->is_valid(i)) {
      buf += std::to_string(ids->int64_data()[i]);
    } else {
      buf += std::to_string(i + 1);
    }
    for (const auto* p : packages) {
      buf += p->eligible[i] != 0 ? ",true," : ",false,";
      const auto [end, ec] = std::to_chars(num, num + sizeof num, p->amount[i]);
      buf.append(num, end);
      buf += ',';
      buf += p->reasons[p->reason.at(i)];
    }
    buf += '\n';
    if (buf.size() > (1U << 20U)) {
      std::fwrite(buf.data(), 1, buf.size(), out);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), out);
}

/// Writes to `path` ('-' or empty: standard output) with `write`; an error
/// (a full disk, a closed pipe) is an error, never a short file and exit 0
/// (a file is replaced whole or left as it was: core::OutputFile).
template <class Write>
void write_stream(const std::string& path, Write&& write) {
  refuse_overwriting_an_input(path);
  if (path.empty() || path == "-") {
    write(stdout);
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0)
      throw core::Error("standard output: cannot write (disk full or closed?)");
    return;
  }
  core::OutputFile file(path);  // results per person: owner-only, whole or not at all
  write(file.stream());
  file.commit();
}

/// The households of a rule set with households, read from `path`
/// (InvalidArgument when it is missing or the rule set has none).
std::optional<data::Table> households_of(const rules::RuleSet& rs, const std::string& path,
                                         const SourceArgs& source) {
  if (!rs.has_households()) {
    if (!path.empty())
      throw core::InvalidArgument("rule set '" + rs.name() +
                                  "' declares no households: drop --households");
    return std::nullopt;
  }
  if (path.empty()) {
    throw core::InvalidArgument("rule set '" + rs.name() +
                                "' declares households: give them with --households FILE");
  }
  const auto src = read_source(path, source, rs.household_inputs().names());
  return src.read([&](std::string_view text, const std::string& name) {
    return rules::parse_households(rs, text, name);
  });
}

/// The population at `path` (a file or `-`; CSV or a workbook) for `rs`.
data::Table population_of(const rules::RuleSet& rs, const std::string& path,
                          const SourceArgs& source) {
  const auto src = read_source(path, source, rs.inputs().names());
  return src.read([&](std::string_view text, const std::string& name) {
    return rules::parse_unique_population(rs, text, name);  // a person twice is refused
  });
}

void print_summary(const rules::RuleSet& rules, const rules::Results& r, core::Language lang,
                   std::ostream& os) {
  const bool vi = lang == core::Language::vi;
  os << (vi ? "Bộ quy tắc " : "Rule set ") << rules.name() << (vi ? ", ngày xét " : ", as of ")
     << core::to_iso(r.as_of) << ": " << r.rows << (vi ? " người" : " persons");
  if (rules.has_households()) os << ", " << r.household_rows << (vi ? " hộ" : " households");
  os << '\n';
  for (std::size_t p = 0; p < r.packages.size(); ++p) {
    const auto& pr = r.packages[p];
    const bool household = pr.entity == "household";
    os << "  " << pr.id << " — " << rules.packages()[p].title.in(lang) << ": " << pr.eligible_count
       << (household ? (vi ? " hộ" : " households") : "")
       << (vi ? " đủ điều kiện, tổng " : " eligible, total ") << pr.total.to_string();
    if (pr.error_count > 0) os << ", " << pr.error_count << (vi ? " lỗi" : " errors");
    os << '\n';
    const auto counts = pr.reason_counts();
    for (std::size_t k = 1; k < counts.size(); ++k) {
      if (counts[k] > 0) os << "      " << pr.reasons[k] << ": " << counts[k] << '\n';
    }
  }
}

}  // namespace

void add_rules_commands(CLI::App& app) {
  auto* rules_cmd = app.add_subcommand(
      "rules",
      "Rule files (YAML, schema project8/rules/1 or /2): check, test, evaluate, explain, compare");
  rules_cmd->require_subcommand(1);

  auto* check = rules_cmd->add_subcommand(
      "check", "Print every problem and warning of a rule file; exit 1 on a problem");
  auto check_path = std::make_shared<std::string>();
  check->add_option("rules", *check_path, "the rule file")->required();
  check->callback([check_path] {
    try {
      const auto r = rules::RuleSet::load(*check_path);
      for (const auto& w : r.warnings()) std::cout << w.to_string() << " (warning)\n";
      std::cout << *check_path << ": OK (" << r.packages().size() << " packages, "
                << r.parameters().size() << " parameters, " << r.tests().size() << " tests)\n";
    } catch (const core::InputError& e) {
      for (const auto& problem : e.problems()) std::cout << problem.to_string() << '\n';
      std::cout << e.problems().size() << (e.problems().size() == 1 ? " problem\n" : " problems\n");
      throw CLI::RuntimeError(1);
    }
  });

  auto* test = rules_cmd->add_subcommand(
      "test", "Run the tests written in a rule file; report condition coverage");
  auto test_path = std::make_shared<std::string>();
  auto test_units = std::make_shared<std::string>();
  test->add_option("rules", *test_path, "the rule file")->required();
  add_units(test, *test_units);
  test->callback([test_path, test_units] {
    const auto r = load_rules(*test_path, *test_units);
    const auto report = rules::run_tests(r);
    for (const auto& f : report.failures) std::cout << "FAIL " << f.to_string() << '\n';
    std::cout << report.passed << " of " << r.tests().size() << " tests passed\n";
    std::cout << "condition coverage: " << report.covered() << " of " << report.coverage.size()
              << " conditions seen both true and false\n";
    for (const auto& c : report.coverage) {
      if (!(c.seen_true && c.seen_false)) {
        std::cout << "  " << c.package << "." << c.condition << ": never "
                  << (c.seen_true    ? "false"
                      : c.seen_false ? "true"
                                     : "reached")
                  << '\n';
      }
    }
    if (!report.ok()) throw CLI::RuntimeError(1);
  });

  auto* eval = rules_cmd->add_subcommand(
      "eval", "Decide every package for every person of a population CSV");
  struct EvalArgs {
    std::string rules, population, households, as_of, out, out_households, lang, units;
    SourceArgs source;
    std::size_t threads = 0;
  };
  auto e = std::make_shared<EvalArgs>();
  eval->add_option("rules", e->rules, "the rule file")->required();
  eval->add_option("--population", e->population, "the population CSV ('-': standard input)")
      ->required();
  add_as_of(eval, e->as_of, "evaluation date");
  add_out(eval, e->out)
      ->description("write the results CSV to this file ('-' or absent: standard output)");
  eval->add_option("--households", e->households,
                   "the households CSV, for a rule set with households ('-': standard input)");
  eval->add_option("--out-households", e->out_households,
                   "write the household packages' results CSV to this file ('-': standard "
                   "output); required when the rule set has household packages");
  add_lang_option(eval, e->lang);
  add_source_options(eval, e->source);
  add_units(eval, e->units);
  eval->add_option("--threads", e->threads, "worker threads (0: one per core)");
  eval->footer(kExitStatus);
  eval->callback([e] {
    const auto rs = load_rules(e->rules, e->units);
    const auto date = core::parse_date(e->as_of);
    const auto people = population_of(rs, e->population, e->source);
    const auto households = households_of(rs, e->households, e->source);
    const bool household_packages =
        std::any_of(rs.packages().begin(), rs.packages().end(),
                    [](const rules::Package& p) { return p.entity == "household"; });
    if (household_packages && e->out_households.empty()) {
      throw core::InvalidArgument("rule set '" + rs.name() +
                                  "' has household packages: say where their results go with "
                                  "--out-households FILE");
    }
    if (!e->out_households.empty() && !household_packages) {
      throw core::InvalidArgument("rule set '" + rs.name() +
                                  "' has no household packages: drop --out-households");
    }
    const bool both_out = (e->out.empty() || e->out == "-") && e->out_households == "-";
    if (both_out) {
      throw core::InvalidArgument("--out and --out-households cannot both be standard output");
    }
    const auto language = core::parse_language(e->lang);
    rules::EvaluateOptions options;
    options.threads = e->threads;
    refuse_overwriting_an_input(e->out);  // before anything is written
    refuse_overwriting_an_input(e->out_households);
    if (!e->out.empty() && e->out == e->out_households && e->out != "-")
      throw core::InvalidArgument("--out and --out-households name one file: " + e->out);
    const auto results = households ? rules::evaluate(rs, people, *households, date, options)
                                    : rules::evaluate(rs, people, date, options);
    write_stream(e->out, [&](std::FILE* f) { write_results(people, "id", results, "person", f); });
    if (households && household_packages) {
      write_stream(e->out_households, [&](std::FILE* f) {
        write_results(*households, rs.household_key(), results, "household", f);
      });
    }
    print_summary(rs, results, language, std::cerr);
    std::size_t errors = 0;
    for (const auto& p : results.packages) errors += p.error_count;
    if (errors > 0) {
      std::cerr << "project8: error: "
                << (language == core::Language::vi
                        ? std::to_string(errors) + " quyết định không tính được (lỗi dữ liệu)"
                        : std::to_string(errors) + " decisions could not be made (data errors)")
                << '\n';
      throw CLI::RuntimeError(1);
    }
  });

  auto* explain =
      rules_cmd->add_subcommand("explain", "Print the full trace of one person's decisions");
  struct ExplainArgs {
    std::string rules, population, households, as_of, person, household, lang, units;
    SourceArgs source;
  };
  auto x = std::make_shared<ExplainArgs>();
  explain->add_option("rules", x->rules, "the rule file")->required();
  explain->add_option("--population", x->population, "the population CSV ('-': standard input)")
      ->required();
  add_as_of(explain, x->as_of, "evaluation date");
  explain->add_option("--households", x->households,
                      "the households CSV, for a rule set with households");
  auto* who = explain->add_option("--person", x->person, "the id of the person to explain");
  explain->add_option("--household", x->household, "the key of the household to explain")
      ->excludes(who);
  add_lang_option(explain, x->lang);
  add_source_options(explain, x->source);
  add_units(explain, x->units);
  explain->footer(kExitStatus);
  explain->callback([x] {
    if (x->person.empty() == x->household.empty())
      throw core::InvalidArgument("give --person ID or --household KEY");
    const auto rs = load_rules(x->rules, x->units);
    const auto people = population_of(rs, x->population, x->source);
    const auto households = households_of(rs, x->households, x->source);
    if (!x->household.empty() && !households)
      throw core::InvalidArgument("--household needs a rule set with households");
    const bool household = !x->household.empty();
    const data::Table& rows = household ? *households : people;
    const auto& ids = rows.column(household ? rs.household_key() : "id");
    const std::string& wanted = household ? x->household : x->person;
    const auto date = core::parse_date(x->as_of);
    for (std::size_t i = 0; i < rows.rows(); ++i) {
      const bool match =
          ids.is_valid(i) && (ids.type() == data::ColumnType::string
                                  ? ids.string_at(i) == wanted
                                  : ids.type() == data::ColumnType::integer &&
                                        std::to_string(ids.int64_data()[i]) == wanted);
      if (!match) continue;
      const auto trace = households ? rules::explain(rs, people, *households, i, date,
                                                     household ? "household" : "person")
                                    : rules::explain(rs, people, i, date);
      std::cout << report::to_text(trace, core::parse_language(x->lang));
      return;
    }
    throw core::NotFoundError(std::string(household ? "no household" : "no person") +
                              " with the id given in " +
                              input_name(household ? x->households : x->population));
  });

  auto* wi = rules_cmd->add_subcommand(
      "whatif", "Compare a variant rule set with a baseline on one population");
  struct WhatifArgs {
    std::string base, variant, population, households, as_of, lang, units;
    SourceArgs source;
  };
  auto w = std::make_shared<WhatifArgs>();
  wi->add_option("rules", w->base, "the baseline rule file")->required();
  wi->add_option("--variant", w->variant, "the variant rule file")->required();
  wi->add_option("--population", w->population, "the population CSV ('-': standard input)")
      ->required();
  wi->add_option("--households", w->households,
                 "the households CSV, when either rule set has households");
  add_as_of(wi, w->as_of, "evaluation date");
  add_lang_option(wi, w->lang);
  add_source_options(wi, w->source);
  add_units(wi, w->units);
  wi->footer(kExitStatus);
  wi->callback([w] {
    const auto b = load_rules(w->base, w->units);
    const auto v = load_rules(w->variant, w->units);
    core::require(b.inputs() == v.inputs(), "the two rule sets declare different inputs");
    core::require(
        !b.has_households() || !v.has_households() || b.household_inputs() == v.household_inputs(),
        "the two rule sets declare different household inputs");
    const auto people = population_of(b, w->population, w->source);
    const auto& with = b.has_households() ? b : v;
    const auto households = households_of(with, w->households, w->source);
    const auto date = core::parse_date(w->as_of);
    const auto result = households ? rules::whatif(b, v, people, *households, date)
                                   : rules::whatif(b, v, people, date);
    const bool vi = w->lang == "vi";
    for (const auto& p : result.packages) {
      const bool household = p.entity == "household";
      std::cout << p.id << ": " << p.base_eligible << " → " << p.variant_eligible
                << (household ? (vi ? " hộ" : " households") : (vi ? " người" : " persons"))
                << " (+" << p.gained << " / -" << p.lost << "), " << p.base_cost.to_string()
                << " → " << p.variant_cost.to_string() << " ("
                << (vi ? "chênh lệch " : "difference ") << p.cost_difference().to_string() << ")\n";
      for (const auto& [reason, n] : p.gained_by_reason) {
        std::cout << "    " << (vi ? "thêm, trước bị chặn bởi " : "gained, formerly stopped by ")
                  << reason << ": " << n << '\n';
      }
      for (const auto& [reason, n] : p.lost_by_reason) {
        std::cout << "    " << (vi ? "mất, nay bị chặn bởi " : "lost, now stopped by ") << reason
                  << ": " << n << '\n';
      }
    }
  });
}

}  // namespace project8::cli
