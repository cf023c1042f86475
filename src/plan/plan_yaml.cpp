// Loading a plan from YAML (schema project8/plan/1): structure is checked while
// reading, content by plan::validate(); every problem is reported at once.
#include "../io/yaml_reader.hpp"
#include <project8/core/error.hpp>
#include <project8/plan/plan.hpp>

namespace project8::plan {

namespace {

using io::YamlReader;

class PlanReader {
 public:
  explicit PlanReader(YamlReader& r) : r_(r) {}

  /// The plan, or none when the file is not a mapping (a problem recorded).
  /// Every problem is recorded, not thrown, so that one pass reports all.
  std::optional<Plan> read() {
    const YAML::Node& root = r_.root();
    if (!r_.expect_map(root, "",
                       {"schema",          "id",      "title",        "program",     "programme",
                        "project",         "issuer",  "scope",        "year",        "period",
                        "signed_on",       "number",  "signatory",    "legal_bases", "references",
                        "instruments",     "purpose", "requirements", "funding",     "agencies",
                        "content_areas",   "targets", "activities",   "models",      "campaigns",
                        "responsibilities"})) {
      return std::nullopt;
    }
    const int year = static_cast<int>(r_.integer(root, "year", "", true, 1400, 9999).value_or(0));
    std::optional<core::Period> days = io::read_period(r_, root, "period", "", true);
    if (!days && year >= 1400 && year <= 9999) days = core::Period::year(year);
    // Without a usable year or period a problem is recorded and nothing is
    // returned; the rest is still read for its problems, over the year 1970.
    Plan p(year, days.value_or(core::Period::year(1970)));
    if (auto s = r_.text(root, "schema", "", true); s && *s != "project8/plan/1") {
      r_.problem(root["schema"], "schema",
                 "unsupported schema '" + *s + "' (expected project8/plan/1)");
    }
    p.id = r_.text(root, "id", "", true).value_or("");
    p.title = localized(root, "title", "", true);
    p.program = localized(root, "program", "", false);
    if (const auto n = YamlReader::child(root, "programme"); n.IsDefined()) {
      if (r_.expect_map(n, "programme", {"id", "phase"})) {
        auto id = r_.text(n, "id", "programme", true);
        auto phase = r_.integer(n, "phase", "programme", true, 1);
        if (id && phase) p.programme = ProgrammeRef{*id, static_cast<int>(*phase)};
      }
    }
    p.project = localized(root, "project", "", false);
    p.issuer = core::AgencyId{r_.text(root, "issuer", "", true).value_or("")};
    p.scope = core::UnitCode{r_.text(root, "scope", "", true).value_or("")};
    p.signed_on = r_.date(root, "signed_on", "", false);
    p.number = r_.text(root, "number", "", false).value_or("");
    if (const auto s = YamlReader::child(root, "signatory"); s.IsDefined()) {
      if (r_.expect_map(s, "signatory", {"name", "title"})) {
        p.signatory.name = r_.text(s, "name", "signatory", true).value_or("");
        p.signatory.title = localized(s, "title", "signatory", false);
      }
    }
    p.legal_bases = citations(root, "legal_bases");
    p.references = citations(root, "references");
    each(root, "instruments", [&](const YAML::Node& n, const std::string& f) {
      p.instruments.push_back(instrument(n, f));
    });
    p.purpose = localized(root, "purpose", "", false);
    p.requirements = localized(root, "requirements", "", false);
    if (const auto fnode = YamlReader::child(root, "funding"); fnode.IsDefined()) {
      if (r_.expect_map(fnode, "funding", {"description", "source", "year", "recipients"})) {
        p.funding.description = localized(fnode, "description", "funding", false);
        p.funding.source = r_.text(fnode, "source", "funding", false).value_or("");
        p.funding.year =
            static_cast<int>(r_.integer(fnode, "year", "funding", false, 1400, 9999).value_or(0));
        for (auto& s : r_.text_list(fnode, "recipients", "funding"))
          p.funding.recipients.emplace_back(s);
      }
    }
    each(root, "agencies", [&](const YAML::Node& n, const std::string& f) {
      if (!r_.expect_map(n, f, {"id", "name", "level"})) return;
      Agency a;
      a.id = core::AgencyId{r_.text(n, "id", f, true).value_or("")};
      a.name = localized(n, "name", f, true);
      a.level = enumeration<AgencyLevel>(n, "level", f, true).value_or(AgencyLevel::district);
      p.agencies.push_back(std::move(a));
    });
    each(root, "content_areas", [&](const YAML::Node& n, const std::string& f) {
      if (!r_.expect_map(n, f, {"number", "title"})) return;
      ContentArea c;
      c.number = static_cast<int>(r_.integer(n, "number", f, true).value_or(0));
      c.title = localized(n, "title", f, true);
      p.content_areas.push_back(std::move(c));
    });
    each(root, "campaigns", [&](const YAML::Node& n, const std::string& f) {
      if (!r_.expect_map(n, f, {"id", "name", "date", "month"})) return;
      Campaign c;
      c.id = r_.text(n, "id", f, true).value_or("");
      c.name = localized(n, "name", f, true);
      c.date = r_.date(n, "date", f, false);
      if (auto m = r_.integer(n, "month", f, false)) c.month = static_cast<int>(*m);
      p.campaigns.push_back(std::move(c));
    });
    each(root, "models",
         [&](const YAML::Node& n, const std::string& f) { p.models.push_back(model(n, f)); });
    each(root, "targets",
         [&](const YAML::Node& n, const std::string& f) { p.targets.push_back(target(n, f)); });
    each(root, "activities", [&](const YAML::Node& n, const std::string& f) {
      p.activities.push_back(activity(n, f));
    });
    each(root, "responsibilities", [&](const YAML::Node& n, const std::string& f) {
      p.responsibilities.push_back(responsibility(n, f));
    });
    return p;
  }

