// Fuzzes the unit-registry, ethnic-group and programme loaders, then exercises
// lookups by code and date, lineage and zone queries on whatever loaded:
// nothing may crash or loop.
#include <cstdint>
#include <string_view>

#include <project8/core/error.hpp>
#include <project8/geo/ethnic_group.hpp>
#include <project8/geo/registry.hpp>
#include <project8/legal/programme.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace project8;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto reg = geo::Registry::parse(text, "fuzz.yaml");
    const auto before = core::make_date(2025, 6, 30);
    const auto after = core::make_date(2025, 7, 1);
    for (const auto& u : reg.units()) {
      (void)reg.successors(u);
      (void)reg.predecessors(u);
      (void)reg.parent(u);
      (void)reg.is_within(u, u.code);
      (void)reg.why_missing(u.code, after);
      (void)reg.find_latest(u.code, after);
      try {
        (void)reg.unit(u.code);
      } catch (const core::Error&) {
      }
      try {
        (void)reg.map_to_date(u.code, before, after);
        (void)reg.map_to_date(u.code, after, before);
        (void)reg.zones_in_force(u.code, before);
        (void)reg.zones_in_force(u.code, after);
      } catch (const core::NotFoundError&) {
      }
    }
    for (const auto& z : reg.zones()) (void)reg.unit_of(z);
  } catch (const core::InputError&) {
  }
  try {
    (void)geo::EthnicGroupList::parse(text, "fuzz.yaml");
  } catch (const core::InputError&) {
  }
  try {
    const auto list = legal::Programmes::parse(text, "fuzz.yaml");
    for (const auto& p : list.programmes()) {
      for (const auto& ph : p.phases) (void)list.phase(p.id, ph.number);
      (void)list.in_force(p.period.first());
    }
  } catch (const core::InputError&) {
  }
  return 0;
}
