// Fuzzes the plan loader: any input either loads into a plan that survives the
// JSON round trip, or throws an InputError listing located problems.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <project8/core/error.hpp>
#include <project8/plan/plan.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace project8;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto p = plan::parse_plan(text, "fuzz.yaml");
    if (plan::plan_from_json(plan::to_json(p)) != p) std::abort();
  } catch (const core::InputError& e) {
    if (e.problems().empty()) std::abort();
  }
  return 0;
}
