// `project8 units show|list`: the unit registry, a code at a date.
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include <project8/core/error.hpp>
#include <project8/geo/registry.hpp>

namespace project8::cli {

namespace {

using nlohmann::json;

json days(const core::DateRange& r) {
  return {{"valid_from", r.first() ? json(core::to_iso(*r.first())) : json(nullptr)},
          {"valid_to", r.last() ? json(core::to_iso(*r.last())) : json(nullptr)}};
}

json brief(const geo::Unit& u) {
  json j = {{"code", u.code.value()}, {"name", u.name}, {"kind", geo::to_string(u.kind)}};
  j.update(days(u.valid));
  return j;
}

json zone_json(const geo::Registry& reg, const geo::ZoneClass& z) {
  return {{"unit", brief(reg.unit_of(z))},
          {"from", core::to_iso(z.period.first())},
          {"to", core::to_iso(z.period.last())},
          {"region", z.region ? json(static_cast<int>(*z.region)) : json(nullptr)},
          {"especially_difficult",
           z.especially_difficult ? json(*z.especially_difficult) : json(nullptr)},
          {"instrument", z.instrument ? json(z.instrument->to_string()) : json(nullptr)},
          {"confidence", legal::to_string(z.confidence)},
          {"note", z.note}};
}

/// "Xã Bình Lư (03390, 2025-07-01..)".
std::string line(const geo::Unit& u) {
  return u.name + " (" + u.code.value() + ", " + u.valid.to_string() + ")";
}

}  // namespace

void add_units_commands(CLI::App& app) {
  auto* units_cmd = app.add_subcommand(
      "units", "Administrative units: a code at a date (official codes are reused)");
  units_cmd->require_subcommand(1);

  {
    auto* show = units_cmd->add_subcommand(
        "show", "The unit a code named on a day: its days, parent, lineage and zone classes");
    auto code = std::make_shared<std::string>();
    auto on = std::make_shared<std::string>();
    auto units_path = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>();
    auto lang = std::make_shared<std::string>();
    show->add_option("code", *code, "the unit's code (e.g. 03390)")->required();
    show->add_option("--on", *on, "the day the code is about (YYYY-MM-DD)")->required();
    show->add_option("--units", *units_path, "unit registry (default: the bundled Lai Châu)");
    add_format(show, *format, {"text", "json"});
    add_lang_option(show, *lang);
    show->footer(kExitStatus);
    show->callback([=] {
      const auto reg = load_units(*units_path);
      const auto day = core::parse_date(*on);
      const auto& u = reg.unit(core::UnitCode{*code}, day);
      const auto* parent = reg.parent(u);
      const auto zones = reg.zones_in_force(u.code, day);
      if (*format == "json") {
        json j = brief(u);
        j["code_status"] = u.code_status == geo::CodeStatus::official ? "official" : "local";
        j["parent"] = parent ? brief(*parent) : json(nullptr);
        j["predecessors"] = json::array();
        for (const auto* p : reg.predecessors(u)) j["predecessors"].push_back(brief(*p));
        j["successors"] = json::array();
        for (const auto* s : reg.successors(u)) j["successors"].push_back(brief(*s));
        j["zones_in_force"] = json::array();
        for (const auto* z : zones) j["zones_in_force"].push_back(zone_json(reg, *z));
        j["other_units_with_this_code"] = json::array();
        for (const auto* other : reg.units_with_code(u.code)) {
          if (other != &u) j["other_units_with_this_code"].push_back(brief(*other));
        }
        j["note"] = u.note;
        std::cout << j.dump(2) << '\n';
        return;
      }
      const bool vi = *lang == "vi";
      const auto lg = vi ? core::Language::vi : core::Language::en;
      std::cout << line(u) << "  " << core::label(u.kind, lg) << '\n';
      if (parent) std::cout << (vi ? "  Thuộc: " : "  Under: ") << line(*parent) << '\n';
      for (const auto* p : reg.predecessors(u)) {
        std::cout << (vi ? "  Hình thành từ: " : "  Formed from: ") << line(*p) << '\n';
      }
      for (const auto* s : reg.successors(u)) {
        std::cout << (vi ? "  Trở thành: " : "  Became: ") << line(*s) << '\n';
      }
      for (const auto* other : reg.units_with_code(u.code)) {
        if (other == &u) continue;
        std::cout << (vi ? "  Mã này cũng là: " : "  This code also named: ") << line(*other)
                  << '\n';
      }
      for (const auto* z : zones) {
        std::cout << (vi ? "  Phân định: " : "  Zone class: ") << z->period.to_string() << ", "
                  << (z->region ? (vi ? "khu vực " : "region ") +
                                      std::to_string(static_cast<int>(*z->region))
                                : std::string(vi ? "khu vực chưa rõ" : "region unknown"))
                  << (z->especially_difficult
                          ? std::string(*z->especially_difficult
                                            ? (vi ? ", ĐBKK" : ", ĐBKK")
                                            : (vi ? ", không ĐBKK" : ", not ĐBKK"))
                          : std::string())
                  << (z->instrument ? " — " + z->instrument->to_string() : std::string()) << " ["
                  << legal::to_string(z->confidence) << "]"
                  << (&reg.unit_of(*z) != &u
                          ? (vi ? " (qua " : " (through ") + reg.unit_of(*z).name + ")"
                          : std::string())
                  << '\n';
      }
    });
  }
  {
    auto* list = units_cmd->add_subcommand("list", "The units that existed on a day");
    auto on = std::make_shared<std::string>();
    auto units_path = std::make_shared<std::string>();
    auto level = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>();
    list->add_option("--on", *on, "the day (YYYY-MM-DD)")->required();
    list->add_option("--units", *units_path, "unit registry (default: the bundled Lai Châu)");
    list->add_option("--level", *level, "only this tier: province, district, commune or village")
        ->check(one_of<geo::UnitLevel>());
    add_format(list, *format, {"text", "json"});
    list->footer(kExitStatus);
    list->callback([=] {
      const auto reg = load_units(*units_path);
      const auto day = core::parse_date(*on);
      json out = json::array();
      for (const auto* u : reg.units(day)) {
        if (!level->empty() && *level != core::key(u->level())) continue;
        if (*format == "json") {
          out.push_back(brief(*u));
        } else {
          std::cout << u->code.value() << '\t' << u->name << '\n';
        }
      }
      if (*format == "json") std::cout << out.dump(2) << '\n';
    });
  }
}

}  // namespace project8::cli
