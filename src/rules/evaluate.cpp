// evaluate(), explain(), whatif(), run_tests() and Formula.
#include <algorithm>
#include <atomic>
#include <limits>
#include <map>
#include <thread>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "../core/parallel.hpp"
#include "columns.hpp"
#include <project8/core/checked.hpp>
#include <project8/data/csv.hpp>
#include <project8/rules/evaluate.hpp>
#include <project8/rules/formula.hpp>

namespace project8::rules {

namespace {

using detail::Compiled;
using detail::Scalar;

/// For each rule input, the table column holding it; checks names and types.
std::vector<std::int32_t> bind(const Compiled& c, const data::Table& table,
                               std::string_view what = "rule set") {
  std::vector<std::int32_t> out;
  std::vector<std::string> problems;
  for (std::size_t k = 0; k < c.inputs.size(); ++k) {
    const auto& f = c.inputs.fields()[k];
    const auto i = table.schema().index_of(f.name);
    if (!i && !c.used_inputs[k]) {
      out.push_back(-1);  // read by no package (e.g. `id`): may be absent
      continue;
    }
    if (!i) {
      problems.push_back("no column '" + f.name + "' (" + f.type_name() + ")");
      out.push_back(-1);
      continue;
    }
    const data::Field& have = table.schema().fields()[*i];
    if (have.type != f.type || have.categories != f.categories) {
      problems.push_back("column '" + f.name + "' is " + have.type_name() + ", the rules declare " +
                         f.type_name());
    }
    out.push_back(static_cast<std::int32_t>(*i));
  }
  if (!problems.empty()) {
    std::string msg = "the table does not fit " + std::string(what) + " '" + c.name + "': ";
    for (std::size_t k = 0; k < problems.size(); ++k) msg += (k ? "; " : "") + problems[k];
    throw core::InvalidArgument(msg);
  }
  return out;
}

/// The value of each parameter on `as_of` (0 when none is in force: the static
/// checks guarantee that packages in force never read such a parameter).
std::vector<std::int64_t> parameter_values(const Compiled& c, core::Date as_of) {
  std::vector<std::int64_t> out;
  for (const auto& p : c.parameters) {
    const auto* v = p.find(as_of);
    out.push_back(v ? v->value : 0);
  }
  return out;
}

void check_date(core::Date d) {
  core::require(!d.is_special(), "as_of must be a real date");
}

}  // namespace

std::vector<std::size_t> PackageResults::reason_counts() const {
  std::vector<std::size_t> counts(reasons.size(), 0);
  for (const auto r : reason) ++counts[static_cast<std::size_t>(r)];
  for (const auto r : reason8) ++counts[static_cast<std::size_t>(r)];
  return counts;
}

const PackageResults& Results::package(std::string_view id) const {
  for (const auto& p : packages) {
    if (p.id == id) return p;
  }
  throw core::NotFoundError("no package '" + std::string(id) + "' in the results");
}

std::size_t default_chunk_rows(std::size_t rows, std::size_t threads) noexcept {
  constexpr std::size_t kShort = 8192;
  constexpr std::size_t kLong = 32768;
  constexpr std::size_t kLongFrom = std::size_t{1} << 20U;  // rows per thread
  return rows / std::max<std::size_t>(1, threads) >= kLongFrom ? kLong : kShort;
}

Results evaluate(const RuleSet& rules, const data::Table& population, core::Date as_of,
                 const EvaluateOptions& options) {
  check_date(as_of);
  if (options.chunk_rows > (1U << 20U)) {
    throw core::InvalidArgument("chunk_rows must be 0 (chosen per call) or 1 to 1048576, not " +
                                std::to_string(options.chunk_rows));
  }
  const Compiled& c = rules.compiled();
  const auto columns = bind(c, population);
  const auto params = parameter_values(c, as_of);
  const std::int64_t day = data::to_epoch_days(as_of);
  const std::size_t rows = population.rows();
  // By default, threads only where each gets enough rows to pay for itself;
  // chunks no longer than a thread's share (a small population does not set
  // up, per thread and node, buffers for 8,192 rows).
  constexpr std::size_t kRowsPerThread = 16384;
  std::size_t threads = options.threads;
  if (threads == 0) {
    threads = std::min<std::size_t>(std::max(1U, std::thread::hardware_concurrency()),
                                    (rows + kRowsPerThread - 1) / kRowsPerThread);
  }
  threads = std::max<std::size_t>(1, std::min(threads, rows));
  const std::size_t chunk_rows =
      options.chunk_rows != 0 ? options.chunk_rows : default_chunk_rows(rows, threads);
  const std::size_t chunk =
      std::max<std::size_t>(1, std::min(chunk_rows, (rows + threads - 1) / threads));

  Results res;
  res.as_of = as_of;
  res.rows = rows;
  std::vector<bool> in_force;
  std::vector<bool> needed(c.inputs.size(), false);  // what a chunk loads
  for (std::size_t p = 0; p < c.packages.size(); ++p) {
    const auto& cp = c.compiled[p];
    PackageResults r;
    r.id = c.packages[p].id;
    r.reasons = c.compiled[p].reasons;
    r.eligible.resize(rows);
    r.amount.resize(rows);
    constexpr auto kByteCodes = static_cast<std::size_t>(std::numeric_limits<std::int8_t>::max());
    if (options.narrow_reasons && r.reasons.size() <= kByteCodes) {
      r.reason8.resize(rows);
    } else {
      r.reason.resize(rows);
    }
    res.packages.push_back(std::move(r));
    in_force.push_back(c.packages[p].in_force(as_of));
    if (in_force.back()) {  // every input some package in force reads
      for (const auto& e : cp.conditions) {
        for (const auto s : e.inputs) needed[static_cast<std::size_t>(s)] = true;
      }
      for (const auto s : cp.amount.inputs) needed[static_cast<std::size_t>(s)] = true;
    }
  }

  // Conditions with the same text (packages often share `female`,
  // `ethnic_minority`...) are one condition: its codes for a chunk, once
  // computed over every row, serve the others. same_text[p][k] numbers them.
  std::vector<std::vector<std::size_t>> same_text(c.packages.size());
  std::vector<std::string_view> texts;
  for (std::size_t p = 0; p < c.packages.size(); ++p) {
    for (const auto& e : c.compiled[p].conditions) {
      const auto it = std::find(texts.begin(), texts.end(), std::string_view(e.text));
      same_text[p].push_back(static_cast<std::size_t>(it - texts.begin()));
      if (it == texts.end()) texts.emplace_back(e.text);
    }
  }

  /// Per thread and package: eligible rows, error rows, sum of amounts.
  struct Tally {
    std::size_t eligible = 0;
    std::size_t errors = 0;
    core::detail::int128 total = 0;
  };
  // Threads take a few chunks at a time, in turn, rather than a fixed half
  // each: on a shared machine a thread that loses its core for a while does
  // not hold up the whole call. Every row is still written by one thread.
  const std::size_t chunks = (rows + chunk - 1) / chunk;
  const std::size_t per_take =
      std::max<std::size_t>(1, std::min<std::size_t>(8, chunks / (4 * threads)));
  std::atomic<std::size_t> next_chunk{0};
  // The next rows [first, last) for a thread (whole chunks but the
  // population's last); false when none are left.
  auto take = [&](std::size_t& first, std::size_t& last) {
    const std::size_t k = next_chunk.fetch_add(per_take, std::memory_order_relaxed);
    if (k >= chunks) return false;
    first = k * chunk;
    last = std::min(rows, (k + per_take) * chunk);
    return true;
  };
  auto work = [&](std::vector<Tally>& tally) {
    detail::InputBuffers in(population, columns, chunk);
    std::vector<std::vector<detail::ExprBuffers>> cond_buffers(c.packages.size());
    std::vector<std::vector<detail::ExprBuffers>> amount_buffers(c.packages.size());
    for (std::size_t p = 0; p < c.packages.size(); ++p) {
      if (!in_force[p]) continue;
      for (const auto& e : c.compiled[p].conditions)
        cond_buffers[p].emplace_back(e, chunk, params, day);
      amount_buffers[p].emplace_back(c.compiled[p].amount, chunk, params, day);
    }
    std::vector<std::uint32_t> sel(chunk);
    detail::InputBuffers gathered(population, columns, chunk);
    // Per distinct condition text: the codes of every row of the chunk at
    // `computed_at` (a chunk start), when some package computed them.
    std::vector<const std::uint8_t*> shared_codes(texts.size(), nullptr);
    std::vector<std::size_t> computed_at(texts.size(), std::numeric_limits<std::size_t>::max());
    std::vector<std::uint8_t> picked(chunk);
    // Decides package p for rows [start, start + n); reason codes of type R
    // (one byte for a package of at most 127 reasons when asked, else two).
    auto decide_package = [&](std::size_t p, std::size_t start, std::size_t n, auto* reason) {
      using R = std::remove_pointer_t<decltype(reason)>;
      auto& r = res.packages[p];
      std::uint8_t* eligible = r.eligible.data() + start;
      std::int64_t* amount = r.amount.data() + start;
      std::fill_n(reason, n, static_cast<R>(detail::kEligible));
      // Once at most a quarter of the rows are still open, the later conditions
      // and the amount run on those rows only, gathered (a selection vector).
      std::size_t open = n;
      std::size_t m = n;  // rows the next evaluation covers
      bool selected = false;
      auto compact = [&]() {
        if (!selected) {
          m = detail::open_rows(reason, n, sel.data());
        } else {
          std::size_t k2 = 0;
          for (std::size_t j = 0; j < m; ++j) {
            sel[k2] = sel[j];
            k2 += reason[sel[j]] == detail::kEligible ? 1U : 0U;
          }
          m = k2;
        }
        selected = true;
        gathered.select(start, sel.data(), m);
      };
      for (std::size_t k = 0; k < cond_buffers[p].size() && open > 0; ++k) {
        if (4 * open <= m) compact();
        auto& b = cond_buffers[p][k];
        const auto base = detail::condition_reason(k, 1);
        const std::size_t text = same_text[p][k];
        const std::uint8_t* known = computed_at[text] == start ? shared_codes[text] : nullptr;
        detail::Decided d;
        if (selected) {
          const std::uint8_t* codes = picked.data();
          if (known != nullptr) {
            for (std::size_t j = 0; j < m; ++j) picked[j] = known[sel[j]];
          } else {
            gathered.need(b.expr->inputs);
            detail::eval_columns(b, gathered, start, m, sel.data());
            codes = b.root_codes();
          }
          d = detail::decide_selected(codes, sel.data(), m, base, reason);
        } else {
          if (known == nullptr) {
            detail::eval_columns(b, in, start, n);
            known = b.root_codes();
            shared_codes[text] = known;
            computed_at[text] = start;
          }
          d = detail::decide(known, n, base, reason, open);
        }
        open = d.open;
        tally[p].errors += d.errors;
      }
      if (open > 0 && 4 * open <= m) compact();
      if (open == 0 || selected) {  // else the loop below writes every row
        std::fill_n(eligible, n, 0);
        std::fill_n(amount, n, 0);
      }
      if (open == 0) return;
      auto& b = amount_buffers[p][0];
      if (selected) {
        gathered.need(b.expr->inputs);
        detail::eval_columns(b, gathered, start, m, sel.data());
      } else {
        detail::eval_columns(b, in, start, n);
      }
      const std::int64_t* v = b.root_values();
      const std::uint8_t* s = b.root_states();
      const auto amount_error =
          static_cast<R>(detail::amount_error_reason(c.packages[p].conditions.size()));
      std::size_t ok_rows = 0;
      std::size_t bad_rows = 0;
      core::detail::int128 sum = 0;
      for (std::size_t j = 0; j < m; ++j) {
        const std::size_t row = selected ? sel[j] : j;
        const bool open_row = reason[row] == detail::kEligible;
        const bool ok = open_row && s[j] == detail::kPresent && v[j] >= 0;
        const bool bad = open_row && !ok;
        if (bad) reason[row] = amount_error;
        eligible[row] = ok ? 1 : 0;
        amount[row] = ok ? v[j] : 0;
        ok_rows += ok ? 1 : 0;
        bad_rows += bad ? 1 : 0;
        sum += amount[row];
      }
      tally[p].eligible += ok_rows;
      tally[p].errors += bad_rows;
      tally[p].total += sum;
    };
    std::size_t first = 0;
    std::size_t last = 0;
    while (take(first, last)) {
      for (std::size_t start = first; start < last; start += chunk) {
        const std::size_t n = std::min(chunk, last - start);
        in.load(start, n, needed);
        for (std::size_t p = 0; p < c.packages.size(); ++p) {
          auto& r = res.packages[p];
          const bool narrow = !r.reason8.empty();
          if (!in_force[p]) {
            std::fill_n(r.eligible.data() + start, n, 0);
            std::fill_n(r.amount.data() + start, n, 0);
            if (narrow)
              std::fill_n(r.reason8.data() + start, n,
                          static_cast<std::int8_t>(detail::kNotInForce));
            else
              std::fill_n(r.reason.data() + start, n, detail::kNotInForce);
          } else if (narrow) {
            decide_package(p, start, n, r.reason8.data() + start);
          } else {
            decide_package(p, start, n, r.reason.data() + start);
          }
        }
      }
    }
  };

  std::vector<std::vector<Tally>> tallies(threads, std::vector<Tally>(c.packages.size()));
  core::detail::in_parallel(threads, [&](std::size_t t) { work(tallies[t]); });

  for (std::size_t p = 0; p < res.packages.size(); ++p) {
    auto& r = res.packages[p];
    core::detail::int128 total = 0;
    for (const auto& t : tallies) {
      r.eligible_count += t[p].eligible;
      r.error_count += t[p].errors;
      total += t[p].total;
    }
    if (total > std::numeric_limits<std::int64_t>::max()) {
      throw core::OverflowError("package '" + r.id +
                                "': the total of the amounts exceeds the int64 range of đồng");
    }
    r.total = core::Money::vnd(static_cast<std::int64_t>(total));
  }
  return res;
}

namespace {
/// The inputs no package reads may be absent from a population file.
data::CsvOptions population_options(const RuleSet& rules, data::CsvOptions options) {
  for (const auto& f : rules.inputs().fields()) {
    if (!rules.input_used(f.name)) options.optional_fields.push_back(f.name);
  }
  return options;
}
}  // namespace

data::Table read_population(const RuleSet& rules, const std::filesystem::path& path,
                            data::CsvOptions options) {
  return data::read_csv(path, rules.inputs(), population_options(rules, std::move(options)));
}

data::Table parse_population(const RuleSet& rules, std::string_view csv,
                             const std::string& source_name, data::CsvOptions options) {
  return data::parse_csv(csv, rules.inputs(), source_name,
                         population_options(rules, std::move(options)));
}

// ---------------------------------------------------------------------------
// explain

namespace {

/// Reads one row of a table for the one-case evaluator.
class TableRow final : public detail::RowSource {
 public:
  TableRow(const data::Table& t, const std::vector<std::int32_t>& columns, std::size_t row)
      : t_(t), columns_(columns), row_(row) {}
  Scalar input(std::int32_t slot) const override {
    const data::Column& c =
        t_.column(static_cast<std::size_t>(columns_[static_cast<std::size_t>(slot)]));
    if (!c.is_valid(row_)) return Scalar{detail::kMissing, 0, {}};
    switch (c.type()) {
      case data::ColumnType::boolean:
        return Scalar{detail::kPresent, c.bool_data()[row_] != 0 ? 1 : 0, {}};
      case data::ColumnType::integer:
      case data::ColumnType::date:
        return Scalar{detail::kPresent, c.int64_data()[row_], {}};
      case data::ColumnType::enumeration:
        return Scalar{detail::kPresent, c.code_at(row_), {}};
      case data::ColumnType::string:
        return Scalar{detail::kPresent, 0, c.string_at(row_)};
    }
    return {};
  }

