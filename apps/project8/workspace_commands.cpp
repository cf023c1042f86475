// The workspace and report commands: init, import, imports, report.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include <project8/core/error.hpp>
#include <project8/report/report.hpp>
#include <project8/workspace/workspace.hpp>

namespace project8::cli {

namespace {

/// Where a command finds the key of an encrypted workspace: --key-file FILE,
/// else the environment variable PROJECT8_KEY.
struct KeyArgs {
  std::string key_file;
};

constexpr const char* kKeyEnvironment = "PROJECT8_KEY";

void add_key_file(CLI::App* cmd, KeyArgs& k, const char* what) {
  cmd->add_option("--key-file", k.key_file,
                  std::string(what) +
                      ": the first line of FILE (readable by its owner only); without it, the "
                      "environment variable PROJECT8_KEY");
}

/// The key given, if any: `explicit_only` is set when it came from --key-file.
std::optional<workspace::Key> given_key(const KeyArgs& k, bool* explicit_only = nullptr) {
  if (explicit_only != nullptr) *explicit_only = !k.key_file.empty();
  if (!k.key_file.empty()) return workspace::Key::from_file(k.key_file);
  if (const char* env = std::getenv(kKeyEnvironment); env != nullptr && *env != '\0')
    return workspace::Key(env);
  return std::nullopt;
}

/// Opens `file` with the key given for it. A key from the environment opens
/// the encrypted workspaces and is not used for a plain one; a key file named
/// for a plain workspace is an error (the library says so).
workspace::Workspace open_workspace(const std::string& file, const KeyArgs& k, bool read_only) {
  workspace::OpenOptions o;
  o.read_only = read_only;
  bool from_file = false;
  auto key = given_key(k, &from_file);
  const bool encrypted = workspace::Workspace::looks_encrypted(file);
  if (encrypted && !key) {
    throw core::InvalidArgument(file +
                                " is encrypted, or is not a project8 workspace: give its key in "
                                "the environment variable PROJECT8_KEY or with --key-file FILE");
  }
  if (encrypted || from_file) o.key = std::move(key);
  return workspace::Workspace::open(file, o);
}

}  // namespace

void add_workspace_commands(CLI::App& root) {
  auto& app = *root.add_subcommand(
      "workspace", "Workspaces: the year's data in one SQLite file, and its report");
  app.require_subcommand(1);
  {
    auto* cmd = app.add_subcommand("init", "Create a workspace (one SQLite file) for a plan");
    struct Args {
      std::string file, plan, rules, units, calendar;
      bool encrypt = false;
      KeyArgs key;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("workspace", a->file, "the workspace file to create (e.g. tam-duong-2025.p8db)")
        ->required();
    cmd->add_option("--plan", a->plan, "the plan file")->required();
    cmd->add_option("--rules", a->rules,
                    "policy-package rules (default: the bundled safe-motherhood rules)");
    cmd->add_option("--units", a->units, "unit registry (default: the bundled Lai Châu units)");
    cmd->add_option("--calendar", a->calendar,
                    "reporting calendar (default: Circular 01/2022/TT-UBDT)");
    auto* encrypt = cmd->add_flag(
        "--encrypt", a->encrypt,
        "encrypt every page of the file (SQLCipher); the key from --key-file or PROJECT8_KEY");
    add_key_file(cmd, a->key, "the key to encrypt with");
    cmd->get_option("--key-file")->needs(encrypt);
    cmd->callback([a] {
      workspace::CreateOptions o;
      if (!a->rules.empty()) o.rules = a->rules;
      if (!a->units.empty()) o.units = a->units;
      if (!a->calendar.empty()) o.calendar = a->calendar;
      if (a->encrypt) {
        o.key = given_key(a->key);
        if (!o.key) {
          throw core::InvalidArgument(
              "--encrypt needs a key: the environment variable PROJECT8_KEY or --key-file FILE");
        }
      }
      const auto ws = workspace::Workspace::create(a->file, a->plan, o);
      std::cout << "created " << a->file << " for plan " << ws.plan().id << " (schema "
                << workspace::Workspace::kSchemaVersion << (ws.encrypted() ? ", encrypted" : "")
                << ")\n";
    });
  }
  {
    auto* cmd = app.add_subcommand("import", "Import a CSV into a workspace, all or nothing");
    struct Args {
      std::string file, kind, input;
      SourceArgs source;
      bool replace_smaller = false;
      KeyArgs key;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("workspace", a->file, "the workspace file")->required();
    cmd->add_option("kind", a->kind,
                    core::join_alternatives(core::enum_keys<workspace::ImportKind>()))
        ->required()
        ->check(one_of<workspace::ImportKind>());
    cmd->add_option("input", a->input, "the CSV file or Excel workbook ('-': standard input)")
        ->required();
    add_source_options(cmd, a->source);
    cmd->add_flag("--replace-smaller", a->replace_smaller,
                  "a population of fewer than half the persons of the last one replaces it");
    add_key_file(cmd, a->key, "the key of an encrypted workspace");
    cmd->footer(kExitStatus);
    cmd->callback([a] {
      auto ws = open_workspace(a->file, a->key, false);
      const auto kind = workspace::parse_import_kind(a->kind);
      workspace::ImportOptions options;
      options.replace_smaller = a->replace_smaller;
      const auto r = ws.import_source(
          kind, read_source(a->input, a->source, ws.import_columns(kind)), options);
      if (r.already_imported) {
        std::cout << "already imported (import " << r.id << ", " << r.rows
                  << " rows): nothing changed\n";
      } else {
        std::cout << "imported " << r.rows << ' ' << a->kind << " rows (import " << r.id << ")\n";
        const auto lang = core::parse_language(default_language());
        for (const auto& line : r.notes.resolved) std::cout << "  " << line.in(lang) << '\n';
        data::ReadNotes forms;  // cells in another accepted form (the rest read_source said)
        forms.other_forms = r.notes.other_forms;
        for (const auto& line : forms.summary(lang)) std::cout << "  " << line << '\n';
      }
    });
  }
  {
    auto* cmd = app.add_subcommand("imports", "List a workspace's imports");
    struct Args {
      std::string file;
      KeyArgs key;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("workspace", a->file, "the workspace file")->required();
    add_key_file(cmd, a->key, "the key of an encrypted workspace");
    cmd->callback([a] {
      const auto ws = open_workspace(a->file, a->key, true);  // reads only
      std::cout << "id\tkind\trows\timported_at\tfile\n";
      for (const auto& i : ws.imports()) {
        std::cout << i.id << '\t' << workspace::to_string(i.kind) << '\t' << i.rows << '\t'
                  << i.imported_at << '\t' << i.name << '\n';
      }
    });
  }
  {
    auto* cmd = app.add_subcommand("report", "Report a workspace: Markdown, CSV, JSON or Excel");
    struct Args {
      std::string file, as_of, period, format, lang, out, out_dir;
      std::size_t suppress_below = 5;
      bool no_suppression = false;
      KeyArgs key;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("workspace", a->file, "the workspace file")->required();
    add_key_file(cmd, a->key, "the key of an encrypted workspace");
    add_as_of(cmd, a->as_of, "report date");
    cmd->add_option("--period", a->period, "a reporting period: 2025, 2025-H1, 2025-Q3, 2025-07");
    add_format(cmd, a->format,
               {std::begin(report::kReportFormats), std::end(report::kReportFormats)});
    add_lang_option(cmd, a->lang);
    add_out(cmd, a->out)
        ->description(
            "write md, json or xlsx to this file ('-' or absent: standard output, md and json)");
    cmd->add_option("--out-dir", a->out_dir,
                    "write into this folder, one file per table for csv (created if missing)")
        ->excludes("--out");
    auto* below = cmd->add_option("--suppress-below", a->suppress_below,
                                  "sensitive counts below this show as <N (default 5, at least 3)")
                      ->check(CLI::PositiveNumber);
    cmd->add_flag("--no-suppression", a->no_suppression,
                  "hide nothing: an internal document, every file and page stamped "
                  "\"internal — not for publication\"")
        ->excludes(below);
    cmd->footer(kExitStatus);
    cmd->callback([a] {
      const bool to_stdout = a->out_dir.empty() && (a->out.empty() || a->out == "-");
      if (a->format == "csv" && a->out_dir.empty())
        throw CLI::ValidationError("--format csv writes one file per table: give --out-dir DIR");
      if (a->format == "xlsx" && to_stdout)
        throw CLI::ValidationError(
            "--format xlsx writes a workbook: give --out FILE or --out-dir DIR");
      const auto ws = open_workspace(a->file, a->key, true);  // reads only
      report::ReportOptions o(core::parse_date(a->as_of));
      if (!a->period.empty()) o.period = core::ReportingPeriod::parse(a->period);
      o.suppress_below = a->suppress_below;
      o.internal = a->no_suppression;
      const auto doc = report::build(ws.report_inputs(), o);
      const auto lang = core::parse_language(a->lang);
      if (!a->out_dir.empty()) {
        (void)report::write_report(doc, a->format, lang, a->out_dir, o);
      } else if (a->format == "xlsx") {
        report::write_xlsx(doc, lang, a->out);
      } else {
        write_to(to_stdout ? "-" : a->out, report::render(doc, a->format, lang),
                 core::FileAccess::shared);
      }
      if (!to_stdout)
        std::cerr << "wrote " << a->format << " to " << (a->out_dir.empty() ? a->out : a->out_dir)
                  << '\n';
    });
  }
}

}  // namespace project8::cli
