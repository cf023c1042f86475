// Loading a rule file (schema project8/rules/1 or /2): structure, expressions, static checks.
#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include "../data/civil.hpp"
#include "../io/yaml_reader.hpp"
#include "checks.hpp"
#include "compiled.hpp"
#include "entities.hpp"
#include "syntax.hpp"
#include "tables.hpp"
#include <project8/core/text.hpp>
#include <project8/data/csv.hpp>
#include <project8/rules/rule_set.hpp>

namespace project8::rules {

namespace {

using detail::Compiled;
using detail::CompiledPackage;
using detail::Expr;
using detail::Scalar;
using io::YamlReader;

constexpr std::string_view kSchema1 = "project8/rules/1";
constexpr std::string_view kSchema2 = "project8/rules/2";
using detail::valid_identifier;

/// Collects problems; expression errors come as RuleError and are folded in.
struct Loader {
  YamlReader r;
  Compiled c;
  std::vector<core::Problem> errors;
  detail::EntityCompiler person{c, errors};
  std::unique_ptr<detail::EntityCompiler> household;  // with `entities: {household: …}`
  /// Per entity, defaults read before the schema.
  std::vector<std::pair<std::string, data::Column>> pending_defaults;

  Loader(std::string_view text, const std::string& source) : r(text, source) {
    c.source_text = std::string(text);
    c.source_name = source;
  }

  [[nodiscard]] bool households() const noexcept { return c.household != nullptr; }
  /// The compiled form of entity `e`.
  Compiled& of(std::string_view e) { return e == "household" && households() ? *c.household : c; }
  detail::EntityCompiler& compiler(std::string_view e) {
    return e == "household" && households() ? *household : person;
  }

  /// `entities: {household: {key: COLUMN}}` (schema 2): persons link to
  /// their household by the column of that name in both tables.
  void entities() {
    const YAML::Node node = YamlReader::child(r.root(), "entities");
    if (!node.IsDefined() || node.IsNull()) return;
    if (c.schema < 2) {
      r.problem(node, "entities", "entities need schema project8/rules/2");
      return;
    }
    if (!r.expect_map(node, "entities", {"household"})) return;
    const YAML::Node h = YamlReader::child(node, "household");
    if (!r.expect_map(h, "entities.household", {"key", "note"})) return;
    const auto key = r.text(h, "key", "entities.household", true);
    if (!key) return;
    if (!valid_identifier(*key)) {
      r.problem(YamlReader::child(h, "key"), "entities.household.key",
                "a column name of letters, digits and '_' was expected");
      return;
    }
    c.household_key = *key;
    c.household = std::make_shared<Compiled>();
    c.household->entity = "household";
    c.household->schema = c.schema;
    c.household->name = c.name;
    c.household->source_name = c.source_name;
    household = std::make_unique<detail::EntityCompiler>(*c.household, errors);
    detail::EntityCompiler::link(person, *household);
  }

  /// After the tables, parameters and scales are read: the household entity shares them.
  void share_with_household() {
    if (!households()) return;
    Compiled& h = *c.household;
    h.tables = c.tables;
    h.table_shapes = c.table_shapes;
    h.table_rows = c.table_rows;
    h.parameters = c.parameters;
    h.scales = c.scales;
    h.decimal_parameters = c.decimal_parameters;
  }

  /// True when `name` already names an input (or as_of), a table, a parameter,
  /// a scale or a variable: one name, one meaning in expressions.
  /// For a variable, `entity` is its own: the other entity's inputs and
  /// variables are read as household.NAME, so their names may repeat.
  [[nodiscard]] bool name_taken(std::string_view name, std::string_view entity = {}) {
    auto named = [&](const auto& list, auto get) {
      return std::any_of(list.begin(), list.end(), [&](const auto& x) { return get(x) == name; });
    };
    auto entity_names = [&](const Compiled& e) {
      return e.inputs.index_of(name).has_value() ||
             named(e.variables, [](const NamedVariable& v) { return v.name; });
    };
    bool taken = name == "as_of" || named(c.tables, [](const DatedTable& t) { return t.name; }) ||
                 named(c.parameters, [](const auto& p) { return p.name(); }) ||
                 named(c.scales, [](const detail::Scale& sc) { return sc.name; });
    if (!entity.empty()) return taken || entity_names(of(entity));
    taken = taken || entity_names(c);
    return taken || (households() && entity_names(*c.household));
  }

  /// `variables: {person: {NAME: EXPRESSION, ...}, household: {...}}` (schema 2).
  void variables() {
    const YAML::Node node = YamlReader::child(r.root(), "variables");
    if (!node.IsDefined() || node.IsNull()) return;
    if (c.schema < 2) {
      r.problem(node, "variables", "variables need schema project8/rules/2");
      return;
    }
    if (households()) {
      if (!r.expect_map(node, "variables", {"person", "household"})) return;
    } else if (!r.expect_map(node, "variables", {"person"})) {
      return;
    }
    for (const char* entity : {"person", "household"}) {
      const YAML::Node list = YamlReader::child(node, entity);
      if (!list.IsDefined()) continue;
      entity_variables(list, entity);
    }
  }

