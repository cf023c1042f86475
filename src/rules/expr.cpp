// The type checker of the rule expression language: a parse tree (syntax.cpp)
// lowered to typed nodes in post-order, and compile() with located errors.
#include "expr.hpp"

#include <algorithm>
#include <charconv>

#include "../data/civil.hpp"
#include "syntax.hpp"
#include <project8/core/date.hpp>
#include <project8/core/text.hpp>

namespace project8::rules::detail {

std::string_view type_name(Type t) noexcept {
  switch (t) {
    case Type::boolean:
      return "bool";
    case Type::integer:
      return "int";
    case Type::date:
      return "date";
    case Type::text:
      return "text";
    case Type::decimal:
      return "decimal";
  }
  return "?";
}

namespace {

/// Lowers the parse tree to typed nodes in post-order.
class Lowering {
 public:
  Lowering(const Scope& scope, Expr& out, std::string_view text)
      : scope_(scope), out_(out), text_(text) {}

  std::int32_t lower(const PNode& p) {
    if (out_.nodes.size() > kMaxNodes) fail(p.offset, "a shorter expression");
    switch (p.kind) {
      case PNode::Kind::integer:
        return literal(Type::integer, parse_integer(p), p.offset);
      case PNode::Kind::decimal:
        return literal(Type::decimal, parse_decimal(p.text, p.offset), p.offset);
      case PNode::Kind::boolean:
        return literal(Type::boolean, p.text == "true" ? 1 : 0, p.offset);
      case PNode::Kind::string:
        fail_because(p.offset, "a text can only be compared with a text input (e.g. sex == 'F')");
      case PNode::Kind::list:
        fail(p.offset, "a list only after 'in' or 'not in'");
      case PNode::Kind::name:
        return name(p);
      case PNode::Kind::call:
        return call(p);
      case PNode::Kind::unary:
        return unary(p);
      case PNode::Kind::binary:
        return binary(p);
      case PNode::Kind::in:
        return in(p);
      case PNode::Kind::lookup:
        return lookup(p);
    }
    fail(p.offset, "an expression");
  }

 private:
  static std::int64_t parse_integer(const PNode& p) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(p.text.data(), p.text.data() + p.text.size(), v);
    if (ec != std::errc{} || end != p.text.data() + p.text.size())
      fail(p.offset, "an integer within int64");
    return v;
  }

  /// `digits.digits` as millionths; at most six places, within int64.
  static std::int64_t parse_decimal(std::string_view text, std::size_t offset) {
    const auto point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    std::string fraction(text.substr(point + 1));
    if (fraction.size() > 6) {
      fail_because(offset + point + 7, "a decimal has at most six places after the point");
    }
    fraction.append(6 - fraction.size(), '0');
    std::int64_t w = 0;
    std::int64_t f = 0;
    std::int64_t out = 0;
    const auto [e1, c1] = std::from_chars(whole.data(), whole.data() + whole.size(), w);
    const auto [e2, c2] = std::from_chars(fraction.data(), fraction.data() + fraction.size(), f);
    if (c1 != std::errc{} || c2 != std::errc{} || __builtin_mul_overflow(w, kDecimalScale, &out) ||
        __builtin_add_overflow(out, f, &out)) {
      fail(offset, "a decimal within ±9223372036854.775807");
    }
    return out;
  }

  /// Node `i` as a decimal: itself when it is one, else converted (an integer).
  std::int32_t as_decimal(std::int32_t i) {
    if (at(i).type == Type::decimal) return i;
    Node n;
    n.op = Op::to_decimal;
    n.type = Type::decimal;
    n.args = {i};
    n.offset = at(i).offset;
    n.inlined = at(i).inlined;
    return emit(std::move(n));
  }

