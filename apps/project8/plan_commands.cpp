#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"
#include <project8/core/error.hpp>
#include <project8/geo/registry.hpp>
#include <project8/plan/plan.hpp>

namespace project8::cli {

namespace {

using plan::Language;

std::string schedule_text(const plan::Plan& p, const plan::Activity& a, Language lang) {
  std::string out;
  for (const auto& s : a.schedule) {
    if (!out.empty()) out += "; ";
    if (s.month) out += (lang == Language::vi ? "tháng " : "month ") + std::to_string(*s.month);
    if (s.date) out += core::to_vietnamese(*s.date);
    if (s.period)
      out += core::to_vietnamese(s.period->first()) + "–" + core::to_vietnamese(s.period->last());
    if (s.campaign) out += p.campaign(*s.campaign).name.in(lang);
  }
  return out;
}

void print_text(const plan::Plan& p, Language lang, std::ostream& os) {
  const bool vi = lang == Language::vi;
  os << p.title.in(lang) << '\n'
     << (vi ? "Cơ quan ban hành: " : "Issued by: ") << p.agency(p.issuer).name.in(lang) << " — "
     << (vi ? "năm " : "year ") << p.year << " (" << p.period << ")\n";
  os << (vi ? "Căn cứ:" : "Legal bases:") << '\n';
  for (const auto& c : p.legal_bases)
    os << "  - " << c.to_string() << (c.note.empty() ? "" : ": " + c.note) << '\n';
  os << '\n' << (vi ? "CHỈ TIÊU" : "TARGETS") << '\n';
  for (const auto& t : p.targets) {
    os << "  " << t.id << "  " << t.planned << ' ' << t.unit.in(lang) << "  " << t.title.in(lang)
       << '\n';
  }
  for (const auto& area : p.content_areas) {
    os << '\n'
       << (vi ? "NỘI DUNG " : "CONTENT AREA ") << area.number << ": " << area.title.in(lang)
       << '\n';
    for (const auto* a : p.activities_in_content_area(area.number)) {
      os << "  " << a->id << "  [" << plan::label(a->kind).in(lang) << "] " << a->title.in(lang)
         << '\n';
      if (a->lead)
        os << "        " << plan::label(plan::Role::lead).in(lang) << ": "
           << p.agency(*a->lead).name.in(lang) << '\n';
      if (!a->support.empty()) {
        os << "        " << plan::label(plan::Role::support).in(lang) << ": ";
        for (std::size_t i = 0; i < a->support.size(); ++i)
          os << (i ? ", " : "") << p.agency(a->support[i]).name.in(lang);
        os << '\n';
      }
      if (const auto when = schedule_text(p, *a, lang); !when.empty())
        os << "        " << (vi ? "Thời gian: " : "When: ") << when << '\n';
      for (const auto& t : a->targets)
        os << "        " << (vi ? "Chỉ tiêu: " : "Target: ") << t << '\n';
    }
  }
  os << '\n' << (vi ? "TỔ CHỨC THỰC HIỆN" : "WHO DOES WHAT") << '\n';
  for (const auto& r : p.responsibilities) {
    os << "  " << r.number << ". ";
    for (std::size_t i = 0; i < r.agencies.size(); ++i) {
      os << (i ? "; " : "") << p.agency(r.agencies[i].agency).name.in(lang) << " ("
         << plan::label(r.agencies[i].role).in(lang) << ")";
    }
    os << " — " << r.activities.size() << (vi ? " hoạt động" : " activities") << '\n';
  }
  os << '\n' << (vi ? "KINH PHÍ: " : "FUNDING: ") << p.funding.description.in(lang) << '\n';
}

}  // namespace

void add_plan_commands(CLI::App& app) {
  auto* plan_cmd =
      app.add_subcommand("plan", "Show or check a plan file (YAML, schema project8/plan/1)");
  plan_cmd->require_subcommand(1);

  auto* show = plan_cmd->add_subcommand("show", "Print a plan as text or JSON");
  auto path = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  auto lang = std::make_shared<std::string>("vi");
  show->add_option("plan", *path, "the plan file")->required();
  show->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  add_lang_option(show, *lang);
  show->callback([path, format, lang] {
    const auto p = plan::load_plan(*path);
    if (*format == "json") {
      std::cout << plan::to_json(p) << '\n';
    } else {
      print_text(p, plan::parse_language(*lang), std::cout);
    }
  });

  auto* check =
      plan_cmd->add_subcommand("check", "Print every problem of a plan file; exit 1 if any");
  auto check_path = std::make_shared<std::string>();
  check->add_option("plan", *check_path, "the plan file")->required();
  check->callback([check_path] {
    try {
      const auto p = plan::load_plan(*check_path);
      if (auto problems = plan::check_programme(
              p, legal::Programmes::load(geo::bundled_data_dir() + "/legal/programmes.yaml"));
          !problems.empty()) {
        for (auto& problem : problems) problem.location.file = *check_path;
        throw core::ValidationError(std::move(problems));
      }
      std::cout << *check_path << ": OK (" << p.targets.size() << " targets, "
                << p.activities.size() << " activities, " << p.agencies.size() << " agencies)\n";
    } catch (const core::InputError& e) {
      for (const auto& problem : e.problems()) std::cout << problem.to_string() << '\n';
      std::cout << e.problems().size() << (e.problems().size() == 1 ? " problem\n" : " problems\n");
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace project8::cli