  void entity_variables(const YAML::Node& list, const std::string& entity) {
    const std::string prefix = "variables." + entity;
    if (!list.IsMap()) {
      r.problem(list, prefix, "a mapping of variable names to expressions was expected");
      return;
    }
    Compiled& e = of(entity);
    for (const auto& kv : list) {
      const auto name = r.scalar(kv.first, prefix);
      if (!name) continue;
      const std::string field = YamlReader::join(prefix, *name);
      if (!valid_identifier(*name) || detail::reserved_word(*name, c.schema)) {
        r.problem(kv.first, field,
                  "an identifier of letters, digits and '_' that is not a word of "
                  "the rule language was expected");
        continue;
      }
      if (name_taken(*name, entity)) {
        r.problem(kv.first, field,
                  "'" + *name +
                      "' already names an input, parameter, table or "
                      "variable");
        continue;
      }
      const auto text = r.scalar(kv.second, field);
      if (!text) continue;
      e.variables.push_back({entity, *name, *text, r.scalar_start(kv.second)});
    }
  }

  std::optional<Expr> compile(const YAML::Node& node, const std::string& field, detail::Type type,
                              const detail::Scope& scope) {
    auto text = r.scalar(node, field);
    if (!text) return std::nullopt;
    try {
      return detail::compile(*text, scope, type, r.scalar_start(node), field);
    } catch (const core::RuleError& e) {
      for (const auto& p : e.problems()) errors.push_back(p);
      return std::nullopt;
    }
  }

  /// An input's `default:` (schema 2): its value as one cell of the field's type.
  void read_default(const YAML::Node& map, const std::string& field, const data::Field& f) {
    const YAML::Node node = YamlReader::child(map, "default");
    if (!node.IsDefined()) return;
    const auto text = r.scalar(node, YamlReader::join(field, "default"));
    if (!text) return;
    if (text->empty()) {
      r.problem(node, YamlReader::join(field, "default"), "a value was expected");
      return;
    }
    try {
      const auto one = data::parse_csv(f.name + "\n" + data::csv_quote(*text) + "\n",
                                       data::Schema({f}), "default");
      pending_defaults.emplace_back(f.name, one.column(0));
    } catch (const core::InputError& e) {
      const std::string why = e.problems().empty() ? e.what() : e.problems().front().message;
      r.problem(node, YamlReader::join(field, "default"), why);
    }
  }

  void inputs() {
    const YAML::Node node = YamlReader::child(r.root(), "inputs");
    if (!node.IsDefined() || !node.IsMap()) {
      r.problem(node, "inputs", "a mapping of column names to types was expected");
      return;
    }
    if (!households()) {
      entity_inputs(node, "inputs", c);
      return;
    }
    // With households: `inputs: {person: {...}, household: {...}}`.
    if (!r.expect_map(node, "inputs", {"person", "household"})) return;
    for (const char* entity : {"person", "household"}) {
      const YAML::Node list = YamlReader::child(node, entity);
      const std::string field = YamlReader::join("inputs", entity);
      if (!list.IsDefined() || !list.IsMap()) {
        r.problem(list.IsDefined() ? list : node, field,
                  "a mapping of column names to types was expected");
        continue;
      }
      entity_inputs(list, field, of(entity));
      const auto key = of(entity).inputs.index_of(c.household_key);
      const auto type = key ? of(entity).inputs.fields()[*key].type : data::ColumnType::boolean;
      if (!key || (type != data::ColumnType::string && type != data::ColumnType::integer)) {
        r.problem(list, field,
                  "the " + std::string(entity) + " inputs must declare the household key '" +
                      c.household_key + "' (string or int)");
      }
    }
    const auto pk = c.inputs.index_of(c.household_key);
    const auto hk = c.household->inputs.index_of(c.household_key);
    if (pk && hk && c.inputs.fields()[*pk].type != c.household->inputs.fields()[*hk].type) {
      r.problem(node, "inputs",
                "the household key '" + c.household_key +
                    "' must be of one type for persons and households");
    }
  }