  /// For operands of one kind: when one is a decimal and the other an
  /// integer, the integer becomes a decimal.
  void promote(std::int32_t& a, std::int32_t& b) {
    if (at(a).type == Type::decimal && at(b).type == Type::integer) b = as_decimal(b);
    if (at(b).type == Type::decimal && at(a).type == Type::integer) a = as_decimal(a);
  }

  static bool numeric(Type t) { return t == Type::integer || t == Type::decimal; }

  static std::string unquote(std::string_view quoted) {
    std::string s;
    for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
      s += quoted[i];
      if (quoted[i] == '\'') ++i;  // '' stands for '
    }
    return core::is_valid_utf8(s) ? core::nfc(s) : s;
  }

  std::int32_t emit(Node n) {
    out_.nodes.push_back(std::move(n));
    return static_cast<std::int32_t>(out_.nodes.size() - 1);
  }

  std::int32_t literal(Type t, std::int64_t v, std::size_t offset) {
    Node n;
    n.op = Op::literal;
    n.type = t;
    n.value = v;
    n.offset = static_cast<std::uint32_t>(offset);
    return emit(std::move(n));
  }

  [[nodiscard]] const Node& at(std::int32_t i) const {
    return out_.nodes[static_cast<std::size_t>(i)];
  }

  std::string known_names() const {
    std::string s;
    for (const auto& f : scope_.inputs->fields()) s += (s.empty() ? "" : ", ") + f.name;
    for (const auto& p : scope_.parameters) s += (s.empty() ? "" : ", ") + p;
    if (scope_.variables != nullptr) {
      for (const auto& v : scope_.variables->names()) s += (s.empty() ? "" : ", ") + v;
    }
    return s + (s.empty() ? "" : ", ") + "as_of";
  }

  std::int32_t name(const PNode& p) {
    if (p.text.find('.') != std::string_view::npos) return dotted(p);
    if (p.text == "members") {
      fail_because(p.offset,
                   "'members' is read only as the first argument of count, sum, any, all, min "
                   "or max in a household expression");
    }
    Node n;
    n.offset = static_cast<std::uint32_t>(p.offset);
    if (p.text == "as_of") {
      n.op = Op::as_of;
      n.type = Type::date;
      return emit(std::move(n));
    }
    if (const auto i = scope_.inputs->index_of(p.text)) {
      n.op = Op::input;
      n.slot = static_cast<std::int32_t>(*i);
      const auto t = scope_.inputs->fields()[*i].type;
      n.type = type_of(t);
      out_.inputs.push_back(n.slot);
      return emit(std::move(n));
    }
    if (scope_.variables != nullptr) {
      std::int32_t index = -1;
      if (const Expr* v = scope_.variables->find(p.text, p.offset, &index)) {
        return inline_variable(*v, index, p);
      }
    }
    for (std::size_t i = 0; i < scope_.parameters.size(); ++i) {
      if (scope_.parameters[i] == p.text) {
        n.op = Op::parameter;
        n.type = i < scope_.decimal_parameters.size() && scope_.decimal_parameters[i]
                     ? Type::decimal
                     : Type::integer;
        n.slot = static_cast<std::int32_t>(i);
        out_.params.push_back(n.slot);
        return emit(std::move(n));
      }
    }
    fail_because(p.offset,
                 "unknown name '" + std::string(p.text) + "': expected one of " + known_names());
  }

  /// A variable's compiled nodes copied in (arguments renumbered); its root
  /// stands at the name, for traces, and its inputs and parameters are read.
  std::int32_t inline_variable(const Expr& v, std::int32_t index, const PNode& p) {
    const auto base = static_cast<std::int32_t>(out_.nodes.size());
    if (out_.nodes.size() + v.nodes.size() > kMaxNodes) fail(p.offset, "a shorter expression");
    for (const Node& n : v.nodes) {
      Node copy = n;
      for (auto& a : copy.args) a += base;
      copy.inlined = true;
      out_.nodes.push_back(std::move(copy));
    }
    Node& root = out_.nodes.back();
    root.inlined = false;
    root.variable = index;
    root.offset = static_cast<std::uint32_t>(p.offset);
    root.length = static_cast<std::uint32_t>(p.text.size());
    out_.inputs.insert(out_.inputs.end(), v.inputs.begin(), v.inputs.end());
    out_.params.insert(out_.params.end(), v.params.begin(), v.params.end());
    return static_cast<std::int32_t>(out_.nodes.size() - 1);
  }

