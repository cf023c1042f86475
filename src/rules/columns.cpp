// The column evaluator: each expression node computes a whole chunk of rows
// into buffers allocated once per thread; no allocation per row.
//
// Boolean nodes hold one truth code per row (missing, false, true, error),
// so the logic of a condition moves bytes, not 64-bit values and states; a
// comparison with a literal or a parameter reads the constant once; inputs
// are read where they lie in the table (no copy) unless a selection vector
// gathers the rows still open.
#include "columns.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <type_traits>

#include "../data/civil.hpp"
#include <project8/rules/evaluate.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace project8::rules::detail {

namespace {

constexpr std::int64_t kDayLimit = 100'000'000;

/// Error beats missing beats present, for states 0/1/2.
[[gnu::always_inline]] inline std::uint8_t combine(std::uint8_t a, std::uint8_t b) noexcept {
  return ((a | b) & kError) != 0 ? static_cast<std::uint8_t>(kError)
                                 : static_cast<std::uint8_t>(a & b);
}

/// The truth code of a boolean `holds` computed on a value in state `st`.
[[gnu::always_inline]] inline std::uint8_t code_of(std::uint8_t st, bool holds) noexcept {
  return st == kPresent ? static_cast<std::uint8_t>(kCodeFalse + (holds ? 1 : 0))
                        : (st == kMissing ? kCodeMissing : kCodeError);
}

/// The state of a value whose truth code is `code` (the inverse of code_of's).
[[gnu::always_inline]] inline std::uint8_t state_of(std::uint8_t code) noexcept {
  return code == kCodeMissing ? kMissing : (code == kCodeError ? kError : kPresent);
}

/// What a failing condition adds to its `base` reason code for its truth
/// `code`: 0 false, 1 unknown, 2 error (see condition_reason()).
[[gnu::always_inline]] inline int reason_offset(std::uint8_t code) noexcept {
  return (code == kCodeMissing ? 1 : 0) + (code == kCodeError ? 2 : 0);
}

bool reads_as_value(Op consumer) noexcept {
  switch (consumer) {
    case Op::eq:
    case Op::ne:
    case Op::lt:
    case Op::le:
    case Op::gt:
    case Op::ge:
    case Op::in_list:
      return true;
    default:
      return false;
  }
}

/// The comparison with its operands swapped (a < b is b > a).
Op mirrored(Op op) noexcept {
  switch (op) {
    case Op::lt:
      return Op::gt;
    case Op::le:
      return Op::ge;
    case Op::gt:
      return Op::lt;
    case Op::ge:
      return Op::le;
    default:
      return op;
  }
}

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

template <class F>
[[gnu::always_inline]] inline void with_comparison(Op op, F&& f) {
  switch (op) {
    case Op::eq:
      f([](std::int64_t x, std::int64_t y) { return x == y; });
      break;
    case Op::ne:
      f([](std::int64_t x, std::int64_t y) { return x != y; });
      break;
    case Op::lt:
      f([](std::int64_t x, std::int64_t y) { return x < y; });
      break;
    case Op::le:
      f([](std::int64_t x, std::int64_t y) { return x <= y; });
      break;
    case Op::gt:
      f([](std::int64_t x, std::int64_t y) { return x > y; });
      break;
    default:
      f([](std::int64_t x, std::int64_t y) { return x >= y; });
      break;
  }
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
  const auto neg = static_cast<std::uint8_t>(negate ? 1 : 0);
  for (std::size_t j = 0; j < n; ++j) io[j] = code_of(st[j], (io[j] ^ neg) != 0);
}

}  // namespace

