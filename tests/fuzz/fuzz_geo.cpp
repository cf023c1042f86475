// Fuzzes the unit-registry and ethnic-group loaders, then exercises lineage
// queries on whatever loaded: nothing may crash or loop.
#include <cstdint>
#include <string_view>

#include <project8/core/error.hpp>
#include <project8/geo/ethnic_group.hpp>
#include <project8/geo/registry.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace project8;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto reg = geo::Registry::parse(text, "fuzz.yaml");
    const auto before = core::make_date(2025, 6, 30);
    const auto after = core::make_date(2025, 7, 1);
    for (const auto& u : reg.units()) {
      (void)reg.successors(u.code);
      (void)reg.is_within(u.code, u.code);
      try {
        (void)reg.map_to_date(u.code, before, after);
        (void)reg.map_to_date(u.code, after, before);
      } catch (const core::NotFoundError&) {
      }
    }
  } catch (const core::InputError&) {
  }
  try {
    (void)geo::EthnicGroupList::parse(text, "fuzz.yaml");
  } catch (const core::InputError&) {
  }
  return 0;
}