  /// The columns of one entity (`e`), from the mapping `node` at `prefix`.
  void entity_inputs(const YAML::Node& node, const std::string& prefix, Compiled& e) {
    pending_defaults.clear();
    std::vector<data::Field> fields;
    for (const auto& kv : node) {
      const auto name = r.scalar(kv.first, prefix);
      if (!name) continue;
      const std::string field = YamlReader::join(prefix, *name);
      // Copy-construct, never assign: yaml-cpp's Node::operator= writes into the document.
      if (kv.second.IsMap()) {
        if (c.schema >= 2) {
          r.expect_map(kv.second, field, {"type", "note", "default"});
        } else {
          r.expect_map(kv.second, field, {"type", "note"});
        }
      }
      const YAML::Node type_node =
          kv.second.IsMap() ? YamlReader::child(kv.second, "type") : kv.second;
      const auto type = r.scalar(type_node, field);
      if (!type) continue;
      if (detail::reserved_word(*name, c.schema)) {
        r.problem(kv.first, field, "'" + *name + "' is a reserved word of the rule language");
        continue;
      }
      if (*type == "unit") {  // a unit code: text, read by tables keyed by unit
        if (c.schema < 2) {
          r.problem(type_node, field, "inputs of type unit need schema project8/rules/2");
          continue;
        }
        fields.push_back(data::parse_field(*name, "string"));
        e.unit_inputs.resize(fields.size(), false);
        e.unit_inputs.back() = true;
        if (kv.second.IsMap()) read_default(kv.second, field, fields.back());
        continue;
      }
      try {
        fields.push_back(data::parse_field(*name, *type));
      } catch (const core::InvalidArgument& ex) {
        r.problem(type_node, field, ex.what());
        continue;
      }
      if (kv.second.IsMap()) read_default(kv.second, field, fields.back());
    }
    e.unit_inputs.resize(fields.size(), false);
    try {
      e.inputs = data::Schema(std::move(fields));
    } catch (const core::InvalidArgument& ex) {
      r.problem(node, prefix, ex.what());
    }
    e.defaults.assign(e.inputs.size(), std::nullopt);
    for (auto& [name, column] : pending_defaults) {
      if (const auto i = e.inputs.index_of(name)) e.defaults[*i] = std::move(column);
    }
  }

  /// A scale (schema 2): dated sets of `brackets`, each with increasing
  /// `thresholds` and per bracket `rates` (decimals) or `amounts`.
  void scale(const YAML::Node& key, const YAML::Node& node, const std::string& name,
             const std::string& field) {
    if (!r.expect_map(node, field, {"unit", "note", "brackets"})) return;
    detail::Scale sc;
    sc.name = name;
    sc.unit = r.text(node, "unit", field, true).value_or("");
    bool any_rates = false;
    bool any_amounts = false;
    struct Read {
      std::size_t index;
      core::Date from;
      std::optional<core::Date> to;
      detail::ScaleValue value;
    };
    std::vector<Read> read;
    const YAML::Node list = YamlReader::child(node, "brackets");
    const std::string lf = YamlReader::join(field, "brackets");
    if (!r.expect_sequence(list, lf) || list.size() == 0) {
      r.problem(list.IsDefined() ? list : node, lf, "at least one set of brackets was expected");
      return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string bf = YamlReader::index(lf, i);
      const YAML::Node b = list[i];
      if (!r.expect_map(
              b, bf, {"from", "to", "thresholds", "rates", "amounts", "source", "status", "note"}))
        continue;
      const auto from = r.date(b, "from", bf, true);
      const auto to = r.date(b, "to", bf, false);
      const auto source =
          io::read_citation(r, YamlReader::child(b, "source"), YamlReader::join(bf, "source"));
      if (!source) r.problem(b, YamlReader::join(bf, "source"), "a source is required");
      const auto status = r.enumeration<legal::ValueStatus>(
          b, "status", bf, true, [](const std::string& s) { return legal::parse_value_status(s); });
      detail::ScaleValue v;
      const YAML::Node th = YamlReader::child(b, "thresholds");
      const YAML::Node rates = YamlReader::child(b, "rates");
      const YAML::Node amounts = YamlReader::child(b, "amounts");
      const bool has_rates = rates.IsDefined();
      if (has_rates == amounts.IsDefined()) {
        r.problem(b, bf, "each set of brackets has either rates or amounts");
        continue;
      }
      any_rates = any_rates || has_rates;
      any_amounts = any_amounts || !has_rates;
      const YAML::Node per = has_rates ? rates : amounts;
      const std::string pf = YamlReader::join(bf, has_rates ? "rates" : "amounts");
      if (!r.expect_sequence(th, YamlReader::join(bf, "thresholds")) || !r.expect_sequence(per, pf))
        continue;
      if (th.size() == 0 || th.size() != per.size()) {
        r.problem(b, bf,
                  "thresholds and " + std::string(has_rates ? "rates" : "amounts") +
                      " of one length (one per bracket, at least one) were expected");
        continue;
      }
      bool ok = true;
      for (std::size_t k = 0; k < th.size(); ++k) {
        const auto t =
            r.integer_of(th[k], YamlReader::index(YamlReader::join(bf, "thresholds"), k));
        const auto x = has_rates ? r.decimal_of(per[k], YamlReader::index(pf, k))
                                 : r.integer_of(per[k], YamlReader::index(pf, k));
        if (!t || !x) {
          ok = false;
          continue;
        }
        if (!v.thresholds.empty() && *t <= v.thresholds.back()) {
          r.problem(th[k], YamlReader::index(YamlReader::join(bf, "thresholds"), k),
                    "thresholds must increase");
          ok = false;
        }
        v.thresholds.push_back(*t);
        v.values.push_back(*x);
      }
      if (!from || !source || !status || !ok) continue;
      if (to && *to < *from) {
        r.problem(b, YamlReader::join(bf, "to"), "brackets cannot end before they start");
        continue;
      }
      v.source = *source;
      v.status = *status;
      read.push_back({i, *from, to, std::move(v)});
    }
    if (any_rates && any_amounts) {
      r.problem(list, lf, "every set of brackets of one scale has rates, or every one amounts");
      return;
    }
    std::sort(read.begin(), read.end(),
              [](const Read& a, const Read& b) { return a.from < b.from; });
    for (std::size_t k = 0; k < read.size(); ++k) {
      std::optional<core::Date> last = read[k].to;
      if (!last && k + 1 < read.size() && read[k].from < read[k + 1].from)
        last = read[k + 1].from - boost::gregorian::days(1);  // until the next set's first day
      read[k].value.days = core::DateRange(read[k].from, last);
      if (k > 0 && read[k - 1].value.days.overlaps(read[k].value.days)) {
        r.problem(list[read[k].index], YamlReader::index(lf, read[k].index),
                  "the brackets from " + core::to_iso(read[k].from) + " overlap those from " +
                      core::to_iso(read[k - 1].from));
      }
    }
    for (auto& x : read) sc.values.push_back(std::move(x.value));
    sc.amounts = any_amounts;
    (void)key;
    c.scales.push_back(std::move(sc));
  }

