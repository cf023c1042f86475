// The workspace and report commands: init, import, imports, report.
#include <project8/core/error.hpp>
#include <project8/report/report.hpp>
#include <project8/workspace/workspace.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"

namespace project8::cli {

void add_workspace_commands(CLI::App& app) {
  {
    auto* cmd = app.add_subcommand("init", "Create a workspace (one SQLite file) for a plan");
    struct Args {
      std::string file, plan, rules, units, calendar;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("workspace", a->file, "the workspace file to create (e.g. tam-duong-2025.p8db)")->required();
    cmd->add_option("--plan", a->plan, "the plan file")->required();
    cmd->add_option("--rules", a->rules, "policy-package rules (default: the bundled safe-motherhood rules)");
    cmd->add_option("--units", a->units, "unit registry (default: the bundled Lai Châu units)");
    cmd->add_option("--calendar", a->calendar, "reporting calendar (default: Circular 01/2022/TT-UBDT)");
    cmd->callback([a] {
      workspace::CreateOptions o;
      if (!a->rules.empty()) o.rules = a->rules;
      if (!a->units.empty()) o.units = a->units;
      if (!a->calendar.empty()) o.calendar = a->calendar;
      const auto ws = workspace::Workspace::create(a->file, a->plan, o);
      std::cout << "created " << a->file << " for plan " << ws.plan().id << " (schema "
                << workspace::Workspace::kSchemaVersion << ")\n";
    });
  }
  {
    auto* cmd = app.add_subcommand("import", "Import a CSV into a workspace, all or nothing");
    struct Args {
      std::string file, kind, input;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("workspace", a->file, "the workspace file")->required();
    cmd->add_option("kind", a->kind, "records, payments, ledger or population")
        ->required()
        ->check(one_of<workspace::ImportKind>());
    cmd->add_option("input", a->input, "the CSV file")->required();
    cmd->callback([a] {
      auto ws = workspace::Workspace::open(a->file);
      const auto r = ws.import_file(workspace::parse_import_kind(a->kind), a->input);
      if (r.already_imported) {
        std::cout << "already imported (import " << r.id << ", " << r.rows << " rows): nothing changed\n";
      } else {
        std::cout << "imported " << r.rows << ' ' << a->kind << " rows (import " << r.id << ")\n";
      }
    });
  }
  {
    auto* cmd = app.add_subcommand("imports", "List a workspace's imports");
    auto file = std::make_shared<std::string>();
    cmd->add_option("workspace", *file, "the workspace file")->required();
    cmd->callback([file] {
      const auto ws = workspace::Workspace::open(*file);
      std::cout << "id\tkind\trows\timported_at\tfile\n";
      for (const auto& i : ws.imports()) {
        std::cout << i.id << '\t' << workspace::to_string(i.kind) << '\t' << i.rows << '\t' << i.imported_at << '\t'
                  << i.name << '\n';
      }
    });
  }
  {
    auto* cmd = app.add_subcommand("report", "Report a workspace: Markdown, CSV, JSON or Excel");
    struct Args {
      std::string file, as_of, period, format = "md", lang = "vi", out;
      std::size_t suppress_below = 5;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("workspace", a->file, "the workspace file")->required();
    cmd->add_option("--as-of", a->as_of, "report date YYYY-MM-DD")->required();
    cmd->add_option("--period", a->period, "a reporting period: 2025, 2025-H1, 2025-Q3, 2025-07");
    cmd->add_option("--format", a->format, "md (default), csv, json or xlsx")
        ->check(CLI::IsMember({"md", "csv", "json", "xlsx"}));
    add_lang_option(cmd, a->lang);
    cmd->add_option("--out", a->out, "directory to write into (default: Markdown and JSON to standard output)");
    cmd->add_option("--suppress-below", a->suppress_below, "sensitive counts below this show as <N (default 5)")
        ->check(CLI::PositiveNumber);
    cmd->callback([a] {
      const auto ws = workspace::Workspace::open(a->file);
      report::ReportOptions o;
      o.as_of = core::parse_date(a->as_of);
      if (!a->period.empty()) o.period = core::ReportingPeriod::parse(a->period);
      o.suppress_below = a->suppress_below;
      const auto doc = report::build(ws.report_inputs(), o);
      const auto lang = core::parse_language(a->lang);
      const std::string stem = "bao-cao-" + (a->period.empty() ? a->as_of : a->period);
      if (a->out.empty() && (a->format == "csv" || a->format == "xlsx")) {
        throw core::InvalidArgument("--format " + a->format + " writes files: give --out DIR");
      }
      if (!a->out.empty()) std::filesystem::create_directories(a->out);
      const std::filesystem::path dir = a->out;
      if (a->format == "md") {
        const auto text = report::to_markdown(doc, lang);
        if (a->out.empty()) std::cout << text;
        else write_to(dir / (stem + ".md"), text);
      } else if (a->format == "json") {
        const auto text = report::to_json(doc, lang) + "\n";
        if (a->out.empty()) std::cout << text;
        else write_to(dir / (stem + ".json"), text);
      } else if (a->format == "csv") {
        for (const auto& [name, text] : report::to_csv(doc, lang)) write_to(dir / name, text);
      } else {
        report::write_xlsx(doc, lang, dir / (stem + ".xlsx"));
      }
      if (!a->out.empty()) std::cerr << "wrote " << a->format << " into " << a->out << '\n';
    });
  }
}

}  // namespace project8::cli
