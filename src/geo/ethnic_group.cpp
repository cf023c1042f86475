#include <algorithm>

#include "../io/yaml_reader.hpp"
#include <project8/core/error.hpp>
#include <project8/core/text.hpp>
#include <project8/geo/ethnic_group.hpp>

namespace project8::geo {

EthnicGroupList EthnicGroupList::load(const std::filesystem::path& path) {
  return parse(io::read_file(path.string()), path.string());
}

EthnicGroupList EthnicGroupList::parse(std::string_view yaml, const std::string& source_name) {
  io::YamlReader r(yaml, source_name);
  EthnicGroupList list;
  try {
    const auto& root = r.root();
    if (!r.expect_map(root, "", {"schema", "source", "note", "groups"})) r.throw_if_problems();
    if (auto s = r.text(root, "schema", "", true); s && *s != "project8/ethnic-groups/1") {
      r.problem(root["schema"], "schema",
                "unsupported schema '" + *s + "' (expected project8/ethnic-groups/1)");
    }
    if (auto c = io::read_citation(r, io::YamlReader::child(root, "source"), "source")) {
      list.source_ = *c;
    } else {
      r.problem(root, "source", "missing required field 'source' (the decision the codes follow)");
    }
    const YAML::Node groups = io::YamlReader::child(root, "groups");
    if (r.expect_sequence(groups, "groups")) {
      for (std::size_t i = 0; i < groups.size(); ++i) {
        const auto node = groups[i];
        const auto path = io::YamlReader::index("groups", i);
        if (!r.expect_map(node, path,
                          {"code", "name", "other_names", "ethnic_minority", "status", "note"})) {
          continue;
        }
        auto code = r.integer(node, "code", path, true, 1);
        auto name = r.text(node, "name", path, true);
        auto minority = r.boolean(node, "ethnic_minority", path, true);
        auto status = r.enumeration<legal::ValueStatus>(node, "status", path, true,
                                                        legal::parse_value_status);
        auto others = r.text_list(node, "other_names", path);
        auto note = r.text(node, "note", path, false).value_or("");
        if (!code || !name || !minority || !status) continue;
        if (list.find(static_cast<int>(*code)) != nullptr) {
          r.problem(node["code"], io::YamlReader::join(path, "code"),
                    "duplicate code " + std::to_string(*code));
          continue;
        }
        list.groups_.push_back(EthnicGroup{static_cast<int>(*code), *name, std::move(others),
                                           *minority, *status, std::move(note)});
      }
    }
  } catch (const YAML::Exception& e) {
    r.problem(YAML::Node(), "", std::string("unreadable YAML structure: ") + e.msg);
  }
  r.throw_if_problems();
  std::sort(list.groups_.begin(), list.groups_.end(),
            [](const auto& a, const auto& b) { return a.code < b.code; });
  return list;
}

const EthnicGroup* EthnicGroupList::find(int code) const noexcept {
  for (const auto& g : groups_) {
    if (g.code == code) return &g;
  }
  return nullptr;
}

const EthnicGroup& EthnicGroupList::get(int code) const {
  if (const auto* g = find(code)) return *g;
  throw core::NotFoundError("ethnic group code " + std::to_string(code) +
                            " is not in the list of " + source_.to_string());
}

const EthnicGroup* EthnicGroupList::find_by_name(std::string_view name) const {
  const auto key = core::match_key(name);
  for (const auto& g : groups_) {
    if (core::match_key(g.name) == key) return &g;
    for (const auto& o : g.other_names) {
      if (core::match_key(o) == key) return &g;
    }
  }
  return nullptr;
}

}  // namespace project8::geo