  void expect(std::int32_t i, Type t, const PNode& p, std::string_view what) {
    if (at(i).type != t) {
      fail_because(p.offset, std::string(what) + " needs " + std::string(type_name(t)) +
                                 ", found " + std::string(type_name(at(i).type)));
    }
  }

  std::int32_t unary(const PNode& p) {
    if (p.text == "-" && p.kids[0]->kind == PNode::Kind::integer) {
      // A negative literal: fold, so that -9223372036854775808 is representable.
      std::string digits = "-" + std::string(p.kids[0]->text);
      std::int64_t v = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (ec != std::errc{} || end != digits.data() + digits.size())
        fail(p.offset, "an integer within int64");
      return literal(Type::integer, v, p.offset);
    }
    const auto a = lower(*p.kids[0]);
    Node n;
    n.offset = static_cast<std::uint32_t>(p.offset);
    n.args = {a};
    if (p.text == "not") {
      expect(a, Type::boolean, p, "'not'");
      n.op = Op::not_;
      n.type = Type::boolean;
    } else {
      if (at(a).type != Type::decimal) expect(a, Type::integer, p, "'-'");
      n.op = Op::neg;
      n.type = at(a).type;
    }
    return emit(std::move(n));
  }

  /// `input <op> 'literal'` (either order) for text; resolved into enum_in / string_in.
  std::int32_t text_comparison(const PNode& p, const PNode& a, const PNode& b) {
    const PNode* in = &a;
    const PNode* lit = &b;
    if (a.kind == PNode::Kind::string) std::swap(in, lit);
    if (lit->kind != PNode::Kind::string || in->kind != PNode::Kind::name) {
      fail(p.offset, "a text input compared with a 'text' literal (e.g. sex == 'F')");
    }
    if (p.text != "==" && p.text != "!=") fail(p.offset, "== or != for texts (they have no order)");
    const auto i = lower(*in);
    if (at(i).type != Type::text) {
      fail(lit->offset, "a " + std::string(type_name(at(i).type)) + " value to compare with " +
                            std::string(in->text) + ", found a text");
    }
    return text_set(p, i, {lit}, p.text == "!=");
  }

  std::int32_t text_set(const PNode& p, std::int32_t input,
                        const std::vector<const PNode*>& literals, bool negate) {
    const data::Field& f = *field(at(input).slot);
    Node n;
    n.offset = static_cast<std::uint32_t>(p.offset);
    n.type = Type::boolean;
    n.negate = negate;
    n.args = {input};
    for (const PNode* lit : literals) {
      if (lit->kind != PNode::Kind::string) {
        fail(lit->offset, "a 'text' value in the list for " + f.name);
      }
      const std::string value = unquote(lit->text);
      if (f.type == data::ColumnType::enumeration) {
        const auto code = f.category_index(value);
        if (!code)
          fail_because(lit->offset, "'" + value + "' is not a value of " + f.name +
                                        ": expected one of " +
                                        f.type_name().substr(5, f.type_name().size() - 6));
        n.set.push_back(*code);
      } else {
        n.strings.push_back(value);
      }
    }
    n.op = f.type == data::ColumnType::enumeration ? Op::enum_in : Op::string_in;
    return emit(std::move(n));
  }

