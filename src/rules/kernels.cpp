// The column kernels: each expression node computes a whole chunk of rows
// into buffers allocated once per thread; no allocation per row. What each
// operator means is semantics.hpp's (shared with the one-case evaluator);
// this file only walks the rows.
//
// Boolean nodes hold one truth code per row (missing, false, true, error),
// so the logic of a condition moves bytes, not 64-bit values and states; a
// comparison with a literal or a parameter reads the constant once; inputs
// are read where they lie in the table (no copy) unless a selection vector
// gathers the rows still open.
#include <algorithm>
#include <cstring>
#include <limits>

#include "columns.hpp"
#include "semantics.hpp"

namespace project8::rules::detail {

namespace {

/// out[j] = code of (a[j] OP y) for a constant y.
template <class Cmp>
[[gnu::always_inline]] inline void compare_constant(const std::int64_t* __restrict a,
                                                    const std::uint8_t* __restrict sa,
                                                    std::int64_t y, std::size_t n,
                                                    std::uint8_t* __restrict out, Cmp cmp) {
  for (std::size_t j = 0; j < n; ++j) out[j] = code_of(sa[j], cmp(a[j], y));
}

/// out[j] = code of (a[j] OP c[j]).
template <class Cmp>
[[gnu::always_inline]] inline void compare_columns(const std::int64_t* __restrict a,
                                                   const std::uint8_t* __restrict sa,
                                                   const std::int64_t* __restrict c,
                                                   const std::uint8_t* __restrict sc, std::size_t n,
                                                   std::uint8_t* __restrict out, Cmp cmp) {
  for (std::size_t j = 0; j < n; ++j) out[j] = code_of(combine(sa[j], sc[j]), cmp(a[j], c[j]));
}

/// acc[j] = 1 when codes[j] is one of `set`, else 0.
template <class T>
[[gnu::always_inline]] inline void members(const T* __restrict codes, std::size_t n,
                                           const std::vector<std::int64_t>& set,
                                           std::uint8_t* __restrict acc) {
  std::memset(acc, 0, n);
  for (const std::int64_t x : set) {
    if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max())
      continue;  // never stored
    const auto t = static_cast<T>(x);
    for (std::size_t j = 0; j < n; ++j)
      acc[j] = static_cast<std::uint8_t>(acc[j] | (codes[j] == t ? 1 : 0));
  }
}

/// Turns membership flags into truth codes in place, given the states.
[[gnu::always_inline]] inline void membership_codes(const std::uint8_t* __restrict st,
                                                    std::size_t n, bool negate,
                                                    std::uint8_t* __restrict io) {
  for (std::size_t j = 0; j < n; ++j) io[j] = membership(st[j], io[j] != 0, negate);
}

/// `age_years(d) OP k` folded (ExprBuffers::fold): lo < d <= hi (or outside),
/// an error where d is beyond the day limit, as age_years() is.
[[gnu::always_inline]] inline void folded_age_comparison(const ExprBuffers& b, std::size_t i,
                                                         std::size_t n,
                                                         std::uint8_t* __restrict out) {
  const auto d_node = static_cast<std::size_t>(b.fold_arg[i]);
  const std::int64_t* __restrict d = b.v[d_node];
  const std::uint8_t* __restrict sd = b.s[d_node];
  const AgeFold f = b.fold[i];
  for (std::size_t j = 0; j < n; ++j) {
    const std::int64_t x = d[j];
    const bool valid = x >= -kDayLimit && x <= kDayLimit;
    const bool holds = (x > f.lo && x <= f.hi) != f.negate;
    const std::uint8_t st =
        sd[j] != kPresent ? sd[j] : static_cast<std::uint8_t>(valid ? kPresent : kError);
    out[j] = code_of(st, holds);
  }
}

}  // namespace

