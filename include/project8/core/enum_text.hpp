/// \file
/// One mechanism for every enumeration's text: a stable English key (what
/// files, JSON and CSV carry) and, where people read it, a Vietnamese and an
/// English label.
///
/// An enumeration takes part by declaring, next to itself and in its own
/// namespace, a table of entries and an `enum_text()` function that returns it
/// (found by argument-dependent lookup, as nlohmann's
/// `NLOHMANN_JSON_SERIALIZE_ENUM` keeps one table per enum):
///
///     enum class Stage { allocated, committed };
///     inline constexpr core::EnumEntry<Stage> kStageText[] = {
///         {Stage::allocated, "allocated", "Phân bổ", "Allocated"},
///         {Stage::committed, "committed", "Cam kết", "Committed"}};
///     constexpr core::EnumInfo<Stage> enum_text(Stage) noexcept { return {"stage", kStageText}; }
///
/// Then key(), parse_enum(), find_enum(), label() and enum_keys() work for it;
/// the record schemas use enum_keys() for a field's allowed values.
#pragma once

#include <concepts>
#include <cstddef>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <project8/core/error.hpp>
#include <project8/core/localized.hpp>

namespace project8::core {

/// One value of an enumeration with its key and labels.
template <class E>
struct EnumEntry {
  E value;               ///< The value.
  std::string_view key;  ///< Stable English identifier (files, JSON, CSV).
  std::string_view vi;   ///< Vietnamese label; empty where the key is shown as is.
  std::string_view en;   ///< English label; empty where the key is shown as is.
};

/// The text table of an enumeration: what one value is called in an error
/// (e.g. "unit kind") and every value once.
template <class E>
struct EnumInfo {
  std::string_view noun;                  ///< E.g. "unit kind".
  std::span<const EnumEntry<E>> entries;  ///< Every value once, in order.
};

/// An enumeration with a text table (an `enum_text(E)` found by lookup).
template <class E>
concept TextEnum = std::is_enum_v<E> && requires(E e) {
  { enum_text(e) } -> std::same_as<EnumInfo<E>>;
};

/// The text table of `E`.
template <TextEnum E>
[[nodiscard]] constexpr EnumInfo<E> enum_info() noexcept {
  return enum_text(E{});
}

/// The key of `value` ("?" for a value outside the table, which a valid enum never is).
template <TextEnum E>
[[nodiscard]] constexpr std::string_view key(E value) noexcept {
  for (const auto& e : enum_info<E>().entries) {
    if (e.value == value) return e.key;
  }
  return "?";
}

/// The value whose key is `text` exactly, or nullopt.
template <TextEnum E>
[[nodiscard]] constexpr std::optional<E> find_enum(std::string_view text) noexcept {
  for (const auto& e : enum_info<E>().entries) {
    if (e.key == text) return e.value;
  }
  return std::nullopt;
}

/// Every key, in the table's order.
template <TextEnum E>
[[nodiscard]] std::vector<std::string> enum_keys() {
  std::vector<std::string> out;
  for (const auto& e : enum_info<E>().entries) out.emplace_back(e.key);
  return out;
}

/// The keys joined for a message: "a, b or c".
[[nodiscard]] std::string join_alternatives(const std::vector<std::string>& keys);

/// The value whose key is `text`; InvalidArgument naming the noun, the text
/// (at most 40 bytes of it) and every allowed key otherwise.
template <TextEnum E>
[[nodiscard]] E parse_enum(std::string_view text) {
  if (const auto v = find_enum<E>(text)) return *v;
  throw InvalidArgument("unknown " + std::string(enum_info<E>().noun) + " '" +
                        std::string(text.substr(0, 40)) + "' (expected " +
                        join_alternatives(enum_keys<E>()) + ")");
}

/// The label of `value` in `lang`: the English label falls back to the
/// Vietnamese one, and both to the key, where the table leaves them empty.
template <TextEnum E>
[[nodiscard]] constexpr std::string_view label(E value, Language lang) noexcept {
  for (const auto& e : enum_info<E>().entries) {
    if (e.value != value) continue;
    if (lang == Language::en && !e.en.empty()) return e.en;
    return e.vi.empty() ? e.key : e.vi;
  }
  return "?";
}

/// Both labels of `value` (see label()), made once per enumeration.
template <TextEnum E>
[[nodiscard]] const LocalizedText& localized(E value) {
  static const std::vector<std::pair<E, LocalizedText>> all = [] {
    std::vector<std::pair<E, LocalizedText>> out;
    for (const auto& e : enum_info<E>().entries) {
      out.emplace_back(e.value, LocalizedText{std::string(label(e.value, Language::vi)),
                                              std::string(label(e.value, Language::en))});
    }
    return out;
  }();
  for (const auto& [v, text] : all) {
    if (v == value) return text;
  }
  static const LocalizedText unknown{"?", "?"};
  return unknown;
}

/// The text of Language (declared here: localized.hpp has no dependency).
inline constexpr EnumEntry<Language> kLanguageText[] = {
    {Language::vi, "vi", "Tiếng Việt", "Vietnamese"}, {Language::en, "en", "Tiếng Anh", "English"}};
/// The text table of Language: `vi`, `en`.
constexpr EnumInfo<Language> enum_text(Language /*unused*/) noexcept {
  return {"language", kLanguageText};
}

}  // namespace project8::core
