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
  std::unordered_map<std::string, std::uint32_t> row_of;
  row_of.reserve(nh);
  for (std::size_t i = 0; i < nh; ++i) {
    if (!hk.is_valid(i)) {
      problems.add("household row " + std::to_string(i + 1) + " has no " + key);
      continue;
    }
    const auto [at, fresh] = row_of.emplace(key_text(hk, i), static_cast<std::uint32_t>(i));
    if (!fresh) {
      problems.add("household " + key + " '" + at->first + "' appears on rows " +
                   std::to_string(at->second + 1) + " and " + std::to_string(i + 1));
    }
  }
  b.link.household.assign(np, 0);
  std::vector<std::uint32_t> size(nh, 0);
  for (std::size_t i = 0; i < np; ++i) {
    if (!pk.is_valid(i)) {
      problems.add("person row " + std::to_string(i + 1) + " has no " + key);
      continue;
    }
    const auto at = row_of.find(key_text(pk, i));
    if (at == row_of.end()) {
      problems.add("person row " + std::to_string(i + 1) + ": " + key + " '" + key_text(pk, i) +
                   "' names no household row");
      continue;
    }
    b.link.household[i] = at->second;
    ++size[at->second];
  }
  for (std::size_t i = 0; i < nh; ++i) {
    if (size[i] == 0 && hk.is_valid(i)) {
      problems.add("household row " + std::to_string(i + 1) + " (" + key + " '" + key_text(hk, i) +
                   "') has no members");
    }
  }
  problems.throw_if_any(key);
  b.link.first.assign(nh + 1, 0);
  for (std::size_t i = 0; i < nh; ++i) b.link.first[i + 1] = b.link.first[i] + size[i];
  b.link.members.resize(np);
  std::vector<std::uint32_t> next(b.link.first.begin(), b.link.first.end() - 1);
  for (std::size_t i = 0; i < np; ++i)
    b.link.members[next[b.link.household[i]]++] = static_cast<std::uint32_t>(i);
}

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
  const auto params = parameter_values(c, as_of);
  const std::int64_t day = data::to_epoch_days(as_of);
  std::vector<bool> needed(c.inputs.size() + (derived != nullptr ? derived->size() : 0), false);
  for (const auto s : e.inputs) needed[static_cast<std::size_t>(s)] = true;
  constexpr std::size_t kChunk = 8192;
  threads = std::max<std::size_t>(1, std::min(threads, (rows + kChunk - 1) / kChunk));
  const std::size_t share = (rows + threads - 1) / threads;
  core::detail::in_parallel(threads, [&](std::size_t t) {
    const std::size_t first = std::min(rows, t * share);
    const std::size_t last = std::min(rows, first + share);
    InputBuffers in(table, columns, kChunk, derived);
    const TableReader tables(c, as_of);
    ExprBuffers b(e, kChunk, params, day, &tables);
    const bool root_input = e.nodes.size() == 1 && e.nodes.back().op == Op::input;
    for (std::size_t start = first; start < last; start += kChunk) {
      const std::size_t n = std::min(kChunk, last - start);
      in.load(start, n, needed);
      if (root_input) {  // household.NAME of an input: its values as they are
        const auto slot = static_cast<std::size_t>(e.nodes.back().slot);
        for (std::size_t j = 0; j < n; ++j) out.states[start + j] = in.s[slot][j];
        if (out.type == Type::boolean) {
          const auto* x = static_cast<const std::uint8_t*>(in.raw[slot]);
          for (std::size_t j = 0; j < n; ++j) out.bytes[start + j] = x[j] != 0 ? 1 : 0;
        } else if (in.v[slot] != nullptr) {
          std::copy_n(in.v[slot], n, out.values.begin() + static_cast<std::ptrdiff_t>(start));
        } else {  // enumeration codes
          const data::Column& col = in.column(static_cast<std::int32_t>(slot));
          for (std::size_t j = 0; j < n; ++j) out.values[start + j] = col.code_at(start + j);
        }
        continue;
      }
      eval_columns(b, in, start, n);
      if (out.type == Type::boolean) {
        const std::uint8_t* codes = b.root_codes();
        for (std::size_t j = 0; j < n; ++j) {
          out.states[start + j] = state_of(codes[j]);
          out.bytes[start + j] = codes[j] == kCodeTrue ? 1 : 0;
          out.values[start + j] = out.bytes[start + j];
        }
      } else {
        const std::int64_t* v = b.root_values();
        const std::uint8_t* s = b.root_states();
        for (std::size_t j = 0; j < n; ++j) {
          out.states[start + j] = s[j];
          out.values[start + j] = s[j] == kPresent ? v[j] : 0;
        }
      }
    }
  });
  return out;
}

