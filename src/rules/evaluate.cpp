// evaluate(): a population decided package by package, in chunks over threads,
// and the population reader by a rule set's inputs.
#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>
#include <type_traits>
#include <variant>

#include "../core/parallel.hpp"
#include "columns.hpp"
#include "households.hpp"
#include "shared.hpp"
#include <project8/core/checked.hpp>
#include <project8/data/csv.hpp>
#include <project8/rules/evaluate.hpp>

namespace project8::rules {

namespace detail {

/// For each rule input, the table column holding it; checks names and types.
std::vector<std::int32_t> bind(const Compiled& c, const data::Table& table, std::string_view what) {
  check_tables_bound(c);
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

std::optional<data::Table> with_defaults(const Compiled& c, const data::Table& table) {
  const std::size_t rows = table.rows();
  std::vector<data::Field> fields = table.schema().fields();
  std::vector<data::Column> columns = table.columns();
  bool changed = false;
  for (std::size_t k = 0; k < c.inputs.size(); ++k) {
    if (!c.defaults[k]) continue;
    const data::Column& d = *c.defaults[k];
    const data::Field& f = c.inputs.fields()[k];
    const auto at = table.schema().index_of(f.name);
    const data::Column* have = at ? &table.column(*at) : nullptr;
    if (have != nullptr &&
        (have->type() != f.type || (have->valid_data() == nullptr && !have->has_missing_marks()))) {
      continue;  // every value present (or of another type: bind() says so)
    }
    auto present = [&](std::size_t i) { return have != nullptr && have->is_valid(i); };
    data::Column filled;
    switch (f.type) {
      case data::ColumnType::boolean: {
        std::vector<std::uint8_t> v(rows);
        for (std::size_t i = 0; i < rows; ++i)
          v[i] = present(i) ? have->bool_data()[i] : d.bool_data()[0];
        filled = data::Column::booleans(std::move(v));
        break;
      }
      case data::ColumnType::integer:
      case data::ColumnType::date: {
        std::vector<std::int64_t> v(rows);
        for (std::size_t i = 0; i < rows; ++i)
          v[i] = present(i) ? have->int64_data()[i] : d.int64_data()[0];
        filled = f.type == data::ColumnType::date ? data::Column::dates(std::move(v))
                                                  : data::Column::integers(std::move(v));
        break;
      }
      case data::ColumnType::enumeration: {
        std::vector<std::int32_t> v(rows);
        for (std::size_t i = 0; i < rows; ++i) v[i] = present(i) ? have->code_at(i) : d.code_at(0);
        filled = data::Column::enumeration(std::move(v));
        break;
      }
      case data::ColumnType::string: {
        std::vector<std::string> v(rows);
        for (std::size_t i = 0; i < rows; ++i)
          v[i] = std::string(present(i) ? have->string_at(i) : d.string_at(0));
        filled = data::Column::strings(v);
        break;
      }
    }
    if (at) {
      columns[*at] = std::move(filled);
      fields[*at] = f;
    } else {
      columns.push_back(std::move(filled));
      fields.push_back(f);
    }
    changed = true;
  }
  if (!changed) return std::nullopt;
  return data::Table(data::Schema(std::move(fields)), std::move(columns));
}

void check_date(core::Date d) {
  core::require(!d.is_special(), "as_of must be a real date");
}

}  // namespace detail

ReasonCodes::ReasonCodes(std::size_t rows, bool narrow) {
  if (narrow)
    codes_.emplace<Narrow>(rows);
  else
    codes_.emplace<Wide>(rows);
}

std::size_t ReasonCodes::size() const noexcept {
  return std::visit([](const auto& codes) { return codes.size(); }, codes_);
}

std::size_t ReasonCodes::at(std::size_t i) const {
  return std::visit([i](const auto& codes) { return static_cast<std::size_t>(codes.at(i)); },
                    codes_);
}

std::vector<std::size_t> PackageResults::reason_counts() const {
  std::vector<std::size_t> counts(reasons.size(), 0);
  std::visit(
      [&](const auto& codes) {
        for (const auto r : codes) ++counts[static_cast<std::size_t>(r)];
      },
      reason.storage());
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

void detail::check_options(const EvaluateOptions& options) {
  if (options.chunk_rows > (1U << 20U)) {
    throw core::InvalidArgument("chunk_rows must be 0 (chosen per call) or 1 to 1048576, not " +
                                std::to_string(options.chunk_rows));
  }
}

Results evaluate(const RuleSet& rules, const data::Table& population_in, core::Date as_of,
                 const EvaluateOptions& options) {
  check_date(as_of);
  detail::check_options(options);
  const Compiled& c = rules.compiled();
  if (c.household) {
    throw core::InvalidArgument("rule set '" + c.name +
                                "' declares households: evaluate persons and households together "
                                "(the household table as well)");
  }
  const auto filled = detail::with_defaults(c, population_in);
  const data::Table& population = filled ? *filled : population_in;
  const auto columns = bind(c, population);
  Results res;
  res.as_of = as_of;
  res.rows = population.rows();
  std::vector<detail::DerivedValues> derived(c.derived.size());  // package results only
  res.packages = detail::decide_entity(c, population, columns, derived, as_of, options);
  return res;
}

std::vector<PackageResults> detail::decide_packages(
    const Compiled& c, const data::Table& population, const std::vector<std::int32_t>& columns,
    const std::vector<DerivedValues>* derived, core::Date as_of, const EvaluateOptions& options,
    std::uint32_t level) {
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

  struct {
    std::vector<PackageResults> packages;
  } res;
  std::vector<bool> in_force;
  // The packages this call decides: those of `level` (the others' results stay empty).
  std::vector<bool> active(c.packages.size(), true);
  for (std::size_t p = 0; p < c.packages.size() && p < c.package_level.size(); ++p)
    active[p] = c.package_level[p] == level;
  // What a chunk loads: declared inputs, then derived ones.
  std::vector<bool> needed(c.inputs.size() + (derived != nullptr ? derived->size() : 0), false);
  for (std::size_t p = 0; p < c.packages.size(); ++p) {
    const auto& cp = c.compiled[p];
    PackageResults r;
    r.id = c.packages[p].id;
    r.entity = c.entity;
    if (!active[p]) {
      res.packages.push_back(std::move(r));
      in_force.push_back(false);
      continue;
    }
    r.reasons = c.compiled[p].reasons;
    r.eligible.resize(rows);
    r.amount.resize(rows);
    constexpr auto kByteCodes = static_cast<std::size_t>(std::numeric_limits<std::int8_t>::max());
    r.reason = ReasonCodes(rows, options.narrow_reasons && r.reasons.size() <= kByteCodes);
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
    detail::InputBuffers in(population, columns, chunk, derived);
    const detail::TableReader tables(c, as_of);  // this thread's cells of the dated tables
    std::vector<std::vector<detail::ExprBuffers>> cond_buffers(c.packages.size());
    std::vector<std::vector<detail::ExprBuffers>> amount_buffers(c.packages.size());
    for (std::size_t p = 0; p < c.packages.size(); ++p) {
      if (!in_force[p]) continue;
      for (const auto& e : c.compiled[p].conditions)
        cond_buffers[p].emplace_back(e, chunk, params, day, &tables);
      amount_buffers[p].emplace_back(c.compiled[p].amount, chunk, params, day, &tables);
    }
    std::vector<std::uint32_t> sel(chunk);
    detail::InputBuffers gathered(population, columns, chunk, derived);
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
          if (!active[p]) continue;
          auto& r = res.packages[p];
          std::visit(
              [&](auto& codes) {
                using Code = typename std::decay_t<decltype(codes)>::value_type;
                if (!in_force[p]) {
                  std::fill_n(r.eligible.data() + start, n, 0);
                  std::fill_n(r.amount.data() + start, n, 0);
                  std::fill_n(codes.data() + start, n, static_cast<Code>(detail::kNotInForce));
                } else {
                  decide_package(p, start, n, codes.data() + start);
                }
              },
              r.reason.storage());
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
  return std::move(res.packages);
}

namespace {
/// The inputs no package reads, and those with a default, may be absent from a population file.
data::CsvOptions population_options(const RuleSet& rules, data::CsvOptions options,
                                    std::string_view entity = "person") {
  const Compiled& e = rules.compiled().of(entity);
  for (std::size_t k = 0; k < e.inputs.size(); ++k) {
    const auto& f = e.inputs.fields()[k];
    if (!e.used_inputs[k] || e.defaults[k]) options.optional_fields.push_back(f.name);
  }
  return options;
}

const data::Schema& household_schema(const RuleSet& rules) {
  if (!rules.has_households()) {
    throw core::InvalidArgument("rule set '" + rules.name() + "' declares no households");
  }
  return rules.household_inputs();
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

data::Table read_households(const RuleSet& rules, const std::filesystem::path& path,
                            data::CsvOptions options) {
  return data::read_csv(path, household_schema(rules),
                        population_options(rules, std::move(options), "household"));
}

data::Table parse_households(const RuleSet& rules, std::string_view csv,
                             const std::string& source_name, data::CsvOptions options) {
  return data::parse_csv(csv, household_schema(rules), source_name,
                         population_options(rules, std::move(options), "household"));
}

}  // namespace project8::rules