ExprBuffers::ExprBuffers(const Expr& e, std::size_t rows_per_chunk,
                         const std::vector<std::int64_t>& params, std::int64_t as_of_days)
    : expr(&e),
      as_of(as_of_days),
      v(e.nodes.size(), nullptr),
      s(e.nodes.size(), nullptr),
      c(e.nodes.size(), nullptr),
      own_v(e.nodes.size(), nullptr),
      constant(e.nodes.size(), 0),
      is_constant(e.nodes.size(), 0),
      as_values(e.nodes.size(), 0) {
  const std::size_t count = e.nodes.size();
  for (std::size_t i = 0; i < count; ++i) {
    const Node& n = e.nodes[i];
    for (const auto a : n.args) {
      const Node& arg = e.nodes[static_cast<std::size_t>(a)];
      // Enumeration and text inputs are read where they lie by `in`, and by
      // is_missing through their states; anything else reads their values.
      const bool text_input = arg.op == Op::input && arg.type == Type::text;
      const bool reads_text =
          n.op == Op::enum_in || n.op == Op::string_in || n.op == Op::is_missing;
      if (reads_as_value(n.op) || (text_input && !reads_text))
        as_values[static_cast<std::size_t>(a)] = 1;
    }
    switch (n.op) {
      case Op::literal:
        constant[i] = n.value;
        break;
      case Op::parameter:
        constant[i] = params[static_cast<std::size_t>(n.slot)];
        break;
      case Op::as_of:
        constant[i] = as_of_days;
        break;
      default:
        continue;
    }
    is_constant[i] = 1;
  }
  // Room only for what each node has: truth codes for booleans, values and
  // states for the others and for booleans read as values; integer and date
  // inputs have none (they alias the columns), other inputs only values they
  // are widened to when read as such. Nothing is zeroed: every node writes its
  // rows before any node reads them.
  std::vector<std::uint8_t> wants_vs(count, 0);  // values and states of its own
  std::vector<std::uint8_t> wants_v(count, 0);   // an input's widened values
  std::size_t with_vs = 0;
  std::size_t with_v = 0;
  std::size_t with_c = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const Node& n = e.nodes[i];
    if (n.op == Op::input) {
      const bool aliased = n.type == Type::integer || n.type == Type::date;
      wants_v[i] = !aliased && as_values[i] != 0 ? 1 : 0;
      with_v += wants_v[i];
    } else {
      wants_vs[i] = n.type != Type::boolean || as_values[i] != 0 || is_constant[i] != 0 ? 1 : 0;
      with_vs += wants_vs[i];
    }
    with_c += n.type == Type::boolean ? 1 : 0;
  }
  vals.resize((with_vs + with_v) * rows_per_chunk);
  states.resize(with_vs * rows_per_chunk);
  codes.resize(with_c * rows_per_chunk);
  std::size_t next_vs = 0;
  std::size_t next_v = with_vs;  // widened inputs after the nodes with states
  std::size_t next_c = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (wants_vs[i] != 0) {
      v[i] = vals.data() + next_vs * rows_per_chunk;
      s[i] = states.data() + next_vs * rows_per_chunk;
      ++next_vs;
    } else if (wants_v[i] != 0) {
      own_v[i] = vals.data() + next_v * rows_per_chunk;
      ++next_v;
    }
    if (e.nodes[i].type == Type::boolean) {
      c[i] = codes.data() + next_c * rows_per_chunk;
      ++next_c;
    }
    if (is_constant[i] != 0) {
      std::fill_n(v[i], rows_per_chunk, constant[i]);
      std::fill_n(s[i], rows_per_chunk, kPresent);
      if (c[i] != nullptr)
        std::fill_n(c[i], rows_per_chunk, constant[i] != 0 ? kCodeTrue : kCodeFalse);
    }
  }
}

InputBuffers::InputBuffers(const data::Table& table,
                           const std::vector<std::int32_t>& column_of_input, std::size_t chunk)
    : table_(&table), column_of_input_(column_of_input), chunk_(chunk), ones_(chunk, kPresent) {
  const std::size_t n = column_of_input.size();
  vals_.resize(n);
  states_.resize(n);
  bytes_.resize(n);
  fresh_.assign(n, 0);
  v.assign(n, nullptr);
  s.assign(n, nullptr);
  raw.assign(n, nullptr);
  width.assign(n, 0);
}

void InputBuffers::select(std::size_t begin, const std::uint32_t* sel, std::size_t m) {
  begin_ = begin;
  sel_ = sel;
  m_ = m;
  fresh_.assign(column_of_input_.size(), 0);
}