 private:
  const data::Table& t_;
  const std::vector<std::int32_t>& columns_;
  std::size_t row_;
};

/// A value as it reads in a trace.
std::string show(const Scalar& s, detail::Type type, const data::Field* field) {
  if (s.state == detail::kMissing) return "∅";
  if (s.state == detail::kError) return "error";
  switch (type) {
    case detail::Type::boolean:
      return s.value != 0 ? "true" : "false";
    case detail::Type::integer:
      return std::to_string(s.value);
    case detail::Type::date: {
      try {
        return core::to_iso(data::from_epoch_days(s.value));
      } catch (const core::Error&) {
        return std::to_string(s.value) + " days";
      }
    }
    case detail::Type::text:
      if (field != nullptr && field->type == data::ColumnType::enumeration) {
        return "'" + field->categories.at(static_cast<std::size_t>(s.value)) + "'";
      }
      return "'" + std::string(s.text) + "'";
  }
  return "?";
}

/// The expression text with each name replaced by its value.
std::string substitute(const detail::Expr& e, const std::vector<Scalar>& values,
                       const Compiled& c) {
  struct Edit {
    std::size_t offset, length;
    std::string text;
  };
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < e.nodes.size(); ++i) {
    const auto& n = e.nodes[i];
    std::size_t length = 0;
    const data::Field* field = nullptr;
    if (n.op == detail::Op::input) {
      field = &c.inputs.fields()[static_cast<std::size_t>(n.slot)];
      length = field->name.size();
    } else if (n.op == detail::Op::parameter) {
      length = c.parameters[static_cast<std::size_t>(n.slot)].name().size();
    } else if (n.op == detail::Op::as_of) {
      length = 5;
    } else {
      continue;
    }
    edits.push_back({n.offset, length, show(values[i], n.type, field)});
  }
  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.offset > b.offset; });
  std::string out = e.text;
  for (const auto& ed : edits) {
    if (ed.offset + ed.length <= out.size()) out.replace(ed.offset, ed.length, ed.text);
  }
  return out;
}

