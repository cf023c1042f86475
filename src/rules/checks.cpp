// The static checks of a loaded rule set (rule_set.cpp runs them): every
// parameter has a value on every day its packages are in force, no package
// is unsatisfiable, and what nothing reads is a warning.
#include "checks.hpp"

#include <algorithm>
#include <set>

#include "../io/yaml_reader.hpp"

namespace project8::rules::detail {

using io::YamlReader;

/// A parameter must have a value on every day a package that reads it is in force.
void check_parameter_coverage(const Compiled& c, std::vector<core::Problem>& errors) {
  for (std::size_t i = 0; i < c.packages.size(); ++i) {
    const Package& p = c.packages[i];
    if (!p.effective.first()) continue;
    for (const auto slot : c.compiled[i].params) {
      const auto& param = c.parameters[static_cast<std::size_t>(slot)];
      // Walk the package's period through the parameter's values.
      core::Date day = *p.effective.first();
      while (true) {
        const auto* v = param.find(day);
        if (v == nullptr) {
          errors.push_back({p.location, "packages." + p.id,
                            "parameter '" + param.name() + "' has no value in force on " +
                                core::to_iso(day) + ", inside the effective period of package '" +
                                p.id + "' (from " + core::to_iso(*p.effective.first()) +
                                (p.effective.last() ? " to " + core::to_iso(*p.effective.last())
                                                    : std::string(", open-ended")) +
                                ")"});
          break;
        }
        const auto& last = v->effective.last();
        if (!last || (p.effective.last() && *last >= *p.effective.last())) break;
        if (*last == core::make_date(9999, 12, 31)) break;
        day = *last + boost::gregorian::days(1);
      }
    }
  }
}

/// A scale must have brackets in force on every day a package that reads it is in force.
void check_scale_coverage(const Compiled& c, std::vector<core::Problem>& errors) {
  for (std::size_t i = 0; i < c.packages.size(); ++i) {
    const Package& p = c.packages[i];
    if (!p.effective.first()) continue;
    std::vector<bool> reads(c.scales.size(), false);
    auto mark = [&](const Expr& e) {
      for (const auto& n : e.nodes) {
        if (n.op == Op::scale) reads[static_cast<std::size_t>(n.slot)] = true;
      }
    };
    for (const auto& e : c.compiled[i].conditions) mark(e);
    mark(c.compiled[i].amount);
    for (std::size_t k = 0; k < c.scales.size(); ++k) {
      if (!reads[k]) continue;
      const Scale& sc = c.scales[k];
      core::Date day = *p.effective.first();
      while (true) {
        const auto v = std::find_if(sc.values.begin(), sc.values.end(),
                                    [&](const ScaleValue& x) { return x.days.contains(day); });
        if (v == sc.values.end()) {
          errors.push_back({p.location, "packages." + p.id,
                            "scale '" + sc.name + "' has no brackets in force on " +
                                core::to_iso(day) + ", inside the effective period of package '" +
                                p.id + "'"});
          break;
        }
        const auto& last = v->days.last();
        if (!last || (p.effective.last() && *last >= *p.effective.last())) break;
        if (*last == core::make_date(9999, 12, 31)) break;
        day = *last + boost::gregorian::days(1);
      }
    }
  }
}

void check_unused(Compiled& c, const io::YamlReader& r) {
  Compiled* h = c.household.get();
  std::vector<bool> param_used(c.parameters.size(), false);
  std::vector<bool> table_used(c.tables.size(), false);
  std::vector<bool> scale_used(c.scales.size(), false);
  // Per entity: its inputs and variables read. A person expression is read by
  // a person package, or per member by a household aggregation; a household
  // one by a household package, or as household.NAME by a person expression.
  struct Reads {
    Compiled* e;
    std::vector<bool> inputs, variables;
  };
  Reads person{&c, std::vector<bool>(c.inputs.size(), false),
               std::vector<bool>(c.variables.size(), false)};
  Reads household{h, std::vector<bool>(h ? h->inputs.size() : 0, false),
                  std::vector<bool>(h ? h->variables.size() : 0, false)};
  auto mark = [&](const Expr& e, Reads& by) {
    for (const auto s : e.inputs) {
      if (static_cast<std::size_t>(s) < by.inputs.size())
        by.inputs[static_cast<std::size_t>(s)] = true;
    }
    for (const auto s : e.params) param_used[static_cast<std::size_t>(s)] = true;
    for (const auto& n : e.nodes) {
      if (n.op == Op::lookup) table_used[static_cast<std::size_t>(n.slot)] = true;
      if (n.variable >= 0) by.variables[static_cast<std::size_t>(n.variable)] = true;
      if (n.op == Op::scale) scale_used[static_cast<std::size_t>(n.slot)] = true;
    }
  };
  auto mark_entity = [&](Reads& own, Reads* other) {
    for (const auto& cp : own.e->compiled) {
      for (const auto& e : cp.conditions) mark(e, own);
      mark(cp.amount, own);
    }
    // What its packages read of the other entity, the other computes.
    for (const auto& d : own.e->derived) {
      if (other == nullptr) continue;
      mark(d.expr, *other);
      if (d.variable >= 0) other->variables[static_cast<std::size_t>(d.variable)] = true;
    }
  };
  mark_entity(person, h ? &household : nullptr);
  if (h) mark_entity(household, &person);
  // A household input read only through household.NAME is read; so is the key.
  if (h) {
    for (auto* reads : {&person, &household}) {
      if (const auto k = reads->e->inputs.index_of(c.household_key)) reads->inputs[*k] = true;
    }
  }
  for (auto* reads : {&person, &household}) {
    if (reads->e == nullptr) continue;
    Compiled& e = *reads->e;
    e.used_inputs = reads->inputs;
    const std::string prefix = h ? "inputs." + e.entity : "inputs";
    // Copy-construct, never assign: yaml-cpp's Node::operator= writes into the document.
    const YAML::Node all = YamlReader::child(r.root(), "inputs");
    const YAML::Node inputs = h ? YamlReader::child(all, e.entity.c_str()) : all;
    for (std::size_t i = 0; i < reads->inputs.size(); ++i) {
      const auto& name = e.inputs.fields()[i].name;
      if (!reads->inputs[i] && name != "id") {
        e.warnings.push_back({r.scalar_start(YamlReader::child(inputs, name.c_str())),
                              prefix + "." + name,
                              "input '" + name + "' is not used by any package"});
      }
    }
    for (std::size_t i = 0; i < reads->variables.size(); ++i) {
      if (!reads->variables[i]) {
        c.warnings.push_back({e.variables[i].location,
                              "variables." + e.entity + "." + e.variables[i].name,
                              "variable '" + e.variables[i].name + "' is not used by any package"});
      }
    }
  }
  if (h) {
    c.warnings.insert(c.warnings.end(), h->warnings.begin(), h->warnings.end());
    h->warnings.clear();
  }
  const YAML::Node scale_params = YamlReader::child(r.root(), "parameters");
  for (std::size_t i = 0; i < scale_used.size(); ++i) {
    if (!scale_used[i]) {
      const auto& name = c.scales[i].name;
      c.warnings.push_back({r.scalar_start(YamlReader::child(scale_params, name.c_str())),
                            "parameters." + name,
                            "scale '" + name + "' is not used by any package"});
    }
  }
  for (std::size_t i = 0; i < table_used.size(); ++i) {
    if (!table_used[i]) {
      c.warnings.push_back({c.tables[i].location, "tables." + c.tables[i].name,
                            "table '" + c.tables[i].name + "' is not used by any package"});
    }
  }
  const YAML::Node params = YamlReader::child(r.root(), "parameters");
  for (std::size_t i = 0; i < param_used.size(); ++i) {
    const auto& name = c.parameters[i].name();
    if (!param_used[i]) {
      c.warnings.push_back({r.scalar_start(YamlReader::child(params, name.c_str())),
                            "parameters." + name,
                            "parameter '" + name + "' is not used by any package"});
    }
  }
}

/// A package whose conditions cannot all hold for any combination of the
/// enumeration and boolean inputs they read (other inputs may be anything).
void check_satisfiable(const Compiled& c, std::vector<core::Problem>& errors) {
  for (std::size_t i = 0; i < c.packages.size(); ++i) {
    const auto& cp = c.compiled[i];
    std::set<std::int32_t> finite;
    for (const auto& e : cp.conditions) {
      for (const auto s : e.inputs) {
        if (c.input_field(s) == nullptr) continue;  // derived: may be anything
        const auto t = c.input_field(s)->type;
        if (t == data::ColumnType::enumeration || t == data::ColumnType::boolean) finite.insert(s);
      }
    }
    if (cp.conditions.empty()) continue;
    std::vector<std::int32_t> slots(finite.begin(), finite.end());
    std::vector<std::int64_t> sizes;
    double combos = 1;
    for (const auto s : slots) {
      const auto& f = c.inputs.fields()[static_cast<std::size_t>(s)];
      sizes.push_back(f.type == data::ColumnType::boolean
                          ? 3
                          : static_cast<std::int64_t>(f.categories.size()) + 1);
      combos *= static_cast<double>(sizes.back());
    }
    if (combos > 200000) continue;  // too many to enumerate: not checked
    struct Abstract final : RowSource {
      std::vector<Scalar> values;
      Scalar input(std::int32_t slot) const override {
        return values[static_cast<std::size_t>(slot)];
      }
      Scalar cell(std::int32_t, std::int64_t, std::string_view) const override {
        return Scalar{kAny, 0, {}};
      }
      Scalar scale(std::int32_t, std::int64_t, std::int64_t, bool) const override {
        return Scalar{kAny, 0, {}};
      }
    } row;
    row.values.assign(c.inputs.size() + c.derived.size(), Scalar{kAny, 0, {}});
    std::vector<std::int64_t> params(c.parameters.size(), 0);
    std::vector<Scalar> paramless;
    std::vector<std::int64_t> counter(slots.size(), 0);
    bool satisfiable = false;
    while (!satisfiable) {
      for (std::size_t k = 0; k < slots.size(); ++k) {
        // The last value of each domain stands for "missing".
        const bool missing = counter[k] == sizes[k] - 1;
        row.values[static_cast<std::size_t>(slots[k])] =
            Scalar{missing ? kMissing : kPresent, missing ? 0 : counter[k], {}};
      }
      bool all = true;
      for (const auto& e : cp.conditions) {
        const Scalar v = eval_scalar(e, row, params, 0, nullptr, true);
        if (!(v.state == kAny || (v.state == kPresent && v.value == 1))) {
          all = false;
          break;
        }
      }
      satisfiable = all;
      std::size_t k = 0;
      while (k < slots.size() && ++counter[k] == sizes[k]) counter[k++] = 0;
      if (k == slots.size()) break;
    }
    if (!satisfiable) {
      std::string names;
      for (const auto s : slots)
        names += (names.empty() ? "" : ", ") + c.inputs.fields()[static_cast<std::size_t>(s)].name;
      errors.push_back({c.packages[i].location, "packages." + c.packages[i].id,
                        "package '" + c.packages[i].id +
                            "' can never apply: its conditions cannot all hold for " +
                            (names.empty() ? std::string("any input") : "any value of " + names)});
    }
  }
}

}  // namespace project8::rules::detail