void InputBuffers::need(const std::vector<std::int32_t>& inputs) {
  const std::size_t begin = begin_;
  const std::uint32_t* sel = sel_;
  const std::size_t m = m_;
  for (const auto slot : inputs) {
    const auto i = static_cast<std::size_t>(slot);
    if (fresh_[i] != 0 || column_of_input_[i] < 0) continue;
    fresh_[i] = 1;
    const data::Column& c = table_->column(static_cast<std::size_t>(column_of_input_[i]));
    if (c.has_missing_marks()) {
      states_[i].resize(chunk_);
      for (std::size_t j = 0; j < m; ++j)
        states_[i][j] = c.is_valid(begin + sel[j]) ? kPresent : kMissing;
      s[i] = states_[i].data();
    } else if (const std::uint8_t* valid = c.valid_data(); valid != nullptr) {
      states_[i].resize(chunk_);
      for (std::size_t j = 0; j < m; ++j) states_[i][j] = valid[begin + sel[j]];
      s[i] = states_[i].data();
    } else {
      s[i] = ones_.data();
    }
    switch (c.type()) {
      case data::ColumnType::integer:
      case data::ColumnType::date: {
        vals_[i].resize(chunk_);
        std::int64_t* out = vals_[i].data();
        const std::int64_t* src = c.int64_data() + begin;
        for (std::size_t j = 0; j < m; ++j) out[j] = src[sel[j]];
        v[i] = out;
        break;
      }
      case data::ColumnType::boolean: {
        bytes_[i].resize(chunk_);
        std::uint8_t* out = bytes_[i].data();
        const std::uint8_t* src = c.bool_data() + begin;
        for (std::size_t j = 0; j < m; ++j) out[j] = src[sel[j]];
        raw[i] = out;
        width[i] = 1;
        break;
      }
      case data::ColumnType::enumeration: {
        vals_[i].resize(chunk_);
        std::int64_t* out = vals_[i].data();
        for (std::size_t j = 0; j < m; ++j) out[j] = c.code_at(begin + sel[j]);
        raw[i] = out;
        width[i] = 8;
        break;
      }
      case data::ColumnType::string:
        break;  // read through the table by row
    }
  }
}

namespace {

/// out[j] = kPresent, or kMissing where the row's mark says so, for rows
/// begin + j < begin + n of a column with missing marks (pandas' mask and/or
/// negative codes). One pass over bytes already on their way to the cache.
void states_from_marks(const data::Column& c, std::size_t begin, std::size_t n,
                       std::uint8_t* __restrict out) {
  static_assert(kPresent == 1 && kMissing == 0, "states are computed as 0/1");
  const data::MissingMarks& marks = c.missing_marks();
  if (marks.mask != nullptr) {
    const std::uint8_t* __restrict mask = marks.mask + begin;
    for (std::size_t j = 0; j < n; ++j) out[j] = mask[j] == 0 ? 1 : 0;
  } else {
    std::memset(out, kPresent, n);
  }
  if (!marks.negative_codes) return;
  auto present = [&](const auto* __restrict codes) {
    for (std::size_t j = 0; j < n; ++j)
      out[j] = static_cast<std::uint8_t>(out[j] & (codes[j] >= 0 ? 1 : 0));
  };
  switch (c.code_width()) {
    case 1:
      present(static_cast<const std::int8_t*>(c.raw_data()) + begin);
      break;
    case 2:
      present(static_cast<const std::int16_t*>(c.raw_data()) + begin);
      break;
    default:
      present(static_cast<const std::int32_t*>(c.raw_data()) + begin);
      break;
  }
}

}  // namespace

void InputBuffers::load(std::size_t begin, std::size_t n, const std::vector<bool>& needed) {
  for (std::size_t i = 0; i < column_of_input_.size(); ++i) {
    if (!needed[i] || column_of_input_[i] < 0) continue;
    const data::Column& c = table_->column(static_cast<std::size_t>(column_of_input_[i]));
    if (c.has_missing_marks()) {
      states_[i].resize(chunk_);
      states_from_marks(c, begin, n, states_[i].data());
      s[i] = states_[i].data();
    } else {
      const std::uint8_t* valid = c.valid_data();
      s[i] = valid != nullptr ? valid + begin : ones_.data();
    }
    switch (c.type()) {
      case data::ColumnType::integer:
      case data::ColumnType::date:
        v[i] = c.int64_data() + begin;
        break;
      case data::ColumnType::boolean:
        raw[i] = c.bool_data() + begin;
        width[i] = 1;
        break;
      case data::ColumnType::enumeration:
        width[i] = static_cast<std::uint8_t>(c.code_width());
        raw[i] = static_cast<const std::uint8_t*>(c.raw_data()) + begin * width[i];
        break;
      case data::ColumnType::string:
        break;  // read through the table by row
    }
  }
}

