// The Tam Đường 2025 plan and its district as data: the targets, the activities
// of each content area with their lead agency, and what each of the district's
// communes became when the communes merged on 1/7/2025.
#include <algorithm>
#include <iostream>

#include <project8/project8.hpp>

int main() {
  using namespace project8;
  const std::string data = geo::bundled_data_dir();
  const plan::Plan p = plan::load_plan(data + "/plans/tam-duong-2025/plan.yaml");
  const geo::Registry reg = geo::Registry::load(data + "/geo/lai-chau.yaml");
  const auto lang = plan::Language::vi;

  std::cout << p.title.in(lang) << "\n\n";
  for (const auto& t : p.targets) {
    std::cout << "  " << t.id << ": " << t.planned << ' ' << t.unit.in(lang) << " — "
              << t.indicator.in(lang) << " (" << p.activities_toward(t.id).size()
              << " hoạt động)\n";
  }
  std::cout << '\n';
  for (const auto& area : p.content_areas) {
    const auto activities = p.activities_in_content_area(area.number);
    std::cout << "Nội dung " << area.number << ": " << activities.size() << " hoạt động — "
              << area.title.in(lang) << '\n';
  }

  const core::Date before = core::make_date(2025, 6, 30);
  const core::Date after = core::make_date(2025, 7, 1);
  const auto communes = reg.children(p.scope, before);
  std::cout << '\n'
            << reg.unit(p.scope, before).name << ": " << communes.size() << " đơn vị cấp xã trước "
            << core::to_vietnamese(after) << '\n';
  for (const auto* commune : communes) {
    std::cout << "  " << commune->code << "  " << commune->name << "  →  ";
    const auto became = reg.map_to_date(commune->code, before, after);
    for (std::size_t i = 0; i < became.size(); ++i) {
      const auto& unit = reg.unit(became[i], after);
      std::cout << (i ? ", " : "") << unit.name << " (" << unit.code << ')';
    }
    // Each step of the lineage says how sure the data is (domain reference §6.2).
    for (const auto& event : reg.lineage()) {
      if (std::ranges::find(event.from, commune->code) != event.from.end() &&
          event.confidence != legal::Confidence::seen) {
        std::cout << "  (" << legal::to_string(event.confidence) << ')';
      }
    }
    std::cout << '\n';
  }
  return 0;
}