  void parameters() {
    const YAML::Node node = YamlReader::child(r.root(), "parameters");
    if (!node.IsDefined() || node.IsNull()) return;
    if (!node.IsMap()) {
      r.problem(node, "parameters", "a mapping of parameter names was expected");
      return;
    }
    for (const auto& kv : node) {
      const auto name = r.scalar(kv.first, "parameters");
      if (!name) continue;
      const std::string field = YamlReader::join("parameters", *name);
      if (name_taken(*name)) {
        r.problem(kv.first, field,
                  "'" + *name + "' already names an input, parameter, table or variable");
        continue;
      }
      if (c.schema >= 2 && YamlReader::child(kv.second, "brackets").IsDefined()) {
        scale(kv.first, kv.second, *name, field);
        continue;
      }
      if (!r.expect_map(kv.second, field, {"unit", "note", "values", "signed"})) continue;
      const auto unit = r.text(kv.second, "unit", field, true);
      const YAML::Node sign = YamlReader::child(kv.second, "signed");
      const bool may_be_negative = sign.IsDefined() && sign.IsScalar() && sign.Scalar() == "true";
      if (sign.IsDefined() &&
          !(sign.IsScalar() && (sign.Scalar() == "true" || sign.Scalar() == "false"))) {
        r.problem(sign, YamlReader::join(field, "signed"), "true or false was expected");
      }
      legal::Parameter<std::int64_t> p(*name, unit.value_or(""));
      // A decimal parameter (schema 2): unit `ratio`, or a value written with a point.
      bool decimal = unit == "ratio";
      const YAML::Node values = YamlReader::child(kv.second, "values");
      for (std::size_t k = 0; values.IsDefined() && values.IsSequence() && k < values.size(); ++k) {
        const YAML::Node v = YamlReader::child(values[k], "value");
        if (v.IsDefined() && v.IsScalar() && v.Scalar().find('.') != std::string::npos)
          decimal = true;
      }
      if (decimal && c.schema < 2) {
        r.problem(kv.second, field,
                  "decimal parameters (unit ratio, or a value with a point) need schema "
                  "project8/rules/2");
        continue;
      }
      io::read_parameter_values(r, values, kv.second, YamlReader::join(field, "values"), p,
                                decimal);
      // An amount of đồng below zero is a typing slip unless the parameter says it may be.
      for (std::size_t k = 0; unit == "VND" && !may_be_negative && values.IsDefined() &&
                              values.IsSequence() && k < values.size();
           ++k) {
        const YAML::Node v = YamlReader::child(values[k], "value");
        if (v.IsDefined() && v.IsScalar() && v.Scalar().starts_with('-')) {
          r.problem(
              v, YamlReader::join(YamlReader::index(YamlReader::join(field, "values"), k), "value"),
              "an amount of đồng below zero (write `signed: true` on a parameter that may "
              "be negative)");
        }
      }
      c.parameters.push_back(std::move(p));
      c.decimal_parameters.push_back(decimal);
    }
  }