namespace {

#if defined(__SSE2__)
/// A bit per open row (reason 0) of the 16 rows at `p`.
inline unsigned open16(const std::int16_t* p) {
  const __m128i zero = _mm_setzero_si128();
  const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8));
  return static_cast<unsigned>(
      _mm_movemask_epi8(_mm_packs_epi16(_mm_cmpeq_epi16(lo, zero), _mm_cmpeq_epi16(hi, zero))));
}
inline unsigned open16(const std::int8_t* p) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_setzero_si128())));
}
#endif

template <class R>
std::size_t open_rows_of(const R* reason, std::size_t n, std::uint32_t* sel) {
  std::size_t m = 0;
  std::size_t j = 0;
#if defined(__SSE2__)
  // 16 reasons at a time: a bit per open row, then one step per open row.
  for (; j + 16 <= n; j += 16) {
    for (unsigned bits = open16(reason + j); bits != 0; bits &= bits - 1) {
      sel[m++] = static_cast<std::uint32_t>(j + static_cast<std::size_t>(__builtin_ctz(bits)));
    }
  }
#endif
  for (; j < n; ++j) {
    sel[m] = static_cast<std::uint32_t>(j);
    m += reason[j] == kEligible ? 1U : 0U;
  }
  return m;
}

}  // namespace

std::size_t open_rows(const std::int16_t* reason, std::size_t n, std::uint32_t* sel) {
  return open_rows_of(reason, n, sel);
}

std::size_t open_rows(const std::int8_t* reason, std::size_t n, std::uint32_t* sel) {
  return open_rows_of(reason, n, sel);
}

namespace {

/// decide() for reason codes of type R. Branch-free and vectorisable: a row
/// is open while its reason is 0 and takes the condition's code when it fails.
/// Decided and error rows are counted in lanes of R's width, in blocks short
/// enough not to overflow them; a block is a whole number of vectors (a fixed
/// trip count, no scalar remainder) except the chunk's last.
template <class R>
[[gnu::always_inline]] inline Decided decide_rows(const std::uint8_t* codes, std::size_t n,
                                                  std::int16_t base, R* reason, std::size_t open) {
  using Count = std::make_unsigned_t<R>;
  constexpr std::size_t kBlock = std::numeric_limits<Count>::max() / 64 * 64;
  const std::uint8_t* __restrict cr = codes;
  R* __restrict rr = reason;
  const auto if_false = static_cast<R>(base);
  Decided out;
  std::size_t failed = 0;
  auto block = [&](std::size_t first, std::size_t len) [[gnu::always_inline]] {
    Count fails_here = 0;
    Count errors_here = 0;
    for (std::size_t j = 0; j < len; ++j) {
      // Bitwise, no branch or multiply: the compiler keeps it in vector lanes.
      const std::uint8_t c = cr[first + j];
      const auto fails = static_cast<R>(static_cast<R>(rr[first + j] == kEligible) &
                                        static_cast<R>(c != kCodeTrue));
      const auto error = static_cast<R>(c == kCodeError);
      const auto code = static_cast<R>(if_false + reason_offset(c));
      rr[first + j] = static_cast<R>(rr[first + j] | (code & static_cast<R>(-fails)));
      fails_here = static_cast<Count>(fails_here + static_cast<Count>(fails));
      errors_here = static_cast<Count>(errors_here + static_cast<Count>(fails & error));
    }
    failed += fails_here;
    out.errors += errors_here;
  };
  std::size_t first = 0;
  for (; first + kBlock <= n; first += kBlock) block(first, kBlock);
  if (first < n) block(first, n - first);
  out.open = open - failed;
  return out;
}

template <class R>
[[gnu::always_inline]] inline Decided decide_selected_rows(const std::uint8_t* codes,
                                                           const std::uint32_t* sel, std::size_t m,
                                                           std::int16_t base, R* reason) {
  Decided out;
  for (std::size_t j = 0; j < m; ++j) {
    const std::uint32_t row = sel[j];
    const std::uint8_t c = codes[j];
    const bool open = reason[row] == kEligible;
    if (open && c != kCodeTrue) {
      reason[row] = static_cast<R>(base + reason_offset(c));
      out.errors += c == kCodeError ? 1U : 0U;
    } else {
      out.open += open ? 1U : 0U;
    }
  }
  return out;
}

}  // namespace

PROJECT8_HOT_CLONES Decided decide(const std::uint8_t* codes, std::size_t n, std::int16_t base,
                                   std::int16_t* reason, std::size_t open) {
  return decide_rows(codes, n, base, reason, open);
}

PROJECT8_HOT_CLONES Decided decide(const std::uint8_t* codes, std::size_t n, std::int16_t base,
                                   std::int8_t* reason, std::size_t open) {
  return decide_rows(codes, n, base, reason, open);
}

