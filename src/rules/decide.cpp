// Deciding a chunk: the rows still open (a selection vector) and what each
// failing condition writes into the rows' reason codes. Branch-free and
// vectorised where it is hot.
#include <limits>
#include <type_traits>

#include "columns.hpp"
#include "semantics.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace project8::rules::detail {

namespace {

/// What a failing condition adds to its `base` reason code for its truth
/// `code`: 0 false, 1 unknown, 2 error (see condition_reason()).
[[gnu::always_inline]] inline int reason_offset(std::uint8_t code) noexcept {
  return (code == kCodeMissing ? 1 : 0) + (code == kCodeError ? 2 : 0);
}

}  // namespace

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

}  // namespace project8::rules::detail