PROJECT8_HOT_CLONES void eval_columns(ExprBuffers& b, const InputBuffers& in, std::size_t begin,
                                      std::size_t n, const std::uint32_t* sel) {
  const Expr& e = *b.expr;
  for (std::size_t i = 0; i < e.nodes.size(); ++i) {
    const Node& node = e.nodes[i];
    std::int64_t* out_v = b.v[i];
    std::uint8_t* out_s = b.s[i];
    std::uint8_t* __restrict out_c = b.c[i];
    auto arg = [&](std::size_t k) { return static_cast<std::size_t>(node.args[k]); };
    auto av = [&](std::size_t k) { return b.v[arg(k)]; };
    auto as = [&](std::size_t k) { return b.s[arg(k)]; };
    auto ac = [&](std::size_t k) { return b.c[arg(k)]; };
    if (b.skip[i] != 0) continue;  // an age only folded comparisons read
    switch (node.op) {
      case Op::literal:
      case Op::parameter:
      case Op::as_of:
        break;  // filled once
      case Op::input: {
        // Inputs alias the chunk's rows: no node ever writes into an input node.
        const auto slot = static_cast<std::size_t>(node.slot);
        const std::uint8_t* __restrict st = in.s[slot];
        b.s[i] = const_cast<std::uint8_t*>(st);
        if (in.v[slot] != nullptr) {
          b.v[i] = const_cast<std::int64_t*>(in.v[slot]);
          break;
        }
        b.v[i] = b.own_v[i];  // nullptr unless some node reads it as values
        std::int64_t* __restrict wide = b.v[i];
        const void* raw = in.raw[slot];
        if (node.type == Type::boolean) {
          const auto* __restrict x = static_cast<const std::uint8_t*>(raw);
          for (std::size_t j = 0; j < n; ++j) out_c[j] = code_of(st[j], x[j] != 0);
          if (b.as_values[i] != 0) {
            for (std::size_t j = 0; j < n; ++j) wide[j] = x[j] != 0 ? 1 : 0;
          }
        } else if (b.as_values[i] != 0) {
          const auto widen = [&](const auto* __restrict x) {
            for (std::size_t j = 0; j < n; ++j) wide[j] = x[j];
          };
          switch (raw == nullptr ? 0 : in.width[slot]) {
            case 0:
              std::fill_n(wide, n, 0);
              break;  // text: only `in` reads it
            case 1:
              widen(static_cast<const std::int8_t*>(raw));
              break;
            case 2:
              widen(static_cast<const std::int16_t*>(raw));
              break;
            case 4:
              widen(static_cast<const std::int32_t*>(raw));
              break;
            default:
              widen(static_cast<const std::int64_t*>(raw));
              break;
          }
        }
        continue;  // an input's values are not derived from its codes
      }
      case Op::not_: {
        const std::uint8_t* __restrict a = ac(0);
        for (std::size_t j = 0; j < n; ++j) {
          const std::uint8_t x = a[j];
          out_c[j] = logical_not(x);
        }
        break;
      }
      case Op::and_:
      case Op::or_: {
        const std::uint8_t pass = kleene_pass(node.op);
        const std::uint8_t* __restrict a = ac(0);
        const std::uint8_t* __restrict c = ac(1);
        for (std::size_t j = 0; j < n; ++j) out_c[j] = kleene(pass, a[j], c[j]);
        break;
      }
      case Op::eq:
      case Op::ne:
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge: {
        if (b.folded[i] != 0) {
          folded_age_comparison(b, i, n, out_c);
          break;
        }
        const std::size_t l = arg(0);
        const std::size_t r = arg(1);
        if (b.is_constant[r] != 0 && b.is_constant[l] == 0) {
          with_comparison(node.op, [&](auto cmp) {
            compare_constant(b.v[l], b.s[l], b.constant[r], n, out_c, cmp);
          });
        } else if (b.is_constant[l] != 0 && b.is_constant[r] == 0) {
          with_comparison(mirrored(node.op), [&](auto cmp) {
            compare_constant(b.v[r], b.s[r], b.constant[l], n, out_c, cmp);
          });
        } else {
          with_comparison(node.op, [&](auto cmp) {
            compare_columns(b.v[l], b.s[l], b.v[r], b.s[r], n, out_c, cmp);
          });
        }
        break;
      }
      case Op::enum_in: {
        const auto slot = static_cast<std::size_t>(e.nodes[arg(0)].slot);
        const void* raw = in.raw[slot];
        switch (in.width[slot]) {
          case 1:
            members(static_cast<const std::int8_t*>(raw), n, node.set, out_c);
            break;
          case 2:
            members(static_cast<const std::int16_t*>(raw), n, node.set, out_c);
            break;
          case 4:
            members(static_cast<const std::int32_t*>(raw), n, node.set, out_c);
            break;
          default:
            members(static_cast<const std::int64_t*>(raw), n, node.set, out_c);
            break;
        }
        membership_codes(in.s[slot], n, node.negate, out_c);
        break;
      }
      case Op::in_list: {
        members(av(0), n, node.set, out_c);
        membership_codes(as(0), n, node.negate, out_c);
        break;
      }
      case Op::string_in: {
        const std::uint8_t* sa = as(0);
        const std::int32_t input = e.nodes[arg(0)].slot;
        const data::Column& col = in.column(input);
        for (std::size_t j = 0; j < n; ++j) {
          if (sa[j] != kPresent) {
            out_c[j] = code_of(sa[j], false);
            continue;
          }
          const std::string_view text = col.string_at(begin + (sel != nullptr ? sel[j] : j));
          const bool member =
              std::find(node.strings.begin(), node.strings.end(), text) != node.strings.end();
          out_c[j] = membership(kPresent, member, node.negate);
        }
        break;
      }
      case Op::to_decimal: {
        const std::int64_t* a = av(0);
        const std::uint8_t* sa = as(0);
        for (std::size_t j = 0; j < n; ++j) {
          std::int64_t r = 0;
          const bool ok = to_decimal(a[j], &r);
          out_s[j] = sa[j] == kPresent && !ok ? static_cast<std::uint8_t>(kError) : sa[j];
          out_v[j] = sa[j] == kPresent && ok ? r : 0;
        }
        break;
      }
      case Op::dmul:
      case Op::ddiv: {
        const std::int64_t* a = av(0);
        const std::int64_t* c = av(1);
        const std::uint8_t* sa = as(0);
        const std::uint8_t* sc = as(1);
        for (std::size_t j = 0; j < n; ++j) {
          std::uint8_t st = combine(sa[j], sc[j]);
          std::int64_t r = 0;
          if (st == kPresent && !decimal_arithmetic(node.op, a[j], c[j], &r)) {
            st = kError;
            r = 0;
          }
          out_s[j] = st;
          out_v[j] = st == kPresent ? r : 0;
        }
        break;
      }
      case Op::round: {
        const std::int64_t* a = av(0);
        const std::uint8_t* sa = as(0);
        const bool decimal = e.nodes[arg(0)].type == Type::decimal;
        const auto mode = static_cast<Rounding>(node.value);
        const bool stepped = node.args.size() > 1;
        const std::int64_t* st_v = stepped ? av(1) : nullptr;
        const std::uint8_t* st_s = stepped ? as(1) : nullptr;
        for (std::size_t j = 0; j < n; ++j) {
          std::uint8_t st = stepped ? combine(sa[j], st_s[j]) : sa[j];
          std::int64_t r = 0;
          if (st == kPresent && !round_to(a[j], decimal, stepped ? st_v[j] : 1, mode, &r)) {
            st = kError;
            r = 0;
          }
          out_s[j] = st;
          out_v[j] = st == kPresent ? r : 0;
        }
        break;
      }
      case Op::scale: {
        const std::int64_t* a = av(0);
        const std::uint8_t* sa = as(0);
        const bool decimal = e.nodes[arg(0)].type == Type::decimal;
        for (std::size_t j = 0; j < n; ++j) {
          Scalar x{sa[j], 0, {}};
          if (sa[j] == kPresent && b.tables != nullptr)
            x = b.tables->scale(node.slot, node.value, a[j], decimal);
          out_s[j] = x.state;
          out_v[j] = x.state == kPresent ? x.value : 0;
        }
        break;
      }
      case Op::lookup: {
        // One table cell per row, by the key's text; rows sorted or grouped
        // by key (a commune's persons together) reuse the last cell.
        const std::uint8_t* sa = as(0);
        const data::Column& col = in.column(e.nodes[arg(0)].slot);
        std::string_view last_key;
        Scalar last{kMissing, 0, {}};
        bool have = false;
        for (std::size_t j = 0; j < n; ++j) {
          Scalar x{sa[j], 0, {}};
          if (sa[j] == kPresent) {
            const std::size_t row = begin + (sel != nullptr ? sel[j] : j);
            const std::string_view key =
                node.strings.empty()
                    ? col.string_at(row)
                    : std::string_view(node.strings[static_cast<std::size_t>(col.code_at(row))]);
            if (!have || key != last_key) {
              last = b.tables != nullptr ? b.tables->cell(node.slot, node.value, key) : Scalar{};
              last_key = key;
              have = true;
            }
            x = last;
          }
          if (node.type == Type::boolean) {
            out_c[j] = code_of(x.state, x.value == 1);
          } else {
            out_s[j] = x.state;
            out_v[j] = x.state == kPresent ? x.value : 0;
          }
        }
        break;
      }
      case Op::add:
      case Op::sub:
      case Op::mul:
      case Op::div: {
        const std::int64_t* a = av(0);
        const std::int64_t* c = av(1);
        const std::uint8_t* sa = as(0);
        const std::uint8_t* sc = as(1);
        for (std::size_t j = 0; j < n; ++j) {
          std::uint8_t st = combine(sa[j], sc[j]);
          std::int64_t r = 0;
          if (st == kPresent && !arithmetic(node.op, a[j], c[j], &r)) {
            st = kError;
            r = 0;
          }
          out_s[j] = st;
          out_v[j] = r;
        }
        break;
      }
      case Op::neg:
      case Op::abs: {
        const std::int64_t* a = av(0);
        const std::uint8_t* sa = as(0);
        for (std::size_t j = 0; j < n; ++j) {
          std::uint8_t st = sa[j];
          std::int64_t r = 0;
          if (st == kPresent && !unary_minus_or_abs(node.op, a[j], &r)) {
            st = kError;
            r = 0;
          }
          out_s[j] = st;
          out_v[j] = r;
        }
        break;
      }
      case Op::min:
      case Op::max: {
        std::memcpy(out_v, av(0), n * sizeof(std::int64_t));
        std::memcpy(out_s, as(0), n);
        for (std::size_t k = 1; k < node.args.size(); ++k) {
          const std::int64_t* c = av(k);
          const std::uint8_t* sc = as(k);
          for (std::size_t j = 0; j < n; ++j) {
            out_s[j] = combine(out_s[j], sc[j]);
            out_v[j] = extreme(node.op, out_v[j], c[j]);
          }
        }
        for (std::size_t j = 0; j < n; ++j) out_v[j] = out_s[j] == kPresent ? out_v[j] : 0;
        break;
      }
      case Op::age_years: {
        const std::int64_t* a = av(0);
        const std::uint8_t* sa = as(0);
        const std::int64_t as_of = b.as_of;
        for (std::size_t j = 0; j < n; ++j) {
          std::uint8_t st = sa[j];
          std::int64_t r = 0;
          if (st == kPresent && !age_years(a[j], as_of, &r)) {
            st = kError;
            r = 0;
          }
          out_s[j] = st;
          out_v[j] = r;
        }
        break;
      }
      case Op::days_between: {
        const std::int64_t* a = av(0);
        const std::int64_t* c = av(1);
        const std::uint8_t* sa = as(0);
        const std::uint8_t* sc = as(1);
        for (std::size_t j = 0; j < n; ++j) {
          std::uint8_t st = combine(sa[j], sc[j]);
          std::int64_t r = 0;
          if (st == kPresent && !days_between(a[j], c[j], &r)) {
            st = kError;
            r = 0;
          }
          out_s[j] = st;
          out_v[j] = st == kPresent ? r : 0;
        }
        break;
      }
      case Op::is_missing: {
        if (e.nodes[arg(0)].type == Type::boolean) {
          const std::uint8_t* __restrict a = ac(0);
          for (std::size_t j = 0; j < n; ++j) out_c[j] = missing_test(state_of(a[j]));
        } else {
          const std::uint8_t* __restrict sa = as(0);
          for (std::size_t j = 0; j < n; ++j) out_c[j] = missing_test(sa[j]);
        }
        break;
      }
      case Op::coalesce: {
        if (node.type == Type::boolean) {
          const std::uint8_t* __restrict a = ac(0);
          const std::uint8_t* __restrict c = ac(1);
          for (std::size_t j = 0; j < n; ++j)
            out_c[j] = coalesce_takes_first(state_of(a[j])) ? a[j] : c[j];
          break;
        }
        const std::int64_t* a = av(0);
        const std::int64_t* c = av(1);
        const std::uint8_t* sa = as(0);
        const std::uint8_t* sc = as(1);
        for (std::size_t j = 0; j < n; ++j) {
          const bool first = coalesce_takes_first(sa[j]);
          out_s[j] = first ? sa[j] : sc[j];
          out_v[j] = first ? a[j] : c[j];
        }
        break;
      }
      case Op::if_: {
        const std::uint8_t* __restrict cc = ac(0);
        if (node.type == Type::boolean) {
          const std::uint8_t* __restrict a = ac(1);
          const std::uint8_t* __restrict c = ac(2);
          for (std::size_t j = 0; j < n; ++j) {
            const int choice = if_choice(cc[j]);
            out_c[j] = choice == 1 ? a[j] : (choice == 2 ? c[j] : cc[j]);
          }
          break;
        }
        const std::int64_t* a = av(1);
        const std::int64_t* c = av(2);
        const std::uint8_t* sa = as(1);
        const std::uint8_t* sc = as(2);
        for (std::size_t j = 0; j < n; ++j) {
          const int choice = if_choice(cc[j]);
          out_s[j] = choice == 1 ? sa[j] : (choice == 2 ? sc[j] : state_of(cc[j]));
          out_v[j] = choice == 1 ? a[j] : (choice == 2 ? c[j] : 0);
        }
        break;
      }
    }
    if (node.type == Type::boolean && b.as_values[i] != 0 && b.is_constant[i] == 0) {
      // Read as a value by a comparison or `in`: derive value and state from the codes.
      const std::uint8_t* __restrict x = b.c[i];
      for (std::size_t j = 0; j < n; ++j) {
        out_s[j] = state_of(x[j]);
        out_v[j] = x[j] == kCodeTrue ? 1 : 0;
      }
    }
  }
}

}  // namespace project8::rules::detail