  void packages() {
    const YAML::Node node = YamlReader::child(r.root(), "packages");
    if (!r.expect_sequence(node, "packages") || node.size() == 0) {
      r.problem(node.IsDefined() ? node : r.root(), "packages",
                "at least one package was expected");
      return;
    }
    {  // the packages of each entity, before any is compiled (PKG.eligible may read a later one)
      std::vector<std::string> person_ids;
      std::vector<std::string> household_ids;
      for (std::size_t i = 0; i < node.size(); ++i) {
        if (!node[i].IsMap()) continue;
        const YAML::Node id = YamlReader::child(node[i], "id");
        const YAML::Node en = YamlReader::child(node[i], "entity");
        const std::string entity = en.IsDefined() && en.IsScalar() ? en.Scalar() : "person";
        const std::string text = id.IsDefined() && id.IsScalar() ? id.Scalar() : std::string();
        (entity == "household" && households() ? household_ids : person_ids).push_back(text);
      }
      person.packages_declared(std::move(person_ids));
      if (households()) household->packages_declared(std::move(household_ids));
    }
    const auto person_scope = person.scope();
    const auto household_scope = households() ? household->scope() : person_scope;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string field = YamlReader::index("packages", i);
      const YAML::Node pn = node[i];
      if (!r.expect_map(pn, field,
                        {"id", "title", "entity", "effective", "source", "status", "note",
                         "conditions", "amount"})) {
        continue;
      }
      Package p;
      CompiledPackage cp;
      p.location = r.scalar_start(pn);
      p.id = r.text(pn, "id", field, true).value_or("");
      if (const YAML::Node en = YamlReader::child(pn, "entity"); en.IsDefined()) {
        p.entity = r.scalar(en, YamlReader::join(field, "entity")).value_or("person");
        if (p.entity != "person" && !(p.entity == "household" && households())) {
          r.problem(en, YamlReader::join(field, "entity"),
                    households() ? "person or household was expected"
                                 : "person was expected (households need `entities: {household: "
                                   "{key: …}}`)");
          p.entity = "person";
        }
      }
      const detail::Scope& sc = p.entity == "household" ? household_scope : person_scope;
      if (!p.id.empty() && !ids.insert(p.id).second) {
        r.problem(YamlReader::child(pn, "id"), YamlReader::join(field, "id"),
                  "package '" + p.id + "' appears twice");
      }
      if (!p.id.empty() && !valid_identifier(p.id)) {
        r.problem(YamlReader::child(pn, "id"), YamlReader::join(field, "id"),
                  "an identifier of letters, digits and '_' was expected");
      }
      if (const YAML::Node title = YamlReader::child(pn, "title"); title.IsDefined()) {
        p.title = io::read_localized(r, title, YamlReader::join(field, "title"));
      } else {
        r.problem(pn, YamlReader::join(field, "title"), "a title {vi: ..., en: ...} is required");
      }
      const YAML::Node eff = YamlReader::child(pn, "effective");
      const std::string ef = YamlReader::join(field, "effective");
      if (eff.IsDefined() && r.expect_map(eff, ef, {"from", "to"})) {
        const auto from = r.date(eff, "from", ef, true);
        const auto to = r.date(eff, "to", ef, false);
        if (from && to && *to < *from) {
          r.problem(eff, ef, "the package cannot end before it starts");
        } else if (from) {
          p.effective = core::DateRange(from, to);
        }
      } else if (!eff.IsDefined()) {
        r.problem(pn, ef, "an effective period {from: YYYY-MM-DD} is required");
      }
      p.source =
          io::read_citation(r, YamlReader::child(pn, "source"), YamlReader::join(field, "source"));
      if (!p.source)
        r.problem(pn, YamlReader::join(field, "source"), "a source (the instrument) is required");
      if (const auto st = r.enumeration<legal::ValueStatus>(
              pn, "status", field, false,
              [](const std::string& s) { return legal::parse_value_status(s); })) {
        p.status = *st;
      }
      p.note = r.text(pn, "note", field, false).value_or("");

      const YAML::Node conds = YamlReader::child(pn, "conditions");
      const std::string cf = YamlReader::join(field, "conditions");
      std::set<std::string> cids;
      if (r.expect_sequence(conds, cf)) {
        for (std::size_t k = 0; k < conds.size(); ++k) {
          const std::string kf = YamlReader::index(cf, k);
          if (!r.expect_map(conds[k], kf, {"id", "when", "note"})) continue;
          Condition cond;
          cond.id = r.text(conds[k], "id", kf, true).value_or("");
          if (!cond.id.empty() &&
              (!valid_identifier(cond.id) || cond.id == "not_in_force" || cond.id == "amount")) {
            r.problem(YamlReader::child(conds[k], "id"), YamlReader::join(kf, "id"),
                      "an identifier of letters, digits and '_' other than not_in_force and amount "
                      "was expected");
          }
          if (!cond.id.empty() && !cids.insert(cond.id).second) {
            r.problem(YamlReader::child(conds[k], "id"), YamlReader::join(kf, "id"),
                      "condition '" + cond.id + "' appears twice in the package");
          }
          const YAML::Node when = YamlReader::child(conds[k], "when");
          if (!when.IsDefined()) {
            r.problem(conds[k], YamlReader::join(kf, "when"), "a 'when' expression is required");
            continue;
          }
          cond.when = r.scalar(when, YamlReader::join(kf, "when")).value_or("");
          cond.location = r.scalar_start(when);
          if (const auto note = YamlReader::child(conds[k], "note"); note.IsDefined()) {
            if (note.IsMap()) {
              cond.note.vi = r.text(note, "vi", YamlReader::join(kf, "note"), false).value_or("");
              cond.note.en = r.text(note, "en", YamlReader::join(kf, "note"), false).value_or("");
            } else {
              cond.note.vi = r.scalar(note, YamlReader::join(kf, "note")).value_or("");
            }
          }
          auto e = compile(when, YamlReader::join(kf, "when"), detail::Type::boolean, sc);
          cp.conditions.push_back(e ? std::move(*e) : Expr{});
          p.conditions.push_back(std::move(cond));
        }
      }
      const YAML::Node amount = YamlReader::child(pn, "amount");
      if (amount.IsDefined()) {
        p.amount = r.scalar(amount, YamlReader::join(field, "amount")).value_or("0");
        if (auto e =
                compile(amount, YamlReader::join(field, "amount"), detail::Type::integer, sc)) {
          cp.amount = std::move(*e);
        }
      } else {
        p.amount = "0";
        cp.amount = detail::compile("0", sc, detail::Type::integer, {}, "");
      }
      cp.reasons.emplace_back("");
      cp.reasons.emplace_back("not_in_force");
      for (const auto& cond : p.conditions) {
        cp.reasons.push_back(cond.id);
        cp.reasons.push_back("unknown:" + cond.id);
        cp.reasons.push_back("error:" + cond.id);
      }
      cp.reasons.emplace_back("error:amount");
      for (const auto& e : cp.conditions)
        cp.params.insert(cp.params.end(), e.params.begin(), e.params.end());
      cp.params.insert(cp.params.end(), cp.amount.params.begin(), cp.amount.params.end());
      std::sort(cp.params.begin(), cp.params.end());
      cp.params.erase(std::unique(cp.params.begin(), cp.params.end()), cp.params.end());
      c.all_packages.push_back(p);
      Compiled& e = of(p.entity);
      e.packages.push_back(std::move(p));
      e.compiled.push_back(std::move(cp));
    }
  }