  std::int32_t binary(const PNode& p) {
    const PNode& a = *p.kids[0];
    const PNode& b = *p.kids[1];
    const std::string_view op = p.text;
    const bool comparison =
        op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=";
    if (comparison && (a.kind == PNode::Kind::string || b.kind == PNode::Kind::string)) {
      return text_comparison(p, a, b);
    }
    auto l = lower(a);
    auto r = lower(b);
    if (op != "and" && op != "or" && numeric(at(l).type) && numeric(at(r).type) &&
        at(l).type != at(r).type) {
      // int × decimal is exact as it is (millionths × units); otherwise the
      // integer becomes a decimal.
      if (op != "*") promote(l, r);
    }
    Node n;
    n.offset = static_cast<std::uint32_t>(p.offset);
    n.args = {l, r};
    if (op == "and" || op == "or") {
      expect(l, Type::boolean, p, "'" + std::string(op) + "'");
      expect(r, Type::boolean, p, "'" + std::string(op) + "'");
      n.op = op == "and" ? Op::and_ : Op::or_;
      n.type = Type::boolean;
    } else if (comparison) {
      const Type t = at(l).type;
      if (t == Type::text || at(r).type == Type::text) {
        fail(p.offset, "a text input compared with a 'text' literal (e.g. sex == 'F')");
      }
      if (at(r).type != t) {
        fail(p.offset, "both sides of '" + std::string(op) + "' of one type, found " +
                           std::string(type_name(t)) + " and " +
                           std::string(type_name(at(r).type)));
      }
      if (t == Type::boolean && op != "==" && op != "!=") fail(p.offset, "== or != for booleans");
      n.type = Type::boolean;
      n.op = op == "=="   ? Op::eq
             : op == "!=" ? Op::ne
             : op == "<"  ? Op::lt
             : op == "<=" ? Op::le
             : op == ">"  ? Op::gt
                          : Op::ge;
    } else {
      if (!numeric(at(l).type)) expect(l, Type::integer, p, "'" + std::string(op) + "'");
      if (!numeric(at(r).type)) expect(r, Type::integer, p, "'" + std::string(op) + "'");
      const bool both = at(l).type == Type::decimal && at(r).type == Type::decimal;
      const bool any = at(l).type == Type::decimal || at(r).type == Type::decimal;
      n.type = any ? Type::decimal : Type::integer;
      n.op = op == "+"   ? Op::add
             : op == "-" ? Op::sub
             : op == "*" ? (both ? Op::dmul : Op::mul)
                         : (any ? Op::ddiv : Op::div);
    }
    return emit(std::move(n));
  }

  std::int32_t in(const PNode& p) {
    const PNode& left = *p.kids[0];
    const PNode& list = *p.kids[1];
    std::vector<const PNode*> items;
    for (const auto& k : list.kids) items.push_back(k.get());
    if (left.kind == PNode::Kind::string)
      fail(left.offset, "an input before 'in', not a text literal");
    const auto l = lower(left);
    if (at(l).type == Type::text) {
      if (at(l).op != Op::input) fail(left.offset, "a text input before 'in'");
      return text_set(p, l, items, p.negate);
    }
    Node n;
    n.op = Op::in_list;
    n.type = Type::boolean;
    n.negate = p.negate;
    n.offset = static_cast<std::uint32_t>(p.offset);
    n.args = {l};
    for (const PNode* item : items) {
      const std::size_t mark = out_.nodes.size();
      const auto v = lower(*item);
      if (at(v).op != Op::literal) fail(item->offset, "a literal value in the list");
      if (at(v).type != at(l).type) {
        fail(item->offset, "a " + std::string(type_name(at(l).type)) +
                               " value in the list, found " + std::string(type_name(at(v).type)));
      }
      n.set.push_back(at(v).value);
      out_.nodes.resize(mark);  // the literal lives in the set, not as a node
    }
    return emit(std::move(n));
  }

