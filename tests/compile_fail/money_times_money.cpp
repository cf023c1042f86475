// Must not compile: multiplying two amounts of money has no meaning.
#include <project8/core/money.hpp>
int main() {
  using project8::core::Money;
  auto m = Money::vnd(1) * Money::vnd(2);
  return static_cast<int>(m.in_vnd());
}
