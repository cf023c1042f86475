#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include <project8/core/error.hpp>
#include <project8/geo/registry.hpp>
#include <project8/report/render.hpp>
#include <project8/tracking/quality.hpp>

namespace project8::cli {

namespace {

std::string number(double v) {
  std::ostringstream s;
  if (v == static_cast<double>(static_cast<long long>(v)))
    s << static_cast<long long>(v);
  else
    s << std::fixed << std::setprecision(1) << v;
  return s.str();
}

void print_text(const plan::Plan& p, const geo::Registry& units, const tracking::Progress& pr,
                const std::vector<tracking::QualityIssue>& issues, bool by_unit,
                core::Language lang, std::ostream& os) {
  const bool vi = lang == core::Language::vi;
  os << p.title.in(lang) << '\n'
     << (vi ? "Tiến độ đến ngày " : "Progress as of ") << core::to_vietnamese(pr.as_of) << "\n\n";
  for (const auto& t : pr.targets) {
    const auto& target = p.target(t.target);
    os << "  " << t.target << "  " << number(t.achieved) << " / " << t.planned << ' '
       << target.unit.in(lang) << "  (" << (t.percent ? number(*t.percent) + "%" : std::string("—"))
       << ")  " << tracking::label(t.status).in(lang) << "  — " << target.indicator.in(lang)
       << '\n';
    if (const auto share = t.breakdown.female_share()) {
      os << "        " << (vi ? "Tỷ lệ nữ: " : "Women: ") << number(100.0 * *share) << "%, "
         << t.records << (vi ? " bản ghi\n" : " records\n");
    }
  }
  if (by_unit) {
    os << '\n'
       << (vi ? "THEO ĐƠN VỊ (tại ngày báo cáo)" : "BY UNIT (as of the report date)") << '\n';
    for (const auto& u : pr.by_unit) {
      const auto* unit = units.find(*u.unit, pr.as_of);
      os << "  " << u.target << "  " << (unit ? unit->name : u.unit->value()) << ": "
         << number(u.achieved) << " (" << u.records << (vi ? " bản ghi)\n" : " records)\n");
    }
  }
  if (!issues.empty()) {
    os << '\n' << (vi ? "CHẤT LƯỢNG SỐ LIỆU" : "DATA QUALITY") << '\n';
    for (const auto& q : issues) {
      os << "  " << q.location.to_string() << "  " << q.kind << ": " << q.message.in(lang) << '\n';
    }
  }
}

}  // namespace

void add_tracking_commands(CLI::App& app) {
  auto* records_cmd =
      app.add_subcommand("records", "Achievement records: progress against the plan");
  records_cmd->require_subcommand(1);
  auto* cmd = records_cmd->add_subcommand("progress",
                                          "Progress of a plan's targets from achievement records");
  auto records_path = std::make_shared<std::string>();
  auto source = std::make_shared<SourceArgs>();
  auto plan_path = std::make_shared<std::string>();
  auto as_of = std::make_shared<std::string>();
  auto units_path = std::make_shared<std::string>();
  auto calendar_path = std::make_shared<std::string>();
  auto by = std::make_shared<std::string>("target");
  auto format = std::make_shared<std::string>();
  auto lang = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("records", *records_path, "the records CSV ('-': standard input) or YAML")
      ->required();
  cmd->add_option("--plan", *plan_path, "the plan file")->required();
  add_as_of(cmd, *as_of, "the date progress is measured on");
  cmd->add_option("--units", *units_path,
                  "unit registry YAML (default: the bundled Lai Châu units)");
  cmd->add_option("--calendar", *calendar_path,
                  "reporting calendar YAML (default: Circular 01/2022/TT-UBDT)");
  std::vector<std::string> groupings{"target", "unit"};
  for (const auto& k : core::enum_keys<core::PeriodKind>()) groupings.push_back(k);
  cmd->add_option("--by", *by,
                  "target (default), unit, or a period kind: " +
                      core::join_alternatives(core::enum_keys<core::PeriodKind>()))
      ->check(CLI::IsMember(groupings));
  add_format(cmd, *format, {"text", "json", "csv"});
  add_lang_option(cmd, *lang);
  add_source_options(cmd, *source);
  add_out(cmd, *out);
  cmd->footer(kExitStatus);
  cmd->callback([=] {
    const auto p = plan::load_plan(*plan_path);
    const std::string data = geo::bundled_data_dir();
    const auto units =
        geo::Registry::load(units_path->empty() ? data + "/geo/lai-chau.yaml" : *units_path);
    const auto calendar = tracking::Calendar::load(
        calendar_path->empty() ? data + "/calendar/01-2022-tt-ubdt.yaml" : *calendar_path);
    const auto records =
        records_path->ends_with(".yaml") || records_path->ends_with(".yml")
            ? tracking::load_records(*records_path, p, units)
            : read_source(*records_path, *source, data::field_names(tracking::record_schema()))
                  .read([&](std::string_view text, const std::string& name) {
                    return tracking::parse_records(text, name, p, units);
                  });
    for (const auto& line : records.normalised())
      std::cerr << *records_path << ": " << line.in(core::parse_language(*lang)) << '\n';
    std::ostringstream os;
    const auto date = core::parse_date(*as_of);
    const auto pr = tracking::progress(p, units, records, date);
    if (const auto kind = core::find_enum<core::PeriodKind>(*by)) {
      const auto cells = tracking::aggregate(p, units, records, *kind, date, false);
      if (*format == "json") {
        nlohmann::ordered_json j;
        j["as_of"] = core::to_iso(date);
        auto& cells_json = j["cells"] = nlohmann::ordered_json::array();
        for (const auto& c : cells) {
          cells_json.push_back({{"target", c.target.value()},
                                {"period", c.period},
                                {"value", c.value},
                                {"year_to_date", c.year_to_date},
                                {"records", c.records}});
        }
        os << j.dump() << '\n';
      } else {
        os << "target,period,value,year_to_date,records\n";
        for (const auto& c : cells) {
          os << c.target << ',' << c.period << ',' << number(c.value) << ','
             << number(c.year_to_date) << ',' << c.records << '\n';
        }
      }
      write_to(*out, os.str(), core::FileAccess::shared);  // aggregates
      return;
    }
    if (*format == "json") {
      os << report::to_json(pr) << '\n';
    } else if (*format == "csv") {
      os << "target,unit,planned,achieved,percent,status,records\n";
      for (const auto* list : {&pr.targets, &pr.by_unit}) {
        if (list == &pr.by_unit && *by != "unit") break;
        for (const auto& t : *list) {
          os << t.target << ',' << (t.unit ? t.unit->value() : std::string()) << ',' << t.planned
             << ',' << number(t.achieved) << ',' << (t.percent ? number(*t.percent) : std::string())
             << ',' << tracking::to_string(t.status) << ',' << t.records << '\n';
        }
      }
    } else {
      print_text(p, units, pr, tracking::quality(p, units, records, &calendar), *by == "unit",
                 core::parse_language(*lang), os);
    }
    write_to(*out, os.str(), core::FileAccess::shared);
  });
}

}  // namespace project8::cli