  /// Each package's level: 0 when it reads no package's result, else one
  /// more than the highest level it reads (Compiled::package_level); a cycle
  /// of packages reading each other's results is a located error.
  void package_levels(Compiled& e) {
    const std::size_t n = e.packages.size();
    std::vector<std::vector<std::size_t>> reads(n);
    for (std::size_t p = 0; p < n && p < e.compiled.size(); ++p) {
      auto add = [&](const Expr& x) {
        for (const auto slot : x.inputs) {
          const auto k = static_cast<std::size_t>(slot);
          if (k < e.inputs.size()) continue;
          const auto pkg = e.derived[k - e.inputs.size()].package;
          if (pkg >= 0) reads[p].push_back(static_cast<std::size_t>(pkg));
        }
      };
      for (const auto& x : e.compiled[p].conditions) add(x);
      add(e.compiled[p].amount);
    }
    e.package_level.assign(n, 0);
    std::vector<int> state(n, 0);  // 0 new, 1 on the path, 2 done
    std::vector<std::size_t> path;
    std::function<bool(std::size_t)> visit = [&](std::size_t p) {
      if (state[p] == 2) return true;
      if (state[p] == 1) {
        std::string cycle;
        const auto from = std::find(path.begin(), path.end(), p);
        for (auto q = from; q != path.end(); ++q) cycle += e.packages[*q].id + " → ";
        errors.push_back(
            {e.packages[p].location, "packages." + e.packages[p].id,
             "packages read each other's results in a cycle: " + cycle + e.packages[p].id});
        return false;
      }
      state[p] = 1;
      path.push_back(p);
      std::uint32_t level = 0;
      for (const auto q : reads[p]) {
        if (!visit(q)) {
          path.pop_back();
          state[p] = 2;
          return false;
        }
        level = std::max(level, e.package_level[q] + 1);
      }
      e.package_level[p] = level;
      path.pop_back();
      state[p] = 2;
      return true;
    };
    for (std::size_t p = 0; p < n; ++p) {
      if (state[p] == 0) (void)visit(p);
    }
  }

  /// A test's cells (`{input: value}`), each a declared input of `e`.
  RuleTest::Cells test_cells(const YAML::Node& input, const std::string& inf, const Compiled& e) {
    RuleTest::Cells out;
    if (input.IsDefined() && !input.IsMap() && !input.IsNull()) {
      r.problem(input, inf, "a mapping of input names to values was expected");
    }
    if (!input.IsDefined() || !input.IsMap()) return out;
    for (const auto& kv : input) {
      const auto name = r.scalar(kv.first, inf);
      if (!name) continue;
      const auto value = kv.second.IsNull() ? std::optional<std::string>("")
                                            : r.scalar(kv.second, YamlReader::join(inf, *name));
      if (!e.inputs.index_of(*name)) {
        r.problem(kv.first, YamlReader::join(inf, *name),
                  "'" + *name + "' is not a declared " +
                      (e.entity == "household" ? "household input" : "input"));
        continue;
      }
      if (value) out.emplace_back(*name, *value);
    }
    return out;
  }

