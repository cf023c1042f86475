// Must not compile: a commune code is not a target id.
#include <project8/core/id.hpp>
int main() {
  project8::core::UnitCode unit{"03412"};
  project8::core::TargetId target{"T3"};
  return unit == target ? 0 : 1;
}
