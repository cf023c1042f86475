// The C API (<project8/project8.h>): each function runs the C++ library inside
// guard(), which turns every exception into a status and this thread's last
// error, so that nothing C++ crosses the interface.
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <project8/budget/allocation.hpp>
#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/core/error.hpp>
#include <project8/core/localized.hpp>
#include <project8/core/money.hpp>
#include <project8/core/text.hpp>
#include <project8/data/arrow.hpp>
#include <project8/data/csv.hpp>
#include <project8/data/record.hpp>
#include <project8/data/source.hpp>
#include <project8/geo/registry.hpp>
#include <project8/plan/plan.hpp>
#include <project8/project8.h>
#include <project8/report/render.hpp>
#include <project8/report/report.hpp>
#include <project8/rules/evaluate.hpp>
#include <project8/rules/formula.hpp>
#include <project8/rules/rule_set.hpp>
#include <project8/tracking/progress.hpp>
#include <project8/tracking/records.hpp>
#include <project8/version.hpp>
#include <project8/workspace/workspace.hpp>

// The opaque handles: a C++ value each.
struct project8_registry {
  project8::geo::Registry value;
};
struct project8_plan {
  project8::plan::Plan value;
};
struct project8_rules {
  project8::rules::RuleSet value;
};
struct project8_workspace {
  project8::workspace::Workspace value;
};

