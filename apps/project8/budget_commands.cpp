// The budget module's commands: allocate, estimate, audit-payments, ledger.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/gregorian.hpp>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include <project8/budget/allocation.hpp>
#include <project8/budget/audit.hpp>
#include <project8/budget/estimate.hpp>
#include <project8/budget/ledger.hpp>
#include <project8/core/error.hpp>
#include <project8/data/csv.hpp>
#include <project8/report/render.hpp>
#include <project8/rules/formula.hpp>

namespace project8::cli {

namespace {

/// Splits NAME=VALUE; InvalidArgument naming the option otherwise.
std::pair<std::string, std::string> name_value(const std::string& text, const char* option) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw core::InvalidArgument(std::string(option) + " '" + text + "': NAME=VALUE was expected");
  }
  return {text.substr(0, eq), text.substr(eq + 1)};
}

void add_allocate(CLI::App& budget) {
  auto* cmd = budget.add_subcommand(
      "allocate",
      "Distribute a total across units by a weight formula over their attributes, exactly");
  struct Args {
    std::string total, units, weight, floor, cap, round = "1", as_of, format, lang,
                                                  unit_column = "unit";
    std::vector<std::string> reserve, column;
    SourceArgs source;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--total", a->total, "the total in đồng (e.g. 500000000 or \"500.000.000 đ\")")
      ->required();
  cmd->add_option("--units", a->units,
                  "CSV: a unit column plus attribute columns ('-': standard input)")
      ->required();
  cmd->add_option("--weight", a->weight,
                  "weight formula in the rule language over the attribute columns")
      ->required();
  cmd->add_option("--floor", a->floor, "every unit gets at least this much");
  cmd->add_option("--cap", a->cap, "no unit gets more than this");
  cmd->add_option("--round", a->round, "every amount is a multiple of this (default 1)");
  cmd->add_option("--reserve", a->reserve,
                  "NAME=AMOUNT kept aside before distributing (repeatable)");
  add_as_of(cmd, a->as_of, "date for the formula (as_of, age_years)");
  cmd->add_option("--column", a->column,
                  "NAME=TYPE for a units column whose type is not to be inferred (repeatable)");
  cmd->add_option("--unit-column", a->unit_column, "the column naming the units (default unit)");
  cmd->add_option("--format", a->format, "csv (default), json or text")
      ->check(CLI::IsMember({"csv", "json", "text"}));
  add_lang_option(cmd, a->lang);
  add_source_options(cmd, a->source);
  cmd->callback([a] {
    const auto lang = core::parse_language(a->lang);
    std::vector<std::pair<std::string, std::string>> declared{{a->unit_column, "string"}};
    for (const auto& c : a->column) declared.push_back(name_value(c, "--column"));
    const auto src = read_source(a->units, a->source, {a->unit_column});
    const auto units = src.read([&](std::string_view text, const std::string& name) {
      return data::parse_csv_inferred(text, name, declared);
    });
    const auto weight = rules::Formula::compile(a->weight, units.schema(), {}, "--weight");
    budget::AllocationRequest r;
    r.total = core::Money::parse(a->total);
    r.step = core::Money::parse(a->round);
    for (const auto& s : a->reserve) {
      auto [name, amount] = name_value(s, "--reserve");
      r.reservations.push_back({name, core::Money::parse(amount)});
    }
    r.units = budget::weigh_units(units, weight, core::parse_date(a->as_of), a->unit_column);
    for (auto& u : r.units) {
      if (!a->floor.empty()) u.floor = core::Money::parse(a->floor);
      if (!a->cap.empty()) u.cap = core::Money::parse(a->cap);
    }
    const auto res = budget::allocate(r);
    if (a->format == "json") {
      std::cout << report::to_json(res, lang) << '\n';
    } else if (a->format == "text") {
      for (const auto& x : res.reservations)
        std::cout << x.name << '\t' << x.amount.to_string(lang) << '\n';
      for (std::size_t i = 0; i < res.lines.size(); ++i) {
        std::cout << res.lines[i].unit << '\t' << res.lines[i].amount.to_string(lang) << '\t'
                  << budget::explain(res, i, lang) << '\n';
      }
      std::cout << (lang == core::Language::vi ? "Tổng\t" : "Total\t")
                << res.total().to_string(lang) << '\n';
    } else {
      std::cout << "unit,weight,amount,explanation\n";
      for (std::size_t i = 0; i < res.lines.size(); ++i) {
        const auto& l = res.lines[i];
        std::cout << data::csv_field(l.unit.value()) << ',' << l.weight << ',' << l.amount.in_vnd()
                  << ',' << data::csv_field(budget::explain(res, i, lang)) << '\n';
      }
      for (const auto& x : res.reservations) {
        std::cout << data::csv_field(x.name) << ",," << x.amount.in_vnd() << ','
                  << (lang == core::Language::vi ? "giữ lại" : "reserved") << '\n';
      }
    }
  });
}

void add_estimate(CLI::App& budget) {
  auto* cmd = budget.add_subcommand(
      "estimate", "Cost estimate (dự toán) of a plan from quantities × spending norms");
  struct Args {
    std::string plan, norms, quantities, as_of, format, lang, out;
    SourceArgs source;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--plan", a->plan, "the plan file")->required();
  cmd->add_option("--norms", a->norms, "spending norms YAML (project8/norms/1)")->required();
  cmd->add_option("--quantities", a->quantities,
                  "quantities CSV ('-': standard input; columns: formats show quantities)")
      ->required();
  cmd->add_option("--as-of", a->as_of,
                  "the date whose norms apply (YYYY-MM-DD; default: the plan's first day)");
  add_format(cmd, a->format, {"text", "csv", "json"});
  add_lang_option(cmd, a->lang);
  add_source_options(cmd, a->source);
  add_out(cmd, a->out);
  cmd->footer(kExitStatus);
  cmd->callback([a] {
    const auto p = plan::load_plan(a->plan);
    const auto norms = budget::NormSet::load(a->norms);
    const auto src =
        read_source(a->quantities, a->source, data::field_names(budget::quantity_schema()));
    const auto q = src.read([](std::string_view text, const std::string& name) {
      return budget::parse_quantities(text, name);
    });
    const auto e = budget::estimate(
        p, norms, q, a->as_of.empty() ? p.period.first() : core::parse_date(a->as_of));
    const auto lang = core::parse_language(a->lang);
    if (a->format == "csv") {
      write_to(a->out, report::to_csv(e, lang), core::FileAccess::shared);
    } else if (a->format == "json") {
      write_to(a->out, report::to_json(e) + "\n", core::FileAccess::shared);
    } else {
      write_to(a->out, report::to_text(e, lang), core::FileAccess::shared);
    }
    if (a->format != "text") {
      for (const auto& m : e.missing)
        std::cerr << "project8: missing norm: " << m.to_string() << '\n';
    }
  });
}

void add_audit(CLI::App& app) {
  auto* payments_cmd = app.add_subcommand(
      "payments", "Policy-package payments: audit against the eligibility rules");
  payments_cmd->require_subcommand(1);
  auto* cmd = payments_cmd->add_subcommand(
      "audit", "Check payments against the eligibility rules and the population");
  struct Args {
    std::string payments, rules, population, as_of, out, flags, format, lang, units,
        unit_column = "commune";
    std::size_t suppress_below = 5;
    SourceArgs source;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("payments", a->payments,
                  "payments CSV ('-': standard input; columns: formats show payments)")
      ->required();
  cmd->add_option("--rules", a->rules, "rule file")->required();
  cmd->add_option("--population", a->population,
                  "population CSV or Excel workbook (the rules' inputs, id, and a commune column)")
      ->required();
  add_as_of(cmd, a->as_of, "audit date");
  add_out(cmd, a->out);
  cmd->add_option("--flags", a->flags, "also write one row per flag to this CSV file");
  cmd->add_option("--unit-column", a->unit_column,
                  "population column naming the commune (default commune)");
  cmd->add_option("--suppress-below", a->suppress_below,
                  "summary counts below this show as <N (default 5)")
      ->check(CLI::PositiveNumber);
  add_format(cmd, a->format, {"text", "json"});
  add_lang_option(cmd, a->lang);
  add_source_options(cmd, a->source);
  add_units(cmd, a->units);
  cmd->footer(kExitStatus);
  cmd->callback([a] {
    const auto rules = load_rules(a->rules, a->units);
    auto expected = rules.inputs().names();
    expected.push_back(a->unit_column);
    const auto people =
        read_source(a->population, a->source, std::move(expected))
            .read([&](std::string_view text, const std::string& name) {
              return budget::parse_audit_population(rules, text, name, a->unit_column);
            });
    const auto src =
        read_source(a->payments, a->source, data::field_names(budget::payment_schema()));
    const auto payments = src.read([](std::string_view text, const std::string& name) {
      return budget::parse_payments(text, name);
    });
    budget::AuditOptions options;
    options.unit_column = a->unit_column;
    const auto res =
        budget::audit_payments(rules, people, payments, core::parse_date(a->as_of), options);
    if (!a->flags.empty()) write_to(a->flags, report::to_csv(res));
    write_to(a->out, a->format == "json"
                         ? report::to_json(res, a->suppress_below) + "\n"
                         : report::to_text(res, core::parse_language(a->lang), a->suppress_below));
  });
}

void add_ledger(CLI::App& app) {
  auto* ledger = app.add_subcommand("ledger", "The budget ledger: check, summarise, carry over");
  ledger->require_subcommand(1);
  struct Args {
    std::vector<std::string> files;
    std::string as_of, by = "unit", plan, format, lang;
    int year = 0;
    SourceArgs source;
  };
  auto a = std::make_shared<Args>();
  auto load = [a] {
    budget::Ledger l;
    for (const auto& f : a->files) {
      l.add(read_source(f, a->source, data::field_names(budget::ledger_schema()))
                .read([](std::string_view text, const std::string& name) {
                  return budget::parse_ledger(text, name);
                }));
    }
    return l;
  };

  auto* check = ledger->add_subcommand(
      "check", "Load ledger CSVs (all or nothing) and say whether they are sound");
  check->add_option("files", a->files, "ledger CSV files, applied together")->required();
  add_source_options(check, a->source);
  check->callback([a, load] {
    const auto l = load();
    std::cout << "ok: " << l.entries().size() << " entries\n";
  });

  auto* summary = ledger->add_subcommand(
      "summary", "Allocated, committed, disbursed, settled and the disbursement rate");
  summary->add_option("files", a->files, "ledger CSV files")->required();
  add_source_options(summary, a->source);
  summary->add_option("--as-of", a->as_of, "date YYYY-MM-DD: budget year and cut-off")->required();
  // A grouping other than `period`, or a period kind (grouping by period of that kind).
  std::vector<std::string> groupings;
  for (const auto& k : core::enum_keys<budget::LedgerGroup>())
    if (k != core::key(budget::LedgerGroup::period)) groupings.push_back(k);
  for (const auto& k : core::enum_keys<core::PeriodKind>()) groupings.push_back(k);
  summary
      ->add_option("--by", a->by,
                   "unit (default), content_area, activity, funding_source, or a period kind: " +
                       core::join_alternatives(core::enum_keys<core::PeriodKind>()))
      ->check(CLI::IsMember(groupings));
  summary->add_option("--plan", a->plan, "the plan (needed for --by content_area)");
  add_format(summary, a->format, {"text", "csv", "json"});
  add_lang_option(summary, a->lang);
  summary->callback([a, load] {
    const auto l = load();
    std::unique_ptr<plan::Plan> p;
    if (!a->plan.empty()) p = std::make_unique<plan::Plan>(plan::load_plan(a->plan));
    const auto period = core::find_enum<core::PeriodKind>(a->by);
    const budget::LedgerGroup by =
        period ? budget::LedgerGroup::period : core::parse_enum<budget::LedgerGroup>(a->by);
    const auto rows = l.summary(by, core::parse_date(a->as_of), p.get(),
                                period.value_or(core::PeriodKind::quarter));
    const auto lang = core::parse_language(a->lang);
    if (a->format == "json") {
      nlohmann::ordered_json j = nlohmann::ordered_json::array();
      for (const auto& r : rows) {
        j.push_back({{period ? "period" : a->by, r.key},
                     {"allocated", r.balance.allocated.in_vnd()},
                     {"committed", r.balance.committed.in_vnd()},
                     {"disbursed", r.balance.disbursed.in_vnd()},
                     {"settled", r.balance.settled.in_vnd()},
                     {"rate_percent", r.rate_percent()}});
      }
      std::cout << j.dump(2) << '\n';
    } else if (a->format == "csv") {
      std::cout << (period ? "period" : a->by)
                << ",allocated,committed,disbursed,settled,rate_percent\n";
      for (const auto& r : rows) {
        std::cout << data::csv_field(r.key) << ',' << r.balance.allocated.in_vnd() << ','
                  << r.balance.committed.in_vnd() << ',' << r.balance.disbursed.in_vnd() << ','
                  << r.balance.settled.in_vnd() << ',' << r.rate_percent() << '\n';
      }
    } else {
      const bool vi = lang == core::Language::vi;
      std::cout << (vi ? "Khóa\tPhân bổ\tCam kết\tGiải ngân\tQuyết toán\tTỷ lệ giải ngân\n"
                       : "Key\tAllocated\tCommitted\tDisbursed\tSettled\tDisbursement rate\n");
      for (const auto& r : rows) {
        std::ostringstream rate;
        rate << r.rate_percent();
        std::string rate_text = rate.str();
        if (vi) std::replace(rate_text.begin(), rate_text.end(), '.', ',');
        std::cout << (r.key.empty() ? "—" : r.key) << '\t' << r.balance.allocated.to_string(lang)
                  << '\t' << r.balance.committed.to_string(lang) << '\t'
                  << r.balance.disbursed.to_string(lang) << '\t'
                  << r.balance.settled.to_string(lang) << '\t' << rate_text << "%\n";
      }
    }
  });

  auto* carry = ledger->add_subcommand(
      "carry-over", "Print the entries carrying a budget year's open amounts forward");
  carry->add_option("files", a->files, "ledger CSV files")->required();
  add_source_options(carry, a->source);
  carry->add_option("--year", a->year, "the budget year to close")->required();
  carry->callback([a, load] { std::cout << budget::to_csv(load().carry_over(a->year)); });
}

}  // namespace

void add_budget_commands(CLI::App& app) {
  auto* budget = app.add_subcommand(
      "budget", "Budgets: allocate a total across units, estimate a plan's cost");
  budget->require_subcommand(1);
  add_allocate(*budget);
  add_estimate(*budget);
  add_audit(app);
  add_ledger(app);
}

}  // namespace project8::cli
