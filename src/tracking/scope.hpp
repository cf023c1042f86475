// Whether a unit lies inside a plan's scope, through the unit lineage. Private.
#pragma once

#include <project8/geo/registry.hpp>

namespace project8::tracking::detail {

/// Inside the scope; formed partly of units outside it; or outside it.
enum class Scope : std::uint8_t { inside, ambiguous, outside };

/// Whether unit `code` lies inside `scope`: itself (through its parents), or
/// through the units it was formed from (all inside and none from outside).
inline Scope scope_of(const geo::Registry& units, const core::UnitCode& code,
                      const core::UnitCode& scope) {
  if (units.is_within(code, scope)) return Scope::inside;
  const auto preds = units.predecessors(code);
  if (preds.empty()) return Scope::outside;
  std::size_t inside = 0;
  for (const auto& p : preds) inside += scope_of(units, p, scope) == Scope::inside ? 1 : 0;
  if (inside == 0) return Scope::outside;
  if (inside == preds.size() && !units.has_external_predecessors(code)) return Scope::inside;
  return Scope::ambiguous;
}

}  // namespace project8::tracking::detail