Truth truth_of(const Scalar& s) {
  if (s.state == detail::kError) return Truth::error;
  if (s.state == detail::kMissing) return Truth::unknown;
  return s.value == 1 ? Truth::yes : Truth::no;
}

}  // namespace

std::string_view to_string(Truth t) noexcept {
  return core::key(t);
}

Trace explain(const RuleSet& rules, const data::Table& population, std::size_t row,
              core::Date as_of) {
  return CaseEvaluator(rules, population).explain(row, as_of);
}

CaseEvaluator::CaseEvaluator(const RuleSet& rules, const data::Table& population)
    : rules_(rules), population_(&population), columns_(bind(rules.compiled(), population)) {}

Trace CaseEvaluator::explain(std::size_t row, core::Date as_of) const {
  Trace t;
  run(row, as_of, &t, nullptr);
  return t;
}

std::vector<Decision> CaseEvaluator::decide(std::size_t row, core::Date as_of) const {
  std::vector<Decision> out;
  run(row, as_of, nullptr, &out);
  return out;
}

// One case: the decision of every package, and with `trace` its text too.
void CaseEvaluator::run(std::size_t row, core::Date as_of, Trace* trace,
                        std::vector<Decision>* decisions) const {
  check_date(as_of);
  const data::Table& population = *population_;
  core::require(row < population.rows(), "row " + std::to_string(row) +
                                             " is beyond the population's " +
                                             std::to_string(population.rows()) + " rows");
  const Compiled& c = rules_.compiled();
  const auto params = parameter_values(c, as_of);
  const std::int64_t day = data::to_epoch_days(as_of);
  const TableRow source(population, columns_, row);
  if (trace != nullptr) {
    trace->as_of = as_of;
    trace->row = row;
    if (const auto id = population.schema().index_of("id");
        id && population.column(*id).type() == data::ColumnType::string &&
        population.column(*id).is_valid(row)) {
      trace->person = std::string(population.column(*id).string_at(row));
    }
  }
  std::vector<Scalar> values;
  std::vector<Scalar>* keep =
      trace != nullptr ? &values : nullptr;  // node values only for the text
  for (std::size_t p = 0; p < c.packages.size(); ++p) {
    const Package& pkg = c.packages[p];
    const auto& cp = c.compiled[p];
    PackageTrace pt;
    pt.in_force = pkg.in_force(as_of);
    if (trace != nullptr) {
      pt.id = pkg.id;
      pt.title = pkg.title;
      pt.status = pkg.status;
      pt.amount_expression = pkg.amount;
      for (const auto slot : cp.params) {
        const auto& param = c.parameters[static_cast<std::size_t>(slot)];
        if (const auto* v = param.find(as_of)) {
          pt.parameters.push_back(
              {param.name(), v->value, param.unit(), v->from, v->source, v->status});
        }
      }
    }
    if (!pt.in_force) {
      pt.reason = "not_in_force";
    } else {
      bool decided = false;
      for (std::size_t k = 0; k < cp.conditions.size() && (trace != nullptr || !decided); ++k) {
        const Scalar v = detail::eval_scalar(cp.conditions[k], source, params, day, keep);
        const Truth truth = truth_of(v);
        const bool decisive = !decided && truth != Truth::yes;
        if (decisive) {
          decided = true;
          pt.reason = cp.reasons[static_cast<std::size_t>(
              detail::condition_reason(k, v.state == detail::kPresent ? 1 : v.state))];
        }
        if (trace != nullptr) {
          pt.conditions.push_back({pkg.conditions[k].id, pkg.conditions[k].when,
                                   substitute(cp.conditions[k], values, c), truth, decisive});
        }
      }
      if (!decided || trace != nullptr) {
        const Scalar a = detail::eval_scalar(cp.amount, source, params, day, keep);
        if (trace != nullptr) pt.amount_with_values = substitute(cp.amount, values, c);
        if (!decided) {
          if (a.state == detail::kPresent && a.value >= 0) {
            pt.eligible = true;
            pt.amount = a.value;
          } else {
            pt.reason = "error:amount";
          }
        }
      }
    }
    if (decisions != nullptr) decisions->push_back({pt.eligible, pt.reason, pt.amount});
    if (trace != nullptr) trace->packages.push_back(std::move(pt));
  }
}