  /// TABLE[KEY].COLUMN: the key is an input (a `unit` one for a table keyed
  /// by unit codes), the column one of the table's.
  std::int32_t lookup(const PNode& p) {
    const auto table = std::find_if(scope_.tables.begin(), scope_.tables.end(),
                                    [&](const TableShape& t) { return t.name == p.text; });
    if (table == scope_.tables.end()) {
      std::string names;
      for (const auto& t : scope_.tables) names += (names.empty() ? "" : ", ") + t.name;
      fail_because(p.offset, "unknown table '" + std::string(p.text) + "': " +
                                 (names.empty() ? std::string("the rule set declares no tables")
                                                : "expected one of " + names));
    }
    const PNode& key = *p.kids[0];
    if (key.kind != PNode::Kind::name)
      fail(key.offset,
           "an input naming the row of " + table->name + " (e.g. " + table->name + "[commune])");
    const auto k = lower(key);
    if (at(k).op != Op::input || at(k).type != Type::text || field(at(k).slot) == nullptr ||
        static_cast<std::size_t>(at(k).slot) >= scope_.inputs->size()) {
      fail_because(key.offset, "the key of " + table->name + " must be a text input, found " +
                                   std::string(type_name(at(k).type)));
    }
    if (table->unit_key && !scope_.unit_inputs.at(static_cast<std::size_t>(at(k).slot))) {
      fail_because(key.offset, table->name + " is keyed by unit codes: declare input '" +
                                   std::string(key.text) + "' as `unit`");
    }
    const PNode& column = *p.kids[1];
    const auto col = std::find_if(table->columns.begin(), table->columns.end(),
                                  [&](const auto& c) { return c.first == column.text; });
    if (col == table->columns.end()) {
      std::string names;
      for (const auto& c : table->columns) names += (names.empty() ? "" : ", ") + c.first;
      fail_because(column.offset, "unknown column '" + std::string(column.text) + "' of " +
                                      table->name + ": expected one of " + names);
    }
    Node n;
    const data::Field& key_field = *field(at(k).slot);
    if (key_field.type == data::ColumnType::enumeration) n.strings = key_field.categories;
    n.op = Op::lookup;
    n.type = col->second;
    n.slot = static_cast<std::int32_t>(table - scope_.tables.begin());
    n.value = col - table->columns.begin();
    n.args = {k};
    n.offset = static_cast<std::uint32_t>(p.offset);
    n.length = static_cast<std::uint32_t>(p.end - p.offset);
    return emit(std::move(n));
  }