  void tests() {
    const YAML::Node node = YamlReader::child(r.root(), "tests");
    if (!r.expect_sequence(node, "tests")) return;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string field = YamlReader::index("tests", i);
      if (households()) {
        if (!r.expect_map(node[i], field,
                          {"name", "as_of", "household", "members", "member", "expect"}))
          continue;
      } else if (!r.expect_map(node[i], field, {"name", "as_of", "input", "expect"})) {
        continue;
      }
      RuleTest t;
      t.location = r.scalar_start(node[i]);
      t.name = r.text(node[i], "name", field, false).value_or(field);
      if (const auto d = r.date(node[i], "as_of", field, true)) t.as_of = *d;
      if (households()) {
        t.household = test_cells(YamlReader::child(node[i], "household"),
                                 YamlReader::join(field, "household"), *c.household);
        const YAML::Node members = YamlReader::child(node[i], "members");
        const std::string mf = YamlReader::join(field, "members");
        if (!r.expect_sequence(members, mf) || members.size() == 0) {
          r.problem(members.IsDefined() ? members : node[i], mf,
                    "a list of at least one member (each a mapping of person inputs) was expected");
        } else {
          for (std::size_t k = 0; k < members.size(); ++k)
            t.members.push_back(test_cells(members[k], YamlReader::index(mf, k), c));
        }
        if (const auto m = r.integer(node[i], "member", field, false)) {
          if (*m < 0 || static_cast<std::size_t>(*m) >= t.members.size()) {
            r.problem(YamlReader::child(node[i], "member"), YamlReader::join(field, "member"),
                      "the index (from 0) of one of the members was expected");
          } else {
            t.member = static_cast<std::size_t>(*m);
          }
        }
      } else {
        t.input =
            test_cells(YamlReader::child(node[i], "input"), YamlReader::join(field, "input"), c);
      }
      const YAML::Node expect = YamlReader::child(node[i], "expect");
      const std::string xf = YamlReader::join(field, "expect");
      if (!expect.IsDefined() || !expect.IsMap() || expect.size() == 0) {
        r.problem(expect.IsDefined() ? expect : node[i], xf,
                  "a mapping of package ids to expectations was expected");
      } else {
        for (const auto& kv : expect) {
          const auto pkg = r.scalar(kv.first, xf);
          if (!pkg) continue;
          const std::string pf = YamlReader::join(xf, *pkg);
          if (std::none_of(c.all_packages.begin(), c.all_packages.end(),
                           [&](const Package& p) { return p.id == *pkg; })) {
            r.problem(kv.first, pf, "'" + *pkg + "' is not a package of this rule set");
            continue;
          }
          if (!r.expect_map(kv.second, pf, {"eligible", "reason", "amount"})) continue;
          Expectation x;
          x.package = *pkg;
          x.eligible = r.boolean(kv.second, "eligible", pf, false);
          const YAML::Node reason = YamlReader::child(kv.second, "reason");
          if (reason.IsDefined())
            x.reason =
                reason.IsNull() ? std::string() : r.scalar(reason, YamlReader::join(pf, "reason"));
          x.amount = r.integer(kv.second, "amount", pf, false);
          t.expect.push_back(std::move(x));
        }
      }
      c.tests.push_back(std::move(t));
    }
  }

  Compiled run() {
    const YAML::Node& root = r.root();
    if (!r.expect_map(root, "",
                      {"schema", "name", "description", "entities", "inputs", "tables",
                       "parameters", "variables", "packages", "tests"})) {
      throw core::RuleError(r.problems());
    }
    const auto schema = r.text(root, "schema", "", true);
    if (schema && *schema == kSchema2) {
      c.schema = 2;
    } else if (schema && *schema != kSchema1) {
      r.problem(YamlReader::child(root, "schema"), "schema",
                "unsupported schema '" + *schema + "': expected " + std::string(kSchema1) + " or " +
                    std::string(kSchema2));
    }
    c.name = r.text(root, "name", "", true).value_or("");
    c.description = r.text(root, "description", "", false).value_or("");
    entities();
    inputs();
    detail::read_tables(r, c, std::filesystem::path(c.source_name).parent_path());
    parameters();
    share_with_household();
    variables();
    person.variables_read();
    if (households()) household->variables_read();
    packages();
    person.compile_remaining();  // the variables no package reads
    if (households()) household->compile_remaining();
    tests();
    package_levels(c);
    if (households()) package_levels(*c.household);
    std::vector<core::Problem> all = r.problems();
    all.insert(all.end(), errors.begin(), errors.end());
    if (!all.empty()) throw core::RuleError(std::move(all));
    for (const Compiled* e : {&c, c.household.get()}) {
      if (e == nullptr) continue;
      detail::check_parameter_coverage(*e, errors);
      detail::check_scale_coverage(*e, errors);
      detail::check_satisfiable(*e, errors);
    }
    if (!errors.empty()) throw core::RuleError(std::move(errors));
    detail::check_unused(c, r);
    c.all_variables = c.variables;
    if (households()) {
      c.all_variables.insert(c.all_variables.end(), c.household->variables.begin(),
                             c.household->variables.end());
    }
    return std::move(c);
  }
};

}  // namespace

