#include <algorithm>
#include <set>

#include <project8/core/enum_text.hpp>
#include <project8/core/error.hpp>
#include <project8/plan/plan.hpp>

namespace project8::plan {

std::string_view to_string(ActivityKind kind) noexcept {
  return core::key(kind);
}
std::string_view to_string(Aggregation kind) noexcept {
  return core::key(kind);
}
std::string_view to_string(ModelKind kind) noexcept {
  return core::key(kind);
}
std::string_view to_string(AgencyLevel level) noexcept {
  return core::key(level);
}
std::string_view to_string(Role role) noexcept {
  return core::key(role);
}
const LocalizedText& label(ActivityKind kind) noexcept {
  return core::localized(kind);
}
const LocalizedText& label(Role role) noexcept {
  return core::localized(role);
}

namespace {
template <class Container, class Pred>
auto find_or_throw(const Container& c, Pred pred, const std::string& what) -> decltype(*c.begin()) {
  const auto it = std::find_if(c.begin(), c.end(), pred);
  if (it == c.end()) throw core::NotFoundError("the plan has no " + what);
  return *it;
}

bool in_month(const ScheduleItem& s, int month, int year, const Plan& plan) {
  const auto month_of = [](core::Date d) { return static_cast<int>(d.month()); };
  const auto year_of = [](core::Date d) { return static_cast<int>(d.year()); };
  if (s.month && *s.month == month) return true;
  if (s.date && month_of(*s.date) == month && year_of(*s.date) == year) return true;
  if (s.period) {
    const auto m = core::Period::inclusive(
        core::make_date(year, month, 1),
        core::add_months_clamped(core::make_date(year, month, 1), 1) - boost::gregorian::days(1));
    if (s.period->overlaps(m)) return true;
  }
  if (s.campaign) {
    for (const auto& c : plan.campaigns) {
      if (c.id != *s.campaign) continue;
      if (c.month && *c.month == month) return true;
      if (c.date && month_of(*c.date) == month && year_of(*c.date) == year) return true;
    }
  }
  return false;
}
}  // namespace

const Agency& Plan::agency(const core::AgencyId& wanted) const {
  return find_or_throw(
      agencies, [&](const Agency& a) { return a.id == wanted; }, "agency '" + wanted.value() + "'");
}
const Activity& Plan::activity(const core::ActivityId& wanted) const {
  return find_or_throw(
      activities, [&](const Activity& a) { return a.id == wanted; },
      "activity '" + wanted.value() + "'");
}
const Target& Plan::target(const core::TargetId& wanted) const {
  return find_or_throw(
      targets, [&](const Target& t) { return t.id == wanted; }, "target '" + wanted.value() + "'");
}
const ContentArea& Plan::content_area(int wanted_number) const {
  return find_or_throw(
      content_areas, [&](const ContentArea& c) { return c.number == wanted_number; },
      "content area " + std::to_string(wanted_number));
}
const CommunityModel& Plan::model(const std::string& wanted) const {
  return find_or_throw(
      models, [&](const CommunityModel& m) { return m.id == wanted; },
      "community model '" + wanted + "'");
}
const Campaign& Plan::campaign(const std::string& wanted) const {
  return find_or_throw(
      campaigns, [&](const Campaign& c) { return c.id == wanted; }, "campaign '" + wanted + "'");
}

std::vector<const Activity*> Plan::activities_of_agency(const core::AgencyId& wanted,
                                                        std::optional<Role> role) const {
  std::vector<const Activity*> out;
  for (const auto& a : activities) {
    const bool leads = a.lead == wanted;
    const bool supports = std::find(a.support.begin(), a.support.end(), wanted) != a.support.end();
    if ((!role || *role == Role::lead) && leads)
      out.push_back(&a);
    else if ((!role || *role == Role::support) && supports)
      out.push_back(&a);
  }
  return out;
}

std::vector<const Activity*> Plan::activities_in_content_area(int wanted_number) const {
  std::vector<const Activity*> out;
  for (const auto& a : activities) {
    if (a.content_area == wanted_number) out.push_back(&a);
  }
  return out;
}

std::vector<const Activity*> Plan::activities_in_month(int month) const {
  if (month < 1 || month > 12) throw core::InvalidArgument("month must be 1–12");
  std::vector<const Activity*> out;
  for (const auto& a : activities) {
    if (std::any_of(a.schedule.begin(), a.schedule.end(),
                    [&](const ScheduleItem& s) { return in_month(s, month, year, *this); })) {
      out.push_back(&a);
    }
  }
  return out;
}

std::vector<const Activity*> Plan::activities_toward(const core::TargetId& wanted) const {
  (void)target(wanted);
  std::vector<const Activity*> out;
  for (const auto& a : activities) {
    if (std::find(a.targets.begin(), a.targets.end(), wanted) != a.targets.end()) out.push_back(&a);
  }
  return out;
}

std::vector<const Target*> Plan::targets_of_content_area(int wanted_number) const {
  std::vector<const Target*> out;
  for (const auto& t : targets) {
    if (t.content_area == wanted_number) out.push_back(&t);
  }
  return out;
}

std::vector<const Target*> Plan::targets_of(const core::ActivityId& wanted) const {
  std::vector<const Target*> out;
  for (const auto& t : activity(wanted).targets) out.push_back(&target(t));
  return out;
}

core::Period Plan::target_period(const core::TargetId& wanted) const {
  const auto& t = target(wanted);
  return t.period ? *t.period : period;
}

std::vector<core::Problem> check_programme(const Plan& plan, const legal::Programmes& programmes) {
  if (!plan.programme) return {};
  const auto& ref = *plan.programme;
  const auto* programme = programmes.find(ref.id);
  if (programme == nullptr) {
    std::string known;
    for (const auto& q : programmes.programmes()) known += (known.empty() ? "" : ", ") + q.id;
    return {{{}, "programme.id", "unknown programme '" + ref.id + "' (known: " + known + ")"}};
  }
  const auto phase = std::find_if(programme->phases.begin(), programme->phases.end(),
                                  [&](const auto& ph) { return ph.number == ref.phase; });
  if (phase == programme->phases.end()) {
    return {{{},
             "programme.phase",
             "programme '" + ref.id + "' has no phase " + std::to_string(ref.phase)}};
  }
  if (!phase->period.contains(plan.period)) {
    return {{{},
             "programme.phase",
             "the plan's period " + plan.period.to_string() + " lies outside phase " +
                 std::to_string(ref.phase) + " of '" + ref.id + "' (" + phase->period.to_string() +
                 ")"}};
  }
  return {};
}

std::vector<core::Problem> validate(const Plan& plan) {
  std::vector<core::Problem> out;
  const auto add = [&](std::string field, std::string message) {
    out.push_back(core::Problem{{}, std::move(field), std::move(message)});
  };
  const auto idx = [](const char* list, std::size_t i) {
    return std::string(list) + "[" + std::to_string(i) + "]";
  };
  std::set<std::string> agencies, activities, targets, models, campaigns;
  std::set<int> areas;
  for (std::size_t i = 0; i < plan.agencies.size(); ++i) {
    if (!agencies.insert(plan.agencies[i].id.value()).second &&
        !plan.agencies[i].id.value().empty()) {
      add(idx("agencies", i) + ".id", "duplicate agency id '" + plan.agencies[i].id.value() + "'");
    }
  }
  for (std::size_t i = 0; i < plan.content_areas.size(); ++i) {
    const int n = plan.content_areas[i].number;
    if (n < 1 || n > 4) add(idx("content_areas", i) + ".number", "content areas are numbered 1–4");
    if (!areas.insert(n).second) {
      add(idx("content_areas", i) + ".number", "duplicate content area " + std::to_string(n));
    }
  }
  for (std::size_t i = 0; i < plan.campaigns.size(); ++i) {
    const auto& c = plan.campaigns[i];
    if (!campaigns.insert(c.id).second)
      add(idx("campaigns", i) + ".id", "duplicate campaign id '" + c.id + "'");
    if (!c.date && !c.month) add(idx("campaigns", i), "a campaign needs a date or a month");
    if (c.month && (*c.month < 1 || *c.month > 12))
      add(idx("campaigns", i) + ".month", "month must be 1–12");
    if (c.date && !plan.period.contains(*c.date)) {
      add(idx("campaigns", i) + ".date",
          core::to_iso(*c.date) + " is outside the plan period " + plan.period.to_string());
    }
  }
  for (std::size_t i = 0; i < plan.models.size(); ++i) {
    if (!models.insert(plan.models[i].id).second) {
      add(idx("models", i) + ".id", "duplicate model id '" + plan.models[i].id + "'");
    }
  }
  const auto check_area = [&](const std::optional<int>& area, const std::string& field) {
    if (area && areas.count(*area) == 0) {
      add(field, "unknown content area " + std::to_string(*area));
    }
  };
  const auto check_agency = [&](const core::AgencyId& id, const std::string& field) {
    if (!id.value().empty() && agencies.count(id.value()) == 0) {
      add(field, "unknown agency '" + id.value() + "'");
    }
  };
  for (std::size_t i = 0; i < plan.targets.size(); ++i) {
    const auto& t = plan.targets[i];
    const auto f = idx("targets", i);
    if (!targets.insert(t.id.value()).second && !t.id.value().empty())
      add(f + ".id", "duplicate target id '" + t.id.value() + "'");
    if (t.planned < 0) add(f + ".planned", "planned quantity must not be negative");
    check_area(t.content_area, f + ".content_area");
    if (t.period && !plan.period.contains(*t.period)) {
      add(f + ".period", "the target's period lies outside the plan period");
    }
  }
  for (std::size_t i = 0; i < plan.activities.size(); ++i) {
    const auto& a = plan.activities[i];
    const auto f = idx("activities", i);
    if (!activities.insert(a.id.value()).second && !a.id.value().empty())
      add(f + ".id", "duplicate activity id '" + a.id.value() + "'");
    check_area(a.content_area, f + ".content_area");
    if (a.lead) check_agency(*a.lead, f + ".lead");
    for (std::size_t j = 0; j < a.support.size(); ++j) {
      check_agency(a.support[j], f + ".support[" + std::to_string(j) + "]");
      if (a.lead == a.support[j])
        add(f + ".support[" + std::to_string(j) + "]", "the lead agency is also listed as support");
    }
    for (std::size_t j = 0; j < a.targets.size(); ++j) {
      if (!a.targets[j].value().empty() && targets.count(a.targets[j].value()) == 0) {
        add(f + ".targets[" + std::to_string(j) + "]",
            "unknown target '" + a.targets[j].value() + "'");
      }
    }
    for (std::size_t j = 0; j < a.models.size(); ++j) {
      if (models.count(a.models[j]) == 0)
        add(f + ".models[" + std::to_string(j) + "]", "unknown model '" + a.models[j] + "'");
    }
    for (std::size_t j = 0; j < a.schedule.size(); ++j) {
      const auto& s = a.schedule[j];
      const auto sf = f + ".schedule[" + std::to_string(j) + "]";
      const int given = int(s.month.has_value()) + int(s.date.has_value()) +
                        int(s.period.has_value()) + int(s.campaign.has_value());
      if (given > 1) add(sf, "give exactly one of month, date, from/to or campaign");
      if (s.month && (*s.month < 1 || *s.month > 12)) add(sf + ".month", "month must be 1–12");
      if (s.date && !plan.period.contains(*s.date))
        add(sf + ".date",
            core::to_iso(*s.date) + " is outside the plan period " + plan.period.to_string());
      if (s.period && !plan.period.contains(*s.period)) {
        add(sf, "the period lies outside the plan period " + plan.period.to_string());
      }
      if (s.campaign && campaigns.count(*s.campaign) == 0)
        add(sf + ".campaign", "unknown campaign '" + *s.campaign + "'");
    }
  }
  for (std::size_t i = 0; i < plan.responsibilities.size(); ++i) {
    const auto& r = plan.responsibilities[i];
    const auto f = idx("responsibilities", i);
    if (r.agencies.empty())
      add(f + ".agencies", "a responsibility group needs at least one agency");
    for (std::size_t j = 0; j < r.agencies.size(); ++j)
      check_agency(r.agencies[j].agency, f + ".agencies[" + std::to_string(j) + "].agency");
    for (std::size_t j = 0; j < r.activities.size(); ++j) {
      if (activities.count(r.activities[j].value()) == 0)
        add(f + ".activities[" + std::to_string(j) + "]",
            "unknown activity '" + r.activities[j].value() + "'");
    }
  }
  if (!plan.issuer.value().empty()) check_agency(plan.issuer, "issuer");
  for (std::size_t j = 0; j < plan.funding.recipients.size(); ++j) {
    check_agency(plan.funding.recipients[j], "funding.recipients[" + std::to_string(j) + "]");
  }
  std::set<std::string> instruments;
  for (std::size_t i = 0; i < plan.instruments.size(); ++i) {
    if (!instruments.insert(plan.instruments[i].id.value()).second) {
      add(idx("instruments", i) + ".id",
          "duplicate instrument '" + plan.instruments[i].id.value() + "'");
    }
  }
  const auto check_citations = [&](const std::vector<legal::Citation>& cs, const char* list) {
    for (std::size_t i = 0; i < cs.size(); ++i) {
      if (!cs[i].instrument.value().empty() && instruments.count(cs[i].instrument.value()) == 0) {
        add(idx(list, i) + ".instrument",
            "instrument '" + cs[i].instrument.value() + "' is not described in 'instruments'");
      }
    }
  };
  check_citations(plan.legal_bases, "legal_bases");
  check_citations(plan.references, "references");
  return out;
}

}  // namespace project8::plan