// ---------------------------------------------------------------------------
// what-if

WhatIf whatif(const RuleSet& base, const RuleSet& variant, const data::Table& population,
              core::Date as_of, const EvaluateOptions& options) {
  WhatIf w;
  w.base = evaluate(base, population, as_of, options);
  w.variant = evaluate(variant, population, as_of, options);
  auto compare = [&](const PackageResults* b, const PackageResults* v, const std::string& id) {
    WhatIfPackage d;
    d.id = id;
    d.in_base = b != nullptr;
    d.in_variant = v != nullptr;
    if (b) {
      d.base_eligible = b->eligible_count;
      d.base_cost = b->total;
    }
    if (v) {
      d.variant_eligible = v->eligible_count;
      d.variant_cost = v->total;
    }
    std::map<std::string, std::size_t> gained;
    std::map<std::string, std::size_t> lost;
    for (std::size_t i = 0; i < population.rows(); ++i) {
      const bool be = b && b->eligible[i] != 0;
      const bool ve = v && v->eligible[i] != 0;
      if (ve && !be) {
        ++d.gained;
        ++gained[b ? b->reason_at(i) : std::string("not_in_base")];
      } else if (be && !ve) {
        ++d.lost;
        ++lost[v ? v->reason_at(i) : std::string("not_in_variant")];
      }
    }
    auto sorted = [](const std::map<std::string, std::size_t>& m) {
      std::vector<std::pair<std::string, std::size_t>> out(m.begin(), m.end());
      std::stable_sort(out.begin(), out.end(),
                       [](const auto& a, const auto& b2) { return a.second > b2.second; });
      return out;
    };
    d.gained_by_reason = sorted(gained);
    d.lost_by_reason = sorted(lost);
    w.packages.push_back(std::move(d));
  };
  for (const auto& b : w.base.packages) {
    const PackageResults* v = nullptr;
    for (const auto& x : w.variant.packages) {
      if (x.id == b.id) v = &x;
    }
    compare(&b, v, b.id);
  }
  for (const auto& v : w.variant.packages) {
    const bool in_base = std::any_of(w.base.packages.begin(), w.base.packages.end(),
                                     [&](const PackageResults& b) { return b.id == v.id; });
    if (!in_base) compare(nullptr, &v, v.id);
  }
  return w;
}