RuleSet RuleSet::parse(std::string_view yaml, const std::string& source_name) {
  Loader loader(yaml, source_name);
  return RuleSet(std::make_shared<const Compiled>(loader.run()));
}

RuleSet RuleSet::load(const std::filesystem::path& path) {
  return parse(io::read_file(path.string()), path.string());
}

const std::string& RuleSet::name() const noexcept {
  return impl_->name;
}
const data::Schema& RuleSet::inputs() const noexcept {
  return impl_->inputs;
}
bool RuleSet::is_decimal_parameter(std::string_view name) const {
  for (std::size_t i = 0; i < impl_->parameters.size(); ++i) {
    if (impl_->parameters[i].name() == name) return impl_->decimal_parameters[i];
  }
  throw core::NotFoundError("no parameter '" + std::string(name) + "' in rule set '" + impl_->name +
                            "'");
}
bool RuleSet::has_default(std::string_view name, std::string_view entity) const {
  (void)input_used(name, entity);  // NotFoundError for an unknown name
  const Compiled& e = impl_->of(entity);
  return e.defaults[*e.inputs.index_of(name)].has_value();
}
bool RuleSet::is_unit_input(std::string_view name, std::string_view entity) const {
  (void)input_used(name, entity);  // NotFoundError for an unknown name
  const Compiled& e = impl_->of(entity);
  return e.unit_inputs[*e.inputs.index_of(name)];
}
const std::vector<NamedVariable>& RuleSet::variables() const noexcept {
  return impl_->all_variables;
}
bool RuleSet::has_households() const noexcept {
  return impl_->household != nullptr;
}
const std::string& RuleSet::household_key() const noexcept {
  return impl_->household_key;
}
const data::Schema& RuleSet::household_inputs() const noexcept {
  static const data::Schema kNone;
  return impl_->household ? impl_->household->inputs : kNone;
}
const std::vector<DatedTable>& RuleSet::tables() const noexcept {
  return impl_->tables;
}
bool RuleSet::reads_registry() const noexcept {
  return std::any_of(impl_->tables.begin(), impl_->tables.end(),
                     [](const DatedTable& t) { return t.source == TableSource::registry; });
}
RuleSet RuleSet::with_registry(const geo::Registry& registry) const {
  auto c = std::make_shared<Compiled>(*impl_);
  c->registry = std::make_shared<const geo::Registry>(registry);
  if (c->household) {
    c->household = std::make_shared<Compiled>(*c->household);
    c->household->registry = c->registry;
  }
  return RuleSet(std::move(c));
}
const geo::Registry* RuleSet::registry() const noexcept {
  return impl_->registry.get();
}
const std::vector<legal::Parameter<std::int64_t>>& RuleSet::parameters() const noexcept {
  return impl_->parameters;
}
const std::vector<Package>& RuleSet::packages() const noexcept {
  return impl_->all_packages;
}
const std::vector<RuleTest>& RuleSet::tests() const noexcept {
  return impl_->tests;
}
const std::vector<core::Problem>& RuleSet::warnings() const noexcept {
  return impl_->warnings;
}
const std::string& RuleSet::source_text() const noexcept {
  return impl_->source_text;
}
const std::string& RuleSet::source_name() const noexcept {
  return impl_->source_name;
}

bool RuleSet::input_used(std::string_view name, std::string_view entity) const {
  if (entity != "person" && !(entity == "household" && impl_->household)) {
    throw core::NotFoundError("no entity '" + std::string(entity) + "' in rule set '" +
                              impl_->name + "'");
  }
  const Compiled& e = impl_->of(entity);
  const auto i = e.inputs.index_of(name);
  if (!i) {
    throw core::NotFoundError("no " + std::string(entity == "household" ? "household " : "") +
                              "input '" + std::string(name) + "' in rule set '" + impl_->name +
                              "'");
  }
  return e.used_inputs[*i];
}

const Package& RuleSet::package(std::string_view id) const {
  for (const auto& p : impl_->all_packages) {
    if (p.id == id) return p;
  }
  throw core::NotFoundError("no package '" + std::string(id) + "' in rule set '" + impl_->name +
                            "'");
}

}  // namespace project8::rules
