// The one-case evaluator: a plain, per-node interpretation of the rule
// language, written independently of the column evaluator so that each checks
// the other (tests/rules/equivalence_test.cpp).
#include <algorithm>
#include <limits>

#include "../data/civil.hpp"
#include "compiled.hpp"

namespace project8::rules::detail {

namespace {

constexpr std::int64_t kDayLimit = 100'000'000;  // about ±270,000 years: beyond is an error

Scalar present(std::int64_t v) {
  return Scalar{kPresent, v, {}};
}
Scalar error() {
  return Scalar{kError, 0, {}};
}

/// Error beats "anything", which beats missing, which beats present.
std::uint8_t combined(const Scalar& a, const Scalar& b) {
  if (a.state == kError || b.state == kError) return kError;
  if (a.state == kAny || b.state == kAny) return kAny;
  if (a.state == kMissing || b.state == kMissing) return kMissing;
  return kPresent;
}

bool is_true(const Scalar& s) {
  return s.state == kPresent && s.value == 1;
}
bool is_false(const Scalar& s) {
  return s.state == kPresent && s.value == 0;
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
        out = a.state == kPresent ? present(a.value == 0 ? 1 : 0) : Scalar{a.state, 0, {}};
        break;
      }
      case Op::and_: {
        const Scalar& a = arg(0);
        const Scalar& b = arg(1);
        if (a.state == kError)
          out = error();
        else if (is_false(a))
          out = present(0);
        else if (a.state == kAny || b.state == kAny)
          out = Scalar{kAny, 0, {}};
        else if (b.state == kError)
          out = error();
        else if (is_false(b))
          out = present(0);
        else if (is_true(a) && is_true(b))
          out = present(1);
        else
          out = Scalar{kMissing, 0, {}};
        break;
      }
      case Op::or_: {
        const Scalar& a = arg(0);
        const Scalar& b = arg(1);
        if (a.state == kError)
          out = error();
        else if (is_true(a))
          out = present(1);
        else if (a.state == kAny || b.state == kAny)
          out = Scalar{kAny, 0, {}};
        else if (b.state == kError)
          out = error();
        else if (is_true(b))
          out = present(1);
        else if (is_false(a) && is_false(b))
          out = present(0);
        else
          out = Scalar{kMissing, 0, {}};
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
          bool r = false;
          switch (n.op) {
            case Op::eq:
              r = a.value == b.value;
              break;
            case Op::ne:
              r = a.value != b.value;
              break;
            case Op::lt:
              r = a.value < b.value;
              break;
            case Op::le:
              r = a.value <= b.value;
              break;
            case Op::gt:
              r = a.value > b.value;
              break;
            default:
              r = a.value >= b.value;
              break;
          }
          out.value = r ? 1 : 0;
        }
        break;
      }
      case Op::enum_in:
      case Op::in_list: {
        const Scalar& a = arg(0);
        out.state = a.state;
        if (a.state == kPresent) {
          const bool member = std::find(n.set.begin(), n.set.end(), a.value) != n.set.end();
          out.value = member != n.negate ? 1 : 0;
        }
        break;
      }
      case Op::string_in: {
        const Scalar& a = arg(0);
        out.state = a.state;
        if (a.state == kPresent) {
          const bool member =
              std::find(n.strings.begin(), n.strings.end(), a.text) != n.strings.end();
          out.value = member != n.negate ? 1 : 0;
        }
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
        std::int64_t r = 0;
        bool overflow = false;
        switch (n.op) {
          case Op::add:
            overflow = __builtin_add_overflow(a.value, b.value, &r);
            break;
          case Op::sub:
            overflow = __builtin_sub_overflow(a.value, b.value, &r);
            break;
          case Op::mul:
            overflow = __builtin_mul_overflow(a.value, b.value, &r);
            break;
          default:
            overflow = b.value == 0 ||
                       (a.value == std::numeric_limits<std::int64_t>::min() && b.value == -1);
            if (!overflow) r = a.value / b.value;
            break;
        }
        out = overflow ? error() : present(r);
        break;
      }
      case Op::neg: {
        const Scalar& a = arg(0);
        out.state = a.state;
        if (a.state == kPresent) {
          out = a.value == std::numeric_limits<std::int64_t>::min() ? error() : present(-a.value);
        }
        break;
      }
      case Op::abs: {
        const Scalar& a = arg(0);
        out.state = a.state;
        if (a.state == kPresent) {
          out = a.value == std::numeric_limits<std::int64_t>::min()
                    ? error()
                    : present(a.value < 0 ? -a.value : a.value);
        }
        break;
      }
      case Op::min:
      case Op::max: {
        out = arg(0);
        for (std::size_t k = 1; k < n.args.size(); ++k) {
          const Scalar& b = arg(k);
          const std::uint8_t s = combined(out, b);
          const std::int64_t value =
              n.op == Op::min ? std::min(out.value, b.value) : std::max(out.value, b.value);
          out = Scalar{s, s == kPresent ? value : 0, {}};
        }
        break;
      }
      case Op::age_years: {
        const Scalar& a = arg(0);
        out.state = a.state;
        if (a.state == kPresent) {
          out = (a.value < -kDayLimit || a.value > kDayLimit)
                    ? error()
                    : present(data::detail::completed_years(a.value, as_of_days));
        }
        break;
      }
      case Op::days_between: {
        const Scalar& a = arg(0);
        const Scalar& b = arg(1);
        out.state = combined(a, b);
        if (out.state == kPresent) {
          std::int64_t r = 0;
          out = __builtin_sub_overflow(b.value, a.value, &r) ? error() : present(r);
        }
        break;
      }
      case Op::is_missing: {
        const Scalar& a = arg(0);
        if (a.state == kError || a.state == kAny)
          out = Scalar{a.state, 0, {}};
        else
          out = present(a.state == kMissing ? 1 : 0);
        break;
      }
      case Op::coalesce: {
        const Scalar& a = arg(0);
        out = a.state == kMissing ? arg(1) : a;
        out.text = {};
        break;
      }
      case Op::if_: {
        const Scalar& c = arg(0);
        if (c.state == kPresent)
          out = c.value == 1 ? arg(1) : arg(2);
        else
          out = Scalar{c.state, 0, {}};
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