// ---------------------------------------------------------------------------
// declarative tests

std::size_t TestReport::covered() const noexcept {
  return static_cast<std::size_t>(std::count_if(
      coverage.begin(), coverage.end(), [](const auto& c) { return c.seen_true && c.seen_false; }));
}

TestReport run_tests(const RuleSet& rules) {
  const Compiled& c = rules.compiled();
  TestReport report;
  for (std::size_t p = 0; p < c.packages.size(); ++p) {
    for (const auto& cond : c.packages[p].conditions)
      report.coverage.push_back({c.packages[p].id, cond.id, false, false});
  }
  for (const auto& test : c.tests) {
    // One row, through the CSV reader: the same conversions as a real file.
    std::string header;
    std::string line;
    for (const auto& f : c.inputs.fields()) {
      if (&f != &c.inputs.fields().front()) {
        header += ',';
        line += ',';
      }
      header += data::csv_field(f.name);
      std::string cell;
      for (const auto& [name, value] : test.input) {
        if (name == f.name) cell = value;
      }
      line += data::csv_field(cell);
    }
    data::Table row;
    try {
      row = data::parse_csv(header + "\n" + line + "\n", c.inputs, "test");
    } catch (const core::ParseError& e) {
      for (const auto& pr : e.problems())
        report.failures.push_back({test.location, pr.field, test.name + ": " + pr.message});
      continue;
    }
    const Trace trace = explain(rules, row, 0, test.as_of);
    bool ok = true;
    for (const auto& x : test.expect) {
      const auto it = std::find_if(trace.packages.begin(), trace.packages.end(),
                                   [&](const PackageTrace& pt) { return pt.id == x.package; });
      if (it == trace.packages.end()) continue;
      auto fail = [&](const std::string& what, const std::string& want, const std::string& got) {
        ok = false;
        report.failures.push_back(
            {test.location, x.package,
             test.name + ": " + x.package + " " + what + " expected " + want + ", got " + got});
      };
      if (x.eligible && *x.eligible != it->eligible) {
        fail("eligible", *x.eligible ? "true" : "false", it->eligible ? "true" : "false");
      }
      if (x.reason && *x.reason != it->reason)
        fail("reason", "'" + *x.reason + "'", "'" + it->reason + "'");
      if (x.amount && *x.amount != it->amount)
        fail("amount", std::to_string(*x.amount), std::to_string(it->amount));
    }
    report.passed += ok ? 1 : 0;
    for (const auto& pt : trace.packages) {
      // Coverage counts the conditions a decision actually looked at.
      for (const auto& ct : pt.conditions) {
        for (auto& cov : report.coverage) {
          if (cov.package == pt.id && cov.condition == ct.id) {
            cov.seen_true = cov.seen_true || ct.value == Truth::yes;
            cov.seen_false = cov.seen_false || ct.value != Truth::yes;
          }
        }
        if (ct.decisive) break;
      }
    }
  }
  return report;
}

