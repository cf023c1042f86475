#include <algorithm>

#include "../io/yaml_reader.hpp"
#include <project8/core/error.hpp>
#include <project8/legal/programme.hpp>

namespace project8::legal {

using io::YamlReader;

namespace {

Confidence confidence(YamlReader& r, const YAML::Node& map, const std::string& path) {
  return r.enumeration<Confidence>(map, "confidence", path, false, parse_confidence)
      .value_or(Confidence::seen);
}

}  // namespace

Programmes Programmes::load(const std::filesystem::path& path) {
  return parse(io::read_file(path.string()), path.string());
}

Programmes Programmes::parse(std::string_view yaml, const std::string& source_name) {
  YamlReader r(yaml, source_name);
  Programmes out;
  try {
    const auto& root = r.root();
    if (!r.expect_map(root, "", {"schema", "programmes"})) r.throw_if_problems();
    if (auto s = r.text(root, "schema", "", true); s && *s != "project8/programmes/1") {
      r.problem(root["schema"], "schema",
                "unsupported schema '" + *s + "' (expected project8/programmes/1)");
    }
    r.each(root, "programmes", "", [&](const YAML::Node& n, const std::string& f) {
      if (!r.expect_map(n, f,
                        {"id", "name", "period", "investment_policy", "phases", "merged_into",
                         "confidence", "note"})) {
        return;
      }
      // Without a usable period a problem is recorded and the rest read over a stand-in year.
      const auto days = io::read_period(r, n, "period", f, true);
      Programme p(days.value_or(core::Period::year(1970)));
      p.id = r.text(n, "id", f, true).value_or("");
      p.name = io::read_localized(r, YamlReader::child(n, "name"), YamlReader::join(f, "name"));
      p.investment_policy = io::read_citation(r, YamlReader::child(n, "investment_policy"),
                                              YamlReader::join(f, "investment_policy"));
      p.merged_into = r.text(n, "merged_into", f, false);
      p.confidence = confidence(r, n, f);
      p.note = r.text(n, "note", f, false).value_or("");
      r.each(n, "phases", f, [&](const YAML::Node& pn, const std::string& pf) {
        if (!r.expect_map(pn, pf,
                          {"number", "period", "approved_by", "projects", "confidence", "note"})) {
          return;
        }
        const auto phase_days = io::read_period(r, pn, "period", pf, true);
        ProgrammePhase ph(phase_days.value_or(core::Period::year(1970)));
        ph.number = static_cast<int>(r.integer(pn, "number", pf, true, 1).value_or(0));
        ph.approved_by = io::read_citation(r, YamlReader::child(pn, "approved_by"),
                                           YamlReader::join(pf, "approved_by"));
        ph.confidence = confidence(r, pn, pf);
        ph.note = r.text(pn, "note", pf, false).value_or("");
        r.each(pn, "projects", pf, [&](const YAML::Node& jn, const std::string& jf) {
          if (!r.expect_map(jn, jf, {"number", "title", "confidence", "note"})) return;
          ProgrammeProject j;
          j.number = static_cast<int>(r.integer(jn, "number", jf, true, 1).value_or(0));
          j.title =
              io::read_localized(r, YamlReader::child(jn, "title"), YamlReader::join(jf, "title"));
          j.confidence = confidence(r, jn, jf);
          j.note = r.text(jn, "note", jf, false).value_or("");
          ph.projects.push_back(std::move(j));
        });
        if (!phase_days) return;
        if (days && !days->contains(ph.period)) {
          r.problem(pn, YamlReader::join(pf, "period"),
                    "the phase (" + ph.period.to_string() + ") lies outside the programme (" +
                        days->to_string() + ")");
        }
        const bool repeated = std::any_of(p.phases.begin(), p.phases.end(), [&](const auto& q) {
          return q.number == ph.number || q.period.overlaps(ph.period);
        });
        if (repeated) {
          r.problem(pn, pf,
                    "phase " + std::to_string(ph.number) +
                        " repeats a phase's number or overlaps its years");
        }
        p.phases.push_back(std::move(ph));
      });
      if (!days) return;
      if (out.find(p.id) != nullptr) {
        r.problem(n["id"], YamlReader::join(f, "id"), "duplicate programme id '" + p.id + "'");
        return;
      }
      out.programmes_.push_back(std::move(p));
    });
    for (std::size_t i = 0; i < out.programmes_.size(); ++i) {
      const auto& p = out.programmes_[i];
      if (p.merged_into && out.find(*p.merged_into) == nullptr) {
        r.problem_at_field(YamlReader::index("programmes", i) + ".merged_into",
                           "unknown programme '" + *p.merged_into + "'");
      }
    }
  } catch (const YAML::Exception& e) {
    r.problem(YAML::Node(), "", std::string("unreadable YAML structure: ") + e.msg);
  }
  r.throw_if_problems();
  return out;
}

const Programme* Programmes::find(std::string_view id) const noexcept {
  for (const auto& p : programmes_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const Programme& Programmes::get(std::string_view id) const {
  if (const auto* p = find(id)) return *p;
  std::string known;
  for (const auto& p : programmes_) known += (known.empty() ? "" : ", ") + p.id;
  throw core::NotFoundError("unknown programme '" + std::string(id) + "' (known: " + known + ")");
}

const ProgrammePhase& Programmes::phase(std::string_view id, int number) const {
  const auto& p = get(id);
  std::string known;
  for (const auto& ph : p.phases) {
    if (ph.number == number) return ph;
    known += (known.empty() ? "" : ", ") + std::to_string(ph.number);
  }
  throw core::NotFoundError("programme '" + p.id + "' has no phase " + std::to_string(number) +
                            " (phases: " + known + ")");
}

std::vector<const Programme*> Programmes::in_force(core::Date d) const {
  std::vector<const Programme*> out;
  for (const auto& p : programmes_) {
    if (std::any_of(p.phases.begin(), p.phases.end(),
                    [&](const auto& ph) { return ph.period.contains(d); })) {
      out.push_back(&p);
    }
  }
  return out;
}

}  // namespace project8::legal
