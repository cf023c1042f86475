// Built against the *installed* project8 by the package.consumer test.
#include <iostream>

#include <project8/project8.hpp>

int main() {
  using namespace project8::core;
  std::cout << "project8 " << project8::version_string << '\n';
  std::cout << Money::vnd(100'000) * 4 << '\n';
  std::cout << ReportingPeriod::parse("2025-H2").period() << '\n';
  return name_key("TAM ĐƯỜNG") == name_key("Tam Đường") ? 0 : 1;
}