  std::int32_t call(const PNode& p) {
    const std::string_view f = p.text;
    const auto argc = p.kids.size();
    auto arity = [&](std::size_t want) {
      if (argc != want) {
        fail_because(p.offset, std::string(f) + "() takes " + std::to_string(want) + " argument" +
                                   (want == 1 ? "" : "s") + ", found " + std::to_string(argc));
      }
    };
    if (f == "date") {
      arity(1);
      const PNode& a = *p.kids[0];
      if (a.kind != PNode::Kind::string) fail(a.offset, "a 'YYYY-MM-DD' text in date()");
      const std::string s = unquote(a.text);
      try {
        const auto d = core::parse_date(s);
        const auto ymd = d.year_month_day();
        return literal(Type::date, data::detail::days_from_civil(ymd.year, ymd.month, ymd.day),
                       p.offset);
      } catch (const core::Error&) {
        fail(a.offset, "a real calendar day written 'YYYY-MM-DD' in date()");
      }
    }
    const bool over_members =
        !p.kids.empty() && p.kids[0]->kind == PNode::Kind::name && p.kids[0]->text == "members";
    if (over_members || f == "count" || f == "sum" || f == "any" || f == "all") {
      if (!over_members) {
        fail_because(p.offset, std::string(f) + "() aggregates a household's members: write " +
                                   std::string(f) + "(members, …)");
      }
      static constexpr std::pair<std::string_view, Aggregate> kAggregates[] = {
          {"count", Aggregate::count}, {"sum", Aggregate::sum}, {"any", Aggregate::any},
          {"all", Aggregate::all},     {"min", Aggregate::min}, {"max", Aggregate::max}};
      const auto* k = std::find_if(std::begin(kAggregates), std::end(kAggregates),
                                   [&](const auto& a) { return a.first == f; });
      if (k == std::end(kAggregates)) {
        fail_because(p.offset, "members is read only by count, sum, any, all, min or max, not " +
                                   std::string(f) + "()");
      }
      const Aggregate kind = k->second;
      return aggregation(p, kind);
    }
    Node n;
    n.offset = static_cast<std::uint32_t>(p.offset);
    if (f == "min" || f == "max") {
      if (argc < 2)
        fail_because(p.offset, std::string(f) + "() takes at least 2 arguments, found " +
                                   std::to_string(argc));
      for (const auto& k : p.kids) n.args.push_back(lower(*k));
      if (std::any_of(n.args.begin(), n.args.end(),
                      [&](std::int32_t a) { return at(a).type == Type::decimal; })) {
        for (auto& a : n.args) {
          if (at(a).type == Type::integer) a = as_decimal(a);
        }
      }
      const Type t = at(n.args[0]).type;
      if (t != Type::integer && t != Type::date && t != Type::decimal)
        fail(p.offset, std::string(f) + "() needs int, decimal or date arguments");
      for (const auto a : n.args) expect(a, t, p, std::string(f) + "()");
      n.op = f == "min" ? Op::min : Op::max;
      n.type = t;
    } else if (f == "abs") {
      arity(1);
      n.args = {lower(*p.kids[0])};
      if (at(n.args[0]).type != Type::decimal) expect(n.args[0], Type::integer, p, "abs()");
      n.op = Op::abs;
      n.type = at(n.args[0]).type;
    } else if (f == "age_years") {
      arity(1);
      n.args = {lower(*p.kids[0])};
      expect(n.args[0], Type::date, p, "age_years()");
      n.op = Op::age_years;
      n.type = Type::integer;
    } else if (f == "days_between") {
      arity(2);
      n.args = {lower(*p.kids[0]), lower(*p.kids[1])};
      expect(n.args[0], Type::date, p, "days_between()");
      expect(n.args[1], Type::date, p, "days_between()");
      n.op = Op::days_between;
      n.type = Type::integer;
    } else if (f == "is_missing") {
      arity(1);
      if (p.kids[0]->kind == PNode::Kind::string)
        fail(p.kids[0]->offset, "an input or expression in is_missing()");
      n.args = {lower(*p.kids[0])};
      n.op = Op::is_missing;
      n.type = Type::boolean;
    } else if (f == "coalesce") {
      arity(2);
      n.args = {lower(*p.kids[0]), lower(*p.kids[1])};
      if (numeric(at(n.args[0]).type) && numeric(at(n.args[1]).type)) promote(n.args[0], n.args[1]);
      const Type t = at(n.args[0]).type;
      if (t == Type::text) fail(p.offset, "coalesce() on bool, int, decimal or date values");
      expect(n.args[1], t, p, "coalesce()'s second argument");
      n.op = Op::coalesce;
      n.type = t;
    } else if (f == "if") {
      arity(3);
      n.args = {lower(*p.kids[0]), lower(*p.kids[1]), lower(*p.kids[2])};
      expect(n.args[0], Type::boolean, p, "if()'s condition");
      if (numeric(at(n.args[1]).type) && numeric(at(n.args[2]).type)) promote(n.args[1], n.args[2]);
      const Type t = at(n.args[1]).type;
      if (t == Type::text) fail(p.offset, "if() choosing between bool, int or date values");
      expect(n.args[2], t, p, "if()'s third argument");
      n.op = Op::if_;
      n.type = t;
    } else if (f == "marginal" || f == "bracket") {
      arity(2);
      const PNode& which = *p.kids[0];
      const auto it = which.kind == PNode::Kind::name
                          ? std::find(scope_.scales.begin(), scope_.scales.end(), which.text)
                          : scope_.scales.end();
      if (it == scope_.scales.end()) {
        std::string names;
        for (const auto& sc : scope_.scales) names += (names.empty() ? "" : ", ") + sc;
        fail_because(which.offset, std::string(f) +
                                       "() reads a scale (a parameter with "
                                       "brackets): " +
                                       (names.empty() ? std::string("the rule set has none")
                                                      : "expected one of " + names));
      }
      const auto k = static_cast<std::size_t>(it - scope_.scales.begin());
      n.args = {lower(*p.kids[1])};
      if (!numeric(at(n.args[0]).type)) expect(n.args[0], Type::integer, p, std::string(f) + "()");
      const bool amounts = scope_.scale_amounts[k];
      if (f == "marginal" && amounts)
        fail_because(p.offset, "marginal() sums rates: scale '" + std::string(which.text) +
                                   "' has amounts (read them with bracket())");
      n.op = Op::scale;
      n.slot = static_cast<std::int32_t>(k);
      n.value = f == "marginal" ? 0 : 1;
      n.type = amounts ? Type::integer : Type::decimal;
    } else if (f == "round" || f == "floor" || f == "ceil") {
      if (argc < 1 || argc > 2)
        fail_because(p.offset, std::string(f) +
                                   "() takes 1 or 2 arguments (a value, and a step "
                                   "such as 1000), found " +
                                   std::to_string(argc));
      n.args = {lower(*p.kids[0])};
      if (!numeric(at(n.args[0]).type)) expect(n.args[0], Type::decimal, p, std::string(f) + "()");
      if (argc == 2) {
        n.args.push_back(lower(*p.kids[1]));
        expect(n.args[1], Type::integer, p, std::string(f) + "()'s step");
      }
      n.op = Op::round;
      n.value = static_cast<std::int64_t>(f == "round"   ? Rounding::half_up
                                          : f == "floor" ? Rounding::floor
                                                         : Rounding::ceil);
      n.type = Type::integer;
    } else {
      fail_because(p.offset, "unknown function '" + std::string(f) +
                                 "': expected min, max, abs, round, floor, ceil, marginal, "
                                 "bracket, age_years, days_between, is_missing, coalesce, if, "
                                 "date, or over a household's members count, sum, any, all, min "
                                 "or max");
    }
    return emit(std::move(n));
  }

