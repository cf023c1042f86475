#include <utility>

#include <project8/core/error.hpp>

namespace project8::core {

namespace {
/// A spreadsheet's column letters: 1 is A, 27 is AA.
std::string column_letters(std::size_t column) {
  std::string out;
  for (; column > 0; column = (column - 1) / 26)
    out.insert(out.begin(), static_cast<char>('A' + (column - 1) % 26));
  return out;
}
}  // namespace

std::string SourceLocation::to_string() const {
  std::string out = file;
  if (!sheet.empty()) {
    if (!out.empty()) out += ':';
    out += sheet + '!';
    if (column) out += column_letters(*column);
    if (line) out += std::to_string(*line);
    return out;
  }
  if (line) {
    if (!out.empty()) out += ':';
    out += std::to_string(*line);
    if (column) out += ':' + std::to_string(*column);
  } else if (column) {
    if (!out.empty()) out += ": ";
    out += "column " + std::to_string(*column);
  }
  return out;
}

std::string Problem::to_string() const {
  std::string out = location.to_string();
  if (row) {
    if (!out.empty()) out += ": ";
    out += "column '" + field + "' row " + std::to_string(*row) + ": " + message;
    return out;
  }
  if (!field.empty()) {
    if (!out.empty()) out += ": ";
    out += field;
  }
  if (!out.empty()) out += ": ";
  out += message;
  return out;
}

namespace {
std::string join_problems(const std::vector<Problem>& problems) {
  if (problems.empty()) return "invalid input";
  if (problems.size() == 1) return problems.front().to_string();
  std::string out = std::to_string(problems.size()) + " problems:";
  for (const auto& p : problems) out += "\n  " + p.to_string();
  return out;
}
const Problem& first_or_empty(const std::vector<Problem>& problems) {
  static const Problem empty{};
  return problems.empty() ? empty : problems.front();
}
}  // namespace

InputError::InputError(std::vector<Problem> problems)
    : InvalidArgument(join_problems(problems)), problems_(std::move(problems)) {}

ParseError::ParseError(SourceLocation location, const std::string& message)
    : InputError({Problem{std::move(location), {}, message}}) {}

ParseError::ParseError(std::vector<Problem> problems) : InputError(std::move(problems)) {}

const SourceLocation& ParseError::location() const noexcept {
  return first_or_empty(problems()).location;
}

ValidationError::ValidationError(std::string field, const std::string& message)
    : InputError({Problem{{}, std::move(field), message}}) {}

ValidationError::ValidationError(std::vector<Problem> problems) : InputError(std::move(problems)) {}

const std::string& ValidationError::field() const noexcept {
  return first_or_empty(problems()).field;
}

}  // namespace project8::core
