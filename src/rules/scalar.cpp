// The one-case evaluator: a plain, per-node interpretation of the rule
// language over one row, which also records every node's value for traces.
// What each operator means is semantics.hpp's, shared with the column
// kernels; this file adds only the "anything" state of the static checks
// (parameters and as_of unknown), which the kernels never see.
#include <algorithm>

#include "compiled.hpp"
#include "semantics.hpp"

namespace project8::rules::detail {

namespace {

Scalar present(std::int64_t v) {
  return Scalar{kPresent, v, {}};
}
Scalar error() {
  return Scalar{kError, 0, {}};
}
Scalar with_state(std::uint8_t state) {
  return Scalar{state, 0, {}};
}

/// combine(), extended with "anything": an error still wins, then anything.
std::uint8_t combined(const Scalar& a, const Scalar& b) {
  if (a.state == kAny || b.state == kAny)
    return a.state == kError || b.state == kError ? kError : kAny;
  return combine(a.state, b.state);
}

/// The truth code of a boolean value (never "anything").
std::uint8_t code(const Scalar& s) {
  return code_of(s.state, s.value == 1);
}

/// A boolean value from its truth code.
Scalar from_code(std::uint8_t c) {
  return Scalar{state_of(c), c == kCodeTrue ? 1 : 0, {}};
}

/// The result of a semantics.hpp function `f(…, &r)`: present r, or an error
/// when f says the result does not exist (r is read only after f wrote it).
template <class F>
Scalar checked(F&& f) {
  std::int64_t r = 0;
  return f(&r) ? present(r) : error();
}

}  // namespace

Scalar eval_scalar(const Expr& e, const RowSource& row, const std::vector<std::int64_t>& params,
                   std::int64_t as_of_days, std::vector<Scalar>* values, bool abstract) {
  std::vector<Scalar> local;
  std::vector<Scalar>& v = values != nullptr ? *values : local;
  v.assign(e.nodes.size(), Scalar{});
  for (std::size_t i = 0; i < e.nodes.size(); ++i) {
    const Node& n = e.nodes[i];
    auto arg = [&](std::size_t k) -> const Scalar& {
      return v[static_cast<std::size_t>(n.args[k])];
    };
    Scalar out;
    switch (n.op) {
      case Op::literal:
        out = present(n.value);
        break;
      case Op::input:
        out = row.input(n.slot);
        break;
      case Op::parameter:
        out = abstract ? Scalar{kAny, 0, {}} : present(params[static_cast<std::size_t>(n.slot)]);
        break;
      case Op::as_of:
        out = abstract ? Scalar{kAny, 0, {}} : present(as_of_days);
        break;
      case Op::not_: {
        const Scalar& a = arg(0);
        out = a.state == kAny ? a : from_code(logical_not(code(a)));
        break;
      }
      case Op::and_:
      case Op::or_: {
        const Scalar& a = arg(0);
        const Scalar& b = arg(1);
        const std::uint8_t pass = kleene_pass(n.op);
        if (a.state == kAny || b.state == kAny) {
          // Only what the left operand decides alone is known.
          const bool decides = a.state == kError || (a.state == kPresent && code(a) != pass);
          out = decides ? from_code(code(a)) : with_state(kAny);
        } else {
          out = from_code(kleene(pass, code(a), code(b)));
        }
        break;
      }
      case Op::eq:
      case Op::ne:
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge: {
        const Scalar& a = arg(0);
        const Scalar& b = arg(1);
        out.state = combined(a, b);
        if (out.state == kPresent) {
          with_comparison(n.op, [&](auto cmp) { out.value = cmp(a.value, b.value) ? 1 : 0; });
        }
        break;
      }
      case Op::enum_in:
      case Op::in_list: {
        const Scalar& a = arg(0);
        const bool member = std::find(n.set.begin(), n.set.end(), a.value) != n.set.end();
        out = a.state == kAny ? a : from_code(membership(a.state, member, n.negate));
        break;
      }
      case Op::string_in: {
        const Scalar& a = arg(0);
        const bool member =
            std::find(n.strings.begin(), n.strings.end(), a.text) != n.strings.end();
        out = a.state == kAny ? with_state(kAny) : from_code(membership(a.state, member, n.negate));
        break;
      }
      case Op::add:
      case Op::sub:
      case Op::mul:
      case Op::div: {
        const Scalar& a = arg(0);
        const Scalar& b = arg(1);
        out.state = combined(a, b);
        if (out.state != kPresent) break;
        out = checked([&](std::int64_t* r) { return arithmetic(n.op, a.value, b.value, r); });
        break;
      }
      case Op::neg:
      case Op::abs: {
        const Scalar& a = arg(0);
        out.state = a.state;
        if (a.state == kPresent)
          out = checked([&](std::int64_t* r) { return unary_minus_or_abs(n.op, a.value, r); });
        break;
      }
      case Op::min:
      case Op::max: {
        out = arg(0);
        for (std::size_t k = 1; k < n.args.size(); ++k) {
          const Scalar& b = arg(k);
          const std::uint8_t s = combined(out, b);
          out = Scalar{s, s == kPresent ? extreme(n.op, out.value, b.value) : 0, {}};
        }
        break;
      }
      case Op::age_years: {
        const Scalar& a = arg(0);
        out.state = a.state;
        if (a.state == kPresent)
          out = checked([&](std::int64_t* r) { return age_years(a.value, as_of_days, r); });
        break;
      }
      case Op::days_between: {
        const Scalar& a = arg(0);
        const Scalar& b = arg(1);
        out.state = combined(a, b);
        if (out.state == kPresent)
          out = checked([&](std::int64_t* r) { return days_between(a.value, b.value, r); });
        break;
      }
      case Op::is_missing: {
        const Scalar& a = arg(0);
        out = a.state == kAny ? with_state(kAny) : from_code(missing_test(a.state));
        break;
      }
      case Op::coalesce: {
        const Scalar& a = arg(0);
        out = coalesce_takes_first(a.state) ? a : arg(1);
        out.text = {};
        break;
      }
      case Op::to_decimal: {
        const Scalar& a = arg(0);
        out.state = a.state;
        if (a.state == kPresent)
          out = checked([&](std::int64_t* r) { return to_decimal(a.value, r); });
        break;
      }
      case Op::dmul:
      case Op::ddiv: {
        const Scalar& a = arg(0);
        const Scalar& b = arg(1);
        out.state = combined(a, b);
        if (out.state == kPresent)
          out = checked(
              [&](std::int64_t* r) { return decimal_arithmetic(n.op, a.value, b.value, r); });
        break;
      }
      case Op::round: {
        const Scalar& a = arg(0);
        const bool decimal = e.nodes[static_cast<std::size_t>(n.args[0])].type == Type::decimal;
        if (n.args.size() > 1) {
          const Scalar& step = arg(1);
          out.state = combined(a, step);
          if (out.state == kPresent)
            out = checked([&](std::int64_t* r) {
              return round_to(a.value, decimal, step.value, static_cast<Rounding>(n.value), r);
            });
        } else {
          out.state = a.state;
          if (a.state == kPresent)
            out = checked([&](std::int64_t* r) {
              return round_to(a.value, decimal, 1, static_cast<Rounding>(n.value), r);
            });
        }
        break;
      }
      case Op::scale: {
        const Scalar& x = arg(0);
        const bool decimal = e.nodes[static_cast<std::size_t>(n.args[0])].type == Type::decimal;
        out = x.state == kPresent ? row.scale(n.slot, n.value, x.value, decimal)
                                  : with_state(x.state);
        out.text = {};
        break;
      }
      case Op::lookup: {
        const Scalar& key = arg(0);
        const std::string_view text =
            n.strings.empty() || key.state != kPresent
                ? key.text
                : std::string_view(n.strings[static_cast<std::size_t>(key.value)]);
        out = key.state == kPresent ? row.cell(n.slot, n.value, text) : with_state(key.state);
        out.text = {};
        break;
      }
      case Op::if_: {
        const Scalar& c = arg(0);
        const int choice = c.state == kAny ? 0 : if_choice(code(c));
        out = choice == 1 ? arg(1) : (choice == 2 ? arg(2) : with_state(c.state));
        out.text = {};
        break;
      }
    }
    if (out.state != kPresent) out.value = 0;
    v[i] = out;
  }
  return v.back();
}

}  // namespace project8::rules::detail
