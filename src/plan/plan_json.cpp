// JSON export and import of a plan (nlohmann/json). The JSON mirrors the YAML
// schema field for field, so YAML -> Plan -> JSON -> Plan is lossless.
#include <nlohmann/json.hpp>

#include <project8/core/error.hpp>
#include <project8/plan/plan.hpp>

namespace project8::plan {

using nlohmann::json;

namespace {

json text(const LocalizedText& t) {
  return json{{"vi", t.vi}, {"en", t.en}};
}
json opt_date(const std::optional<core::Date>& d) {
  return d ? json(core::to_iso(*d)) : json(nullptr);
}
json period(const core::Period& p) {
  return json{{"from", core::to_iso(p.first())}, {"to", core::to_iso(p.last())}};
}
template <class Id>
json ids(const std::vector<Id>& v) {
  json out = json::array();
  for (const auto& id : v) out.push_back(id.value());
  return out;
}
json citation(const legal::Citation& c) {
  return json{{"instrument", c.instrument.value()},
              {"article", c.article},
              {"clause", c.clause},
              {"point", c.point},
              {"note", c.note}};
}
json options(const std::vector<Option>& v) {
  json out = json::array();
  for (const auto& o : v) out.push_back(json{{"id", o.id}, {"label", text(o.label)}});
  return out;
}

// --- reading --------------------------------------------------------------

class JsonReader {
 public:
  explicit JsonReader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& message) const {
    throw core::ParseError({core::Problem{core::SourceLocation{source_, {}, {}}, field, message}});
  }
  const json& at(const json& j, const char* key, const std::string& path) const {
    if (!j.is_object()) fail(path, "an object was expected");
    const auto it = j.find(key);
    if (it == j.end()) fail(join(path, key), std::string("missing field '") + key + "'");
    return *it;
  }
  std::string str(const json& j, const char* key, const std::string& path) const {
    const auto& v = at(j, key, path);
    if (!v.is_string()) fail(join(path, key), "a string was expected");
    return v.get<std::string>();
  }
  std::int64_t integer(const json& j, const char* key, const std::string& path) const {
    const auto& v = at(j, key, path);
    if (!v.is_number_integer()) fail(join(path, key), "an integer was expected");
    return v.get<std::int64_t>();
  }
  std::optional<std::int64_t> opt_integer(const json& j, const char* key,
                                          const std::string& path) const {
    const auto& v = at(j, key, path);
    if (v.is_null()) return std::nullopt;
    return integer(j, key, path);
  }
  bool boolean(const json& j, const char* key, const std::string& path) const {
    const auto& v = at(j, key, path);
    if (!v.is_boolean()) fail(join(path, key), "true or false was expected");
    return v.get<bool>();
  }
  core::Date date(const json& j, const char* key, const std::string& path) const {
    const auto s = str(j, key, path);
    try {
      return core::parse_date(s);
    } catch (const core::ParseError& e) {
      fail(join(path, key), e.problems().front().message);
    }
  }
  std::optional<core::Date> opt_date(const json& j, const char* key,
                                     const std::string& path) const {
    if (at(j, key, path).is_null()) return std::nullopt;
    return date(j, key, path);
  }
  core::Period period(const json& j, const std::string& path) const {
    const auto from = date(j, "from", path);
    const auto to = date(j, "to", path);
    if (to < from) fail(path + ".to", "the period ends before it starts");
    return core::Period::inclusive(from, to);
  }
  LocalizedText text(const json& j, const char* key, const std::string& path) const {
    const auto& v = at(j, key, path);
    return LocalizedText{str(v, "vi", join(path, key)), str(v, "en", join(path, key))};
  }
  const json& array(const json& j, const char* key, const std::string& path) const {
    const auto& v = at(j, key, path);
    if (!v.is_array()) fail(join(path, key), "an array was expected");
    return v;
  }
  /// Calls f(item, item_path) for each item of the array `key` (item_path: `key[i]` under `path`).
  template <class F>
  void each(const json& j, const char* key, const std::string& path, F&& f) const {
    const auto& a = array(j, key, path);
    for (std::size_t i = 0; i < a.size(); ++i) f(a[i], index(join(path, key), i));
  }
  std::vector<std::string> strings(const json& j, const char* key, const std::string& path) const {
    std::vector<std::string> out;
    const auto& a = array(j, key, path);
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!a[i].is_string()) fail(index(join(path, key), i), "a string was expected");
      out.push_back(a[i].get<std::string>());
    }
    return out;
  }
  template <class Id>
  std::vector<Id> id_list(const json& j, const char* key, const std::string& path) const {
    std::vector<Id> out;
    for (auto& s : strings(j, key, path)) out.emplace_back(std::move(s));
    return out;
  }
  template <core::TextEnum E>
  E enumeration(const json& j, const char* key, const std::string& path) const {
    const auto s = str(j, key, path);
    try {
      return core::parse_enum<E>(s);
    } catch (const core::InvalidArgument& e) {
      fail(join(path, key), e.what());
    }
  }
  legal::Citation citation(const json& j, const std::string& path) const {
    return legal::Citation{core::InstrumentId{str(j, "instrument", path)}, str(j, "article", path),
                           str(j, "clause", path), str(j, "point", path), str(j, "note", path)};
  }
  std::vector<Option> options(const json& j, const char* key, const std::string& path) const {
    std::vector<Option> out;
    const auto& a = array(j, key, path);
    for (std::size_t i = 0; i < a.size(); ++i) {
      const auto f = index(join(path, key), i);
      out.push_back(Option{str(a[i], "id", f), text(a[i], "label", f)});
    }
    return out;
  }

  static std::string join(const std::string& p, const char* k) {
    return p.empty() ? std::string(k) : p + "." + k;
  }
  static std::string index(const std::string& p, std::size_t i) {
    return p + "[" + std::to_string(i) + "]";
  }

 private:
  std::string source_;
};

}  // namespace

