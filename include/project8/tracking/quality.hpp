/// \file
/// Data-quality checks on achievement records: late filing against the
/// reporting calendar, missing disaggregation a target expects, records whose
/// unit lies partly or wholly outside the plan's scope, and outliers against
/// the unit's own history.
///
/// **Example**:
///
///     for (const auto& q : project8::tracking::quality(plan, units, records, &calendar))
///       std::cout << q.location.to_string() << ' ' << q.kind << ": " << q.message.vi << '\n';
#pragma once

#include <string>
#include <vector>

#include <project8/tracking/calendar.hpp>
#include <project8/tracking/progress.hpp>

namespace project8::tracking {

/// One data-quality finding about one record.
struct QualityIssue {
  std::size_t record = 0;         ///< Index in the RecordSet.
  core::SourceLocation location;  ///< Where the record was read.
  std::string
      kind;  ///< `late`, `missing_disaggregation`, `scope_ambiguous`, `out_of_scope`, `outlier`.
  core::LocalizedText
      message;  ///< What was found, in Vietnamese and English (never a person's data).
};

/// How quality() judges outliers and lateness.
struct QualityOptions {
  std::string reporting_level = "commune";  ///< Whose deadlines apply (calendar `from_level`).
  double outlier_factor = 3.0;      ///< A quantity above this many times the unit's median…
  std::size_t outlier_history = 3;  ///< …of at least this many earlier records of the target.
};

/// Every data-quality finding, ordered by record. `calendar` may be null (no lateness check).
[[nodiscard]] std::vector<QualityIssue> quality(const plan::Plan& plan, const geo::Registry& units,
                                                const RecordSet& records, const Calendar* calendar,
                                                const QualityOptions& options = {});

}  // namespace project8::tracking
