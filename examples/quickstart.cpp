// The first five minutes with project8 in C++: exact money, reporting periods
// and names that match however they are typed.
#include <iostream>

#include <project8/project8.hpp>

int main() {
  using namespace project8::core;

  // Money is whole đồng; arithmetic is checked. The amount below is an input
  // of this example (in real use it comes from a dated, cited parameter file).
  const Money per_visit = Money::parse("100.000 đ");
  const Money cap = per_visit * 4;
  std::cout << "Antenatal travel cap per pregnancy: " << cap << '\n';

  // Reporting periods with the labels reports use.
  const Date merger = parse_date("2025-07-01");
  const auto half = ReportingPeriod::containing(PeriodKind::half_year, merger);
  std::cout << "Communes merged on " << to_vietnamese(merger) << ", in reporting period "
            << half.label() << " (" << half.period() << ", " << half.length_days() << " days)\n";

  // Names match regardless of case and Unicode encoding; the lenient key also
  // ignores diacritics.
  std::cout << "name_key(\"TAM ĐƯỜNG\") == name_key(\"Tam Đường\"): " << std::boolalpha
            << (name_key("TAM ĐƯỜNG") == name_key("Tam Đường")) << '\n'
            << "match_key(\"Tam Đường\") = " << match_key("Tam Đường") << '\n';

  try {
    (void)parse_date("2025-02-30");
  } catch (const ParseError& e) {
    std::cout << "Rejected: " << e.what() << '\n';
  }
  return 0;
}
