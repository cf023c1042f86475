// whatif(): a baseline and a variant rule set on the same population.
#include <algorithm>
#include <map>
#include <string>

#include "shared.hpp"
#include <project8/rules/evaluate.hpp>

namespace project8::rules {

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

}  // namespace project8::rules
