// Must not compile: money is never multiplied by a floating-point number.
#include <project8/core/money.hpp>
int main() {
  using project8::core::Money;
  auto m = Money::vnd(100) * 1.5;
  return static_cast<int>(m.in_vnd());
}