// ---------------------------------------------------------------------------
// Formula

namespace detail {
/// A formula: the names it may read (as a rule set's inputs and parameters) and its expression.
struct CompiledFormula {
  Compiled names;  ///< inputs, parameters, used_inputs.
  Expr expr;       ///< The integer expression.
};
}  // namespace detail

Formula Formula::compile(std::string_view text, const data::Schema& columns,
                         std::vector<legal::Parameter<std::int64_t>> parameters,
                         const std::string& source_name) {
  auto f = std::make_shared<detail::CompiledFormula>();
  f->names.name = source_name;
  f->names.inputs = columns;
  f->names.parameters = std::move(parameters);
  detail::Scope scope;
  scope.inputs = &f->names.inputs;
  for (const auto& p : f->names.parameters) {
    if (columns.index_of(p.name())) {
      throw core::InvalidArgument("parameter '" + p.name() + "' has the name of a column");
    }
    scope.parameters.push_back(p.name());
  }
  f->expr = detail::compile(text, scope, detail::Type::integer,
                            core::SourceLocation{source_name, 1, 1}, "formula");
  f->names.used_inputs.assign(columns.size(), false);
  for (const auto i : f->expr.inputs) f->names.used_inputs[static_cast<std::size_t>(i)] = true;
  return Formula(std::move(f));
}

