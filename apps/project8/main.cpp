// project8: the command-line program, `project8 NOUN VERB` (docs/cli.md).
// Subcommands come from each module's add_*_commands(); errors print as
// "project8: error: ..." with exit code 1 (2 for command-line usage errors);
// the names before the NOUN VERB grammar still work for one release.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include <project8/core/error.hpp>
#include <project8/version.hpp>

int main(int argc, char** argv) {
  CLI::App app{"project8: plans, eligibility, targets and budgets for Project 8 (NTP 1719)",
               "project8"};
  app.set_version_flag("--version", std::string("project8 ") + project8::version_string);
  app.require_subcommand(1);
  project8::cli::add_core_commands(app);
  project8::cli::add_plan_commands(app);
  project8::cli::add_rules_commands(app);
  project8::cli::add_tracking_commands(app);
  project8::cli::add_budget_commands(app);
  project8::cli::add_workspace_commands(app);
  project8::cli::add_format_commands(app);
  project8::cli::add_units_commands(app);
  app.footer(project8::cli::kExitStatus);
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    args = project8::cli::upgrade_arguments(std::move(args), std::cerr);
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    app.parse(args);
    // What went to standard output must have arrived: a full disk or a closed
    // pipe is an error, never exit 0 with a short output.
    std::cout.flush();
    if (!std::cout || std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
      throw project8::core::Error("standard output: cannot write (disk full or closed?)");
    }
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();  // a command that reported its own failure (e.g. plan check)
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const project8::core::Error& e) {
    std::cerr << "project8: error: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "project8: internal error: " << e.what() << '\n';
    return 3;
  }
  return 0;
}
