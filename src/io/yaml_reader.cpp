#include "yaml_reader.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include <project8/core/text.hpp>

namespace project8::io {

namespace {

core::SourceLocation location_of(const std::string& source, const YAML::Mark& mark) {
  if (mark.is_null()) return core::SourceLocation{source, std::nullopt, std::nullopt};
  return core::SourceLocation{source, static_cast<std::size_t>(mark.line) + 1,
                              static_cast<std::size_t>(mark.column) + 1};
}

// yaml-cpp recurses once per nesting level; refuse absurd nesting before it
// can exhaust the stack. Plans nest a handful of levels.
constexpr int kMaxDepth = 64;

void check_nesting(std::string_view text, const std::string& source) {
  int depth = 0;
  std::size_t line = 1;
  std::size_t column = 0;
  int block = 0;
  bool line_start = true;
  for (char c : text) {
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
      block = 0;
      line_start = true;
      continue;
    }
    if (c == '[' || c == '{') ++depth;
    if ((c == ']' || c == '}') && depth > 0) --depth;
    if (line_start && (c == '-' || c == '?' || c == ':')) ++block;
    if (line_start && c != ' ' && c != '-' && c != '?' && c != ':') line_start = false;
    if (depth + block > kMaxDepth || column > 4096 * 4) {
      throw core::ParseError(core::SourceLocation{source, line, column},
                             "nesting or line length beyond what a data file needs");
    }
  }
}

}  // namespace

core::SourceLocation YamlReader::locate(const YAML::Mark& mark) const {
  if (mark.is_null() || mark.pos < 0) return location_of(source_, mark);
  // yaml-cpp counts columns in bytes; report characters (code points).
  const auto pos = std::min(static_cast<std::size_t>(mark.pos), text_.size());
  const auto line_start = text_.rfind('\n', pos == 0 ? 0 : pos - 1);
  const std::size_t start = (line_start == std::string::npos || pos == 0) ? 0 : line_start + 1;
  const std::string_view line(text_.data() + start, pos - start);
  return core::SourceLocation{source_, static_cast<std::size_t>(mark.line) + 1,
                              core::code_point_count(line) + 1};
}

core::SourceLocation YamlReader::scalar_start(const YAML::Node& node) const {
  auto where = locate(node.Mark());
  const auto pos = node.Mark().pos;
  if (pos >= 0 && static_cast<std::size_t>(pos) < text_.size() && where.column &&
      (text_[static_cast<std::size_t>(pos)] == '"' ||
       text_[static_cast<std::size_t>(pos)] == '\'')) {
    ++*where.column;
  }
  return where;
}

void YamlReader::problem_at(core::SourceLocation where, const std::string& field,
                            const std::string& message) {
  problems_.push_back(core::Problem{std::move(where), field, message});
}

YamlReader::YamlReader(std::string_view text, std::string source_name)
    : source_(std::move(source_name)), text_(text) {
  if (auto bad = core::first_invalid_utf8(text)) {
    std::size_t line = 1;
    std::size_t start = 0;
    for (std::size_t i = 0; i < *bad; ++i) {
      if (text[i] == '\n') {
        ++line;
        start = i + 1;
      }
    }
    throw core::ParseError(
        core::SourceLocation{source_, line,
                             core::code_point_count(text.substr(start, *bad - start)) + 1},
        "the file is not valid UTF-8");
  }
  check_nesting(text, source_);
  try {
    root_ = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw core::ParseError(locate(e.mark), "YAML syntax error: " + e.msg);
  }
  normalise_keys(root_);
  check_duplicate_keys(root_, "");
}

void YamlReader::normalise_keys(YAML::Node node) {
  // Names are compared in NFC everywhere (a key typed on macOS arrives
  // decomposed): the keys are brought to NFC once, here, so that every lookup
  // by name and the duplicate check below see one form. The text is valid
  // UTF-8 by now.
  if (node.IsMap()) {
    for (auto kv : node) {
      if (kv.first.IsScalar()) {
        const std::string& key = kv.first.Scalar();
        if (std::string composed = core::nfc(key); composed != key) {
          YAML::Node handle = kv.first;  // yaml-cpp nodes are handles: this sets the key itself
          handle = composed;
        }
      }
      normalise_keys(kv.second);
    }
  } else if (node.IsSequence()) {
    for (auto item : node) normalise_keys(item);
  }
}

