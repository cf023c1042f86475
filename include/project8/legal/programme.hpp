/// \file
/// National target programmes, their phases and projects: the frame a plan
/// belongs to.
///
/// Project 8 was a project of the national target programme for ethnic-minority
/// and mountainous areas (NTP 1719), phase I 2021–2025. From 2026 that
/// programme is merged with two others into one for 2026–2035 (Resolution
/// 257/2025/QH15), whose phase I (2026–2030) was approved by Decision
/// 417/QĐ-BNNMT. A plan names its programme and phase; what the data does not
/// know (whether "Project 8" keeps its number in the new programme) it says.
///
/// **Example**:
///
///     using namespace project8;
///     auto list = legal::Programmes::load(geo::bundled_data_dir() + "/legal/programmes.yaml");
///     const auto& phase = list.phase("ntp-1719", 1);
///     phase.period.to_string();        // "2021-01-01..2025-12-31"
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <project8/core/date.hpp>
#include <project8/core/localized.hpp>
#include <project8/legal/instrument.hpp>

namespace project8::legal {

/// A project (dự án) of a programme phase, e.g. Dự án 8.
struct ProgrammeProject {
  int number = 0;                            ///< Its number in the phase (8 for Dự án 8).
  core::LocalizedText title;                 ///< Its title.
  Confidence confidence = Confidence::seen;  ///< How sure the data is.
  std::string note;                          ///< Sources and caveats.
  /// Projects are equal when every field is.
  friend bool operator==(const ProgrammeProject&, const ProgrammeProject&) = default;
};

/// A phase (giai đoạn) of a programme.
struct ProgrammePhase {
  /// A phase over `days` (there is no default period).
  explicit ProgrammePhase(core::Period days) : period(days) {}

  core::Period period;                       ///< The years it covers.
  int number = 0;                            ///< 1 for phase I.
  std::optional<Citation> approved_by;       ///< The decision approving it, if any.
  std::vector<ProgrammeProject> projects;    ///< Its projects, as far as known.
  Confidence confidence = Confidence::seen;  ///< How sure the data is.
  std::string note;                          ///< Sources, and what was not found.
  /// Phases are equal when every field is.
  friend bool operator==(const ProgrammePhase&, const ProgrammePhase&) = default;
};

/// A national target programme (chương trình mục tiêu quốc gia).
struct Programme {
  /// A programme over `days` (there is no default period).
  explicit Programme(core::Period days) : period(days) {}

  core::Period period;                        ///< The years it covers.
  std::string id;                             ///< Stable key, e.g. "ntp-1719".
  core::LocalizedText name;                   ///< Its name.
  std::optional<Citation> investment_policy;  ///< The resolution approving its investment policy.
  std::vector<ProgrammePhase> phases;         ///< Its phases, in order.
  std::optional<std::string> merged_into;     ///< The programme that continues it, if any.
  Confidence confidence = Confidence::seen;   ///< How sure the data is.
  std::string note;                           ///< Sources and caveats.
  /// Programmes are equal when every field is.
  friend bool operator==(const Programme&, const Programme&) = default;
};

/// The national target programmes a plan may belong to. Immutable after loading.
class Programmes {
 public:
  /// No programmes.
  Programmes() = default;
  /// Loads a list (schema `project8/programmes/1`), every problem located at once.
  [[nodiscard]] static Programmes load(const std::filesystem::path& path);
  /// As load(), from text; `source_name` labels locations in errors.
  [[nodiscard]] static Programmes parse(std::string_view yaml, const std::string& source_name);

  /// Every programme, in file order.
  [[nodiscard]] const std::vector<Programme>& programmes() const noexcept { return programmes_; }
  /// The programme `id`, or nullptr.
  [[nodiscard]] const Programme* find(std::string_view id) const noexcept;
  /// The programme `id`; NotFoundError listing the known ids otherwise.
  [[nodiscard]] const Programme& get(std::string_view id) const;
  /// Phase `number` of programme `id`; NotFoundError naming the phases otherwise.
  [[nodiscard]] const ProgrammePhase& phase(std::string_view id, int number) const;
  /// The programmes with a phase in force on `d` (e.g. 2025: NTP 1719 phase I).
  [[nodiscard]] std::vector<const Programme*> in_force(core::Date d) const;

 private:
  std::vector<Programme> programmes_;
};

}  // namespace project8::legal
