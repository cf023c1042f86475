/// \file
/// Legal instruments (decisions, circulars, resolutions …) and citations of them.
///
/// Every figure the library uses that comes from a law points at a Citation:
/// the instrument and, where known, its article, clause and point.
///
/// **Example**:
///
///     using namespace project8;
///     legal::Citation c{core::InstrumentId{"55/2023/TT-BTC"}};
///     c.to_string();                    // "55/2023/TT-BTC"
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/enum_text.hpp>
#include <project8/core/id.hpp>

/// Legal instruments, citations and dated, cited parameters.
namespace project8::legal {

/// The kind of a legal or administrative instrument.
enum class InstrumentType {
  law,         ///< Luật.
  resolution,  ///< Nghị quyết (National Assembly, its Standing Committee, People's Councils).
  decree,      ///< Nghị định (Government).
  decision,    ///< Quyết định.
  circular,    ///< Thông tư.
  guidance,    ///< Hướng dẫn.
  plan,        ///< Kế hoạch.
  official_letter,  ///< Công văn.
  other,            ///< Anything else.
};

/// The keys and labels of InstrumentType (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<InstrumentType> kInstrumentTypeText[] = {
    {InstrumentType::law, "law", "Luật", "Law"},
    {InstrumentType::resolution, "resolution", "Nghị quyết", "Resolution"},
    {InstrumentType::decree, "decree", "Nghị định", "Decree"},
    {InstrumentType::decision, "decision", "Quyết định", "Decision"},
    {InstrumentType::circular, "circular", "Thông tư", "Circular"},
    {InstrumentType::guidance, "guidance", "Hướng dẫn", "Guidance"},
    {InstrumentType::plan, "plan", "Kế hoạch", "Plan"},
    {InstrumentType::official_letter, "official_letter", "Công văn", "Official letter"},
    {InstrumentType::other, "other", "Khác", "Other"},
};
/// The text table of InstrumentType (found by argument-dependent lookup).
constexpr core::EnumInfo<InstrumentType> enum_text(InstrumentType /*unused*/) noexcept {
  return {"instrument type", kInstrumentTypeText};
}

/// The snake_case name of a type (`circular`, …).
[[nodiscard]] std::string_view to_string(InstrumentType type) noexcept;
/// The type named `name`; InvalidArgument listing the allowed names otherwise.
[[nodiscard]] InstrumentType parse_instrument_type(std::string_view name);

/// How sure the library's data is of a fact, as the domain reference marks it.
enum class Confidence {
  seen,      ///< Read in a source.
  inferred,  ///< Concluded from seen facts; the reasoning is in the note.
  news,      ///< Reported by the press; the instrument's own text was not seen.
  unknown,   ///< Looked for and not found: the value is left empty.
};

/// The keys and labels of Confidence (one table: see core/enum_text.hpp).
inline constexpr core::EnumEntry<Confidence> kConfidenceText[] = {
    {Confidence::seen, "seen", "Đã xem nguồn", "Seen"},
    {Confidence::inferred, "inferred", "Suy luận", "Inferred"},
    {Confidence::news, "news", "Theo báo chí", "Reported in the news"},
    {Confidence::unknown, "unknown", "Chưa rõ", "Unknown"},
};
/// The text table of Confidence (found by argument-dependent lookup).
constexpr core::EnumInfo<Confidence> enum_text(Confidence /*unused*/) noexcept {
  return {"confidence", kConfidenceText};
}

/// The name of a confidence mark (`seen`, `inferred`, `unknown`).
[[nodiscard]] std::string_view to_string(Confidence c) noexcept;
/// The mark named `name`; InvalidArgument otherwise.
[[nodiscard]] Confidence parse_confidence(std::string_view name);

/// A legal instrument such as "1719/QĐ-TTg".
struct Instrument {
  core::InstrumentId id;                            ///< Its number, e.g. "55/2023/TT-BTC".
  InstrumentType type = InstrumentType::other;      ///< Decision, circular, …
  std::string issuer;                               ///< Who issued it (e.g. "Bộ Tài chính").
  std::string title;                                ///< Its title or subject, in Vietnamese.
  std::optional<core::Date> signed_on;              ///< Date of signature, if known.
  core::DateRange effective;                        ///< The days in force, each end if known.
  std::vector<core::InstrumentId> supersedes;       ///< Instruments it replaces.
  std::optional<core::InstrumentId> superseded_by;  ///< Instrument that replaced it.
  Confidence confidence = Confidence::seen;         ///< How sure the data is.
  std::string note;                                 ///< Sources and caveats.

  /// True when known to be in force on `d`: on or after the first day in
  /// force (or signed_on when that is unknown) and not after the last. Without any
  /// start date nothing is known and the answer is false.
  [[nodiscard]] bool in_force(core::Date d) const noexcept;

  /// Instruments are equal when every field is.
  friend bool operator==(const Instrument&, const Instrument&) = default;
};

/// A reference to an instrument, optionally to one article, clause and point.
struct Citation {
  core::InstrumentId instrument;  ///< The instrument cited.
  std::string article;            ///< Điều (article), e.g. "44"; may be empty.
  std::string clause;             ///< Khoản (clause), e.g. "2"; may be empty.
  std::string point;              ///< Điểm (point), e.g. "a"; may be empty.
  std::string note;               ///< Free text (e.g. "dated 14/10/2022").

  /// `55/2023/TT-BTC, Điều 4, khoản 2` (Vietnamese: legal texts cite in Vietnamese).
  [[nodiscard]] std::string to_string() const;
  /// Citations are equal when every field is.
  friend bool operator==(const Citation&, const Citation&) = default;
};

}  // namespace project8::legal