std::string to_json(const Plan& p, int indent) {
  json j;
  j["schema"] = "project8/plan/1";
  j["id"] = p.id;
  j["title"] = text(p.title);
  j["program"] = text(p.program);
  j["programme"] =
      p.programme ? json{{"id", p.programme->id}, {"phase", p.programme->phase}} : json(nullptr);
  j["project"] = text(p.project);
  j["issuer"] = p.issuer.value();
  j["scope"] = p.scope.value();
  j["year"] = p.year;
  j["period"] = period(p.period);
  j["signed_on"] = opt_date(p.signed_on);
  j["number"] = p.number;
  j["signatory"] = json{{"name", p.signatory.name}, {"title", text(p.signatory.title)}};
  j["legal_bases"] = json::array();
  for (const auto& c : p.legal_bases) j["legal_bases"].push_back(citation(c));
  j["references"] = json::array();
  for (const auto& c : p.references) j["references"].push_back(citation(c));
  j["instruments"] = json::array();
  for (const auto& i : p.instruments) {
    j["instruments"].push_back(
        json{{"id", i.id.value()},
             {"type", legal::to_string(i.type)},
             {"issuer", i.issuer},
             {"title", i.title},
             {"signed_on", opt_date(i.signed_on)},
             {"effective_from", opt_date(i.effective.first())},
             {"effective_to", opt_date(i.effective.last())},
             {"supersedes", ids(i.supersedes)},
             {"superseded_by", i.superseded_by ? json(i.superseded_by->value()) : json(nullptr)},
             {"confidence", legal::to_string(i.confidence)},
             {"note", i.note}});
  }
  j["purpose"] = text(p.purpose);
  j["requirements"] = text(p.requirements);
  j["funding"] = json{{"description", text(p.funding.description)},
                      {"source", p.funding.source},
                      {"year", p.funding.year},
                      {"recipients", ids(p.funding.recipients)}};
  j["agencies"] = json::array();
  for (const auto& a : p.agencies) {
    j["agencies"].push_back(
        json{{"id", a.id.value()}, {"name", text(a.name)}, {"level", to_string(a.level)}});
  }
  j["content_areas"] = json::array();
  for (const auto& c : p.content_areas) {
    j["content_areas"].push_back(json{{"number", c.number}, {"title", text(c.title)}});
  }
  j["campaigns"] = json::array();
  for (const auto& c : p.campaigns) {
    j["campaigns"].push_back(json{{"id", c.id},
                                  {"name", text(c.name)},
                                  {"date", opt_date(c.date)},
                                  {"month", c.month ? json(*c.month) : json(nullptr)}});
  }
  j["models"] = json::array();
  for (const auto& m : p.models) {
    j["models"].push_back(json{{"id", m.id},
                               {"kind", to_string(m.kind)},
                               {"name", text(m.name)},
                               {"description", text(m.description)},
                               {"pilot", m.pilot},
                               {"attributes", options(m.attributes)},
                               {"forms", options(m.forms)},
                               {"support_kinds", options(m.support_kinds)}});
  }
  j["targets"] = json::array();
  for (const auto& t : p.targets) {
    j["targets"].push_back(
        json{{"id", t.id.value()},
             {"content_area", t.content_area ? json(*t.content_area) : json(nullptr)},
             {"title", text(t.title)},
             {"indicator", text(t.indicator)},
             {"unit", text(t.unit)},
             {"planned", t.planned},
             {"period", t.period ? period(*t.period) : json(nullptr)},
             {"scope", t.scope ? json(t.scope->value()) : json(nullptr)},
             {"aggregation", to_string(t.aggregation)},
             {"disaggregations", t.disaggregations}});
  }
  j["activities"] = json::array();
  for (const auto& a : p.activities) {
    json sched = json::array();
    for (const auto& s : a.schedule) {
      sched.push_back(
          json{{"month", s.month ? json(*s.month) : json(nullptr)},
               {"date", opt_date(s.date)},
               {"from", opt_date(s.period ? std::optional(s.period->first()) : std::nullopt)},
               {"to", opt_date(s.period ? std::optional(s.period->last()) : std::nullopt)},
               {"campaign", s.campaign ? json(*s.campaign) : json(nullptr)}});
    }
    j["activities"].push_back(
        json{{"id", a.id.value()},
             {"content_area", a.content_area ? json(*a.content_area) : json(nullptr)},
             {"kind", to_string(a.kind)},
             {"title", text(a.title)},
             {"description", text(a.description)},
             {"lead", a.lead ? json(a.lead->value()) : json(nullptr)},
             {"support", ids(a.support)},
             {"schedule", sched},
             {"targets", ids(a.targets)},
             {"models", a.models},
             {"topics", a.topics}});
  }
  j["responsibilities"] = json::array();
  for (const auto& r : p.responsibilities) {
    json ag = json::array();
    for (const auto& ar : r.agencies) {
      ag.push_back(json{{"agency", ar.agency.value()}, {"role", to_string(ar.role)}});
    }
    json duties = json::array();
    for (const auto& d : r.duties) duties.push_back(text(d));
    j["responsibilities"].push_back(json{{"number", r.number},
                                         {"agencies", ag},
                                         {"duties", duties},
                                         {"activities", ids(r.activities)}});
  }
  return j.dump(indent, ' ', false, json::error_handler_t::strict);
}