namespace {

/// The aggregation `d` over each household's members, from the members'
/// values `per_person` (nothing for count(members)).
DerivedValues aggregate(const Derived& d, const Membership& link, const DerivedValues* per_person) {
  const std::size_t nh = link.first.size() - 1;
  DerivedValues out;
  out.type = d.type;
  out.values.resize(nh);
  out.states.resize(nh);
  if (d.type == Type::boolean) out.bytes.resize(nh);
  for (std::size_t h = 0; h < nh; ++h) {
    Accumulator acc;
    for (std::uint32_t k = link.first[h]; k < link.first[h + 1]; ++k) {
      const std::uint32_t m = link.members[k];
      if (per_person == nullptr) {
        acc.add(d.aggregate, kPresent, 1);
      } else {
        const std::int64_t x =
            per_person->type == Type::boolean ? per_person->bytes[m] : per_person->values[m];
        acc.add(d.aggregate, per_person->states[m], x);
      }
    }
    std::int64_t value = 0;
    out.states[h] = acc.result(d.aggregate, &value);
    out.values[h] = out.states[h] == kPresent ? value : 0;
    if (d.type == Type::boolean) out.bytes[h] = value != 0 ? 1 : 0;
  }
  return out;
}

std::size_t thread_count(const EvaluateOptions& options) {
  return options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace

Scalar EntityRow::input(std::int32_t slot) const {
  const Compiled& c = household_ ? *x_.household : *x_.person;
  const auto k = static_cast<std::size_t>(slot);
  if (k < c.inputs.size()) {
    return household_
               ? TableRow(*x_.bound->households, x_.bound->household_columns, row_).input(slot)
               : TableRow(*x_.bound->persons, x_.bound->person_columns, row_).input(slot);
  }
  const Derived& d = c.derived[k - c.inputs.size()];
  if (!household_) {  // household.NAME: the expression on this person's household
    const EntityRow home(x_, true, x_.bound->link.household[row_]);
    const Scalar v = eval_scalar(d.expr, home, *x_.params, x_.day);
    return Scalar{v.state, v.value, {}};
  }
  const Membership& link = x_.bound->link;
  Accumulator acc;
  for (std::uint32_t i = link.first[row_]; i < link.first[row_ + 1]; ++i) {
    if (d.expr.nodes.empty()) {
      acc.add(d.aggregate, kPresent, 1);
      continue;
    }
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
  // then household.NAME for persons (household expressions read them).
  std::vector<detail::DerivedValues> per_household;
  for (const auto& d : h.derived) {
    if (d.expr.nodes.empty()) {
      per_household.push_back(detail::aggregate(d, b.link, nullptr));
      continue;
    }
    const auto per_person =
        detail::materialise(c, d.expr, *b.persons, b.person_columns, nullptr, as_of, threads);
    per_household.push_back(detail::aggregate(d, b.link, &per_person));
  }
  std::vector<detail::DerivedValues> per_person;
  for (const auto& d : c.derived) {
    const auto hv = detail::materialise(h, d.expr, *b.households, b.household_columns,
                                        &per_household, as_of, threads);
    detail::DerivedValues pv;
    pv.type = hv.type;
    const std::size_t np = b.persons->rows();
    pv.values.resize(np);
    pv.states.resize(np);
    if (pv.type == detail::Type::boolean) pv.bytes.resize(np);
    for (std::size_t i = 0; i < np; ++i) {
      const std::uint32_t home = b.link.household[i];
      pv.values[i] = hv.values[home];
      pv.states[i] = hv.states[home];
      if (pv.type == detail::Type::boolean) pv.bytes[i] = hv.bytes[home];
    }
    per_person.push_back(std::move(pv));
  }
  auto household_results = detail::decide_packages(h, *b.households, b.household_columns,
                                                   &per_household, as_of, options);
  auto person_results =
      detail::decide_packages(c, *b.persons, b.person_columns, &per_person, as_of, options);
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