 private:
  template <class Fn>
  void each(const YAML::Node& map, const char* key, Fn fn) {
    r_.each(map, key, "", fn);
  }

  template <core::TextEnum E>
  std::optional<E> enumeration(const YAML::Node& map, const char* key, const std::string& path,
                               bool required) {
    return r_.enumeration<E>(map, key, path, required,
                             [](const std::string& s) { return core::parse_enum<E>(s); });
  }

  LocalizedText localized(const YAML::Node& map, const char* key, const std::string& path,
                          bool required) {
    const auto node = YamlReader::child(map, key);
    const auto f = YamlReader::join(path, key);
    if (!node.IsDefined() || node.IsNull()) {
      if (required) r_.problem(map, f, std::string("missing required field '") + key + "'");
      return {};
    }
    if (node.IsScalar()) r_.remember(f, node);
    return io::read_localized(r_, node, f);
  }

  std::vector<legal::Citation> citations(const YAML::Node& map, const char* key) {
    return io::read_citations(r_, map, key, "");
  }

  legal::Instrument instrument(const YAML::Node& n, const std::string& f) {
    legal::Instrument i;
    if (!r_.expect_map(n, f,
                       {"id", "type", "issuer", "title", "signed_on", "effective_from",
                        "effective_to", "supersedes", "superseded_by", "confidence", "note"})) {
      return i;
    }
    i.id = core::InstrumentId{r_.text(n, "id", f, true).value_or("")};
    i.type = r_.enumeration<legal::InstrumentType>(n, "type", f, true, legal::parse_instrument_type)
                 .value_or(legal::InstrumentType::other);
    i.issuer = r_.text(n, "issuer", f, true).value_or("");
    i.title = r_.text(n, "title", f, false).value_or("");
    i.signed_on = r_.date(n, "signed_on", f, false);
    const auto from = r_.date(n, "effective_from", f, false);
    const auto to = r_.date(n, "effective_to", f, false);
    if (from && to && *to < *from) {
      r_.problem(n["effective_to"], YamlReader::join(f, "effective_to"),
                 "ends before effective_from");
    } else {
      i.effective = core::DateRange(from, to);
    }
    for (auto& s : r_.text_list(n, "supersedes", f)) i.supersedes.emplace_back(s);
    if (auto s = r_.text(n, "superseded_by", f, false)) i.superseded_by = core::InstrumentId{*s};
    i.confidence =
        r_.enumeration<legal::Confidence>(n, "confidence", f, false, legal::parse_confidence)
            .value_or(legal::Confidence::seen);
    i.note = r_.text(n, "note", f, false).value_or("");
    return i;
  }

