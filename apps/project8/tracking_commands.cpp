#include <project8/core/error.hpp>
#include <project8/geo/registry.hpp>
#include <project8/tracking/quality.hpp>

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.hpp"

namespace project8::cli {

namespace {

std::string number(double v) {
  std::ostringstream s;
  if (v == static_cast<double>(static_cast<long long>(v))) s << static_cast<long long>(v);
  else s << std::fixed << std::setprecision(1) << v;
  return s.str();
}

void print_text(const plan::Plan& p, const geo::Registry& units, const tracking::Progress& pr,
                const std::vector<tracking::QualityIssue>& issues, bool by_unit, core::Language lang) {
  const bool vi = lang == core::Language::vi;
  std::cout << p.title.in(lang) << '\n'
            << (vi ? "Tiến độ đến ngày " : "Progress as of ") << core::to_vietnamese(pr.as_of) << "\n\n";
  for (const auto& t : pr.targets) {
    const auto& target = p.target(t.target);
    std::cout << "  " << t.target << "  " << number(t.achieved) << " / " << t.planned << ' ' << target.unit.in(lang)
              << "  (" << (t.percent ? number(*t.percent) + "%" : std::string("—")) << ")  "
              << tracking::label(t.status).in(lang) << "  — " << target.indicator.in(lang) << '\n';
    if (const auto share = t.breakdown.female_share()) {
      std::cout << "        " << (vi ? "Tỷ lệ nữ: " : "Women: ") << number(100.0 * *share) << "%, "
                << t.records << (vi ? " bản ghi\n" : " records\n");
    }
  }
  if (by_unit) {
    std::cout << '\n' << (vi ? "THEO ĐƠN VỊ (tại ngày báo cáo)" : "BY UNIT (as of the report date)") << '\n';
    for (const auto& u : pr.by_unit) {
      const auto* unit = units.find(*u.unit);
      std::cout << "  " << u.target << "  " << (unit ? unit->name : u.unit->value()) << ": " << number(u.achieved)
                << " (" << u.records << (vi ? " bản ghi)\n" : " records)\n");
    }
  }
  if (!issues.empty()) {
    std::cout << '\n' << (vi ? "CHẤT LƯỢNG SỐ LIỆU" : "DATA QUALITY") << '\n';
    for (const auto& q : issues) {
      std::cout << "  " << q.location.to_string() << "  " << q.kind << ": " << q.message.in(lang) << '\n';
    }
  }
}

}  // namespace

void add_tracking_commands(CLI::App& app) {
  auto* cmd = app.add_subcommand("progress", "Progress of a plan's targets from achievement records (CSV)");
  auto plan_path = std::make_shared<std::string>();
  auto records_path = std::make_shared<std::string>();
  auto as_of = std::make_shared<std::string>();
  auto units_path = std::make_shared<std::string>();
  auto calendar_path = std::make_shared<std::string>();
  auto by = std::make_shared<std::string>("target");
  auto period = std::make_shared<std::string>("quarter");
  auto format = std::make_shared<std::string>("text");
  auto lang = std::make_shared<std::string>("vi");
  cmd->add_option("--plan", *plan_path, "the plan file")->required();
  cmd->add_option("--records", *records_path, "the records CSV")->required();
  cmd->add_option("--as-of", *as_of, "date YYYY-MM-DD")->required();
  cmd->add_option("--units", *units_path, "unit registry YAML (default: the bundled Lai Châu units)");
  cmd->add_option("--calendar", *calendar_path, "reporting calendar YAML (default: Circular 01/2022/TT-UBDT)");
  cmd->add_option("--by", *by, "target (default), unit or period")->check(CLI::IsMember({"target", "unit", "period"}));
  cmd->add_option("--period", *period, "month, quarter (default), half_year or year, with --by period")
      ->check(one_of<core::PeriodKind>());
  cmd->add_option("--format", *format, "text, json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
  add_lang_option(cmd, *lang);
  cmd->callback([=] {
    const auto p = plan::load_plan(*plan_path);
    const std::string data = geo::bundled_data_dir();
    const auto units = geo::Registry::load(units_path->empty() ? data + "/geo/lai-chau.yaml" : *units_path);
    const auto calendar =
        tracking::Calendar::load(calendar_path->empty() ? data + "/calendar/01-2022-tt-ubdt.yaml" : *calendar_path);
    const auto records = tracking::load_records(*records_path, p, units);
    const auto date = core::parse_date(*as_of);
    const auto pr = tracking::progress(p, units, records, date);
    if (*by == "period") {
      const auto cells = tracking::aggregate(p, units, records, core::parse_period_kind(*period), date, false);
      if (*format == "json") {
        nlohmann::ordered_json j;
        j["as_of"] = core::to_iso(date);
        auto& out = j["cells"] = nlohmann::ordered_json::array();
        for (const auto& c : cells) {
          out.push_back({{"target", c.target.value()},
                         {"period", c.period},
                         {"value", c.value},
                         {"year_to_date", c.year_to_date},
                         {"records", c.records}});
        }
        std::cout << j.dump() << '\n';
      } else {
        std::cout << "target,period,value,year_to_date,records\n";
        for (const auto& c : cells) {
          std::cout << c.target << ',' << c.period << ',' << number(c.value) << ',' << number(c.year_to_date) << ','
                    << c.records << '\n';
        }
      }
      return;
    }
    if (*format == "json") {
      std::cout << pr.to_json() << '\n';
    } else if (*format == "csv") {
      std::cout << "target,unit,planned,achieved,percent,status,records\n";
      for (const auto* list : {&pr.targets, &pr.by_unit}) {
        if (list == &pr.by_unit && *by != "unit") break;
        for (const auto& t : *list) {
          std::cout << t.target << ',' << (t.unit ? t.unit->value() : std::string()) << ',' << t.planned << ','
                    << number(t.achieved) << ',' << (t.percent ? number(*t.percent) : std::string()) << ','
                    << tracking::to_string(t.status) << ',' << t.records << '\n';
        }
      }
    } else {
      print_text(p, units, pr, tracking::quality(p, units, records, &calendar), *by == "unit",
                 core::parse_language(*lang));
    }
  });
}

}  // namespace project8::cli
