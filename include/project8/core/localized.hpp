/// \file
/// Texts in Vietnamese and English, and the language to show them in.
///
/// **Example**:
///
///     project8::core::LocalizedText t{"Chỉ tiêu", "Targets"};
///     t.in(project8::core::Language::en);   // "Targets"
#pragma once

#include <string>
#include <string_view>

namespace project8::core {

/// A language people read reports in.
enum class Language {
  vi,  ///< Vietnamese (the default for reports).
  en,  ///< English.
};

/// `vi` or `en`.
[[nodiscard]] std::string_view to_string(Language lang) noexcept;
/// The language named `vi` or `en`; InvalidArgument otherwise.
[[nodiscard]] Language parse_language(std::string_view name);

/// A text in Vietnamese and English.
struct LocalizedText {
  std::string vi;  ///< Vietnamese (required where the source gives it).
  std::string en;  ///< English; may be empty.

  /// The text in `lang`, falling back to Vietnamese when the English is empty.
  [[nodiscard]] const std::string& in(Language lang) const noexcept {
    return lang == Language::en && !en.empty() ? en : vi;
  }
  /// Texts are equal when both languages are.
  friend bool operator==(const LocalizedText&, const LocalizedText&) = default;
};

}  // namespace project8::core
