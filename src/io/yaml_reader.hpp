// Private helper for the YAML loaders: typed access to yaml-cpp nodes that
// records every problem with file:line:column and field path instead of
// stopping at the first. Not installed; not part of the public API.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include <project8/core/date.hpp>
#include <project8/core/error.hpp>

namespace project8::io {

/// Reads one YAML document, collecting problems.
class YamlReader {
 public:
  /// Parses `text`; a syntax error becomes a ParseError at once (nothing else can be read).
  YamlReader(std::string_view text, std::string source_name);

  /// The document's root node.
  [[nodiscard]] const YAML::Node& root() const noexcept { return root_; }
  /// The name used in locations.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  /// Records a problem at `node`'s position.
  void problem(const YAML::Node& node, const std::string& field, const std::string& message);
  /// Every problem recorded so far.
  [[nodiscard]] const std::vector<core::Problem>& problems() const noexcept { return problems_; }
  /// True when no problem was recorded.
  [[nodiscard]] bool ok() const noexcept { return problems_.empty(); }
  /// Records a problem found later (by a validator) at the node last read for `field`
  /// or, failing that, for the longest recorded prefix of it.
  void problem_at_field(const std::string& field, const std::string& message);
  /// Remembers where `field` was read, for problem_at_field().
  void remember(const std::string& field, const YAML::Node& node);
  /// Where the text of scalar `node` starts (after an opening quote), for
  /// locating a position inside it such as a column in a rule expression.
  [[nodiscard]] core::SourceLocation scalar_start(const YAML::Node& node) const;
  /// Records a problem at an explicit location.
  void problem_at(core::SourceLocation where, const std::string& field, const std::string& message);
  /// Throws ValidationError with every problem recorded, if any.
  void throw_if_problems() const;

  /// Checks that `node` is a map whose keys are all in `allowed`; records unknown keys.
  bool expect_map(const YAML::Node& node, const std::string& field,
                  std::initializer_list<std::string_view> allowed);
  /// Checks that `node` is a sequence (an absent node counts as empty).
  bool expect_sequence(const YAML::Node& node, const std::string& field);

  /// A required or optional string field of `map`, NFC-normalised.
  std::optional<std::string> text(const YAML::Node& map, const char* key, const std::string& path,
                                  bool required);
  /// A required or optional integer field, within [min, max] when given.
  std::optional<std::int64_t> integer(const YAML::Node& map, const char* key,
                                      const std::string& path, bool required,
                                      std::optional<std::int64_t> min = {},
                                      std::optional<std::int64_t> max = {});
  /// A required or optional decimal field (at most six places after the
  /// point), as an integer count of millionths: `0.7` is 700000.
  std::optional<std::int64_t> decimal(const YAML::Node& map, const char* key,
                                      const std::string& path, bool required);
  /// A scalar node as a whole number, recording a problem otherwise.
  std::optional<std::int64_t> integer_of(const YAML::Node& node, const std::string& field);
  /// A scalar node as a decimal in millionths (see decimal()), recording a problem otherwise.
  std::optional<std::int64_t> decimal_of(const YAML::Node& node, const std::string& field);
  /// A required or optional boolean field.
  std::optional<bool> boolean(const YAML::Node& map, const char* key, const std::string& path,
                              bool required);
  /// A required or optional ISO date field.
  std::optional<core::Date> date(const YAML::Node& map, const char* key, const std::string& path,
                                 bool required);
  /// A list of strings (absent: empty).
  std::vector<std::string> text_list(const YAML::Node& map, const char* key,
                                     const std::string& path);
  /// `map[key]`, or an undefined node when `map` is not a mapping (never throws).
  [[nodiscard]] static YAML::Node child(const YAML::Node& map, const char* key);
  /// A scalar's text, NFC-normalised; records a problem when `node` is not a scalar.
  std::optional<std::string> scalar(const YAML::Node& node, const std::string& path);

  /// Parses an enumeration value with `parse` (which throws InvalidArgument), recording failures.
  template <class E, class Parse>
  std::optional<E> enumeration(const YAML::Node& map, const char* key, const std::string& path,
                               bool required, Parse parse) {
    auto s = text(map, key, path, required);
    if (!s) return std::nullopt;
    try {
      return parse(*s);
    } catch (const core::InvalidArgument& e) {
      problem(child(map, key), join(path, key), e.what());
      return std::nullopt;
    }
  }

  /// `path.key`, or `key` when path is empty.
  [[nodiscard]] static std::string join(const std::string& path, std::string_view key);
  /// Calls `fn(element, path)` for each element of the list at `key` of `map`
  /// (absent or null: none; not a list: a problem), remembering where each is;
  /// the element paths are `path.key[i]`.
  template <class Fn>
  void each(const YAML::Node& map, const char* key, const std::string& path, Fn fn) {
    const auto list = child(map, key);
    const auto list_path = join(path, key);
    if (!expect_sequence(list, list_path)) return;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto f = index(list_path, i);
      remember(f, list[i]);
      fn(list[i], f);
    }
  }
  /// Records a problem for each key repeated within one mapping, anywhere under `node`.
  void check_duplicate_keys(const YAML::Node& node, const std::string& path);
  /// Brings every mapping key of `node` to NFC (in place).
  static void normalise_keys(YAML::Node node);
  /// `path[i]`.
  [[nodiscard]] static std::string index(const std::string& path, std::size_t i);

 private:
  [[nodiscard]] core::SourceLocation locate(const YAML::Mark& mark) const;
  std::string source_;
  std::string text_;
  YAML::Node root_;
  std::vector<core::Problem> problems_;
  std::map<std::string, YAML::Mark> marks_;
};

/// Reads a whole file as text; ParseError naming the file when it cannot be read
/// or is larger than `max_bytes`.
[[nodiscard]] std::string read_file(const std::string& path, std::size_t max_bytes = 64U << 20U);

}  // namespace project8::io

#include <project8/core/localized.hpp>
#include <project8/legal/instrument.hpp>
#include <project8/legal/parameter.hpp>

namespace project8::io {

/// Reads `{vi, en}` at `node`, or a plain string as Vietnamese only (absent:
/// empty text); `vi` is required when the map is there.
core::LocalizedText read_localized(YamlReader& r, const YAML::Node& node, const std::string& path);

/// Reads a parameter's dated values (`from`, `to`, `value`, `source`,
/// `status`, `note`) from the sequence `values` into `p`; at least one is
/// required; overlaps and other problems are recorded at the value.
void read_parameter_values(YamlReader& r, const YAML::Node& values, const YAML::Node& owner,
                           const std::string& path, legal::Parameter<std::int64_t>& p,
                           bool decimal = false);

/// Reads a citation: either a plain string (the instrument number) or a map
/// with `instrument`, `article`, `clause`, `point`, `note`.
std::optional<legal::Citation> read_citation(YamlReader& r, const YAML::Node& node,
                                             const std::string& path);

/// Reads the list of citations at `key` of `map` (absent: none).
std::vector<legal::Citation> read_citations(YamlReader& r, const YAML::Node& map, const char* key,
                                            const std::string& path);

/// Reads `{from: DATE, to: DATE}` at `key` of `map`, both days required and in
/// order; absent or null: nothing, and a problem when `required`.
std::optional<core::Period> read_period(YamlReader& r, const YAML::Node& map, const char* key,
                                        const std::string& path, bool required);

}  // namespace project8::io
