// The column evaluator: each expression node computes a whole chunk of rows
// into buffers allocated once per thread; no allocation per row.
#include <project8/rules/evaluate.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <thread>

#include "../data/civil.hpp"
#include "columns.hpp"

namespace project8::rules::detail {

namespace {

constexpr std::int64_t kDayLimit = 100'000'000;

/// Boolean codes for the and/or tables: 0 missing, 1 false, 2 true, 3 error.
inline std::uint8_t code_of(std::uint8_t s, std::int64_t v) noexcept {
  return s == kPresent ? static_cast<std::uint8_t>(1 + (v != 0)) : (s == kMissing ? 0 : 3);
}
// and_table[a][b] / or_table[a][b] give a code; they encode compiled.hpp's rules.
constexpr std::uint8_t kAnd[4][4] = {
    // b: missing false true error
    {0, 1, 0, 3},  // a missing
    {1, 1, 1, 1},  // a false
    {0, 1, 2, 3},  // a true
    {3, 3, 3, 3},  // a error
};
constexpr std::uint8_t kOr[4][4] = {
    {0, 0, 2, 3},  // a missing
    {0, 1, 2, 3},  // a false
    {2, 2, 2, 2},  // a true
    {3, 3, 3, 3},  // a error
};
constexpr std::uint8_t kCodeState[4] = {kMissing, kPresent, kPresent, kError};
constexpr std::int64_t kCodeValue[4] = {0, 0, 1, 0};

/// Error beats missing beats present, for states 0/1/2.
inline std::uint8_t combine(std::uint8_t a, std::uint8_t b) noexcept {
  return ((a | b) & kError) != 0 ? static_cast<std::uint8_t>(kError) : static_cast<std::uint8_t>(a & b);
}

}  // namespace

ExprBuffers::ExprBuffers(const Expr& e, std::size_t rows_per_chunk, const std::vector<std::int64_t>& params,
                         std::int64_t as_of_days)
    : expr(&e), as_of(as_of_days), chunk(rows_per_chunk), vals(e.nodes.size() * rows_per_chunk), states(e.nodes.size() * rows_per_chunk), v(e.nodes.size()), s(e.nodes.size()) {
  for (std::size_t i = 0; i < e.nodes.size(); ++i) {
    v[i] = vals.data() + i * rows_per_chunk;
    s[i] = states.data() + i * rows_per_chunk;
    const Node& n = e.nodes[i];
    std::int64_t constant = 0;
    bool is_constant = true;
    switch (n.op) {
      case Op::literal: constant = n.value; break;
      case Op::parameter: constant = params[static_cast<std::size_t>(n.slot)]; break;
      case Op::as_of: constant = as_of_days; break;
      default: is_constant = false; break;
    }
    if (is_constant) {
      std::fill_n(v[i], rows_per_chunk, constant);
      std::fill_n(s[i], rows_per_chunk, kPresent);
    }
  }
}

InputBuffers::InputBuffers(const data::Table& table, const std::vector<std::int32_t>& column_of_input,
                           std::size_t chunk)
    : table_(&table), column_of_input_(column_of_input), chunk_(chunk), ones_(chunk, kPresent) {
  const std::size_t n = column_of_input.size();
  vals_.resize(n);
  states_.resize(n);
  v.assign(n, nullptr);
  s.assign(n, nullptr);
}

void InputBuffers::gather(std::size_t begin, const std::uint32_t* sel, std::size_t m,
                          const std::vector<bool>& needed) {
  for (std::size_t i = 0; i < column_of_input_.size(); ++i) {
    if (!needed[i] || column_of_input_[i] < 0) continue;
    const data::Column& c = table_->column(static_cast<std::size_t>(column_of_input_[i]));
    const std::uint8_t* valid = c.valid_data();
    if (valid != nullptr) {
      states_[i].resize(chunk_);
      for (std::size_t j = 0; j < m; ++j) states_[i][j] = valid[begin + sel[j]];
      s[i] = states_[i].data();
    } else {
      s[i] = ones_.data();
    }
    vals_[i].resize(chunk_);
    std::int64_t* out = vals_[i].data();
    switch (c.type()) {
      case data::ColumnType::integer:
      case data::ColumnType::date: {
        const std::int64_t* src = c.int64_data() + begin;
        for (std::size_t j = 0; j < m; ++j) out[j] = src[sel[j]];
        v[i] = out;
        break;
      }
      case data::ColumnType::boolean: {
        const std::uint8_t* src = c.bool_data() + begin;
        for (std::size_t j = 0; j < m; ++j) out[j] = src[sel[j]] != 0 ? 1 : 0;
        v[i] = out;
        break;
      }
      case data::ColumnType::enumeration: {
        for (std::size_t j = 0; j < m; ++j) out[j] = c.code_at(begin + sel[j]);
        v[i] = out;
        break;
      }
      case data::ColumnType::string:
        v[i] = nullptr;
        break;
    }
  }
}

void InputBuffers::load(std::size_t begin, std::size_t count, const std::vector<bool>& needed) {
  for (std::size_t i = 0; i < column_of_input_.size(); ++i) {
    if (!needed[i] || column_of_input_[i] < 0) continue;
    const data::Column& c = table_->column(static_cast<std::size_t>(column_of_input_[i]));
    const std::uint8_t* valid = c.valid_data();
    if (valid != nullptr) {
      states_[i].resize(chunk_);
      std::memcpy(states_[i].data(), valid + begin, count);
      s[i] = states_[i].data();
    } else {
      s[i] = ones_.data();
    }
    switch (c.type()) {
      case data::ColumnType::integer:
      case data::ColumnType::date:
        v[i] = c.int64_data() + begin;  // no copy
        break;
      case data::ColumnType::boolean: {
        vals_[i].resize(chunk_);
        const std::uint8_t* src = c.bool_data() + begin;
        for (std::size_t j = 0; j < count; ++j) vals_[i][j] = src[j] != 0 ? 1 : 0;
        v[i] = vals_[i].data();
        break;
      }
      case data::ColumnType::enumeration: {
        vals_[i].resize(chunk_);
        std::int64_t* out = vals_[i].data();
        const auto widen = [&](const auto* src) {
          for (std::size_t j = 0; j < count; ++j) out[j] = src[begin + j];
        };
        switch (c.code_width()) {
          case 1: widen(static_cast<const std::int8_t*>(c.raw_data())); break;
          case 2: widen(static_cast<const std::int16_t*>(c.raw_data())); break;
          default: widen(static_cast<const std::int32_t*>(c.raw_data())); break;
        }
        v[i] = out;
        break;
      }
      case data::ColumnType::string:
        v[i] = nullptr;  // read through the table by row
        break;
    }
  }
}

PROJECT8_HOT_CLONES std::size_t decide(const std::int64_t* values, const std::uint8_t* states, std::size_t n, std::int16_t base,
                   std::uint8_t* decided, std::int16_t* reason) {
  // Branch-free and vectorisable: a row still open has reason 0, so adding
  // fails * code sets it exactly once. Boolean values are 0 or 1.
  const std::uint8_t* __restrict sr = states;
  const std::int64_t* __restrict vr = values;
  std::uint8_t* __restrict dr = decided;
  std::int16_t* __restrict rr = reason;
  for (std::size_t j = 0; j < n; ++j) {
    const std::uint8_t st = sr[j];
    const auto holds = static_cast<std::uint8_t>((st == kPresent) & static_cast<std::uint8_t>(vr[j]));
    const auto fails = static_cast<std::uint8_t>((dr[j] ^ 1U) & (holds ^ 1U));
    const auto code = static_cast<std::int16_t>(base + (st == kMissing) + 2 * (st == kError));
    rr[j] = static_cast<std::int16_t>(rr[j] + fails * code);
    dr[j] = static_cast<std::uint8_t>(dr[j] | fails);
  }
  std::size_t open = 0;
  for (std::size_t j = 0; j < n; ++j) open += dr[j] == 0 ? 1U : 0U;
  return open;
}

PROJECT8_HOT_CLONES std::size_t decide_selected(const std::int64_t* values, const std::uint8_t* states,
                                                const std::uint32_t* sel, std::size_t m, std::int16_t base,
                                                std::uint8_t* decided, std::int16_t* reason) {
  std::size_t open = 0;
  for (std::size_t j = 0; j < m; ++j) {
    const std::uint32_t row = sel[j];
    const std::uint8_t st = states[j];
    const auto holds = static_cast<std::uint8_t>((st == kPresent) & static_cast<std::uint8_t>(values[j]));
    const auto fails = static_cast<std::uint8_t>((decided[row] ^ 1U) & (holds ^ 1U));
    const auto code = static_cast<std::int16_t>(base + (st == kMissing) + 2 * (st == kError));
    reason[row] = static_cast<std::int16_t>(reason[row] + fails * code);
    decided[row] = static_cast<std::uint8_t>(decided[row] | fails);
    open += decided[row] == 0 ? 1U : 0U;
  }
  return open;
}

PROJECT8_HOT_CLONES void eval_columns(ExprBuffers& b, const InputBuffers& in, std::size_t begin, std::size_t n,
                                      const std::uint32_t* sel) {
  const Expr& e = *b.expr;
  for (std::size_t i = 0; i < e.nodes.size(); ++i) {
    const Node& node = e.nodes[i];
    std::int64_t* out_v = b.v[i];
    std::uint8_t* out_s = b.s[i];
    auto av = [&](std::size_t k) { return b.v[static_cast<std::size_t>(node.args[k])]; };
    auto as = [&](std::size_t k) { return b.s[static_cast<std::size_t>(node.args[k])]; };
    switch (node.op) {
      case Op::literal:
      case Op::parameter:
      case Op::as_of:
        break;  // filled once
      case Op::input: {
        // Alias the chunk's input buffers: no node ever writes into an input node.
        const auto slot = static_cast<std::size_t>(node.slot);
        b.s[i] = const_cast<std::uint8_t*>(in.s[slot]);
        if (in.v[slot] != nullptr) {
          b.v[i] = const_cast<std::int64_t*>(in.v[slot]);
        } else {
          b.v[i] = b.vals.data() + i * b.chunk;  // string inputs are only read by string_in
          std::fill_n(b.v[i], n, 0);
        }
        break;
      }
      case Op::not_: {
        const std::int64_t* a = av(0);
        const std::uint8_t* sa = as(0);
        for (std::size_t j = 0; j < n; ++j) {
          out_s[j] = sa[j];
          out_v[j] = sa[j] == kPresent ? (a[j] == 0 ? 1 : 0) : 0;
        }
        break;
      }
      case Op::and_:
      case Op::or_: {
        const auto& table = node.op == Op::and_ ? kAnd : kOr;
        const std::int64_t* a = av(0);
        const std::int64_t* c = av(1);
        const std::uint8_t* sa = as(0);
        const std::uint8_t* sc = as(1);
        for (std::size_t j = 0; j < n; ++j) {
          const std::uint8_t code = table[code_of(sa[j], a[j])][code_of(sc[j], c[j])];
          out_s[j] = kCodeState[code];
          out_v[j] = kCodeValue[code];
        }
        break;
      }
      case Op::eq: case Op::ne: case Op::lt: case Op::le: case Op::gt: case Op::ge: {
        const std::int64_t* a = av(0);
        const std::int64_t* c = av(1);
        const std::uint8_t* sa = as(0);
        const std::uint8_t* sc = as(1);
        for (std::size_t j = 0; j < n; ++j) out_s[j] = combine(sa[j], sc[j]);
        switch (node.op) {
          case Op::eq: for (std::size_t j = 0; j < n; ++j) out_v[j] = a[j] == c[j]; break;
          case Op::ne: for (std::size_t j = 0; j < n; ++j) out_v[j] = a[j] != c[j]; break;
          case Op::lt: for (std::size_t j = 0; j < n; ++j) out_v[j] = a[j] < c[j]; break;
          case Op::le: for (std::size_t j = 0; j < n; ++j) out_v[j] = a[j] <= c[j]; break;
          case Op::gt: for (std::size_t j = 0; j < n; ++j) out_v[j] = a[j] > c[j]; break;
          default: for (std::size_t j = 0; j < n; ++j) out_v[j] = a[j] >= c[j]; break;
        }
        for (std::size_t j = 0; j < n; ++j) out_v[j] = out_s[j] == kPresent ? out_v[j] : 0;
        break;
      }
      case Op::enum_in:
      case Op::in_list: {
        const std::int64_t* a = av(0);
        const std::uint8_t* sa = as(0);
        const std::int64_t neg = node.negate ? 1 : 0;
        std::memcpy(out_s, sa, n);
        if (node.set.size() == 1) {
          const std::int64_t x = node.set[0];
          for (std::size_t j = 0; j < n; ++j) out_v[j] = sa[j] == kPresent ? ((a[j] == x) ^ neg) : 0;
        } else {
          for (std::size_t j = 0; j < n; ++j) {
            bool member = false;
            for (const auto x : node.set) member = member || a[j] == x;
            out_v[j] = sa[j] == kPresent ? (member ^ neg) : 0;
          }
        }
        break;
      }
      case Op::string_in: {
        const std::uint8_t* sa = as(0);
        const std::int32_t input = e.nodes[static_cast<std::size_t>(node.args[0])].slot;
        const data::Column& col = in.column(input);
        std::memcpy(out_s, sa, n);
        for (std::size_t j = 0; j < n; ++j) {
          if (sa[j] != kPresent) {
            out_v[j] = 0;
            continue;
          }
          const std::string_view text = col.string_at(begin + (sel != nullptr ? sel[j] : j));
          const bool member = std::find(node.strings.begin(), node.strings.end(), text) != node.strings.end();
          out_v[j] = member != node.negate ? 1 : 0;
        }
        break;
      }
      case Op::add: case Op::sub: case Op::mul: case Op::div: {
        const std::int64_t* a = av(0);
        const std::int64_t* c = av(1);
        const std::uint8_t* sa = as(0);
        const std::uint8_t* sc = as(1);
        for (std::size_t j = 0; j < n; ++j) {
          std::uint8_t st = combine(sa[j], sc[j]);
          std::int64_t r = 0;
          if (st == kPresent) {
            bool bad = false;
            switch (node.op) {
              case Op::add: bad = __builtin_add_overflow(a[j], c[j], &r); break;
              case Op::sub: bad = __builtin_sub_overflow(a[j], c[j], &r); break;
              case Op::mul: bad = __builtin_mul_overflow(a[j], c[j], &r); break;
              default:
                bad = c[j] == 0 || (a[j] == std::numeric_limits<std::int64_t>::min() && c[j] == -1);
                r = bad ? 0 : a[j] / c[j];
                break;
            }
            if (bad) {
              st = kError;
              r = 0;
            }
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
          if (st == kPresent) {
            if (a[j] == std::numeric_limits<std::int64_t>::min()) st = kError;
            else r = node.op == Op::neg ? -a[j] : (a[j] < 0 ? -a[j] : a[j]);
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
            out_v[j] = node.op == Op::min ? std::min(out_v[j], c[j]) : std::max(out_v[j], c[j]);
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
          if (st == kPresent) {
            if (a[j] < -kDayLimit || a[j] > kDayLimit) st = kError;
            else r = data::detail::completed_years(a[j], as_of);
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
          if (st == kPresent && __builtin_sub_overflow(c[j], a[j], &r)) {
            st = kError;
            r = 0;
          }
          out_s[j] = st;
          out_v[j] = st == kPresent ? r : 0;
        }
        break;
      }
      case Op::is_missing: {
        const std::uint8_t* sa = as(0);
        for (std::size_t j = 0; j < n; ++j) {
          out_s[j] = sa[j] == kError ? kError : kPresent;
          out_v[j] = sa[j] == kMissing ? 1 : 0;
        }
        break;
      }
      case Op::coalesce: {
        const std::int64_t* a = av(0);
        const std::int64_t* c = av(1);
        const std::uint8_t* sa = as(0);
        const std::uint8_t* sc = as(1);
        for (std::size_t j = 0; j < n; ++j) {
          const bool first = sa[j] != kMissing;
          out_s[j] = first ? sa[j] : sc[j];
          out_v[j] = first ? a[j] : c[j];
        }
        break;
      }
      case Op::if_: {
        const std::int64_t* cv = av(0);
        const std::uint8_t* cs = as(0);
        const std::int64_t* a = av(1);
        const std::int64_t* c = av(2);
        const std::uint8_t* sa = as(1);
        const std::uint8_t* sc = as(2);
        for (std::size_t j = 0; j < n; ++j) {
          const bool chosen = cs[j] == kPresent;
          const bool first = cv[j] == 1;
          out_s[j] = chosen ? (first ? sa[j] : sc[j]) : cs[j];
          out_v[j] = chosen ? (first ? a[j] : c[j]) : 0;
        }
        break;
      }
    }
  }
}

}  // namespace project8::rules::detail
