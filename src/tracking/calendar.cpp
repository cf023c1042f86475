// The reporting calendar: YAML loading and due dates.
#include <algorithm>

#include "../io/yaml_reader.hpp"
#include <project8/tracking/calendar.hpp>

namespace project8::tracking {

using io::YamlReader;

Calendar Calendar::parse(std::string_view yaml, const std::string& source_name) {
  YamlReader r(yaml, source_name);
  const YAML::Node& root = r.root();
  Calendar c;
  if (!r.expect_map(root, "",
                    {"schema", "instrument", "effective_from", "collection_every_months", "reports",
                     "not_found"})) {
    r.throw_if_problems();
  }
  if (const auto schema = r.text(root, "schema", "", true);
      schema && *schema != "project8/calendar/1") {
    r.problem(YamlReader::child(root, "schema"), "schema",
              "unsupported schema '" + *schema + "': expected project8/calendar/1");
  }
  c.instrument_ = r.text(root, "instrument", "", true).value_or("");
  (void)r.date(root, "effective_from", "", false);
  c.every_months_ =
      static_cast<int>(r.integer(root, "collection_every_months", "", false, 1).value_or(3));
  c.not_found_ = r.text_list(root, "not_found", "");
  const YAML::Node reports = YamlReader::child(root, "reports");
  if (r.expect_sequence(reports, "reports")) {
    for (std::size_t i = 0; i < reports.size(); ++i) {
      const std::string f = YamlReader::index("reports", i);
      if (!r.expect_map(reports[i], f,
                        {"id", "title", "from_level", "to_level", "covers", "before", "year_offset",
                         "confidence", "note"})) {
        continue;
      }
      ReportRule rule;
      rule.id = r.text(reports[i], "id", f, true).value_or("");
      if (const YAML::Node t = YamlReader::child(reports[i], "title"); t.IsDefined() && t.IsMap()) {
        rule.title.vi = r.text(t, "vi", YamlReader::join(f, "title"), true).value_or("");
        rule.title.en = r.text(t, "en", YamlReader::join(f, "title"), false).value_or("");
      }
      rule.from_level = r.text(reports[i], "from_level", f, true).value_or("");
      rule.to_level = r.text(reports[i], "to_level", f, true).value_or("");
      const auto covers = r.text(reports[i], "covers", f, true);
      if (covers == "year")
        rule.covers = Coverage::year;
      else if (covers == "year_to_date")
        rule.covers = Coverage::year_to_date;
      else if (covers)
        r.problem(YamlReader::child(reports[i], "covers"), YamlReader::join(f, "covers"),
                  "expected year or year_to_date");
      const auto before = r.text(reports[i], "before", f, true);
      if (before) {
        const bool shape = before->size() == 5 && (*before)[2] == '-' &&
                           std::all_of(before->begin(), before->end(), [](char ch) {
                             return ch == '-' || (ch >= '0' && ch <= '9');
                           });
        const int month = shape ? std::stoi(before->substr(0, 2)) : 0;
        const int day = shape ? std::stoi(before->substr(3, 2)) : 0;
        bool valid = shape && month >= 1 && month <= 12 && day >= 1;
        if (valid) {
          try {
            (void)core::make_date(2024, month, day);  // a leap year: 02-29 is allowed
          } catch (const core::Error&) {
            valid = false;
          }
        }
        if (!valid) {
          r.problem(YamlReader::child(reports[i], "before"), YamlReader::join(f, "before"),
                    "expected a day of the year written MM-DD");
        } else {
          rule.before_month = month;
          rule.before_day = day;
        }
      }
      rule.year_offset =
          static_cast<int>(r.integer(reports[i], "year_offset", f, false, 0).value_or(0));
      if (const auto conf = r.enumeration<legal::Confidence>(
              reports[i], "confidence", f, false,
              [](const std::string& s) { return legal::parse_confidence(s); })) {
        rule.confidence = *conf;
      }
      (void)r.text(reports[i], "note", f, false);
      c.reports_.push_back(std::move(rule));
    }
  }
  r.throw_if_problems();
  return c;
}

Calendar Calendar::load(const std::filesystem::path& path) {
  return parse(io::read_file(path.string()), path.string());
}

std::vector<DueDate> Calendar::due_dates(int year, std::string_view from_level) const {
  std::vector<DueDate> out;
  for (const auto& rule : reports_) {
    if (rule.from_level != from_level) continue;
    const int due_year = year + rule.year_offset;
    // "Before 29/2" in a common year means before 1/3.
    const core::Date before = rule.before_month == 2 && rule.before_day == 29 &&
                                      !boost::gregorian::gregorian_calendar::is_leap_year(
                                          static_cast<unsigned short>(due_year))
                                  ? core::make_date(due_year, 3, 1)
                                  : core::make_date(due_year, rule.before_month, rule.before_day);
    const core::Date last_day = before - boost::gregorian::days(1);
    const core::Date start = core::make_date(year, 1, 1);
    const core::Date end = rule.covers == Coverage::year
                               ? core::make_date(year, 12, 31)
                               : std::min(last_day, core::make_date(year, 12, 31));
    if (end < start) continue;
    out.push_back({rule.id, core::Period::inclusive(start, end), last_day});
  }
  std::sort(out.begin(), out.end(),
            [](const DueDate& a, const DueDate& b) { return a.last_day < b.last_day; });
  return out;
}

std::optional<DueDate> Calendar::first_due(core::Date d, std::string_view from_level) const {
  for (const auto& due : due_dates(static_cast<int>(d.year()), from_level)) {
    if (due.covers.contains(d) && due.last_day >= d) return due;
  }
  return std::nullopt;
}

}  // namespace project8::tracking
