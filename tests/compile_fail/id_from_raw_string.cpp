// Must not compile: a raw string never becomes an id silently.
#include <string>

#include <project8/core/id.hpp>
void take(const project8::core::UnitCode&) {}
int main() {
  take(std::string("03412"));
  return 0;
}
