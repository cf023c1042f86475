// An entity's names while a rule file loads: variables on demand, and the
// derived inputs that cross entities (household.NAME, aggregations).
#include "entities.hpp"

#include <algorithm>

#include "syntax.hpp"

namespace project8::rules::detail {

void EntityCompiler::variables_read() {
  c_.variable_exprs.resize(c_.variables.size());
  state_.assign(c_.variables.size(), 0);
}

void EntityCompiler::compile_remaining() {
  for (std::size_t k = 0; k < c_.variables.size(); ++k) {
    if (state_[k] == 0) compile_variable(k);
  }
}

Scope EntityCompiler::scope() {
  Scope s;
  s.variables = this;
  s.entities = this;
  s.derived = &c_.derived;
  s.inputs = &c_.inputs;
  s.unit_inputs = c_.unit_inputs;
  s.unit_inputs.resize(c_.inputs.size(), false);
  for (const auto& p : c_.parameters) s.parameters.push_back(p.name());
  s.decimal_parameters = c_.decimal_parameters;
  for (const auto& sc : c_.scales) {
    s.scales.push_back(sc.name);
    s.scale_amounts.push_back(sc.amounts);
  }
  s.tables = c_.table_shapes;
  return s;
}

const Expr* EntityCompiler::find(std::string_view name, std::size_t offset, std::int32_t* index) {
  const auto it = std::find_if(c_.variables.begin(), c_.variables.end(),
                               [&](const NamedVariable& v) { return v.name == name; });
  if (it == c_.variables.end()) return nullptr;
  const auto k = static_cast<std::size_t>(it - c_.variables.begin());
  *index = static_cast<std::int32_t>(k);
  if (state_[k] == 1) {
    std::string cycle;
    const auto from = std::find(compiling_.begin(), compiling_.end(), it->name);
    for (auto n = from; n != compiling_.end(); ++n) cycle += *n + " → ";
    fail_because(offset, "the variables refer to each other in a cycle: " + cycle + it->name);
  }
  if (state_[k] == 0) compile_variable(k);
  if (state_[k] != 2)
    fail_because(offset, "variable '" + it->name + "' has an error (see its own)");
  return &c_.variable_exprs[k];
}

std::vector<std::string> EntityCompiler::names() const {
  std::vector<std::string> out;
  for (const auto& v : c_.variables) out.push_back(v.name);
  return out;
}

void EntityCompiler::compile_variable(std::size_t k) {
  state_[k] = 1;
  const NamedVariable& v = c_.variables[k];
  compiling_.push_back(v.name);
  const auto sc = scope();
  try {
    c_.variable_exprs[k] = compile(v.expression, sc, std::nullopt, v.location, field_of(v));
    if (c_.variable_exprs[k].type() == Type::text &&
        c_.variable_exprs[k].nodes.back().op != Op::input) {
      errors_.push_back({v.location, field_of(v),
                         "a variable is a bool, int or date expression (or names a text input)"});
      state_[k] = 3;
    } else {
      state_[k] = 2;
    }
  } catch (const core::RuleError& e) {
    for (const auto& p : e.problems()) errors_.push_back(p);
    state_[k] = 3;
  }
  compiling_.pop_back();
}

std::int32_t EntityCompiler::derived_slot(std::string_view text) const {
  for (std::size_t k = 0; k < c_.derived.size(); ++k) {
    if (c_.derived[k].text == text) return static_cast<std::int32_t>(c_.inputs.size() + k);
  }
  return -1;
}

std::int32_t EntityCompiler::add_derived(Derived d) {
  c_.derived.push_back(std::move(d));
  return static_cast<std::int32_t>(c_.inputs.size() + c_.derived.size() - 1);
}

std::int32_t EntityCompiler::household_value(std::string_view name, std::size_t offset) {
  if (!households()) {
    fail_because(offset, "unknown name 'household." + std::string(name) +
                             "': household.NAME needs `entities: {household: {key: …}}`");
  }
  if (c_.entity != "person") {
    fail_because(offset, "a household expression reads its own names: write '" + std::string(name) +
                             "', not household." + std::string(name));
  }
  if (in_aggregate_) {
    fail_because(offset, "an expression per member cannot read household." + std::string(name) +
                             " (directly or through a variable): write it outside the aggregation");
  }
  const std::string text = "household." + std::string(name);
  if (const auto slot = derived_slot(text); slot >= 0) return slot;
  Compiled& h = other_->c_;
  Derived d;
  d.text = text;
  if (const auto dot = name.find('.'); dot != std::string_view::npos) {
    // household.PKG.eligible / household.PKG.amount: the household package's result.
    const std::string_view field = name.substr(dot + 1);
    const auto slot = field == "eligible" || field == "amount"
                          ? other_->package_result(name.substr(0, dot), field, offset)
                          : -1;
    if (slot < 0) {
      fail_because(offset, "unknown household name '" + std::string(name) +
                               "': expected PACKAGE.eligible or PACKAGE.amount of a household "
                               "package");
    }
    d.type = field == "eligible" ? Type::boolean : Type::integer;
    Node n;
    n.op = Op::input;
    n.type = d.type;
    n.slot = slot;
    d.expr.text = std::string(name);
    d.expr.nodes.push_back(n);
    d.expr.inputs.push_back(slot);
    return add_derived(std::move(d));
  }
  if (const auto i = h.inputs.index_of(name)) {
    const data::Field& f = h.inputs.fields()[*i];
    if (f.type == data::ColumnType::string) {
      fail_because(offset, "household." + f.name +
                               " is a text: read it in a household expression (e.g. a "
                               "household variable such as communes[" +
                               f.name + "].region)");
    }
    d.type = type_of(f.type);
    if (f.type == data::ColumnType::enumeration) d.field = f;
    Node n;
    n.op = Op::input;
    n.type = d.type;
    n.slot = static_cast<std::int32_t>(*i);
    d.expr.text = f.name;
    d.expr.nodes.push_back(n);
    d.expr.inputs.push_back(n.slot);
    return add_derived(std::move(d));
  }
  std::int32_t index = -1;
  const Expr* e = other_->find(name, offset, &index);
  if (e == nullptr) {
    std::string known;
    for (const auto& f : h.inputs.fields()) known += (known.empty() ? "" : ", ") + f.name;
    for (const auto& v : h.variables) known += (known.empty() ? "" : ", ") + v.name;
    fail_because(offset,
                 "unknown household name '" + std::string(name) + "': expected one of " + known);
  }
  if (e->type() == Type::text) {
    fail_because(offset, "household." + std::string(name) +
                             " names a text: read it in a household expression");
  }
  d.type = e->type();
  d.expr = *e;
  d.variable = index;
  return add_derived(std::move(d));
}

std::int32_t EntityCompiler::aggregate(Aggregate kind, const PNode* inner, std::string_view text,
                                       std::string_view call) {
  const std::size_t offset = static_cast<std::size_t>(call.data() - text.data());
  if (!households()) {
    fail_because(offset, std::string(call.substr(0, call.find('('))) +
                             "(members, …) aggregates a household's members: it needs "
                             "`entities: {household: …}` and a household expression");
  }
  if (c_.entity != "household") {
    fail_because(offset,
                 "an aggregation over members is a household expression: declare it as "
                 "a household variable and read it as household.NAME");
  }
  const std::string key = std::string(call);
  if (const auto slot = derived_slot(key); slot >= 0) return slot;
  Derived d;
  d.text = key;
  d.aggregate = kind;
  d.type = kind == Aggregate::any || kind == Aggregate::all ? Type::boolean : Type::integer;
  if (inner != nullptr) {
    EntityCompiler& person = *other_;
    person.in_aggregate_ = true;
    struct Reset {
      bool& flag;
      ~Reset() { flag = false; }
    } reset{person.in_aggregate_};
    d.expr = lower_part(*inner, text, person.scope());
    if (std::any_of(d.expr.inputs.begin(), d.expr.inputs.end(), [&](std::int32_t slot) {
          return static_cast<std::size_t>(slot) >= person.c_.inputs.size();
        })) {
      fail_because(inner->arg_begin,
                   "an expression per member cannot read household.NAME or a package's result "
                   "(directly or through a variable): write it outside the aggregation");
    }
    const Type t = d.expr.type();
    const bool condition =
        kind == Aggregate::count_if || kind == Aggregate::any || kind == Aggregate::all;
    if (condition && t != Type::boolean) {
      fail_because(inner->arg_begin, "a condition per member (bool) was expected, found " +
                                         std::string(type_name(t)));
    }
    if (!condition) {
      const bool ok =
          t == Type::integer || t == Type::decimal || (t == Type::date && kind != Aggregate::sum);
      if (!ok) {
        fail_because(
            inner->arg_begin,
            std::string(kind == Aggregate::sum ? "an int or decimal" : "an int, decimal or date") +
                " value per member was expected, found " + std::string(type_name(t)));
      }
      d.type = t;
    }
  }
  return add_derived(std::move(d));
}

std::int32_t EntityCompiler::package_result(std::string_view package, std::string_view field,
                                            std::size_t offset) {
  const auto it = std::find(package_ids_.begin(), package_ids_.end(), package);
  if (it == package_ids_.end()) return -1;
  if (in_aggregate_) {
    fail_because(offset, "an expression per member cannot read a package's result (" +
                             std::string(package) + "." + std::string(field) + ")");
  }
  const std::string text = std::string(package) + "." + std::string(field);
  if (const auto slot = derived_slot(text); slot >= 0) return slot;
  Derived d;
  d.text = text;
  d.type = field == "eligible" ? Type::boolean : Type::integer;
  d.package = static_cast<std::int32_t>(it - package_ids_.begin());
  return add_derived(std::move(d));
}

}  // namespace project8::rules::detail