const std::string& Formula::text() const noexcept {
  return impl_->expr.text;
}

std::vector<std::string> Formula::columns_used() const {
  std::vector<std::string> out;
  for (const auto i : impl_->expr.inputs)
    out.push_back(impl_->names.inputs.fields()[static_cast<std::size_t>(i)].name);
  return out;
}

namespace {

/// The formula's parameter values on `as_of`; InvalidArgument when one it reads has none.
std::vector<std::int64_t> formula_parameters(const detail::CompiledFormula& f, core::Date as_of) {
  check_date(as_of);
  for (const auto slot : f.expr.params) {
    const auto& p = f.names.parameters[static_cast<std::size_t>(slot)];
    if (p.find(as_of) == nullptr) {
      throw core::InvalidArgument("parameter '" + p.name() + "' has no value in force on " +
                                  core::to_iso(as_of));
    }
  }
  return parameter_values(f.names, as_of);
}

FormulaValue to_formula_value(const Scalar& s) {
  if (s.state == detail::kPresent) return {FormulaValue::State::present, s.value};
  return {s.state == detail::kMissing ? FormulaValue::State::missing : FormulaValue::State::error,
          0};
}

}  // namespace

std::vector<FormulaValue> Formula::evaluate(const data::Table& table, core::Date as_of) const {
  const auto params = formula_parameters(*impl_, as_of);
  const auto columns = bind(impl_->names, table, "formula");
  const std::int64_t day = data::to_epoch_days(as_of);
  std::vector<FormulaValue> out;
  out.reserve(table.rows());
  for (std::size_t row = 0; row < table.rows(); ++row) {
    out.push_back(to_formula_value(
        detail::eval_scalar(impl_->expr, TableRow(table, columns, row), params, day)));
  }
  return out;
}

std::string Formula::explain(const data::Table& table, std::size_t row, core::Date as_of) const {
  core::require(row < table.rows(), "row " + std::to_string(row) + " is beyond the table's " +
                                        std::to_string(table.rows()) + " rows");
  const auto params = formula_parameters(*impl_, as_of);
  const auto columns = bind(impl_->names, table, "formula");
  std::vector<Scalar> values;
  const Scalar v = detail::eval_scalar(impl_->expr, TableRow(table, columns, row), params,
                                       data::to_epoch_days(as_of), &values);
  return substitute(impl_->expr, values, impl_->names) + " = " +
         show(v, detail::Type::integer, nullptr);
}

}  // namespace project8::rules