Decided decide_selected(const std::uint8_t* codes, const std::uint32_t* sel, std::size_t m,
                        std::int16_t base, std::int16_t* reason) {
  return decide_selected_rows(codes, sel, m, base, reason);
}

Decided decide_selected(const std::uint8_t* codes, const std::uint32_t* sel, std::size_t m,
                        std::int16_t base, std::int8_t* reason) {
  return decide_selected_rows(codes, sel, m, base, reason);
}

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
          out_c[j] = (x == kCodeFalse || x == kCodeTrue) ? static_cast<std::uint8_t>(3 - x) : x;
        }
        break;
      }
      case Op::and_:
      case Op::or_: {
        // Kleene, left to right. `pass` is the value of a that hands over to b
        // (true for and, false for or); the other value and an error decide;
        // a missing a gives b, unless b is `pass` too (then missing).
        const std::uint8_t pass = node.op == Op::and_ ? kCodeTrue : kCodeFalse;
        const std::uint8_t* __restrict a = ac(0);
        const std::uint8_t* __restrict c = ac(1);
        for (std::size_t j = 0; j < n; ++j) {
          const std::uint8_t x = a[j];
          const std::uint8_t y = c[j];
          const std::uint8_t when_missing = y == pass ? kCodeMissing : y;
          out_c[j] = x == pass ? y : (x == kCodeMissing ? when_missing : x);
        }
        break;
      }
      case Op::eq:
      case Op::ne:
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge: {
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
          out_c[j] = code_of(kPresent, member != node.negate);
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
          if (st == kPresent) {
            bool bad = false;
            switch (node.op) {
              case Op::add:
                bad = __builtin_add_overflow(a[j], c[j], &r);
                break;
              case Op::sub:
                bad = __builtin_sub_overflow(a[j], c[j], &r);
                break;
              case Op::mul:
                bad = __builtin_mul_overflow(a[j], c[j], &r);
                break;
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
            if (a[j] == std::numeric_limits<std::int64_t>::min())
              st = kError;
            else
              r = node.op == Op::neg ? -a[j] : (a[j] < 0 ? -a[j] : a[j]);
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
            if (a[j] < -kDayLimit || a[j] > kDayLimit)
              st = kError;
            else
              r = data::detail::completed_years(a[j], as_of);
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
        if (e.nodes[arg(0)].type == Type::boolean) {
          const std::uint8_t* __restrict a = ac(0);
          for (std::size_t j = 0; j < n; ++j) {
            out_c[j] =
                a[j] == kCodeError ? kCodeError : (a[j] == kCodeMissing ? kCodeTrue : kCodeFalse);
          }
        } else {
          const std::uint8_t* __restrict sa = as(0);
          for (std::size_t j = 0; j < n; ++j) {
            out_c[j] = sa[j] == kError ? kCodeError : (sa[j] == kMissing ? kCodeTrue : kCodeFalse);
          }
        }
        break;
      }
      case Op::coalesce: {
        if (node.type == Type::boolean) {
          const std::uint8_t* __restrict a = ac(0);
          const std::uint8_t* __restrict c = ac(1);
          for (std::size_t j = 0; j < n; ++j) out_c[j] = a[j] != kCodeMissing ? a[j] : c[j];
          break;
        }
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
        // A missing or failed condition makes the result missing or failed.
        const std::uint8_t* __restrict cc = ac(0);
        if (node.type == Type::boolean) {
          const std::uint8_t* __restrict a = ac(1);
          const std::uint8_t* __restrict c = ac(2);
          for (std::size_t j = 0; j < n; ++j) {
            out_c[j] = cc[j] == kCodeTrue ? a[j] : (cc[j] == kCodeFalse ? c[j] : cc[j]);
          }
          break;
        }
        const std::int64_t* a = av(1);
        const std::int64_t* c = av(2);
        const std::uint8_t* sa = as(1);
        const std::uint8_t* sc = as(2);
        for (std::size_t j = 0; j < n; ++j) {
          const std::uint8_t k = cc[j];
          const bool chosen = k == kCodeTrue || k == kCodeFalse;
          const bool first = k == kCodeTrue;
          out_s[j] = chosen ? (first ? sa[j] : sc[j]) : state_of(k);
          out_v[j] = chosen ? (first ? a[j] : c[j]) : 0;
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
