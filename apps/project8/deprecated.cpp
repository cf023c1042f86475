// The command names of release 0.x before the NOUN VERB grammar: each still
// works for one release, rewritten to its new form with a note on stderr.
#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <boost/date_time/gregorian/gregorian.hpp>

#include "commands.hpp"
#include <project8/core/date.hpp>

namespace project8::cli {

namespace {

using Args = std::vector<std::string>;

/// Removes `--name VALUE` (or `--name=VALUE`) from `args`; its value, if there.
std::optional<std::string> take(Args& args, const std::string& name) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == name && i + 1 < args.size()) {
      std::string v = args[i + 1];
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i),
                 args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
      return v;
    }
    if (args[i].starts_with(name + "=")) {
      std::string v = args[i].substr(name.size() + 1);
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
      return v;
    }
  }
  return std::nullopt;
}

bool has(const Args& args, const std::string& name) {
  return std::any_of(args.begin(), args.end(),
                     [&](const std::string& a) { return a == name || a.starts_with(name + "="); });
}

/// `--by period --period K` (old) as `--by K` (new); a `--period` without `--by period` meant
/// nothing.
void merge_period_grouping(Args& args) {
  const auto period = take(args, "--period");
  const auto by = take(args, "--by");
  if (by && *by == "period") {
    args.insert(args.end(), {"--by", period.value_or("quarter")});
  } else if (by) {
    args.insert(args.end(), {"--by", *by});
  }
}

/// Moves the value of `--name` to the front of `rest` (it is the new command's positional
/// argument).
void positional_from(Args& rest, const std::string& name) {
  if (auto v = take(rest, name)) rest.insert(rest.begin(), *v);
}

}  // namespace

Args upgrade_arguments(Args args, std::ostream& notes) {
  if (args.empty()) return args;
  const std::string old = args[0];
  Args rest(args.begin() + 1, args.end());
  const bool help = has(rest, "--help") || has(rest, "-h");
  Args now;
  if ((old == "money" || old == "period" || old == "name") && !rest.empty() && rest[0] != "-h" &&
      rest[0] != "--help") {
    const std::string verb = old == "money" ? "parse" : old == "period" ? "show" : "keys";
    if (rest[0] == verb) return args;
    now = {old, verb};
  } else if (old == "eligibility") {
    positional_from(rest, "--rules");
    if (const auto person = take(rest, "--explain")) {
      (void)take(rest, "--out");
      (void)take(rest, "--threads");
      rest.insert(rest.end(), {"--person", *person});
      now = {"rules", "explain"};
    } else {
      now = {"rules", "eval"};
    }
  } else if (old == "whatif") {
    positional_from(rest, "--base");
    now = {"rules", "whatif"};
  } else if (old == "progress") {
    positional_from(rest, "--records");
    merge_period_grouping(rest);
    now = {"records", "progress"};
  } else if (old == "allocate") {
    now = {"budget", "allocate"};
    if (!has(rest, "--as-of") && !help) {
      const auto today = core::to_iso(boost::gregorian::day_clock::local_day());
      rest.insert(rest.end(), {"--as-of", today});
      notes << "project8: note: 'allocate' without --as-of used today's date (" << today
            << "); 'budget allocate' requires --as-of\n";
    }
  } else if (old == "estimate") {
    if (auto on = take(rest, "--on")) rest.insert(rest.end(), {"--as-of", *on});
    now = {"budget", "estimate"};
  } else if (old == "audit-payments") {
    positional_from(rest, "--payments");
    if (auto out = take(rest, "--out")) rest.insert(rest.end(), {"--flags", *out});
    now = {"payments", "audit"};
  } else if (old == "ledger" && !rest.empty() && rest[0] == "summary" && has(rest, "--period")) {
    Args tail(rest.begin() + 1, rest.end());
    merge_period_grouping(tail);
    tail.insert(tail.begin(), "summary");
    tail.insert(tail.begin(), "ledger");
    notes << "project8: note: 'ledger summary --by period --period KIND' is deprecated: use '--by "
             "KIND'\n";
    return tail;
  } else if (old == "init" || old == "import" || old == "imports") {
    now = {"workspace", old};
  } else if (old == "report") {
    if (auto out = take(rest, "--out")) rest.insert(rest.end(), {"--out-dir", *out});
    now = {"workspace", "report"};
  } else {
    return args;
  }
  std::string shown;
  for (const auto& w : now) shown += (shown.empty() ? "" : " ") + w;
  notes << "project8: note: '" << old
        << "' is deprecated and will be removed in the next release: use 'project8 " << shown
        << "' (docs/cli.md)\n";
  now.insert(now.end(), rest.begin(), rest.end());
  return now;
}

}  // namespace project8::cli
