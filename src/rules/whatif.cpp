// whatif(): a baseline and a variant rule set on the same population.
#include <algorithm>
#include <map>
#include <string>

#include "shared.hpp"
#include <project8/rules/evaluate.hpp>

namespace project8::rules {

// ---------------------------------------------------------------------------
// what-if

namespace {

/// Fills `w.packages` from `w.base` and `w.variant`.
void compare_all(WhatIf& w) {
  auto compare = [&](const PackageResults* b, const PackageResults* v, const std::string& id) {
    WhatIfPackage d;
    d.id = id;
    d.entity = b ? b->entity : v->entity;
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
    if (b && v && b->entity != v->entity) {
      throw core::InvalidArgument("package '" + id + "' is decided per " + b->entity +
                                  " in the base and per " + v->entity +
                                  " in the variant: they cannot be compared row by row");
    }
    std::map<std::string, std::size_t> gained;
    std::map<std::string, std::size_t> lost;
    const std::size_t rows = b ? b->eligible.size() : v->eligible.size();
    for (std::size_t i = 0; i < rows; ++i) {
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
}

}  // namespace

WhatIf whatif(const RuleSet& base, const RuleSet& variant, const data::Table& population,
              core::Date as_of, const EvaluateOptions& options) {
  WhatIf w;
  w.base = evaluate(base, population, as_of, options);
  w.variant = evaluate(variant, population, as_of, options);
  compare_all(w);
  return w;
}

WhatIf whatif(const RuleSet& base, const RuleSet& variant, const data::Table& persons,
              const data::Table& households, core::Date as_of, const EvaluateOptions& options) {
  auto run = [&](const RuleSet& r) {
    return r.has_households() ? evaluate(r, persons, households, as_of, options)
                              : evaluate(r, persons, as_of, options);
  };
  WhatIf w;
  w.base = run(base);
  w.variant = run(variant);
  compare_all(w);
  return w;
}

}  // namespace project8::rules
