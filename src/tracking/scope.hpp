// Whether a unit lies inside a plan's scope, through the unit lineage. Private.
#pragma once

#include <project8/geo/registry.hpp>

namespace project8::tracking::detail {

/// Inside the scope; formed partly of units outside it; or outside it.
enum class Scope : std::uint8_t { inside, ambiguous, outside };

/// Whether unit `u` lies inside `scope`: itself (through its parents), or
/// through the units it was formed from (all inside and none from outside).
inline Scope scope_of(const geo::Registry& units, const geo::Unit& u, const core::UnitCode& scope) {
  if (units.is_within(u, scope)) return Scope::inside;
  const auto preds = units.predecessors(u);
  if (preds.empty()) return Scope::outside;
  std::size_t inside = 0;
  for (const auto* p : preds) inside += scope_of(units, *p, scope) == Scope::inside ? 1 : 0;
  if (inside == 0) return Scope::outside;
  if (inside == preds.size() && !units.has_external_predecessors(u)) return Scope::inside;
  return Scope::ambiguous;
}

/// The key a record of unit `code` on day `on` rolls up to by unit: the code of
/// the one unit covering it on `as_of` (after a merger: the new commune), else
/// its own code (a unit split since `on`).
inline std::string unit_key(const geo::Registry& units, const core::UnitCode& code, core::Date on,
                            core::Date as_of) {
  if (const auto now = units.map_to_date(code, on, std::max(as_of, on)); now.size() == 1) {
    return now.front().value();
  }
  return code.value();
}

}  // namespace project8::tracking::detail
