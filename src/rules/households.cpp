// Persons and households together: linking, derived inputs over whole
// tables, evaluate() of both entities, and the one-case rows.
#include "households.hpp"

#include <algorithm>
#include <string>
#include <thread>
#include <unordered_map>

#include "../core/parallel.hpp"
#include "semantics.hpp"

namespace project8::rules {

namespace detail {

namespace {

/// The key of row `i` of a key column (string or int) as text, for messages and matching.
std::string key_text(const data::Column& k, std::size_t i) {
  return k.type() == data::ColumnType::string ? std::string(k.string_at(i))
                                              : std::to_string(k.int64_data()[i]);
}

/// Collects the link's problems; says at most a few, then how many more.
struct LinkProblems {
  std::vector<std::string> said;
  std::size_t count = 0;
  void add(std::string s) {
    if (++count <= 5) said.push_back(std::move(s));
  }
  void throw_if_any(const std::string& key) const {
    if (count == 0) return;
    std::string msg = "persons and households do not fit together by '" + key + "': ";
    for (std::size_t k = 0; k < said.size(); ++k) msg += (k ? "; " : "") + said[k];
    if (count > said.size()) msg += "; and " + std::to_string(count - said.size()) + " more";
    throw core::InvalidArgument(msg);
  }
};

}  // namespace

void bind_households(BoundHouseholds& b, const Compiled& c, const data::Table& persons,
                     const data::Table& households) {
  const Compiled& h = *c.household;
  b.persons_filled = with_defaults(c, persons);
  b.households_filled = with_defaults(h, households);
  b.persons = b.persons_filled ? &*b.persons_filled : &persons;
  b.households = b.households_filled ? &*b.households_filled : &households;
  b.person_columns = bind(c, *b.persons, "the persons of rule set");
  b.household_columns = bind(h, *b.households, "the households of rule set");
  const std::string& key = c.household_key;
  const data::Column& pk =
      b.persons->column(static_cast<std::size_t>(b.person_columns[*c.inputs.index_of(key)]));
  const data::Column& hk =
      b.households->column(static_cast<std::size_t>(b.household_columns[*h.inputs.index_of(key)]));
  const std::size_t np = b.persons->rows();
  const std::size_t nh = b.households->rows();
  if (np > UINT32_MAX - 1 || nh > UINT32_MAX - 1)
    throw core::InvalidArgument("at most 4,294,967,294 persons and households");
  LinkProblems problems;
  std::vector<std::uint32_t>& home = b.link.household;
  home.assign(np, 0);
  std::vector<std::uint8_t> linked(np, 1);  // 0: the person's key names no household
  // Each person's household row by key: integer keys through a table by
  // value when they are dense enough (household numbers; none at all when
  // row i holds key lo + i), else hashed; text keys hashed as views of the
  // column (no copy).
  auto unlinked = [&](std::size_t i) {
    linked[i] = 0;
    if (!pk.is_valid(i)) {
      problems.add("person row " + std::to_string(i + 1) + " has no " + key);
    } else {
      problems.add("person row " + std::to_string(i + 1) + ": " + key + " '" + key_text(pk, i) +
                   "' names no household row");
    }
  };
  auto hashed = [&](auto key_of, auto& row_of) {
    row_of.reserve(nh);
    for (std::size_t i = 0; i < nh; ++i) {
      if (!hk.is_valid(i)) {
        problems.add("household row " + std::to_string(i + 1) + " has no " + key);
        continue;
      }
      const auto [at, fresh] = row_of.try_emplace(key_of(hk, i), static_cast<std::uint32_t>(i));
      if (!fresh) {
        problems.add("household " + key + " '" + key_text(hk, i) + "' appears on rows " +
                     std::to_string(at->second + 1) + " and " + std::to_string(i + 1));
      }
    }
    for (std::size_t i = 0; i < np; ++i) {
      const auto at = pk.is_valid(i) ? row_of.find(key_of(pk, i)) : row_of.end();
      if (at == row_of.end()) {
        unlinked(i);
      } else {
        home[i] = at->second;
      }
    }
  };
  if (hk.type() == data::ColumnType::string) {
    std::unordered_map<std::string_view, std::uint32_t> row_of;
    hashed([](const data::Column& k, std::size_t i) { return k.string_at(i); }, row_of);
  } else {
    const std::int64_t* hv = hk.int64_data();
    const std::int64_t* pv = pk.int64_data();
    bool any = false;
    std::int64_t lo = 0;
    std::int64_t hi = 0;
    bool identity = true;  // row i holds key hv[0] + i
    for (std::size_t i = 0; i < nh; ++i) {
      if (!hk.is_valid(i)) {
        identity = false;
        continue;
      }
      lo = any ? std::min(lo, hv[i]) : hv[i];
      hi = any ? std::max(hi, hv[i]) : hv[i];
      any = true;
      identity =
          identity && static_cast<std::uint64_t>(hv[i]) - static_cast<std::uint64_t>(hv[0]) == i;
    }
    const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    if (any && span < 4 * static_cast<std::uint64_t>(nh) + 16) {
      std::vector<std::uint32_t> rows;  // by key − lo; kNone where no household has that key
      constexpr std::uint32_t kNone = UINT32_MAX;
      if (!identity) {
        rows.assign(static_cast<std::size_t>(span) + 1, kNone);
        for (std::size_t i = 0; i < nh; ++i) {
          if (!hk.is_valid(i)) {
            problems.add("household row " + std::to_string(i + 1) + " has no " + key);
            continue;
          }
          auto& at = rows[static_cast<std::size_t>(static_cast<std::uint64_t>(hv[i]) -
                                                   static_cast<std::uint64_t>(lo))];
          if (at != kNone) {
            problems.add("household " + key + " '" + key_text(hk, i) + "' appears on rows " +
                         std::to_string(at + 1) + " and " + std::to_string(i + 1));
          } else {
            at = static_cast<std::uint32_t>(i);
          }
        }
      }
      const bool all_valid = pk.valid_data() == nullptr && !pk.has_missing_marks();
      for (std::size_t i = 0; i < np; ++i) {
        const std::uint64_t k = static_cast<std::uint64_t>(pv[i]) - static_cast<std::uint64_t>(lo);
        const bool in_range = k <= span && (all_valid || pk.is_valid(i));
        const std::uint32_t row = !in_range  ? kNone
                                  : identity ? static_cast<std::uint32_t>(k)
                                             : rows[static_cast<std::size_t>(k)];
        if (row == kNone) {
          unlinked(i);
        } else {
          home[i] = row;
        }
      }
    } else {
      std::unordered_map<std::int64_t, std::uint32_t> row_of;
      hashed([](const data::Column& k, std::size_t i) { return k.int64_data()[i]; }, row_of);
    }
  }
  std::vector<std::uint32_t>& size = b.link.size;
  size.assign(nh, 0);
  for (std::size_t i = 0; i < np; ++i) size[home[i]] += linked[i];
  for (std::size_t i = 0; i < nh; ++i) {
    if (size[i] == 0 && hk.is_valid(i)) {
      problems.add("household row " + std::to_string(i + 1) + " (" + key + " '" + key_text(hk, i) +
                   "') has no members");
    }
  }
  problems.throw_if_any(key);
}

void Membership::group_members() {
  const std::size_t nh = size.size();
  first.assign(nh + 1, 0);
  for (std::size_t i = 0; i < nh; ++i) first[i + 1] = first[i] + size[i];
  members.resize(household.size());
  std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
  for (std::size_t i = 0; i < household.size(); ++i)
    members[next[household[i]]++] = static_cast<std::uint32_t>(i);
}

namespace {

/// Evaluates `e` over every row of `table` in chunks, on up to `threads`
/// threads (each a range of rows); `take(t, start, n, states, values)`
/// receives each chunk's results on thread `t` (values 0 or 1 for a boolean
/// expression, 0 where not present). Returns the threads used.
template <class Take>
std::size_t over_chunks(const Compiled& c, const Expr& e, const data::Table& table,
                        const std::vector<std::int32_t>& columns,
                        const std::vector<DerivedValues>* derived, core::Date as_of,
                        std::size_t threads, const Take& take) {
  const std::size_t rows = table.rows();
  const auto params = parameter_values(c, as_of);
  const std::int64_t day = data::to_epoch_days(as_of);
  std::vector<bool> needed(c.inputs.size() + (derived != nullptr ? derived->size() : 0), false);
  for (const auto s : e.inputs) needed[static_cast<std::size_t>(s)] = true;
  constexpr std::size_t kChunk = 8192;
  threads = std::max<std::size_t>(1, std::min(threads, (rows + kChunk - 1) / kChunk));
  const std::size_t share = (rows + threads - 1) / threads;
  const Type type = e.type();
  core::detail::in_parallel(threads, [&](std::size_t t) {
    const std::size_t first = std::min(rows, t * share);
    const std::size_t last = std::min(rows, first + share);
    InputBuffers in(table, columns, kChunk, derived);
    const TableReader tables(c, as_of);
    ExprBuffers b(e, kChunk, params, day, &tables);
    std::vector<std::uint8_t> st(kChunk);
    std::vector<std::int64_t> val(kChunk);
    const bool root_input = e.nodes.size() == 1 && e.nodes.back().op == Op::input;
    for (std::size_t start = first; start < last; start += kChunk) {
      const std::size_t n = std::min(kChunk, last - start);
      in.load(start, n, needed);
      if (root_input) {  // an input (household.NAME, or sum(members, n)): its values as they are
        const auto slot = static_cast<std::size_t>(e.nodes.back().slot);
        std::copy_n(in.s[slot], n, st.begin());
        if (type == Type::boolean) {
          const auto* x = static_cast<const std::uint8_t*>(in.raw[slot]);
          for (std::size_t j = 0; j < n; ++j) val[j] = x[j] != 0 ? 1 : 0;
        } else if (in.v[slot] != nullptr) {
          std::copy_n(in.v[slot], n, val.begin());
        } else if (in.width[slot] == 8) {  // a derived input's enumeration codes
          std::copy_n(static_cast<const std::int64_t*>(in.raw[slot]), n, val.begin());
        } else {  // a column's enumeration codes
          const data::Column& col = in.column(static_cast<std::int32_t>(slot));
          for (std::size_t j = 0; j < n; ++j) val[j] = col.code_at(start + j);
        }
      } else {
        eval_columns(b, in, start, n);
        if (type == Type::boolean) {
          const std::uint8_t* codes = b.root_codes();
          for (std::size_t j = 0; j < n; ++j) {
            st[j] = state_of(codes[j]);
            val[j] = codes[j] == kCodeTrue ? 1 : 0;
          }
        } else {
          const std::int64_t* v = b.root_values();
          const std::uint8_t* s = b.root_states();
          for (std::size_t j = 0; j < n; ++j) {
            st[j] = s[j];
            val[j] = s[j] == kPresent ? v[j] : 0;
          }
        }
      }
      take(t, start, n, st.data(), val.data());
    }
  });
  return threads;
}

}  // namespace

DerivedValues materialise(const Compiled& c, const Expr& e, const data::Table& table,
                          const std::vector<std::int32_t>& columns,
                          const std::vector<DerivedValues>* derived, core::Date as_of,
                          std::size_t threads) {
  const std::size_t rows = table.rows();
  DerivedValues out;
  out.type = e.type();
  out.values.resize(rows);
  out.states.resize(rows);
  if (out.type == Type::boolean) out.bytes.resize(rows);
  over_chunks(c, e, table, columns, derived, as_of, threads,
              [&](std::size_t, std::size_t start, std::size_t n, const std::uint8_t* st,
                  const std::int64_t* val) {
                std::copy_n(st, n, out.states.begin() + static_cast<std::ptrdiff_t>(start));
                std::copy_n(val, n, out.values.begin() + static_cast<std::ptrdiff_t>(start));
                if (out.type == Type::boolean) {
                  for (std::size_t j = 0; j < n; ++j)
                    out.bytes[start + j] = static_cast<std::uint8_t>(val[j]);
                }
              });
  return out;
}

DerivedValues aggregate_members(const Compiled& c, const Derived& d, const BoundHouseholds& b,
                                core::Date as_of, std::size_t threads) {
  const Membership& link = b.link;
  const std::size_t nh = link.size.size();
  DerivedValues out;
  out.type = d.type;
  out.values.resize(nh);
  out.states.assign(nh, kPresent);
  if (d.type == Type::boolean) out.bytes.resize(nh);
  if (d.expr.nodes.empty()) {  // count(members)
    std::copy(link.size.begin(), link.size.end(), out.values.begin());
    return out;
  }
  // Each member's value goes to its household's accumulator as its chunk is
  // computed (no column per person); each thread has its own, merged after.
  std::vector<std::vector<Accumulator>> acc(std::max<std::size_t>(1, threads));
  const std::uint32_t* home = link.household.data();
  const Aggregate kind = d.aggregate;
  const std::size_t used =
      over_chunks(c, d.expr, *b.persons, b.person_columns, nullptr, as_of, threads,
                  [&](std::size_t t, std::size_t start, std::size_t n, const std::uint8_t* st,
                      const std::int64_t* val) {
                    auto& mine = acc[t];
                    if (mine.empty()) mine.resize(nh);
                    for (std::size_t j = 0; j < n; ++j)
                      mine[home[start + j]].add(kind, st[j], val[j]);
                  });
  auto& total = acc[0];
  if (total.empty()) total.resize(nh);
  for (std::size_t t = 1; t < used; ++t) {
    if (acc[t].empty()) continue;
    for (std::size_t h = 0; h < nh; ++h) total[h].merge(kind, acc[t][h]);
  }
  for (std::size_t h = 0; h < nh; ++h) {
    std::int64_t value = 0;
    out.states[h] = total[h].result(kind, &value);
    out.values[h] = out.states[h] == kPresent ? value : 0;
    if (d.type == Type::boolean) out.bytes[h] = value != 0 ? 1 : 0;
  }
  return out;
}

namespace {

/// A package's results as the values of a derived input reading them.
DerivedValues package_values(const PackageResults& r, std::size_t conditions, bool amount) {
  DerivedValues out;
  out.type = amount ? Type::integer : Type::boolean;
  const std::size_t n = r.eligible.size();
  out.values.resize(n);
  out.states.resize(n);
  if (!amount) out.bytes.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.states[i] = package_result_state(static_cast<std::int64_t>(r.reason.at(i)), conditions);
    out.values[i] = out.states[i] != kPresent ? 0 : (amount ? r.amount[i] : r.eligible[i]);
    if (!amount) out.bytes[i] = static_cast<std::uint8_t>(out.values[i]);
  }
  return out;
}

std::size_t thread_count(const EvaluateOptions& options) {
  return options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace

std::vector<PackageResults> decide_entity(const Compiled& c, const data::Table& table,
                                          const std::vector<std::int32_t>& columns,
                                          std::vector<DerivedValues>& derived, core::Date as_of,
                                          const EvaluateOptions& options) {
  std::vector<PackageResults> out(c.packages.size());
  std::uint32_t top = 0;
  for (const auto l : c.package_level) top = std::max(top, l);
  for (std::uint32_t level = 0; level <= top; ++level) {
    auto part = decide_packages(c, table, columns, derived.empty() ? nullptr : &derived, as_of,
                                options, level);
    for (std::size_t p = 0; p < c.packages.size(); ++p) {
      if (!c.package_level.empty() && c.package_level[p] != level) continue;
      out[p] = std::move(part[p]);
      for (std::size_t k = 0; k < c.derived.size(); ++k) {
        if (c.derived[k].package != static_cast<std::int32_t>(p)) continue;
        derived[k] = package_values(out[p], c.packages[p].conditions.size(),
                                    c.derived[k].type == Type::integer);
      }
    }
  }
  return out;
}

std::pair<std::int16_t, std::int64_t> decide_one(const Compiled& c, std::size_t p,
                                                 const RowSource& row,
                                                 const std::vector<std::int64_t>& params,
                                                 std::int64_t day, core::Date as_of) {
  if (!c.packages[p].in_force(as_of)) return {kNotInForce, 0};
  const auto& cp = c.compiled[p];
  for (std::size_t k = 0; k < cp.conditions.size(); ++k) {
    const Scalar v = eval_scalar(cp.conditions[k], row, params, day);
    if (v.state != kPresent || v.value != 1)
      return {condition_reason(k, v.state == kPresent ? 1 : v.state), 0};
  }
  const Scalar a = eval_scalar(cp.amount, row, params, day);
  if (a.state != kPresent || a.value < 0) return {amount_error_reason(cp.conditions.size()), 0};
  return {kEligible, a.value};
}

Scalar EntityRow::input(std::int32_t slot) const {
  const Compiled& c = household_ ? *x_.household : *x_.person;
  const auto k = static_cast<std::size_t>(slot);
  if (k < c.inputs.size()) {
    return household_ ? TableRow(*x_.households, *x_.household_columns, row_).input(slot)
                      : TableRow(*x_.persons, *x_.person_columns, row_).input(slot);
  }
  const Derived& d = c.derived[k - c.inputs.size()];
  if (d.package >= 0) {  // PKG.eligible / PKG.amount: that package decided for this row
    const auto p = static_cast<std::size_t>(d.package);
    const auto [code, amount] = decide_one(c, p, *this, *x_.params, x_.day, x_.as_of);
    Scalar out;
    out.state = package_result_state(code, c.packages[p].conditions.size());
    if (out.state == kPresent) out.value = d.type == Type::integer ? amount : code == kEligible;
    return out;
  }
  if (!household_) {  // household.NAME: the expression on this person's household
    const EntityRow home(x_, true, x_.link->household[row_]);
    const Scalar v = eval_scalar(d.expr, home, *x_.params, x_.day);
    return Scalar{v.state, v.value, {}};
  }
  const Membership& link = *x_.link;
  if (d.expr.nodes.empty()) return Scalar{kPresent, link.size[row_], {}};  // count(members)
  Accumulator acc;
  for (std::uint32_t i = link.first[row_]; i < link.first[row_ + 1]; ++i) {
    const Scalar v = eval_scalar(d.expr, EntityRow(x_, false, link.members[i]), *x_.params, x_.day);
    acc.add(d.aggregate, v.state, v.value);
  }
  Scalar out;
  out.state = acc.result(d.aggregate, &out.value);
  if (out.state != kPresent) out.value = 0;
  return out;
}

}  // namespace detail

Results evaluate(const RuleSet& rules, const data::Table& persons, const data::Table& households,
                 core::Date as_of, const EvaluateOptions& options) {
  check_date(as_of);
  detail::check_options(options);
  const Compiled& c = rules.compiled();
  if (!c.household) {
    throw core::InvalidArgument("rule set '" + c.name +
                                "' declares no households: evaluate the persons alone");
  }
  const Compiled& h = *c.household;
  detail::BoundHouseholds b;
  detail::bind_households(b, c, persons, households);
  const std::size_t threads = detail::thread_count(options);
  // Aggregations first (per-member expressions read person inputs only),
  // then the household packages level by level, then household.NAME for
  // persons (household expressions and package results), then the persons'.
  std::vector<detail::DerivedValues> per_household(h.derived.size());
  for (std::size_t k = 0; k < h.derived.size(); ++k) {
    const auto& d = h.derived[k];
    if (d.package >= 0) continue;  // a household package's result: decided below
    per_household[k] = detail::aggregate_members(c, d, b, as_of, threads);
  }
  auto household_results =
      detail::decide_entity(h, *b.households, b.household_columns, per_household, as_of, options);
  std::vector<detail::DerivedValues> per_person(c.derived.size());
  for (std::size_t k = 0; k < c.derived.size(); ++k) {
    const auto& d = c.derived[k];
    if (d.package >= 0) continue;  // a person package's result: decided below
    per_person[k] = detail::materialise(h, d.expr, *b.households, b.household_columns,
                                        &per_household, as_of, threads);
    per_person[k].index = &b.link.household;  // each person reads its household's row
  }
  auto person_results =
      detail::decide_entity(c, *b.persons, b.person_columns, per_person, as_of, options);
  Results res;
  res.as_of = as_of;
  res.rows = b.persons->rows();
  res.household_rows = b.households->rows();
  std::size_t next_person = 0;
  std::size_t next_household = 0;
  for (const auto& p : c.all_packages) {
    res.packages.push_back(std::move(p.entity == "household" ? household_results[next_household++]
                                                             : person_results[next_person++]));
  }
  return res;
}

}  // namespace project8::rules