  std::vector<Option> options(const YAML::Node& map, const char* key, const std::string& path) {
    std::vector<Option> out;
    const auto node = YamlReader::child(map, key);
    const auto f = YamlReader::join(path, key);
    if (!r_.expect_sequence(node, f)) return out;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const auto of = YamlReader::index(f, i);
      if (!r_.expect_map(node[i], of, {"id", "label"})) continue;
      out.push_back(Option{r_.text(node[i], "id", of, true).value_or(""),
                           localized(node[i], "label", of, true)});
    }
    return out;
  }

  CommunityModel model(const YAML::Node& n, const std::string& f) {
    CommunityModel m;
    if (!r_.expect_map(n, f,
                       {"id", "kind", "name", "description", "pilot", "attributes", "forms",
                        "support_kinds"})) {
      return m;
    }
    m.id = r_.text(n, "id", f, true).value_or("");
    m.kind = enumeration<ModelKind>(n, "kind", f, true).value_or(ModelKind::communication_team);
    m.name = localized(n, "name", f, true);
    m.description = localized(n, "description", f, false);
    m.pilot = r_.boolean(n, "pilot", f, false).value_or(false);
    m.attributes = options(n, "attributes", f);
    m.forms = options(n, "forms", f);
    m.support_kinds = options(n, "support_kinds", f);
    return m;
  }

  Target target(const YAML::Node& n, const std::string& f) {
    Target t;
    if (!r_.expect_map(n, f,
                       {"id", "content_area", "title", "indicator", "unit", "planned", "period",
                        "scope", "aggregation", "disaggregations"})) {
      return t;
    }
    t.id = core::TargetId{r_.text(n, "id", f, true).value_or("")};
    if (auto c = r_.integer(n, "content_area", f, false)) t.content_area = static_cast<int>(*c);
    t.title = localized(n, "title", f, true);
    t.indicator = localized(n, "indicator", f, false);
    t.unit = localized(n, "unit", f, true);
    t.planned = r_.integer(n, "planned", f, true, 0).value_or(0);
    t.period = io::read_period(r_, n, "period", f, false);
    if (auto s = r_.text(n, "scope", f, false)) t.scope = core::UnitCode{*s};
    t.aggregation = enumeration<Aggregation>(n, "aggregation", f, true).value_or(Aggregation::sum);
    t.disaggregations = r_.text_list(n, "disaggregations", f);
    return t;
  }

