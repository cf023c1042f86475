// Subcommand registration for the project8 CLI: one function per module.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace project8::cli {

/// Writes `text` to the file `path`, or to standard output when `path` is
/// empty or `-`; core::InvalidArgument naming the file when it cannot.
void write_to(const std::string& path, const std::string& text);

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
