// explain(): one person's full trace, through the one-case evaluator.
#include <algorithm>
#include <string>

#include "households.hpp"
#include "shared.hpp"
#include <project8/core/checked.hpp>
#include <project8/rules/evaluate.hpp>

namespace project8::rules {

// ---------------------------------------------------------------------------
// explain

std::string decimal_text(std::int64_t millionths) {
  const bool negative = millionths < 0;
  // |INT64_MIN| does not fit in int64: take the magnitude as unsigned.
  const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(millionths)
                                           : static_cast<std::uint64_t>(millionths);
  const std::uint64_t whole = magnitude / detail::kDecimalScale;
  const std::uint64_t fraction = magnitude % detail::kDecimalScale;
  std::string out = (negative ? "-" : "") + std::to_string(whole);
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, 6 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

namespace detail {

const data::Field* derived_or_input_field(const Compiled& c, std::int32_t slot) {
  if (const data::Field* f = c.input_field(slot)) return f;
  const Derived& d = c.derived.at(static_cast<std::size_t>(slot) - c.inputs.size());
  return d.field ? &*d.field : nullptr;
}

/// A value as it reads in a trace.
std::string show(const Scalar& s, Type type, const data::Field* field) {
  if (s.state == kMissing) return "∅";
  if (s.state == kError) return "error";
  switch (type) {
    case Type::boolean:
      return s.value != 0 ? "true" : "false";
    case Type::integer:
      return std::to_string(s.value);
    case Type::decimal:
      return decimal_text(s.value);
    case Type::date: {
      try {
        return core::to_iso(data::from_epoch_days(s.value));
      } catch (const core::Error&) {
        return std::to_string(s.value) + " days";
      }
    }
    case Type::text:
      if (field != nullptr && field->type == data::ColumnType::enumeration) {
        return "'" + field->categories.at(static_cast<std::size_t>(s.value)) + "'";
      }
      return "'" + std::string(s.text) + "'";
  }
  return "?";
}

/// The expression text with each name replaced by its value.
std::string substitute(const Expr& e, const std::vector<Scalar>& values, const Compiled& c) {
  struct Edit {
    std::size_t offset, length;
    std::string text;
  };
  std::vector<Edit> edits;
  // A lookup reads as its value as a whole: the names inside it are not edited.
  auto inside_lookup = [&](std::size_t offset) {
    return std::any_of(e.nodes.begin(), e.nodes.end(), [&](const Node& n) {
      return n.op == Op::lookup && offset > n.offset && offset < n.offset + n.length;
    });
  };
  for (std::size_t i = 0; i < e.nodes.size(); ++i) {
    const auto& n = e.nodes[i];
    std::size_t length = 0;
    const data::Field* field = nullptr;
    if (n.inlined) continue;  // inside a variable: it reads as its value, at its name
    if (n.op != Op::lookup && inside_lookup(n.offset)) continue;
    if (n.variable >= 0 || n.op == Op::lookup) {
      length = n.length;
    } else if (n.op == Op::input) {
      field = derived_or_input_field(c, n.slot);
      length = c.input_field(n.slot) != nullptr ? field->name.size() : n.length;
    } else if (n.op == Op::parameter) {
      length = c.parameters[static_cast<std::size_t>(n.slot)].name().size();
    } else if (n.op == Op::as_of) {
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

}  // namespace detail

namespace {

/// Adds to `uses` each table cell `e` read (once per table, column and key).
void record_tables(const detail::Expr& e, const std::vector<Scalar>& values, const Compiled& c,
                   const detail::TableReader& tables, std::vector<TableUse>& uses) {
  for (std::size_t i = 0; i < e.nodes.size(); ++i) {
    const auto& n = e.nodes[i];
    if (n.op != detail::Op::lookup) continue;
    const Scalar& key = values[static_cast<std::size_t>(n.args[0])];
    if (key.state != detail::kPresent) continue;
    const auto& table = c.tables[static_cast<std::size_t>(n.slot)];
    TableUse use;
    use.table = table.name;
    use.column = table.columns[static_cast<std::size_t>(n.value)];
    use.key =
        n.strings.empty() ? std::string(key.text) : n.strings[static_cast<std::size_t>(key.value)];
    if (std::any_of(uses.begin(), uses.end(), [&](const TableUse& u) {
          return u.table == use.table && u.column == use.column && u.key == use.key;
        })) {
      continue;
    }
    use.value = show(values[i], n.type, nullptr);
    use.note = tables.explain(n.slot, use.key, &use.sources);
    uses.push_back(std::move(use));
  }
}

/// Adds to `uses` each named variable `e` read (nested ones too), once each.
void record_variables(const detail::Expr& e, const std::vector<Scalar>& values, const Compiled& c,
                      std::vector<VariableUse>& uses) {
  for (std::size_t i = 0; i < e.nodes.size(); ++i) {
    const auto& n = e.nodes[i];
    if (n.variable < 0) continue;
    const auto& name = c.variables[static_cast<std::size_t>(n.variable)].name;
    if (std::any_of(uses.begin(), uses.end(), [&](const VariableUse& u) { return u.name == name; }))
      continue;
    const data::Field* field =
        n.op == detail::Op::input ? detail::derived_or_input_field(c, n.slot) : nullptr;
    uses.push_back({name, show(values[i], n.type, field)});
  }
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

Trace explain(const RuleSet& rules, const data::Table& persons, const data::Table& households,
              std::size_t row, core::Date as_of, std::string_view entity) {
  return CaseEvaluator(rules, persons, households).explain(row, as_of, entity);
}

CaseEvaluator::CaseEvaluator(const RuleSet& rules, const data::Table& population)
    : rules_(rules), population_(&population) {
  if (rules.compiled().household) {
    throw core::InvalidArgument("rule set '" + rules.name() +
                                "' declares households: give the household table as well");
  }
  if (auto filled = detail::with_defaults(rules.compiled(), population)) {
    filled_ = std::make_shared<const data::Table>(std::move(*filled));
    population_ = filled_.get();
  }
  columns_ = bind(rules.compiled(), *population_);
}

CaseEvaluator::CaseEvaluator(const RuleSet& rules, const data::Table& persons,
                             const data::Table& households)
    : rules_(rules), population_(&persons) {
  if (!rules.compiled().household) {
    throw core::InvalidArgument("rule set '" + rules.name() +
                                "' declares no households: give the persons alone");
  }
  auto bound = std::make_shared<detail::BoundHouseholds>();
  detail::bind_households(*bound, rules.compiled(), persons, households);
  bound->link.group_members();
  households_ = std::move(bound);
  population_ = households_->persons;
  columns_ = households_->person_columns;
}

Trace CaseEvaluator::explain(std::size_t row, core::Date as_of, std::string_view entity) const {
  Trace t;
  run(row, as_of, entity, &t, nullptr);
  return t;
}

std::vector<Decision> CaseEvaluator::decide(std::size_t row, core::Date as_of,
                                            std::string_view entity) const {
  std::vector<Decision> out;
  run(row, as_of, entity, nullptr, &out);
  return out;
}

// One case: the decision of every package, and with `trace` its text too.
void CaseEvaluator::run(std::size_t row, core::Date as_of, std::string_view entity, Trace* trace,
                        std::vector<Decision>* decisions) const {
  check_date(as_of);
  if (entity != "person" && !(entity == "household" && households_)) {
    throw core::InvalidArgument("entity must be person" +
                                std::string(households_ ? " or household" : "") + ", not '" +
                                std::string(entity) + "'");
  }
  const bool household = entity == "household";
  const data::Table& population = household ? *households_->households : *population_;
  core::require(row < population.rows(), "row " + std::to_string(row) + " is beyond the " +
                                             (household ? "households' " : "population's ") +
                                             std::to_string(population.rows()) + " rows");
  const Compiled& c = rules_.compiled().of(entity);
  const auto params = parameter_values(c, as_of);
  const std::int64_t day = data::to_epoch_days(as_of);
  const detail::TableReader tables(c, as_of);
  detail::CaseContext context;
  context.person = &rules_.compiled();
  context.household = rules_.compiled().household.get();
  context.persons = population_;
  context.person_columns = &columns_;
  if (households_) {
    context.households = households_->households;
    context.household_columns = &households_->household_columns;
    context.link = &households_->link;
  }
  context.params = &params;
  context.day = day;
  context.as_of = as_of;
  context.tables = &tables;
  const detail::EntityRow source(context, household, row);
  if (trace != nullptr) {
    trace->as_of = as_of;
    trace->row = row;
    trace->entity = std::string(entity);
    const std::string id_column = household ? rules_.household_key() : "id";
    if (const auto id = population.schema().index_of(id_column);
        id && population.column(*id).is_valid(row)) {
      const data::Column& ids = population.column(*id);
      if (ids.type() == data::ColumnType::string) trace->person = std::string(ids.string_at(row));
      if (ids.type() == data::ColumnType::integer)
        trace->person = std::to_string(ids.int64_data()[row]);
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
          pt.parameters.push_back({param.name(), v->value,
                                   c.decimal_parameters[static_cast<std::size_t>(slot)],
                                   param.unit(), *v->effective.first(), v->source, v->status});
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
          record_tables(cp.conditions[k], values, c, tables, pt.tables);
          record_variables(cp.conditions[k], values, c, pt.variables);
        }
      }
      if (!decided || trace != nullptr) {
        const Scalar a = detail::eval_scalar(cp.amount, source, params, day, keep);
        if (trace != nullptr) {
          pt.amount_with_values = substitute(cp.amount, values, c);
          record_tables(cp.amount, values, c, tables, pt.tables);
          record_variables(cp.amount, values, c, pt.variables);
        }
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

}  // namespace project8::rules
