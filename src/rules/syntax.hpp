// The rule expression language's syntax: the parse tree the parser makes
// (syntax.cpp) and the lowering to typed nodes reads (expr.cpp), and the
// failure both throw at a byte offset of the text. Private to the library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace project8::rules::detail {

/// A compile error at a byte offset of the expression.
struct Failure {
  std::size_t offset;
  std::string message;
};

/// Fails saying what was expected at `offset`.
[[noreturn]] inline void fail(std::size_t offset, std::string expected) {
  throw Failure{offset, "expected " + std::move(expected)};
}
/// Fails with a message that stands on its own.
[[noreturn]] inline void fail_because(std::size_t offset, std::string message) {
  throw Failure{offset, std::move(message)};
}

/// The most nodes an expression may lower to.
inline constexpr std::size_t kMaxNodes = 10000;

/// The parse tree, before types.
struct PNode {
  enum class Kind : std::uint8_t {
    integer,
    decimal,
    string,
    boolean,
    name,  // also A.B or A.B.C (household.poor, pkg.eligible): text spans every part
    call,
    unary,
    binary,
    in,
    list,
    lookup  // text = table name; kids = {key, column name}
  } kind;
  std::size_t offset = 0;
  std::size_t end = 0;        // for a lookup or a call: the byte just past it
  std::size_t arg_begin = 0;  // for a call's argument: where it starts in the text
  std::size_t arg_end = 0;    // for a call's argument: the byte just past it (before , or ))
  std::string_view text;      // the name, operator or literal text
  bool negate = false;        // for `not in`
  std::vector<std::unique_ptr<PNode>> kids;
};
using PPtr = std::unique_ptr<PNode>;

/// The parse tree of `text`; throws Failure at the first syntax error.
PPtr parse(std::string_view text);

}  // namespace project8::rules::detail