Plan plan_from_json(std::string_view text_in, const std::string& source_name) {
  json j;
  try {
    j = json::parse(text_in);
  } catch (const json::parse_error& e) {
    throw core::ParseError(core::SourceLocation{source_name, {}, e.byte},
                           std::string("JSON syntax error: ") + e.what());
  }
  const JsonReader r(source_name);
  if (r.str(j, "schema", "") != "project8/plan/1") r.fail("schema", "expected project8/plan/1");
  Plan p(static_cast<int>(r.integer(j, "year", "")), r.period(r.at(j, "period", ""), "period"));
  p.id = r.str(j, "id", "");
  p.title = r.text(j, "title", "");
  p.program = r.text(j, "program", "");
  if (const auto it = j.find("programme"); it != j.end() && !it->is_null()) {
    p.programme = ProgrammeRef{r.str(*it, "id", "programme"),
                               static_cast<int>(r.integer(*it, "phase", "programme"))};
  }
  p.project = r.text(j, "project", "");
  p.issuer = core::AgencyId{r.str(j, "issuer", "")};
  p.scope = core::UnitCode{r.str(j, "scope", "")};
  p.signed_on = r.opt_date(j, "signed_on", "");
  p.number = r.str(j, "number", "");
  const auto& sig = r.at(j, "signatory", "");
  p.signatory = Signatory{r.str(sig, "name", "signatory"), r.text(sig, "title", "signatory")};
  const auto cites = [&](const char* key) {
    std::vector<legal::Citation> out;
    r.each(j, key, "",
           [&](const json& c, const std::string& f) { out.push_back(r.citation(c, f)); });
    return out;
  };
  p.legal_bases = cites("legal_bases");
  p.references = cites("references");
  r.each(j, "instruments", "", [&](const json& ins, const std::string& f) {
    legal::Instrument x;
    x.id = core::InstrumentId{r.str(ins, "id", f)};
    try {
      x.type = legal::parse_instrument_type(r.str(ins, "type", f));
      x.confidence = legal::parse_confidence(r.str(ins, "confidence", f));
    } catch (const core::InvalidArgument& e) {
      r.fail(f, e.what());
    }
    x.issuer = r.str(ins, "issuer", f);
    x.title = r.str(ins, "title", f);
    x.signed_on = r.opt_date(ins, "signed_on", f);
    x.effective =
        core::DateRange(r.opt_date(ins, "effective_from", f), r.opt_date(ins, "effective_to", f));
    x.supersedes = r.id_list<core::InstrumentId>(ins, "supersedes", f);
    if (const auto& s = r.at(ins, "superseded_by", f); !s.is_null()) {
      x.superseded_by = core::InstrumentId{r.str(ins, "superseded_by", f)};
    }
    x.note = r.str(ins, "note", f);
    p.instruments.push_back(std::move(x));
  });
  p.purpose = r.text(j, "purpose", "");
  p.requirements = r.text(j, "requirements", "");
  const auto& fu = r.at(j, "funding", "");
  p.funding = Funding{r.text(fu, "description", "funding"), r.str(fu, "source", "funding"),
                      static_cast<int>(r.integer(fu, "year", "funding")),
                      r.id_list<core::AgencyId>(fu, "recipients", "funding")};
  r.each(j, "agencies", "", [&](const json& ag, const std::string& f) {
    p.agencies.push_back(Agency{core::AgencyId{r.str(ag, "id", f)}, r.text(ag, "name", f),
                                r.enumeration<AgencyLevel>(ag, "level", f)});
  });
  r.each(j, "content_areas", "", [&](const json& ca, const std::string& f) {
    p.content_areas.push_back(
        ContentArea{static_cast<int>(r.integer(ca, "number", f)), r.text(ca, "title", f)});
  });
  r.each(j, "campaigns", "", [&](const json& cp, const std::string& f) {
    Campaign c{r.str(cp, "id", f), r.text(cp, "name", f), r.opt_date(cp, "date", f), {}};
    if (auto m = r.opt_integer(cp, "month", f)) c.month = static_cast<int>(*m);
    p.campaigns.push_back(std::move(c));
  });
  r.each(j, "models", "", [&](const json& mo, const std::string& f) {
    p.models.push_back(CommunityModel{
        r.str(mo, "id", f), r.enumeration<ModelKind>(mo, "kind", f), r.text(mo, "name", f),
        r.text(mo, "description", f), r.boolean(mo, "pilot", f), r.options(mo, "attributes", f),
        r.options(mo, "forms", f), r.options(mo, "support_kinds", f)});
  });
  r.each(j, "targets", "", [&](const json& ta, const std::string& f) {
    Target t;
    t.id = core::TargetId{r.str(ta, "id", f)};
    if (auto c = r.opt_integer(ta, "content_area", f)) t.content_area = static_cast<int>(*c);
    t.title = r.text(ta, "title", f);
    t.indicator = r.text(ta, "indicator", f);
    t.unit = r.text(ta, "unit", f);
    t.planned = r.integer(ta, "planned", f);
    if (const auto& per = r.at(ta, "period", f); !per.is_null())
      t.period = r.period(per, f + ".period");
    if (const auto& sc = r.at(ta, "scope", f); !sc.is_null())
      t.scope = core::UnitCode{r.str(ta, "scope", f)};
    t.aggregation = r.enumeration<Aggregation>(ta, "aggregation", f);
    t.disaggregations = r.strings(ta, "disaggregations", f);
    p.targets.push_back(std::move(t));
  });
  r.each(j, "activities", "", [&](const json& ac, const std::string& f) {
    Activity a;
    a.id = core::ActivityId{r.str(ac, "id", f)};
    if (auto c = r.opt_integer(ac, "content_area", f)) a.content_area = static_cast<int>(*c);
    a.kind = r.enumeration<ActivityKind>(ac, "kind", f);
    a.title = r.text(ac, "title", f);
    a.description = r.text(ac, "description", f);
    if (const auto& l = r.at(ac, "lead", f); !l.is_null())
      a.lead = core::AgencyId{r.str(ac, "lead", f)};
    a.support = r.id_list<core::AgencyId>(ac, "support", f);
    r.each(ac, "schedule", f, [&](const json& sc, const std::string& sf) {
      ScheduleItem s;
      if (auto m = r.opt_integer(sc, "month", sf)) s.month = static_cast<int>(*m);
      s.date = r.opt_date(sc, "date", sf);
      const auto from = r.opt_date(sc, "from", sf);
      const auto to = r.opt_date(sc, "to", sf);
      if (from.has_value() != to.has_value()) r.fail(sf, "a period needs both from and to");
      if (from) {
        if (*to < *from) r.fail(sf + ".to", "the period ends before it starts");
        s.period = core::Period::inclusive(*from, *to);
      }
      // null when none (an empty text, as earlier versions wrote it, means none too)
      if (!r.at(sc, "campaign", sf).is_null()) {
        if (auto c = r.str(sc, "campaign", sf); !c.empty()) s.campaign = std::move(c);
      }
      a.schedule.push_back(std::move(s));
    });
    a.targets = r.id_list<core::TargetId>(ac, "targets", f);
    a.models = r.strings(ac, "models", f);
    a.topics = r.strings(ac, "topics", f);
    p.activities.push_back(std::move(a));
  });
  r.each(j, "responsibilities", "", [&](const json& re, const std::string& f) {
    Responsibility x;
    x.number = static_cast<int>(r.integer(re, "number", f));
    r.each(re, "agencies", f, [&](const json& ra, const std::string& af) {
      x.agencies.push_back(
          AgencyRole{core::AgencyId{r.str(ra, "agency", af)}, r.enumeration<Role>(ra, "role", af)});
    });
    r.each(re, "duties", f, [&](const json& du, const std::string& df) {
      x.duties.push_back(LocalizedText{r.str(du, "vi", df), r.str(du, "en", df)});
    });
    x.activities = r.id_list<core::ActivityId>(re, "activities", f);
    p.responsibilities.push_back(std::move(x));
  });
  if (auto problems = validate(p); !problems.empty()) {
    for (auto& pr : problems) pr.location.file = source_name;
    throw core::ValidationError(std::move(problems));
  }
  return p;
}

}  // namespace project8::plan