void YamlReader::check_duplicate_keys(const YAML::Node& node, const std::string& path) {
  // YAML forbids a key twice in one mapping; yaml-cpp keeps both and reads the first, so the
  // second would be silently ignored. Every mapping of the document is checked (the nesting
  // depth is bounded by check_nesting()).
  if (node.IsMap()) {
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : node) {
      if (!kv.first.IsScalar()) continue;
      const auto& key = kv.first.Scalar();
      const auto [it, fresh] = seen.emplace(key, kv.first.Mark());
      if (!fresh) {
        problem(kv.first, join(path, key),
                "duplicate key '" + key + "' (first at line " +
                    std::to_string(it->second.line + 1) + ")");
      }
      check_duplicate_keys(kv.second, join(path, key));
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) check_duplicate_keys(node[i], index(path, i));
  }
}

void YamlReader::problem(const YAML::Node& node, const std::string& field,
                         const std::string& message) {
  YAML::Mark mark = YAML::Mark::null_mark();
  if (node.IsDefined()) mark = node.Mark();
  problems_.push_back(core::Problem{locate(mark), field, message});
}

void YamlReader::remember(const std::string& field, const YAML::Node& node) {
  if (node.IsDefined()) marks_[field] = node.Mark();
}

void YamlReader::problem_at_field(const std::string& field, const std::string& message) {
  std::string key = field;
  while (true) {
    if (auto it = marks_.find(key); it != marks_.end()) {
      problems_.push_back(core::Problem{locate(it->second), field, message});
      return;
    }
    const auto cut = key.find_last_of(".[");
    if (cut == std::string::npos || cut == 0) break;
    key.resize(cut);
  }
  problems_.push_back(core::Problem{core::SourceLocation{source_, {}, {}}, field, message});
}

void YamlReader::throw_if_problems() const {
  if (!problems_.empty()) throw core::ValidationError(problems_);
}

std::string YamlReader::join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string YamlReader::index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

bool YamlReader::expect_map(const YAML::Node& node, const std::string& field,
                            std::initializer_list<std::string_view> allowed) {
  if (!node.IsDefined() || !node.IsMap()) {
    problem(node, field, "a mapping (key: value) was expected");
    return false;
  }
  remember(field, node);
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      problem(kv.first, field, "keys must be plain text");
      continue;
    }
    const auto& key = kv.first.Scalar();
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      problem(kv.first, join(field, key), "unknown key '" + key + "' (allowed: " + list + ")");
    }
  }
  return true;
}

bool YamlReader::expect_sequence(const YAML::Node& node, const std::string& field) {
  if (!node.IsDefined() || node.IsNull()) return false;
  if (!node.IsSequence()) {
    problem(node, field, "a list was expected");
    return false;
  }
  return true;
}

std::optional<std::string> YamlReader::scalar(const YAML::Node& node, const std::string& path) {
  if (!node.IsDefined() || !node.IsScalar()) {
    problem(node, path, "a single value was expected");
    return std::nullopt;
  }
  try {
    return core::nfc(node.Scalar());
  } catch (const core::ParseError&) {
    problem(node, path, "text is not valid UTF-8");
    return std::nullopt;
  }
}

