/// \file
/// The library's one error hierarchy.
///
/// Every exception thrown by project8 derives from project8::core::Error, so a
/// host can catch "anything from this library" in one place. Errors about input
/// say where the input was wrong: a ParseError carries file, line and column; a
/// ValidationError carries the field path. Loaders report *every* problem they
/// find at once, as a list of Problem values inside one exception.
///
/// Messages never contain a person's data (ethnicity, health, violence,
/// trafficking): code that handles such fields reports the field and the row,
/// never the value.
///
/// **Example**:
///
///     try {
///       auto d = project8::core::parse_date("2025-02-30");
///     } catch (const project8::core::ParseError& e) {
///       std::cerr << e.what() << '\n';   // "column 1: 2025-02-30 is not a valid date ..."
///     }
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace project8::core {

/// Where in a source a problem lies. Lines and columns count from 1; a missing
/// line or column means "the whole file" or "the whole line".
struct SourceLocation {
  std::string file;                   ///< File name or other source label; may be empty.
  std::optional<std::size_t> line;    ///< 1-based line, if known.
  std::optional<std::size_t> column;  ///< 1-based column (in characters), if known.
  /// The worksheet, for a location in an Excel workbook: `line` is then the
  /// sheet's row and `column` its column (A = 1).
  std::string sheet{};

  /// Formats as `file:line:column`, leaving out what is unknown; in a
  /// workbook as `file:Sheet!C12` (a cell) or `file:Sheet!12` (a row).
  [[nodiscard]] std::string to_string() const;
  /// Two locations are equal when every part is equal.
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

/// One problem found in some input: where it is, which field, and what is wrong.
struct Problem {
  SourceLocation location;  ///< Where in the source; may be empty for API input.
  std::string field;        ///< Field path such as `targets[2].planned`; may be empty.
  std::string message;      ///< What is wrong and what was expected.
  /// The row (from 0) of an in-memory table the problem is in (e.g. a column
  /// handed over through Arrow), or nullopt; `field` is then the column.
  std::optional<std::size_t> row{};

  /// Formats as `file:line:column: field: message`, leaving out what is
  /// unknown; a problem at a table's row as `column 'field' row N: message`.
  [[nodiscard]] std::string to_string() const;
  /// Two problems are equal when every part is equal.
  friend bool operator==(const Problem&, const Problem&) = default;
};

/// Base of every exception the library throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A precondition was broken or an argument is out of its domain
/// (an invalid date, a negative weight). Python sees a `ValueError`.
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

/// Arithmetic would leave the range of its type (e.g. Money beyond int64).
class OverflowError : public Error {
 public:
  using Error::Error;
};

/// A lookup by id, code or name found nothing. Python sees a `LookupError`.
class NotFoundError : public Error {
 public:
  using Error::Error;
};

/// Base of errors about input that carry one or more located problems.
class InputError : public InvalidArgument {
 public:
  /// An error with the given problems (at least one is expected); what() lists them all.
  explicit InputError(std::vector<Problem> problems);
  /// Every problem found, in the order found.
  [[nodiscard]] const std::vector<Problem>& problems() const noexcept { return problems_; }

 private:
  std::vector<Problem> problems_;
};

/// Text could not be parsed: the first problem names file, line and column.
class ParseError : public InputError {
 public:
  /// One parse problem at `location`.
  ParseError(SourceLocation location, const std::string& message);
  /// Several problems at once (a loader that collects every problem).
  explicit ParseError(std::vector<Problem> problems);
  /// Location of the first problem.
  [[nodiscard]] const SourceLocation& location() const noexcept;
};

/// Well-formed input that breaks a rule of the domain; the first problem names the field.
class ValidationError : public InputError {
 public:
  /// One problem with the field at `field` (a path such as `activities[3].lead`).
  ValidationError(std::string field, const std::string& message);
  /// Several problems at once.
  explicit ValidationError(std::vector<Problem> problems);
  /// Field path of the first problem.
  [[nodiscard]] const std::string& field() const noexcept;
};

/// A rule set or rule expression is wrong (syntax, unknown name, type mismatch, conflict).
class RuleError : public InputError {
 public:
  using InputError::InputError;
};

/// Throws InvalidArgument with `message` unless `condition` holds.
inline void require(bool condition, const std::string& message) {
  if (!condition) throw InvalidArgument(message);
}

}  // namespace project8::core
