// Subcommand registration for the project8 CLI: one function per module.
#pragma once

#include <project8/core/enum_text.hpp>
#include <project8/core/localized.hpp>

#include <CLI/CLI.hpp>

#include <string>

namespace project8::cli {

/// Writes `text` to the file `path`, or to standard output when `path` is
/// empty or `-`; core::InvalidArgument naming the file when it cannot.
void write_to(const std::string& path, const std::string& text);

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

/// Adds `formats show`: the columns of each record file, from their declarations.
void add_format_commands(CLI::App& app);

/// Adds `money`, `period` and `name` (the core module's commands).
void add_core_commands(CLI::App& app);

/// Adds `plan show` and `plan check`.
void add_plan_commands(CLI::App& app);

/// Adds `rules check`, `rules test`, `eligibility` and `whatif`.
void add_rules_commands(CLI::App& app);

/// Adds `progress`.
void add_tracking_commands(CLI::App& app);

/// Adds `allocate`, `estimate`, `audit-payments` and `ledger check|summary|carry-over`.
void add_budget_commands(CLI::App& app);

/// Adds `init`, `import`, `imports` and `report`.
void add_workspace_commands(CLI::App& app);

}  // namespace project8::cli