YAML::Node YamlReader::child(const YAML::Node& map, const char* key) {
  if (!map.IsDefined() || !map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  return map[key];
}

std::optional<std::string> YamlReader::text(const YAML::Node& map, const char* key,
                                            const std::string& path, bool required) {
  if (!map.IsDefined() || !map.IsMap()) return std::nullopt;
  const YAML::Node node = map[key];
  remember(join(path, key), node);
  if (!node.IsDefined() || node.IsNull()) {
    if (required)
      problem(map, join(path, key), std::string("missing required field '") + key + "'");
    return std::nullopt;
  }
  auto s = scalar(node, join(path, key));
  if (s && s->empty() && required) {
    problem(node, join(path, key), "must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> YamlReader::integer(const YAML::Node& map, const char* key,
                                                const std::string& path, bool required,
                                                std::optional<std::int64_t> min,
                                                std::optional<std::int64_t> max) {
  auto s = text(map, key, path, required);
  if (!s) return std::nullopt;
  std::int64_t v = 0;
  const auto* first = s->data();
  const auto* last = s->data() + s->size();
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec != std::errc{} || ptr != last) {
    problem(child(map, key), join(path, key), "'" + s->substr(0, 40) + "' is not a whole number");
    return std::nullopt;
  }
  if (min && v < *min) {
    problem(child(map, key), join(path, key),
            std::to_string(v) + " is below the minimum " + std::to_string(*min) +
                (*min == 0 ? " (must not be negative)" : ""));
    return std::nullopt;
  }
  if (max && v > *max) {
    problem(child(map, key), join(path, key),
            std::to_string(v) + " is above the maximum " + std::to_string(*max));
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> YamlReader::decimal(const YAML::Node& map, const char* key,
                                                const std::string& path, bool required) {
  const YAML::Node node = child(map, key);
  const std::string field = join(path, key);
  if (!node.IsDefined() || node.IsNull()) {
    if (required) problem(node.IsDefined() ? node : map, field, "a value is required");
    return std::nullopt;
  }
  return decimal_of(node, field);
}

std::optional<std::int64_t> YamlReader::integer_of(const YAML::Node& node,
                                                   const std::string& field) {
  const auto text = scalar(node, field);
  if (!text) return std::nullopt;
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc{} || ptr != text->data() + text->size()) {
    problem(node, field, "'" + text->substr(0, 40) + "' is not a whole number");
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> YamlReader::decimal_of(const YAML::Node& node,
                                                   const std::string& field) {
  const auto text = scalar(node, field);
  if (!text) return std::nullopt;
  // [-]digits[.digits (at most six)] as millionths.
  const std::string_view s = *text;
  const bool negative = !s.empty() && s.front() == '-';
  const std::string_view body = s.substr(negative ? 1 : 0);
  const auto point = body.find('.');
  const std::string_view whole = body.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : body.substr(point + 1);
  auto digits = [](std::string_view d) {
    return !d.empty() &&
           std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::int64_t w = 0;
  std::int64_t out = 0;
  bool ok = digits(whole) && (point == std::string_view::npos || digits(fraction)) &&
            fraction.size() <= 6;
  if (ok) {
    std::string f(fraction);
    f.append(6 - f.size(), '0');
    const auto [e, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), w);
    ok = ec == std::errc{} && !__builtin_mul_overflow(w, std::int64_t{1'000'000}, &out) &&
         !__builtin_add_overflow(out, std::stoll(f), &out);
  }
  if (!ok) {
    problem(node, field, "a decimal number with at most six places after the point was expected");
    return std::nullopt;
  }
  return negative ? -out : out;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& map, const char* key,
                                        const std::string& path, bool required) {
  auto s = text(map, key, path, required);
  if (!s) return std::nullopt;
  if (*s == "true") return true;
  if (*s == "false") return false;
  problem(child(map, key), join(path, key), "'" + s->substr(0, 40) + "' is not true or false");
  return std::nullopt;
}

std::optional<core::Date> YamlReader::date(const YAML::Node& map, const char* key,
                                           const std::string& path, bool required) {
  auto s = text(map, key, path, required);
  if (!s) return std::nullopt;
  try {
    return core::parse_date(*s);
  } catch (const core::ParseError& e) {
    problem(child(map, key), join(path, key), e.problems().front().message);
    return std::nullopt;
  }
}

std::vector<std::string> YamlReader::text_list(const YAML::Node& map, const char* key,
                                               const std::string& path) {
  std::vector<std::string> out;
  const YAML::Node node = child(map, key);
  if (!expect_sequence(node, join(path, key))) return out;
  for (std::size_t i = 0; i < node.size(); ++i) {
    remember(index(join(path, key), i), node[i]);
    if (auto s = scalar(node[i], index(join(path, key), i))) out.push_back(std::move(*s));
  }
  return out;
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::ParseError(core::SourceLocation{path, {}, {}}, "cannot open the file");
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  if (text.size() > max_bytes) {
    throw core::ParseError(core::SourceLocation{path, {}, {}},
                           "the file is larger than " + std::to_string(max_bytes) + " bytes");
  }
  return text;
}

}  // namespace project8::io

namespace project8::io {

std::optional<legal::Citation> read_citation(YamlReader& r, const YAML::Node& node,
                                             const std::string& path) {
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  if (node.IsScalar()) {
    auto s = r.scalar(node, path);
    if (!s || s->empty()) return std::nullopt;
    return legal::Citation{core::InstrumentId{*s}, {}, {}, {}, {}};
  }
  if (!r.expect_map(node, path, {"instrument", "article", "clause", "point", "note"})) {
    return std::nullopt;
  }
  auto id = r.text(node, "instrument", path, true);
  legal::Citation c{core::InstrumentId{id.value_or("")},
                    r.text(node, "article", path, false).value_or(""),
                    r.text(node, "clause", path, false).value_or(""),
                    r.text(node, "point", path, false).value_or(""),
                    r.text(node, "note", path, false).value_or("")};
  if (!id) return std::nullopt;
  return c;
}

std::vector<legal::Citation> read_citations(YamlReader& r, const YAML::Node& map, const char* key,
                                            const std::string& path) {
  std::vector<legal::Citation> out;
  r.each(map, key, path, [&](const YAML::Node& n, const std::string& f) {
    if (auto c = read_citation(r, n, f)) out.push_back(std::move(*c));
  });
  return out;
}

std::optional<core::Period> read_period(YamlReader& r, const YAML::Node& map, const char* key,
                                        const std::string& path, bool required) {
  const auto node = YamlReader::child(map, key);
  const auto f = YamlReader::join(path, key);
  if (!node.IsDefined() || node.IsNull()) {
    if (required) r.problem(map, f, "missing required field '" + f + "'");
    return std::nullopt;
  }
  if (!r.expect_map(node, f, {"from", "to"})) return std::nullopt;
  const auto from = r.date(node, "from", f, true);
  const auto to = r.date(node, "to", f, true);
  if (!from || !to) return std::nullopt;
  if (*to < *from) {
    r.problem(node["to"], YamlReader::join(f, "to"), "the period ends before it starts");
    return std::nullopt;
  }
  return core::Period::inclusive(*from, *to);
}

}  // namespace project8::io

namespace project8::io {

core::LocalizedText read_localized(YamlReader& r, const YAML::Node& node, const std::string& path) {
  core::LocalizedText t;
  if (!node.IsDefined() || node.IsNull()) return t;
  if (node.IsScalar()) {  // Vietnamese only
    t.vi = r.scalar(node, path).value_or("");
    return t;
  }
  if (!r.expect_map(node, path, {"vi", "en"})) return t;
  t.vi = r.text(node, "vi", path, true).value_or("");
  t.en = r.text(node, "en", path, false).value_or("");
  return t;
}

void read_parameter_values(YamlReader& r, const YAML::Node& values, const YAML::Node& owner,
                           const std::string& path, legal::Parameter<std::int64_t>& p,
                           bool decimal) {
  if (!r.expect_sequence(values, path) || values.size() == 0) {
    r.problem(values.IsDefined() ? values : owner, path, "at least one value was expected");
  }
  struct Read {
    std::size_t index;
    core::Date from;
    std::optional<core::Date> to;
    legal::ParameterValue<std::int64_t> value;
  };
  std::vector<Read> read;
  for (std::size_t i = 0; values.IsDefined() && values.IsSequence() && i < values.size(); ++i) {
    const std::string vf = YamlReader::index(path, i);
    if (!r.expect_map(values[i], vf, {"from", "to", "value", "source", "status", "note"})) continue;
    const auto from = r.date(values[i], "from", vf, true);
    const auto to = r.date(values[i], "to", vf, false);
    const auto value =
        decimal ? r.decimal(values[i], "value", vf, true) : r.integer(values[i], "value", vf, true);
    const auto source =
        read_citation(r, YamlReader::child(values[i], "source"), YamlReader::join(vf, "source"));
    if (!source)
      r.problem(values[i], YamlReader::join(vf, "source"), "a source (the instrument) is required");
    const auto status = r.enumeration<legal::ValueStatus>(
        values[i], "status", vf, true,
        [](const std::string& s) { return legal::parse_value_status(s); });
    const auto note = r.text(values[i], "note", vf, false);
    if (!from || !value || !source || !status) continue;
    if (to && *to < *from) {
      r.problem(values[i], YamlReader::join(vf, "to"),
                "a value cannot end (" + core::to_iso(*to) + ") before it starts (" +
                    core::to_iso(*from) + ")");
      continue;
    }
    read.push_back(
        {i, *from, to, {core::DateRange(from, to), *value, *source, *status, note.value_or("")}});
  }
  // A value with only `from` lasts until the day before the next value's
  // `from` (as legal texts and OpenFisca read a history); the last stays open.
  std::vector<std::size_t> by_date(read.size());
  for (std::size_t k = 0; k < read.size(); ++k) by_date[k] = k;
  std::stable_sort(by_date.begin(), by_date.end(),
                   [&](std::size_t a, std::size_t b) { return read[a].from < read[b].from; });
  for (std::size_t k = 0; k + 1 < by_date.size(); ++k) {
    Read& v = read[by_date[k]];
    const core::Date next = read[by_date[k + 1]].from;
    if (!v.to && v.from < next) {
      v.value.effective = core::DateRange(v.from, next - boost::gregorian::days(1));
    }
  }
  for (auto& v : read) {
    try {
      p.add(std::move(v.value));
    } catch (const core::ValidationError& e) {
      r.problem(values[v.index], YamlReader::index(path, v.index), e.problems().front().message);
    }
  }
}

}  // namespace project8::io
