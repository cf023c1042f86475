#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "commands.hpp"
#include <project8/core/date.hpp>
#include <project8/core/error.hpp>
#include <project8/core/money.hpp>
#include <project8/core/reporting_period.hpp>
#include <project8/core/text.hpp>

namespace project8::cli {

using namespace project8::core;

namespace {
/// The files this run read through read_input().
std::vector<std::filesystem::path>& inputs_read() {
  static std::vector<std::filesystem::path> files;
  return files;
}
}  // namespace

void refuse_overwriting_an_input(const std::string& out) {
  if (out.empty() || out == "-") return;
  for (const auto& in : inputs_read()) {
    std::error_code ec;
    if (std::filesystem::equivalent(out, in, ec)) {
      throw core::InvalidArgument(out + " is a file this command reads (" + in.string() +
                                  "): write the results to another file");
    }
  }
}

void write_to(const std::string& path, const std::string& text, core::FileAccess access) {
  refuse_overwriting_an_input(path);
  if (path.empty() || path == "-") {
    std::cout << text << std::flush;
    if (!std::cout) throw core::Error("standard output: cannot write (disk full or closed?)");
    return;
  }
  core::write_file(path, text, access);
}

std::string read_input(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    if (std::cin.bad()) throw core::Error("stdin: cannot read standard input");
    return text.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::NotFoundError(path + ": cannot open the file");
  inputs_read().emplace_back(path);
  text << in.rdbuf();
  return text.str();
}

std::string input_name(const std::string& path) {
  return path == "-" ? "stdin" : path;
}

void add_source_options(CLI::App* cmd, SourceArgs& args) {
  cmd->add_option("--encoding", args.encoding,
                  "the input's text encoding: " +
                      core::join_alternatives(core::enum_keys<data::TextEncoding>()) +
                      " (default: UTF-8, or UTF-16 by its byte-order mark)")
      ->check(one_of<data::TextEncoding>());
  cmd->add_option("--delimiter", args.delimiter,
                  "the CSV delimiter: ',', ';' or tab (default: found from the header line)")
      ->check(CLI::IsMember({",", ";", "tab"}));
  cmd->add_option("--sheet", args.sheet, "an Excel workbook's sheet to read (default: the first)");
}

data::SourceText read_source(const std::string& path, const SourceArgs& args,
                             std::vector<std::string> expected_columns) {
  data::SourceOptions o = data::parse_source_options(args.encoding, args.delimiter, args.sheet);
  o.expected_columns = std::move(expected_columns);
  auto src = data::source_from_bytes(read_input(path), input_name(path), o);
  const auto lang = core::parse_language(default_language());
  for (const auto& line : src.notes().summary(lang))
    std::cerr << src.name() << ": " << line << '\n';
  return src;
}

CLI::Option* add_as_of(CLI::App* cmd, std::string& as_of, const std::string& what) {
  return cmd
      ->add_option("--as-of", as_of, what + " (YYYY-MM-DD; required: no command assumes today)")
      ->required();
}

CLI::Option* add_units(CLI::App* cmd, std::string& units) {
  return cmd->add_option("--units", units,
                         "unit registry YAML (default: the bundled Lai Châu units)");
}

geo::Registry load_units(const std::string& path) {
  return geo::Registry::load(path.empty() ? geo::bundled_data_dir() + "/geo/lai-chau.yaml" : path);
}

rules::RuleSet load_rules(const std::string& path, const std::string& units) {
  auto r = rules::RuleSet::load(path);
  return r.reads_registry() ? r.with_registry(load_units(units)) : r;
}

CLI::Option* add_out(CLI::App* cmd, std::string& out) {
  return cmd->add_option("--out", out, "write to this file ('-' or absent: standard output)");
}

CLI::Option* add_format(CLI::App* cmd, std::string& format, const std::vector<std::string>& names) {
  format = names.front();
  return cmd
      ->add_option("--format", format,
                   core::join_alternatives(names) + " (default " + names.front() + ")")
      ->check(CLI::IsMember(names));
}

const char* const kExitStatus =
    "Exit status: 0 success; 1 a problem in the data (a file that does not read or check, rows "
    "that could not be "
    "decided, a failed rule test); 2 a usage error (a wrong command, option or value). docs/cli.md "
    "has the grammar.";

std::string default_language() {
  const char* all = std::getenv("LC_ALL");
  const char* lang = all != nullptr && *all != '\0' ? all : std::getenv("LANG");
  return lang != nullptr && std::string_view(lang).starts_with("en") ? "en" : "vi";
}

CLI::Option* add_lang_option(CLI::App* cmd, std::string& lang) {
  lang = default_language();
  return cmd
      ->add_option("--lang", lang,
                   "vi or en (default: from LC_ALL / LANG, Vietnamese when not English)")
      ->check(one_of<core::Language>());
}

void add_core_commands(CLI::App& app) {
  auto* money_cmd = app.add_subcommand("money", "Amounts of đồng");
  money_cmd->require_subcommand(1);
  auto* money =
      money_cmd->add_subcommand("parse", "Parse an amount of đồng and print it in every format");
  auto amount = std::make_shared<std::string>();
  money->add_option("amount", *amount, "e.g. 1.234.567, 1234567 or '1,234,567 VND'")->required();
  money->callback([amount] {
    const Money m = Money::parse(*amount);
    std::cout << m.to_string() << '\t' << m.to_plain_string() << '\t' << m.to_english_string()
              << '\n';
  });

  auto* period_cmd = app.add_subcommand("period", "Reporting periods");
  period_cmd->require_subcommand(1);
  auto* period = period_cmd->add_subcommand(
      "show", "Show a reporting period (label, first day, last day, days) by label or date");
  auto what = std::make_shared<std::string>();
  auto kind = std::make_shared<std::string>("year");
  period->add_option("what", *what, "a label (2025, 2025-H1, 2025-Q3, 2025-07) or a date")
      ->required();
  period->add_option("--kind", *kind, "with a date: month, quarter, half_year or year")
      ->check(one_of<core::PeriodKind>());
  period->callback([what, kind] {
    const auto p = what->size() == 10
                       ? ReportingPeriod::containing(parse_period_kind(*kind), parse_date(*what))
                       : ReportingPeriod::parse(*what);
    std::cout << p.label() << '\t' << to_iso(p.first()) << '\t' << to_iso(p.last()) << '\t'
              << p.length_days() << '\n';
  });

  auto* name_cmd = app.add_subcommand("name", "Names of units and people's groups");
  name_cmd->require_subcommand(1);
  auto* name =
      name_cmd->add_subcommand("keys", "Print the matching keys of a name (exact, lenient)");
  auto text = std::make_shared<std::string>();
  name->add_option("text", *text, "a name, e.g. 'Xã Bình Lư'")->required();
  name->callback([text] { std::cout << name_key(*text) << '\t' << match_key(*text) << '\n'; });
}

}  // namespace project8::cli