  Activity activity(const YAML::Node& n, const std::string& f) {
    Activity a;
    if (!r_.expect_map(n, f,
                       {"id", "content_area", "kind", "title", "description", "lead", "support",
                        "schedule", "targets", "models", "topics"})) {
      return a;
    }
    a.id = core::ActivityId{r_.text(n, "id", f, true).value_or("")};
    if (auto c = r_.integer(n, "content_area", f, false)) a.content_area = static_cast<int>(*c);
    a.kind = enumeration<ActivityKind>(n, "kind", f, true).value_or(ActivityKind::other);
    a.title = localized(n, "title", f, true);
    a.description = localized(n, "description", f, false);
    if (auto l = r_.text(n, "lead", f, false)) a.lead = core::AgencyId{*l};
    for (auto& s : r_.text_list(n, "support", f)) a.support.emplace_back(s);
    for (auto& s : r_.text_list(n, "targets", f)) a.targets.emplace_back(s);
    a.models = r_.text_list(n, "models", f);
    a.topics = r_.text_list(n, "topics", f);
    const auto sched = YamlReader::child(n, "schedule");
    const auto sf = f + ".schedule";
    if (r_.expect_sequence(sched, sf)) {
      for (std::size_t i = 0; i < sched.size(); ++i) {
        const auto itf = YamlReader::index(sf, i);
        r_.remember(itf, sched[i]);
        if (!r_.expect_map(sched[i], itf, {"month", "date", "from", "to", "campaign"})) continue;
        int kinds = 0;
        for (const char* k : {"month", "date", "campaign"})
          kinds += YamlReader::child(sched[i], k).IsDefined() ? 1 : 0;
        kinds += (YamlReader::child(sched[i], "from").IsDefined() ||
                  YamlReader::child(sched[i], "to").IsDefined())
                     ? 1
                     : 0;
        if (kinds == 0) r_.problem(sched[i], itf, "give one of month, date, from/to or campaign");
        ScheduleItem s;
        if (auto m = r_.integer(sched[i], "month", itf, false)) s.month = static_cast<int>(*m);
        s.date = r_.date(sched[i], "date", itf, false);
        const auto from = r_.date(sched[i], "from", itf, false);
        const auto to = r_.date(sched[i], "to", itf, false);
        if (from.has_value() != to.has_value()) {
          r_.problem(sched[i], itf, "a period needs both from and to");
        } else if (from && *to < *from) {
          r_.problem(sched[i]["to"], itf + ".to", "the period ends before it starts");
        } else if (from) {
          s.period = core::Period::inclusive(*from, *to);
        }
        if (auto c = r_.text(sched[i], "campaign", itf, false); c && !c->empty())
          s.campaign = std::move(*c);
        a.schedule.push_back(std::move(s));
      }
    }
    return a;
  }

  Responsibility responsibility(const YAML::Node& n, const std::string& f) {
    Responsibility r;
    if (!r_.expect_map(n, f, {"number", "agencies", "duties", "activities"})) return r;
    r.number = static_cast<int>(r_.integer(n, "number", f, true, 1).value_or(0));
    const auto ag = YamlReader::child(n, "agencies");
    if (r_.expect_sequence(ag, f + ".agencies")) {
      for (std::size_t i = 0; i < ag.size(); ++i) {
        const auto af = YamlReader::index(f + ".agencies", i);
        if (!r_.expect_map(ag[i], af, {"agency", "role"})) continue;
        AgencyRole ar;
        ar.agency = core::AgencyId{r_.text(ag[i], "agency", af, true).value_or("")};
        ar.role = enumeration<Role>(ag[i], "role", af, true).value_or(Role::support);
        r.agencies.push_back(std::move(ar));
      }
    }
    const auto du = YamlReader::child(n, "duties");
    if (r_.expect_sequence(du, f + ".duties")) {
      for (std::size_t i = 0; i < du.size(); ++i) {
        const auto df = YamlReader::index(f + ".duties", i);
        r_.remember(df, du[i]);
        LocalizedText t;
        if (du[i].IsScalar()) {
          t.vi = r_.scalar(du[i], df).value_or("");
        } else if (r_.expect_map(du[i], df, {"vi", "en"})) {
          t.vi = r_.text(du[i], "vi", df, true).value_or("");
          t.en = r_.text(du[i], "en", df, false).value_or("");
        }
        r.duties.push_back(std::move(t));
      }
    }
    for (auto& s : r_.text_list(n, "activities", f)) r.activities.emplace_back(s);
    return r;
  }

  YamlReader& r_;
};

}  // namespace

Plan parse_plan(std::string_view yaml, const std::string& source_name) {
  YamlReader r(yaml, source_name);
  std::optional<Plan> plan;
  try {
    plan = PlanReader(r).read();
  } catch (const YAML::Exception& e) {
    r.problem(YAML::Node(), "", std::string("unreadable YAML structure: ") + e.msg);
  }
  // Content checks run even when the structure had problems, so that one pass
  // reports everything; references to ids that were missing are not repeated.
  if (plan) {
    for (const auto& p : validate(*plan)) r.problem_at_field(p.field, p.message);
  }
  r.throw_if_problems();
  if (!plan) throw core::ParseError(core::SourceLocation{source_name, {}, {}}, "no plan");
  return std::move(*plan);
}

Plan load_plan(const std::filesystem::path& path) {
  return parse_plan(io::read_file(path.string()), path.string());
}

}  // namespace project8::plan
