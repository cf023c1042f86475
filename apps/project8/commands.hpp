// Subcommand registration for the project8 CLI: one function per module.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <project8/core/enum_text.hpp>
#include <project8/core/file.hpp>
#include <project8/core/localized.hpp>
#include <project8/data/source.hpp>
#include <project8/geo/registry.hpp>
#include <project8/rules/rule_set.hpp>

namespace project8::cli {

/// Writes `text` to the file `path` whole or not at all (core::write_file:
/// never through a symbolic link, the old file left as it was on an error),
/// or to standard output when `path` is empty or `-`; core::Error naming the
/// file and the cause when it cannot.
void write_to(const std::string& path, const std::string& text,
              core::FileAccess access = core::FileAccess::owner_only);

/// InvalidArgument when `out` is a file this run read with read_input() (the
/// results would overwrite their own input); write_to() asks it first.
void refuse_overwriting_an_input(const std::string& out);

/// The whole content of the input file `path`, or of standard input when
/// `path` is `-`; core::NotFoundError naming the file when it cannot be read.
[[nodiscard]] std::string read_input(const std::string& path);

/// The name an input is reported under: the path, or "stdin" for `-`.
[[nodiscard]] std::string input_name(const std::string& path);

/// How to read officers' files: `--encoding`, `--delimiter`, `--sheet`.
struct SourceArgs {
  std::string encoding;   ///< A TextEncoding key, or empty (found).
  std::string delimiter;  ///< `,`, `;`, `tab`, or empty (found).
  std::string sheet;      ///< A workbook's sheet, or empty (the first).
};

/// Adds `--encoding`, `--delimiter` and `--sheet` to `cmd`.
void add_source_options(CLI::App* cmd, SourceArgs& args);

/// The input `path` (a file, or `-`) as read_input() reads it, turned into the
/// text every reader reads (data::source_from_bytes) by `args`, with
/// `expected_columns` finding a workbook's header and choosing a delimiter.
/// What was normalised is told on standard error, one line each.
[[nodiscard]] data::SourceText read_source(const std::string& path, const SourceArgs& args,
                                           std::vector<std::string> expected_columns);

/// Adds `--as-of DATE` (YYYY-MM-DD), required: time is explicit.
CLI::Option* add_as_of(CLI::App* cmd, std::string& as_of, const std::string& what);

/// Adds `--out PATH`: one file; `-` or absent means standard output.
CLI::Option* add_out(CLI::App* cmd, std::string& out);

/// Adds `--format NAME` checked against `names`, defaulting to the first.
CLI::Option* add_format(CLI::App* cmd, std::string& format, const std::vector<std::string>& names);

/// Adds `--units FILE`: the unit registry (default: the bundled Lai Châu units).
CLI::Option* add_units(CLI::App* cmd, std::string& units);

/// The unit registry at `path`, or the bundled Lai Châu units when `path` is empty.
[[nodiscard]] geo::Registry load_units(const std::string& path);

/// The rule file at `path`, with the registry `units` (load_units) bound
/// when its tables read one.
[[nodiscard]] rules::RuleSet load_rules(const std::string& path, const std::string& units);

/// The exit statuses, for every command's --help: 0, 1 and 2.
extern const char* const kExitStatus;

/// The language messages and reports default to: `en` when LC_ALL (or, when
/// that is unset, LANG) names an English locale, Vietnamese otherwise.
[[nodiscard]] std::string default_language();

/// Adds `--lang vi|en` to `cmd`, defaulting to default_language().
CLI::Option* add_lang_option(CLI::App* cmd, std::string& lang);

/// A check that a value is one of enumeration `E`'s keys.
template <core::TextEnum E>
CLI::Validator one_of() {
  return CLI::IsMember(core::enum_keys<E>());
}

/// The arguments (after the program's name) with a deprecated command of the
/// grammar before NOUN VERB rewritten to its new form; a note for each on `notes`.
[[nodiscard]] std::vector<std::string> upgrade_arguments(std::vector<std::string> args,
                                                         std::ostream& notes);

/// Adds `formats show`: the columns of each record file, from their declarations.
void add_format_commands(CLI::App& app);

/// Adds `money parse`, `period show` and `name keys` (the core module's commands).
void add_core_commands(CLI::App& app);

/// Adds `plan show` and `plan check`.
void add_plan_commands(CLI::App& app);

/// Adds `rules check|test|eval|explain|whatif`.
void add_rules_commands(CLI::App& app);

/// Adds `records progress`.
void add_tracking_commands(CLI::App& app);

/// Adds `budget allocate|estimate`, `payments audit` and `ledger check|summary|carry-over`.
void add_budget_commands(CLI::App& app);

/// Adds `units show|list`: the unit registry, a code at a date.
void add_units_commands(CLI::App& app);

/// Adds `workspace init|import|imports|report`.
void add_workspace_commands(CLI::App& app);

}  // namespace project8::cli
