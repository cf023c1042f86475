#include <charconv>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/report/render.hpp>
#include <project8/rules/evaluate.hpp>

namespace project8::cli {

namespace {

/// Writes the results as CSV: id, then per package eligible, amount, reason.
void write_results(const data::Table& people, const rules::Results& r, std::FILE* out) {
  std::string buf;
  buf.reserve(1U << 20U);
  buf += "id";
  for (const auto& p : r.packages)
    buf += "," + p.id + "_eligible," + p.id + "_amount," + p.id + "_reason";
  buf += '\n';
  const auto id = people.schema().index_of("id");
  const data::Column* ids =
      id && people.column(*id).type() == data::ColumnType::string ? &people.column(*id) : nullptr;
  char num[24];
  for (std::size_t i = 0; i < r.rows; ++i) {
    if (ids != nullptr) {
      buf += data::csv_field(ids->string_at(i));
    } else {
      buf += std::to_string(i + 1);
    }
    for (const auto& p : r.packages) {
      buf += p.eligible[i] != 0 ? ",true," : ",false,";
      const auto [end, ec] = std::to_chars(num, num + sizeof num, p.amount[i]);
      buf.append(num, end);
      buf += ',';
      buf += p.reasons[p.reason.at(i)];
    }
    buf += '\n';
    if (buf.size() > (1U << 20U)) {
      std::fwrite(buf.data(), 1, buf.size(), out);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), out);
}

void print_summary(const rules::RuleSet& rules, const rules::Results& r, core::Language lang,
                   std::ostream& os) {
  const bool vi = lang == core::Language::vi;
  os << (vi ? "Bộ quy tắc " : "Rule set ") << rules.name() << (vi ? ", ngày xét " : ", as of ")
     << core::to_iso(r.as_of) << ": " << r.rows << (vi ? " người\n" : " persons\n");
  for (std::size_t p = 0; p < r.packages.size(); ++p) {
    const auto& pr = r.packages[p];
    os << "  " << pr.id << " — " << rules.packages()[p].title.in(lang) << ": " << pr.eligible_count
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
    std::string rules, population, as_of, out, lang, units;
    std::size_t threads = 0;
  };
  auto e = std::make_shared<EvalArgs>();
  eval->add_option("rules", e->rules, "the rule file")->required();
  eval->add_option("--population", e->population, "the population CSV ('-': standard input)")
      ->required();
  add_as_of(eval, e->as_of, "evaluation date");
  add_out(eval, e->out)
      ->description("write the results CSV to this file ('-' or absent: standard output)");
  add_lang_option(eval, e->lang);
  add_units(eval, e->units);
  eval->add_option("--threads", e->threads, "worker threads (0: one per core)");
  eval->footer(kExitStatus);
  eval->callback([e] {
    const auto rs = load_rules(e->rules, e->units);
    const auto date = core::parse_date(e->as_of);
    const auto people =
        rules::parse_population(rs, read_input(e->population), input_name(e->population));
    const auto language = core::parse_language(e->lang);
    rules::EvaluateOptions options;
    options.threads = e->threads;
    const auto results = rules::evaluate(rs, people, date, options);
    if (e->out.empty() || e->out == "-") {
      write_results(people, results, stdout);
      std::fflush(stdout);
    } else {
      std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(e->out.c_str(), "wb"),
                                                        &std::fclose);
      if (!f) throw core::Error(e->out + ": cannot write the file");
      write_results(people, results, f.get());
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
    std::string rules, population, as_of, person, lang, units;
  };
  auto x = std::make_shared<ExplainArgs>();
  explain->add_option("rules", x->rules, "the rule file")->required();
  explain->add_option("--population", x->population, "the population CSV ('-': standard input)")
      ->required();
  add_as_of(explain, x->as_of, "evaluation date");
  explain->add_option("--person", x->person, "the id of the person to explain")->required();
  add_lang_option(explain, x->lang);
  add_units(explain, x->units);
  explain->footer(kExitStatus);
  explain->callback([x] {
    const auto rs = load_rules(x->rules, x->units);
    const auto people =
        rules::parse_population(rs, read_input(x->population), input_name(x->population));
    const auto& ids = people.column("id");
    for (std::size_t i = 0; i < people.rows(); ++i) {
      if (ids.is_valid(i) && ids.string_at(i) == x->person) {
        std::cout << report::to_text(rules::explain(rs, people, i, core::parse_date(x->as_of)),
                                     core::parse_language(x->lang));
        return;
      }
    }
    throw core::NotFoundError("no person with the id given in " + input_name(x->population));
  });

  auto* wi = rules_cmd->add_subcommand(
      "whatif", "Compare a variant rule set with a baseline on one population");
  struct WhatifArgs {
    std::string base, variant, population, as_of, lang, units;
  };
  auto w = std::make_shared<WhatifArgs>();
  wi->add_option("rules", w->base, "the baseline rule file")->required();
  wi->add_option("--variant", w->variant, "the variant rule file")->required();
  wi->add_option("--population", w->population, "the population CSV ('-': standard input)")
      ->required();
  add_as_of(wi, w->as_of, "evaluation date");
  add_lang_option(wi, w->lang);
  add_units(wi, w->units);
  wi->footer(kExitStatus);
  wi->callback([w] {
    const auto b = load_rules(w->base, w->units);
    const auto v = load_rules(w->variant, w->units);
    core::require(b.inputs() == v.inputs(), "the two rule sets declare different inputs");
    const auto people =
        rules::parse_population(b, read_input(w->population), input_name(w->population));
    const auto result = rules::whatif(b, v, people, core::parse_date(w->as_of));
    const bool vi = w->lang == "vi";
    for (const auto& p : result.packages) {
      std::cout << p.id << ": " << p.base_eligible << " → " << p.variant_eligible
                << (vi ? " người" : " persons") << " (+" << p.gained << " / -" << p.lost << "), "
                << p.base_cost.to_string() << " → " << p.variant_cost.to_string() << " ("
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