  /// The field of input `slot`: a declared input, or a derived one's field
  /// (an enumeration read as household.NAME); nullptr for other derived inputs.
  [[nodiscard]] const data::Field* field(std::int32_t slot) const {
    const auto k = static_cast<std::size_t>(slot);
    if (k < scope_.inputs->size()) return &scope_.inputs->fields()[k];
    const Derived& d = scope_.derived->at(k - scope_.inputs->size());
    return d.field ? &*d.field : nullptr;
  }

  /// The derived input at `slot`, read at `offset` over `length` bytes of the text.
  std::int32_t derived_input(std::int32_t slot, std::size_t offset, std::size_t length) {
    const Derived& d = scope_.derived->at(static_cast<std::size_t>(slot) - scope_.inputs->size());
    Node n;
    n.op = Op::input;
    n.slot = slot;
    n.type = d.type;
    n.offset = static_cast<std::uint32_t>(offset);
    n.length = static_cast<std::uint32_t>(length);
    out_.inputs.push_back(slot);
    // What it is computed from depends on these parameters too (coverage, traces).
    out_.params.insert(out_.params.end(), d.expr.params.begin(), d.expr.params.end());
    return emit(std::move(n));
  }

  /// `household.NAME` (a person expression reads its household's value),
  /// `PKG.eligible` / `PKG.amount` (a package's result for the same row) and
  /// `household.PKG.eligible` / `household.PKG.amount`.
  std::int32_t dotted(const PNode& p) {
    const auto dot = p.text.find('.');
    const std::string_view first = p.text.substr(0, dot);
    const std::string_view rest = p.text.substr(dot + 1);
    const bool field = rest == "eligible" || rest == "amount";
    if (field && scope_.entities != nullptr) {
      const auto slot = scope_.entities->package_result(first, rest, p.offset);
      if (slot >= 0) return derived_input(slot, p.offset, p.text.size());
    }
    if (first == "household" && scope_.entities != nullptr) {
      return derived_input(scope_.entities->household_value(rest, p.offset + dot + 1), p.offset,
                           p.text.size());
    }
    fail_because(p.offset, "unknown name '" + std::string(p.text) +
                               "': expected PACKAGE.eligible or PACKAGE.amount (a package of "
                               "this rule set), or household.NAME in a person expression of a "
                               "rule set with households");
  }

