// Data-quality checks on achievement records.
#include <algorithm>
#include <map>

#include <project8/tracking/quality.hpp>

namespace project8::tracking {

std::vector<QualityIssue> quality(const plan::Plan& plan, const geo::Registry& units,
                                  const RecordSet& records, const Calendar* calendar,
                                  const QualityOptions& options) {
  std::vector<QualityIssue> out;
  const auto& rs = records.records();
  // Scope: the same judgement progress() makes.
  const auto p = progress(plan, units, records, plan.period.last());
  for (const auto& s : p.scope_issues) {
    const std::string u = s.unit.value();
    out.push_back({s.record, s.location, s.kind,
                   s.kind == "scope_ambiguous"
                       ? core::LocalizedText{"đơn vị '" + u +
                                                 "' chỉ một phần thuộc địa bàn kế hoạch: ghi mã xã "
                                                 "cũ hoặc thôn, bản",
                                             "unit '" + u +
                                                 "' lies only partly inside the plan's scope: name "
                                                 "the old commune or village"}
                       : core::LocalizedText{"đơn vị '" + u + "' nằm ngoài địa bàn kế hoạch",
                                             "unit '" + u + "' lies outside the plan's scope"}});
  }
  std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>>
      history;  // (target, unit) -> quantities
  for (std::size_t i = 0; i < rs.size(); ++i) {
    const Record& r = rs[i];
    if (calendar != nullptr && r.filed) {
      if (const auto due = calendar->first_due(r.date, options.reporting_level);
          due && *r.filed > due->last_day) {
        out.push_back(
            {i,
             r.location,
             "late",
             {"báo cáo ngày " + core::to_vietnamese(*r.filed) + ", sau hạn của báo cáo '" +
                  due->report + "' (" + core::to_vietnamese(due->last_day) + ")",
              "filed " + core::to_iso(*r.filed) + ", after the deadline of report '" + due->report +
                  "' (" + core::to_iso(due->last_day) + ")"}});
      }
    }
    for (const auto& t : records.targets_of_records()[i]) {
      const auto it = std::find_if(plan.targets.begin(), plan.targets.end(),
                                   [&](const plan::Target& x) { return x.id == t; });
      if (it == plan.targets.end()) continue;
      const auto& expects = it->disaggregations;
      const bool sex = std::find(expects.begin(), expects.end(), "sex") != expects.end();
      const bool ethnicity =
          std::find(expects.begin(), expects.end(), "ethnicity") != expects.end();
      if (sex && !(r.counts.female && r.counts.male)) {
        out.push_back({i,
                       r.location,
                       "missing_disaggregation",
                       {"chỉ tiêu " + t.value() + " cần số nữ và số nam",
                        "target " + t.value() + " expects female and male counts"}});
      }
      const bool role = std::find(expects.begin(), expects.end(), "role") != expects.end();
      const bool age = std::find(expects.begin(), expects.end(), "age") != expects.end();
      auto any_with = [&](std::string_view prefix) {
        return std::any_of(r.counts.other.begin(), r.counts.other.end(),
                           [&](const auto& kv) { return kv.first.starts_with(prefix); });
      };
      if (role && !any_with("role_")) {
        out.push_back({i,
                       r.location,
                       "missing_disaggregation",
                       {"chỉ tiêu " + t.value() + " cần số liệu theo vai trò (role_…)",
                        "target " + t.value() + " expects role_… counts"}});
      }
      if (age && !any_with("age_")) {
        out.push_back({i,
                       r.location,
                       "missing_disaggregation",
                       {"chỉ tiêu " + t.value() + " cần số liệu theo nhóm tuổi (age_…)",
                        "target " + t.value() + " expects age_… counts"}});
      }
      if (ethnicity && !(r.counts.ethnic_minority && r.counts.kinh)) {
        out.push_back({i,
                       r.location,
                       "missing_disaggregation",
                       {"chỉ tiêu " + t.value() + " cần số người dân tộc thiểu số và người Kinh",
                        "target " + t.value() + " expects ethnic-minority and Kinh counts"}});
      }
      auto& h = history[{t.value(), r.unit.value()}];
      if (h.size() >= options.outlier_history) {
        std::vector<std::int64_t> sorted = h;
        std::nth_element(sorted.begin(),
                         sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2),
                         sorted.end());
        const auto median = static_cast<double>(sorted[sorted.size() / 2]);
        if (median > 0 && static_cast<double>(r.quantity) > options.outlier_factor * median) {
          const std::string times = std::to_string(static_cast<int>(options.outlier_factor));
          out.push_back(
              {i,
               r.location,
               "outlier",
               {"số lượng " + std::to_string(r.quantity) + " lớn hơn " + times +
                    " lần trung vị của " + std::to_string(h.size()) + " bản ghi trước của đơn vị",
                "quantity " + std::to_string(r.quantity) + " is above " + times +
                    " times the median of the unit's " + std::to_string(h.size()) +
                    " earlier records"}});
        }
      }
      h.push_back(r.quantity);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const QualityIssue& a, const QualityIssue& b) {
    return a.record < b.record;
  });
  return out;
}

}  // namespace project8::tracking