namespace {

using namespace project8;
using json = nlohmann::ordered_json;

/// This thread's last error.
struct LastError {
  project8_status status = PROJECT8_OK;
  std::string message;
  std::string json = R"({"status":"ok"})";
};

LastError& last() {
  thread_local LastError error;
  return error;
}

/// The status keys, in the order of project8_status.
constexpr const char* kStatusNames[] = {
    "ok",         "error",     "invalid_argument", "parse_error",   "validation_error",
    "rule_error", "not_found", "overflow",         "out_of_memory", "internal_error"};

json problem_json(const core::Problem& p) {
  const auto& l = p.location;
  return {{"file", l.file.empty() ? json(nullptr) : json(l.file)},
          {"sheet", l.sheet.empty() ? json(nullptr) : json(l.sheet)},
          {"line", l.line ? json(*l.line) : json(nullptr)},
          {"column", l.column ? json(*l.column) : json(nullptr)},
          {"field", p.field.empty() ? json(nullptr) : json(p.field)},
          {"row", p.row ? json(*p.row) : json(nullptr)},
          {"message", p.message}};
}

/// Records a failure; never throws (the texts fall back to fixed ones).
project8_status fail(project8_status status, const char* message,
                     const std::vector<core::Problem>* problems = nullptr) noexcept {
  auto& e = last();
  e.status = status;
  try {
    e.message = message;
    json j{{"status", kStatusNames[status]}, {"message", e.message}};
    auto& list = j["problems"] = json::array();
    if (problems != nullptr) {
      for (const auto& p : *problems) list.push_back(problem_json(p));
    }
    e.json = j.dump();
  } catch (...) {
    e.message.clear();
    e.json.clear();
  }
  return status;
}

/// Runs `f`; every exception becomes a status and this thread's last error.
template <class F>
project8_status guard(F&& f) noexcept {
  try {
    std::forward<F>(f)();
    auto& e = last();
    e.status = PROJECT8_OK;
    e.message.clear();
    e.json = R"({"status":"ok"})";
    return PROJECT8_OK;
  } catch (const core::ParseError& e) {
    return fail(PROJECT8_PARSE_ERROR, e.what(), &e.problems());
  } catch (const core::ValidationError& e) {
    return fail(PROJECT8_VALIDATION_ERROR, e.what(), &e.problems());
  } catch (const core::RuleError& e) {
    return fail(PROJECT8_RULE_ERROR, e.what(), &e.problems());
  } catch (const core::InputError& e) {
    return fail(PROJECT8_INVALID_ARGUMENT, e.what(), &e.problems());
  } catch (const core::InvalidArgument& e) {
    return fail(PROJECT8_INVALID_ARGUMENT, e.what());
  } catch (const core::NotFoundError& e) {
    return fail(PROJECT8_NOT_FOUND, e.what());
  } catch (const core::OverflowError& e) {
    return fail(PROJECT8_OVERFLOW, e.what());
  } catch (const core::Error& e) {
    return fail(PROJECT8_ERROR, e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    return fail(PROJECT8_ERROR, e.what());
  } catch (const std::bad_alloc&) {
    return fail(PROJECT8_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    const std::string message = std::string("internal error: ") + e.what();
    return fail(PROJECT8_INTERNAL_ERROR, message.c_str());
  } catch (...) {
    return fail(PROJECT8_INTERNAL_ERROR, "internal error: an unknown exception");
  }
}

/// InvalidArgument unless `p` is given.
template <class T>
T* need(T* p, const char* function, const char* argument) {
  if (p == nullptr) {
    throw core::InvalidArgument(std::string(function) + ": `" + argument + "` is null");
  }
  return p;
}

std::string_view need_text(const char* p, const char* function, const char* argument) {
  return need(p, function, argument);
}

/// The day `as_of` names; InvalidArgument naming the argument otherwise.
core::Date day(const char* text, const char* function) {
  try {
    return core::parse_date(need_text(text, function, "as_of"));
  } catch (const core::ParseError& e) {
    throw core::InvalidArgument(std::string(function) + ": `as_of`: " +
                                (e.problems().empty() ? "not a date" : e.problems()[0].message));
  }
}

/// A copy of `bytes` in memory from malloc (NUL-terminated), for project8_free().
char* copy_out(std::string_view bytes) {
  auto* p = static_cast<char*>(std::malloc(bytes.size() + 1));
  if (p == nullptr) throw std::bad_alloc();
  if (!bytes.empty()) std::memcpy(p, bytes.data(), bytes.size());
  p[bytes.size()] = '\0';
  return p;
}

/// Hands `bytes` out through `out` (and `size`, when given).
void hand_out(std::string_view bytes, char** out, size_t* size) {
  char* p = copy_out(bytes);
  *out = p;
  if (size != nullptr) *size = bytes.size();
}

/// The options object of a call: null is `{}`; InvalidArgument for text that
/// is not a JSON object, or a key other than `allowed` (listed).
class Options {
 public:
  Options(const char* text, const char* function, std::initializer_list<const char*> allowed)
      : function_(function) {
    if (text == nullptr) return;
    try {
      j_ = json::parse(text);
    } catch (const json::parse_error& e) {
      // Not e.what(): it quotes the text last read, which may be a key.
      throw core::InvalidArgument(function_ + ": the options are not JSON (at byte " +
                                  std::to_string(e.byte) + ")");
    }
    if (!j_.is_object()) throw core::InvalidArgument(function_ + ": the options are not an object");
    for (const auto& [key, value] : j_.items()) {
      bool known = false;
      for (const char* a : allowed) known = known || key == a;
      if (!known) {
        std::vector<std::string> names(allowed.begin(), allowed.end());
        throw core::InvalidArgument(function_ + ": unknown option '" + key + "' (" +
                                    core::join_alternatives(names) + ")");
      }
    }
  }

  /// A text option, or `fallback` when absent.
  [[nodiscard]] std::string text(const char* key, std::string fallback = {}) const {
    if (!j_.contains(key)) return fallback;
    if (!j_[key].is_string()) throw wrong(key, "a text");
    return j_[key].get<std::string>();
  }
  /// A true/false option, false when absent.
  [[nodiscard]] bool flag(const char* key) const {
    if (!j_.contains(key)) return false;
    if (!j_[key].is_boolean()) throw wrong(key, "true or false");
    return j_[key].get<bool>();
  }
  /// A count option (0 or more), or `fallback` when absent.
  [[nodiscard]] std::size_t count(const char* key, std::size_t fallback) const {
    if (!j_.contains(key)) return fallback;
    if (!j_[key].is_number_unsigned()) throw wrong(key, "a whole number, 0 or more");
    return j_[key].get<std::size_t>();
  }
  /// An amount of money: a whole number of đồng or a text as Money::parse() reads it.
  [[nodiscard]] std::optional<core::Money> money(const char* key) const {
    if (!j_.contains(key)) return std::nullopt;
    return money_of(j_[key], key);
  }
  /// An object option of texts, or empty.
  [[nodiscard]] std::vector<std::pair<std::string, json>> object(const char* key) const {
    std::vector<std::pair<std::string, json>> out;
    if (!j_.contains(key)) return out;
    if (!j_[key].is_object()) throw wrong(key, "an object");
    for (const auto& [name, value] : j_[key].items()) out.emplace_back(name, value);
    return out;
  }
  /// InvalidArgument unless `key` is given.
  void require(const char* key) const {
    if (!j_.contains(key)) throw core::InvalidArgument(function_ + ": '" + key + "' is missing");
  }
  /// The source options (encoding, delimiter, sheet) of a file to read.
  [[nodiscard]] data::SourceOptions source() const {
    return data::parse_source_options(text("encoding"), text("delimiter"), text("sheet"));
  }
  /// The language of texts (`lang`, `vi` by default).
  [[nodiscard]] core::Language language() const { return core::parse_language(text("lang", "vi")); }

  [[nodiscard]] core::Money money_of(const json& value, const std::string& key) const {
    if (value.is_number_integer()) return core::Money::vnd(value.get<std::int64_t>());
    if (value.is_string()) return core::Money::parse(value.get<std::string>());
    throw wrong(key, "đồng as a whole number or a text");
  }

 private:
  [[nodiscard]] core::InvalidArgument wrong(const std::string& key, const char* what) const {
    return core::InvalidArgument(function_ + ": option '" + key + "' must be " + what);
  }
  std::string function_;
  json j_ = json::object();
};

/// Releases, at the end of a call, a stream the library was given and has not
/// taken over (its `release` still set), so that a stream is released on an error too.
class StreamTaken {
 public:
  explicit StreamTaken(ArrowArrayStream* s) noexcept : s_(s) {}
  StreamTaken(const StreamTaken&) = delete;
  StreamTaken& operator=(const StreamTaken&) = delete;
  ~StreamTaken() {
    if (s_ != nullptr && s_->release != nullptr) s_->release(s_);
  }

 private:
  ArrowArrayStream* s_;
};

/// The columns of an Arrow table that `inputs` declares, read to their types.
data::Table table_of(const data::ArrowTable& arrow, const data::Schema& inputs) {
  std::vector<data::Field> fields;
  for (const auto& f : inputs.fields()) {
    if (arrow.has_column(f.name)) fields.push_back(f);
  }
  return arrow.table(data::Schema(std::move(fields)));
}

/// Evaluates and hands the results out as streams (both made before either is
/// handed out, so that an error leaves the outputs untouched).
void evaluate_out(const rules::RuleSet& rs, const data::Table& people,
                  const std::optional<data::Table>& households, core::Date as_of, const Options& o,
                  ArrowArrayStream* persons_out, ArrowArrayStream* households_out) {
  rules::EvaluateOptions eo;
  eo.threads = o.count("threads", 0);
  auto results = std::make_shared<const rules::Results>(
      households ? rules::evaluate(rs, people, *households, as_of, eo)
                 : rules::evaluate(rs, people, as_of, eo));
  const auto persons = rules::results_table(results, people, o.text("id_column", "id"), "person");
  std::optional<data::Table> homes;
  if (households && households_out != nullptr) {
    homes = rules::results_table(results, *households, rs.household_key(), "household");
  }
  ArrowArrayStream made{};
  data::export_stream(persons, &made);
  if (homes) {
    try {
      data::export_stream(*homes, households_out);
    } catch (...) {
      made.release(&made);
      throw;
    }
  }
  *persons_out = made;
  if (households_out != nullptr && !homes) *households_out = ArrowArrayStream{};  // none: released
}

/// Checks that households are given exactly when the rule set has them.
void check_households(const rules::RuleSet& rs, bool given, const char* function) {
  if (rs.has_households() && !given) {
    throw core::InvalidArgument(std::string(function) + ": rule set '" + rs.name() +
                                "' declares households: give them");
  }
  if (!rs.has_households() && given) {
    throw core::InvalidArgument(std::string(function) + ": rule set '" + rs.name() +
                                "' declares no households: give null");
  }
}

/// A file read as a source (CSV in any encoding and delimiter, or a workbook)
/// whose header holds `columns`.
data::SourceText source_of(const char* path, const data::SourceOptions& given,
                           std::vector<std::string> columns) {
  data::SourceOptions options = given;
  options.expected_columns = std::move(columns);
  return data::open_source(path, options);
}

std::string bytes_of(const char* data, size_t size, const char* function) {
  if (size > 0) need(data, function, "yaml");
  return std::string(data == nullptr ? "" : data, size);
}

std::string name_of(const char* source_name) {
  return source_name == nullptr ? std::string("memory") : std::string(source_name);
}

/// Runs `make` inside guard() and hands its value out as a new handle `H`
/// through `out` (the loaders and parsers of registries, plans and rules).
template <class H, class Make>
project8_status make_handle(const char* function, H** out, Make&& make) noexcept {
  return guard([&] {
    need(out, function, "out");
    *out = new H{std::forward<Make>(make)()};  // freed by the handle's *_free
  });
}

/// The options of a report: its date, and `period` and `suppress_below` from `o`.
report::ReportOptions report_options(const char* as_of, const Options& o, const char* function) {
  report::ReportOptions ro(day(as_of, function));
  if (const auto period = o.text("period"); !period.empty())
    ro.period = core::ReportingPeriod::parse(period);
  ro.suppress_below = o.count("suppress_below", ro.suppress_below);
  ro.internal = o.flag("no_suppression");
  return ro;
}

}  // namespace

extern "C" {

const char* project8_version(void) {
  return project8::version_string;
}

int project8_abi_version(void) {
  return PROJECT8_ABI_VERSION;
}

const char* project8_status_name(int status) {
  if (status < 0 || status >= static_cast<int>(std::size(kStatusNames))) return "unknown";
  return kStatusNames[status];
}

project8_status project8_last_status(void) {
  return last().status;
}

const char* project8_last_error(void) {
  return last().message.c_str();
}

const char* project8_last_error_json(void) {
  const auto& e = last();
  return e.json.empty() ? R"({"status":"out_of_memory","message":"","problems":[]})"
                        : e.json.c_str();
}

void project8_free(void* p) {
  std::free(p);
}

project8_status project8_data_dir(char** out) {
  return guard([&] {
    need(out, "project8_data_dir", "out");
    hand_out(geo::bundled_data_dir(), out, nullptr);
  });
}

// ------------------------------------------------------------------ registry

project8_status project8_registry_load(const char* path, project8_registry** out) {
  const char* f = "project8_registry_load";
  return make_handle(f, out, [&] { return geo::Registry::load(need(path, f, "path")); });
}

project8_status project8_registry_parse(const char* yaml, size_t size, const char* source_name,
                                        project8_registry** out) {
  const char* f = "project8_registry_parse";
  return make_handle(
      f, out, [&] { return geo::Registry::parse(bytes_of(yaml, size, f), name_of(source_name)); });
}

void project8_registry_free(project8_registry* registry) {
  delete registry;
}

// ---------------------------------------------------------------------- plan

project8_status project8_plan_load(const char* path, project8_plan** out) {
  const char* f = "project8_plan_load";
  return make_handle(f, out, [&] { return plan::load_plan(need(path, f, "path")); });
}

project8_status project8_plan_parse(const char* yaml, size_t size, const char* source_name,
                                    project8_plan** out) {
  const char* f = "project8_plan_parse";
  return make_handle(
      f, out, [&] { return plan::parse_plan(bytes_of(yaml, size, f), name_of(source_name)); });
}

project8_status project8_plan_to_json(const project8_plan* plan, char** out, size_t* size) {
  return guard([&] {
    need(plan, "project8_plan_to_json", "plan");
    need(out, "project8_plan_to_json", "out");
    hand_out(plan::to_json(plan->value), out, size);
  });
}

void project8_plan_free(project8_plan* plan) {
  delete plan;
}

// --------------------------------------------------------------------- rules

project8_status project8_rules_load(const char* path, project8_rules** out) {
  const char* f = "project8_rules_load";
  return make_handle(f, out, [&] { return rules::RuleSet::load(need(path, f, "path")); });
}

project8_status project8_rules_parse(const char* yaml, size_t size, const char* source_name,
                                     project8_rules** out) {
  const char* f = "project8_rules_parse";
  return make_handle(
      f, out, [&] { return rules::RuleSet::parse(bytes_of(yaml, size, f), name_of(source_name)); });
}

project8_status project8_rules_with_registry(const project8_rules* rules,
                                             const project8_registry* registry,
                                             project8_rules** out) {
  const char* f = "project8_rules_with_registry";
  return make_handle(f, out, [&] {
    return need(rules, f, "rules")->value.with_registry(need(registry, f, "registry")->value);
  });
}

void project8_rules_free(project8_rules* rules) {
  delete rules;
}

project8_status project8_rules_evaluate_file(const project8_rules* rules,
                                             const char* population_path,
                                             const char* households_path, const char* as_of,
                                             const char* options_json,
                                             ArrowArrayStream* persons_out,
                                             ArrowArrayStream* households_out) {
  return guard([&] {
    const char* f = "project8_rules_evaluate_file";
    const auto& rs = need(rules, f, "rules")->value;
    need(population_path, f, "population_path");
    need(persons_out, f, "persons_out");
    const auto date = day(as_of, f);
    const Options o(options_json, f, {"threads", "id_column", "encoding", "delimiter", "sheet"});
    check_households(rs, households_path != nullptr, f);
    const auto people = source_of(population_path, o.source(), rs.inputs().names())
                            .read([&](std::string_view text, const std::string& name) {
                              return rules::parse_unique_population(rs, text, name);
                            });
    std::optional<data::Table> households;
    if (households_path != nullptr) {
      households = source_of(households_path, o.source(), rs.household_inputs().names())
                       .read([&](std::string_view text, const std::string& name) {
                         return rules::parse_households(rs, text, name);
                       });
    }
    evaluate_out(rs, people, households, date, o, persons_out, households_out);
  });
}

project8_status project8_rules_evaluate_arrow(const project8_rules* rules,
                                              ArrowArrayStream* population,
                                              ArrowArrayStream* households, const char* as_of,
                                              const char* options_json,
                                              ArrowArrayStream* persons_out,
                                              ArrowArrayStream* households_out) {
  const StreamTaken take_population(population);
  const StreamTaken take_households(households);
  return guard([&] {
    const char* f = "project8_rules_evaluate_arrow";
    const auto& rs = need(rules, f, "rules")->value;
    need(population, f, "population");
    need(persons_out, f, "persons_out");
    const auto date = day(as_of, f);
    const Options o(options_json, f, {"threads", "id_column"});
    check_households(rs, households != nullptr, f);
    const auto people = table_of(data::ArrowTable::from_stream(population), rs.inputs());
    rules::check_unique_ids(people, "population");  // located by row
    std::optional<data::Table> homes;
    if (households != nullptr) {
      homes = table_of(data::ArrowTable::from_stream(households), rs.household_inputs());
    }
    evaluate_out(rs, people, homes, date, o, persons_out, households_out);
  });
}

// ------------------------------------------------------------------ progress

project8_status project8_progress(const project8_plan* plan, const project8_registry* registry,
                                  const char* records_path, const char* as_of, char** out,
                                  size_t* size) {
  return guard([&] {
    const char* f = "project8_progress";
    const auto& p = need(plan, f, "plan")->value;
    const auto& units = need(registry, f, "registry")->value;
    need(records_path, f, "records_path");
    need(out, f, "out");
    const auto date = day(as_of, f);
    const auto records = source_of(records_path, {}, data::field_names(tracking::record_schema()))
                             .read([&](std::string_view text, const std::string& name) {
                               return tracking::parse_records(text, name, p, units);
                             });
    hand_out(report::to_json(tracking::progress(p, units, records, date)), out, size);
  });
}

// ---------------------------------------------------------------- allocation

project8_status project8_allocate(const char* request_json, char** out, size_t* size) {
  return guard([&] {
    const char* f = "project8_allocate";
    need(request_json, f, "request_json");
    need(out, f, "out");
    const Options o(request_json, f,
                    {"total", "units", "weight", "as_of", "round", "floor", "cap", "reserve",
                     "unit_column", "columns", "lang", "encoding", "delimiter", "sheet"});
    for (const char* key : {"total", "units", "weight", "as_of"}) o.require(key);
    const std::string unit_column = o.text("unit_column", "unit");
    std::vector<std::pair<std::string, std::string>> declared{{unit_column, "string"}};
    for (const auto& [name, type] : o.object("columns")) {
      if (!type.is_string())
        throw core::InvalidArgument(std::string(f) + ": the type of column '" + name +
                                    "' must be a text");
      declared.emplace_back(name, type.get<std::string>());
    }
    const std::string units_path = o.text("units");
    const auto units = source_of(units_path.c_str(), o.source(), {unit_column})
                           .read([&](std::string_view text, const std::string& name) {
                             return data::parse_csv_inferred(text, name, declared);
                           });
    const auto weight = rules::Formula::compile(o.text("weight"), units.schema(), {}, "weight");
    budget::AllocationRequest r;
    r.total = *o.money("total");
    r.step = o.money("round").value_or(core::Money::vnd(1));
    for (const auto& [name, amount] : o.object("reserve"))
      r.reservations.push_back({name, o.money_of(amount, "reserve." + name)});
    const auto as_of = core::parse_date(o.text("as_of"));
    r.units = budget::weigh_units(units, weight, as_of, unit_column);
    const auto floor = o.money("floor");
    const auto cap = o.money("cap");
    for (auto& u : r.units) {
      if (floor) u.floor = *floor;
      if (cap) u.cap = *cap;
    }
    hand_out(report::to_json(budget::allocate(r), o.language()), out, size);
  });
}

// ----------------------------------------------------------------- workspace

project8_status project8_workspace_create(const char* path, const char* plan_path,
                                          project8_workspace** out) {
  const char* f = "project8_workspace_create";
  return make_handle(f, out, [&] {
    return workspace::Workspace::create(need(path, f, "path"), need(plan_path, f, "plan_path"));
  });
}

project8_status project8_workspace_open(const char* path, project8_workspace** out) {
  const char* f = "project8_workspace_open";
  return make_handle(f, out, [&] { return workspace::Workspace::open(need(path, f, "path")); });
}

namespace {

/// The key of an options object: `"key"` (a passphrase) or `"key_file"`.
std::optional<workspace::Key> key_option(const Options& o) {
  auto key = o.text("key");
  auto file = o.text("key_file");
  return workspace::Key::given(
      key.empty() ? std::nullopt : std::optional(std::move(key)),
      file.empty() ? std::nullopt : std::optional<std::filesystem::path>(file));
}

}  // namespace

project8_status project8_workspace_create_with(const char* path, const char* plan_path,
                                               const char* options_json, project8_workspace** out) {
  const char* f = "project8_workspace_create_with";
  return make_handle(f, out, [&] {
    const Options o(options_json, f, {"rules", "units", "calendar", "key", "key_file"});
    workspace::CreateOptions c;
    if (const auto r = o.text("rules"); !r.empty()) c.rules = r;
    if (const auto u = o.text("units"); !u.empty()) c.units = u;
    if (const auto k = o.text("calendar"); !k.empty()) c.calendar = k;
    c.key = key_option(o);
    return workspace::Workspace::create(need(path, f, "path"), need(plan_path, f, "plan_path"), c);
  });
}

project8_status project8_workspace_open_with(const char* path, const char* options_json,
                                             project8_workspace** out) {
  const char* f = "project8_workspace_open_with";
  return make_handle(f, out, [&] {
    const Options o(options_json, f, {"key", "key_file", "read_only"});
    workspace::OpenOptions w;
    w.key = key_option(o);
    w.read_only = o.flag("read_only");
    return workspace::Workspace::open(need(path, f, "path"), w);
  });
}

project8_status project8_workspace_import(project8_workspace* workspace, const char* kind,
                                          const char* path, const char* options_json,
                                          char** summary_json) {
  return guard([&] {
    const char* f = "project8_workspace_import";
    auto& ws = need(workspace, f, "workspace")->value;
    const auto k = workspace::parse_import_kind(need_text(kind, f, "kind"));
    need(path, f, "path");
    const Options o(options_json, f, {"encoding", "delimiter", "sheet", "lang", "replace_smaller"});
    const auto lang = o.language();
    workspace::ImportOptions policy;
    policy.replace_smaller = o.flag("replace_smaller");
    const auto r = ws.import_file(k, path, o.source(), policy);
    if (summary_json == nullptr) return;
    json notes = json::array();
    for (const auto& line : r.notes.summary(lang)) notes.push_back(line);
    for (const auto& line : r.notes.resolved) notes.push_back(line.in(lang));
    const json j{
        {"id", r.id}, {"rows", r.rows}, {"already_imported", r.already_imported}, {"notes", notes}};
    hand_out(j.dump(), summary_json, nullptr);
  });
}

project8_status project8_workspace_report(const project8_workspace* workspace, const char* as_of,
                                          const char* format, const char* options_json,
                                          const char* out_dir) {
  return guard([&] {
    const char* f = "project8_workspace_report";
    const auto& ws = need(workspace, f, "workspace")->value;
    const Options o(options_json, f, {"period", "lang", "suppress_below", "no_suppression"});
    const auto ro = report_options(as_of, o, f);
    const auto doc = report::build(ws.report_inputs(), ro);
    (void)report::write_report(doc, need_text(format, f, "format"), o.language(),
                               need(out_dir, f, "out_dir"), ro);
  });
}

project8_status project8_workspace_report_buffer(const project8_workspace* workspace,
                                                 const char* as_of, const char* format,
                                                 const char* options_json, char** out,
                                                 size_t* size) {
  return guard([&] {
    const char* f = "project8_workspace_report_buffer";
    const auto& ws = need(workspace, f, "workspace")->value;
    const std::string_view fmt = need_text(format, f, "format");
    need(out, f, "out");
    const Options o(options_json, f, {"period", "lang", "suppress_below", "no_suppression"});
    const auto ro = report_options(as_of, o, f);
    const auto doc = report::build(ws.report_inputs(), ro);
    if (fmt != "xlsx") {
      hand_out(report::render(doc, fmt, o.language()), out, size);
      return;
    }
    // libxlsxwriter writes files: a private temporary folder, read back, removed.
    namespace fs = std::filesystem;
    std::string dir_template = (fs::temp_directory_path() / "project8-XXXXXX").string();
    if (::mkdtemp(dir_template.data()) == nullptr)
      throw core::Error("cannot make a temporary folder for the workbook");
    const fs::path dir = dir_template;
    struct Remove {
      fs::path dir;
      ~Remove() {
        std::error_code ec;
        fs::remove_all(dir, ec);
      }
    } const remove{dir};
    const fs::path file = dir / report::file_name(ro, fmt);
    report::write_xlsx(doc, o.language(), file);
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) throw core::Error("cannot read back the workbook written");
    hand_out(bytes.str(), out, size);
  });
}

void project8_workspace_free(project8_workspace* workspace) {
  delete workspace;
}

}  // extern "C"