  /// count/sum/any/all/min/max(members, …) in a household expression.
  std::int32_t aggregation(const PNode& p, Aggregate kind) {
    if (scope_.entities == nullptr) {
      fail_because(p.offset, std::string(p.text) +
                                 "(members, …) aggregates a household's members: it needs "
                                 "`entities: {household: …}` and a household expression");
    }
    const std::size_t want = kind == Aggregate::count ? 1 : 2;
    if (p.kids.size() != want && !(kind == Aggregate::count && p.kids.size() == 2)) {
      fail_because(p.offset, std::string(p.text) + "() takes members and " +
                                 (kind == Aggregate::count ? "an optional condition"
                                                           : "an expression per member") +
                                 ", found " + std::to_string(p.kids.size()) + " arguments");
    }
    if (kind == Aggregate::count && p.kids.size() == 2) kind = Aggregate::count_if;
    const PNode* inner = p.kids.size() == 2 ? p.kids[1].get() : nullptr;
    const std::string_view call = text_.substr(p.offset, p.end - p.offset);
    return derived_input(scope_.entities->aggregate(kind, inner, text_, call), p.offset,
                         call.size());
  }

  const Scope& scope_;
  Expr& out_;
  std::string_view text_;
};

void unique(std::vector<std::int32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

Expr compile(std::string_view text, const Scope& scope, std::optional<Type> expected,
             const core::SourceLocation& where, const std::string& field) {
  Expr out;
  out.text = std::string(text);
  auto located = [&](std::size_t offset) {
    core::SourceLocation loc = where;
    const auto chars = core::code_point_count(text.substr(0, std::min(offset, text.size())));
    if (loc.column)
      *loc.column += chars;
    else
      loc.column = chars + 1;
    return loc;
  };
  try {
    if (!core::is_valid_utf8(text)) fail(0, "valid UTF-8 text");
    const auto tree = parse(text);
    Lowering(scope, out, text).lower(*tree);
    if (expected == Type::integer && out.type() == Type::decimal) {
      fail_because(0,
                   "a whole number was expected (an amount is whole đồng), found a decimal: "
                   "round it with round(x), round(x, 1000), floor(x) or ceil(x)");
    }
    if (expected && out.type() != *expected) {
      fail(0, "an expression of type " + std::string(type_name(*expected)) + ", found " +
                  std::string(type_name(out.type())));
    }
  } catch (const Failure& f) {
    throw core::RuleError({core::Problem{located(f.offset), field, f.message}});
  }
  unique(out.inputs);
  unique(out.params);
  return out;
}

Expr lower_part(const PNode& p, std::string_view text, const Scope& scope) {
  Expr out;
  Lowering(scope, out, text).lower(p);
  std::size_t begin = p.arg_begin;
  std::size_t end = std::max(p.arg_end, begin);
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\n'))
    --end;
  out.text = std::string(text.substr(begin, end - begin));
  for (auto& n : out.nodes) {
    if (!n.inlined) n.offset -= static_cast<std::uint32_t>(std::min<std::size_t>(n.offset, begin));
  }
  unique(out.inputs);
  unique(out.params);
  return out;
}

}  // namespace project8::rules::detail
