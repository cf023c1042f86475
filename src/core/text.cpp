#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <project8/core/error.hpp>
#include <project8/core/text.hpp>
#include <utf8proc.h>

namespace project8::core {

namespace {

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const noexcept { std::free(p); }  // NOLINT
};

std::string map(std::string_view text, int options) {
  if (auto bad = first_invalid_utf8(text)) {
    throw ParseError(SourceLocation{{}, std::nullopt, code_point_count(text.substr(0, *bad)) + 1},
                     "text is not valid UTF-8");
  }
  if (text.empty()) return {};
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                          static_cast<utf8proc_ssize_t>(text.size()), &out,
                                          static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> guard(out);
  if (n < 0) throw InvalidArgument(std::string("text normalisation failed: ") + utf8proc_errmsg(n));
  return {reinterpret_cast<const char*>(out), static_cast<std::size_t>(n)};
}

std::string collapse_spaces(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

}  // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    // Runs of ASCII (most ids, codes and numbers), eight bytes at a time.
    for (std::uint64_t word = 0; i + 8 <= text.size(); i += 8) {
      std::memcpy(&word, bytes + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) break;
    }
    while (i < text.size() && bytes[i] < 0x80) ++i;
    if (i == text.size()) break;
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                                    static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n <= 0) return i;
    i += static_cast<std::size_t>(n);
  }
  return std::nullopt;
}

bool is_valid_utf8(std::string_view text) noexcept {
  return !first_invalid_utf8(text).has_value();
}

std::size_t code_point_count(std::string_view text) noexcept {
  std::size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

std::string nfc(std::string_view text) {
  return map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

std::string name_key(std::string_view text) {
  return collapse_spaces(map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
}

std::string match_key(std::string_view text) {
  std::string folded = collapse_spaces(
      map(text, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD));
  // đ (U+0111, after case folding of Đ U+0110) has no decomposition: map it to d.
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (static_cast<unsigned char>(folded[i]) == 0xC4 && i + 1 < folded.size() &&
        static_cast<unsigned char>(folded[i + 1]) == 0x91) {
      out += 'd';
      ++i;
    } else {
      out += folded[i];
    }
  }
  return out;
}

}  // namespace project8::core
