// The bundled Tam Đường data the C++ tests read, loaded once per test program.
#pragma once

#include <project8/geo/registry.hpp>
#include <project8/plan/plan.hpp>

namespace project8::test {

/// The bundled Tam Đường 2025 plan.
inline const plan::Plan& tam_duong() {
  static const auto p = plan::load_plan(PROJECT8_SOURCE_DIR "/data/plans/tam-duong-2025/plan.yaml");
  return p;
}

/// The bundled Lai Châu unit registry.
inline const geo::Registry& lai_chau() {
  static const auto r = geo::Registry::load(PROJECT8_SOURCE_DIR "/data/geo/lai-chau.yaml");
  return r;
}

}  // namespace project8::test
