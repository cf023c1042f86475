/// \file
/// Reports: the plan, targets, activities, disaggregations,
/// budget, policy packages, payment-audit flags and data quality, as one
/// document of titled tables rendered to Markdown, CSV, JSON or Excel, in
/// Vietnamese (the default) or English.
///
/// Sensitive counts — policy-package beneficiaries, payment-audit flags, and
/// participants in targets about violence or trafficking — below a threshold
/// (default 5) show as `<5` in every aggregate table, and the amounts beside
/// them are hidden too (they would give the count away).
///
/// **Example**:
///
/// The report is built from its inputs (report::ReportInputs) wherever they
/// come from: a workspace supplies them in one call
/// (workspace::Workspace::report_inputs()); district software that keeps its
/// own database fills them itself.
///
///     using namespace project8;
///     auto ws = workspace::Workspace::open("tam-duong-2025.p8db");
///     report::ReportOptions o(core::make_date(2025, 12, 31));
///     auto doc = report::build(ws.report_inputs(), o);
///     std::cout << report::to_markdown(doc, core::Language::vi);
///     report::write_xlsx(doc, core::Language::vi, "bao-cao-2025.xlsx");
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <project8/budget/audit.hpp>
#include <project8/budget/ledger.hpp>
#include <project8/core/date.hpp>
#include <project8/core/localized.hpp>
#include <project8/core/reporting_period.hpp>
#include <project8/data/table.hpp>
#include <project8/geo/registry.hpp>
#include <project8/plan/plan.hpp>
#include <project8/rules/rule_set.hpp>
#include <project8/tracking/calendar.hpp>
#include <project8/tracking/records.hpp>

/// Reports: documents of tables, rendered to Markdown, CSV, JSON and Excel.
namespace project8::report {

/// How a column's values read.
enum class CellKind : std::uint8_t {
  text,     ///< Text.
  integer,  ///< A count or quantity.
  number,   ///< A quantity that may have a fraction (one decimal when it has).
  money,    ///< Integer đồng (thousands separators in every format but CSV and JSON).
  percent,  ///< A percentage (one decimal).
};

/// One cell: empty, text (one for both languages, or Vietnamese and English),
/// an integer (counts and đồng) or a number, or a value suppressed because it
/// would tell a small count (a count shows as `<N`, an amount as "(ẩn)" /
/// "(hidden)").
struct Cell {
  std::variant<std::monostate, std::string, core::LocalizedText, std::int64_t, double>
      value;                ///< The value.
  bool suppressed = false;  ///< True when hidden (shown as `<N`).
};

/// A column: its title and how its values read.
struct Column {
  std::string key;                 ///< Stable snake_case English identifier (CSV header, JSON key).
  core::LocalizedText title;       ///< Header in Vietnamese and English.
  CellKind kind = CellKind::text;  ///< How values read.
};

/// A titled table with notes.
struct Table {
  std::string id;                          ///< Short name (sheet and file names).
  core::LocalizedText title;               ///< Title.
  std::vector<Column> columns;             ///< Columns.
  std::vector<std::vector<Cell>> rows;     ///< Rows of cells, one per column.
  std::vector<core::LocalizedText> notes;  ///< Notes shown under the table.
};

/// One fact of a report's header (issuer, year, as-of date …).
struct Fact {
  std::string key;            ///< Stable snake_case English identifier (JSON key).
  core::LocalizedText label;  ///< What it is, in Vietnamese and English.
  core::LocalizedText value;  ///< Its value, in Vietnamese and English.
};

/// A whole report.
struct Document {
  core::LocalizedText title;         ///< Report title.
  std::vector<Fact> facts;           ///< Header facts (issuer, year, as-of …).
  std::vector<Table> tables;         ///< The tables, in order.
  std::size_t suppress_below = 5;    ///< The threshold applied.
  std::size_t suppressed_cells = 0;  ///< How many cells were suppressed.
  /// Built without suppression (ReportOptions::internal): every renderer
  /// stamps it "internal — not for publication".
  bool internal = false;
};

/// The smallest threshold of small-count suppression a published document
/// may use: below 3, a hidden cell is 1 or 2 and a total gives it away.
inline constexpr std::size_t kMinimumSuppression = 3;

/// The stamp of an internal document (ReportOptions::internal), in both languages.
[[nodiscard]] const core::LocalizedText& internal_stamp();

/// The threshold a document or summary is built with: `suppress_below`, which
/// must be at least kMinimumSuppression, or 1 (nothing hidden) when
/// `internal`. core::InvalidArgument otherwise, naming the way to an internal
/// document.
[[nodiscard]] std::size_t suppression_threshold(std::size_t suppress_below, bool internal = false);

/// What to report.
struct ReportOptions {
  /// Options of a report as of `day` (required: time is explicit, no default day).
  explicit ReportOptions(core::Date day) : as_of(day) {}
  core::Date as_of;  ///< Report date: records, ledger and payments up to it.
  std::optional<core::ReportingPeriod>
      period;  ///< A period (e.g. 2025-H1); the report stops at its end.
  /// Sensitive counts below this show as `<N`; at least kMinimumSuppression.
  std::size_t suppress_below = 5;
  /// No suppression at all, for the office's own use: every count shown and
  /// every file and page stamped "internal — not for publication" (the
  /// command line's `--no-suppression`). `suppress_below` is then ignored.
  bool internal = false;
};

/// What a report is made from. Only the plan and its units are needed; what
/// is left empty gives its tables a note saying so.
struct ReportInputs {
  plan::Plan plan;      ///< The plan reported on.
  geo::Registry units;  ///< Units (names, lineage) for the plan's scope.
  std::optional<rules::RuleSet>
      rules;  ///< Policy-package rules (none: no package or audit tables).
  std::optional<tracking::Calendar>
      calendar;                           ///< Reporting calendar (none: no late-filing checks).
  tracking::RecordSet records;            ///< Achievement records, checked against the plan.
  std::vector<budget::Payment> payments;  ///< Policy-package payments.
  budget::Ledger ledger;                  ///< The ledger.
  data::Table population;  ///< Persons: the rules' inputs, `id` and `commune` (may be empty).
};

/// Builds the report from its inputs; core::InvalidArgument for a date that
/// is not a calendar day or a threshold below 1.
[[nodiscard]] Document build(const ReportInputs& inputs, const ReportOptions& options);

/// Markdown: a heading per table, pipe tables, notes as lists; reads well in a terminal.
[[nodiscard]] std::string to_markdown(const Document& doc,
                                      core::Language lang = core::Language::vi);
/// JSON: facts (`{key: {label, value}}`) and tables (`columns` as `{key,
/// title}`, rows of raw values in column order, suppressed cells as `"<N"`);
/// every key is the same whatever `lang`, only labels and titles change.
[[nodiscard]] std::string to_json(const Document& doc, core::Language lang = core::Language::vi,
                                  int indent = 2);
/// One CSV per table: (file name, content); the header row is the columns'
/// keys (the same in every language), raw integers, suppressed cells as `<N`.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> to_csv(
    const Document& doc, core::Language lang = core::Language::vi);
/// An Excel workbook: one sheet per table (plus a first sheet with the facts),
/// frozen header row, đồng with thousands separators, columns sized to fit.
/// Written whole or not at all, never through a symbolic link (core::OutputFile).
void write_xlsx(const Document& doc, core::Language lang, const std::filesystem::path& file);

/// The formats a report is written in: `md`, `csv`, `json`, `xlsx`.
inline constexpr const char* kReportFormats[] = {"md", "csv", "json", "xlsx"};

/// The name of a report's file in `format`: `bao-cao-<period>.<format>` for
/// a report of a period (e.g. `bao-cao-2025-H1.xlsx`), else
/// `bao-cao-<as_of>.<format>`.
[[nodiscard]] std::string file_name(const ReportOptions& options, std::string_view format);

/// The report in `format` as one text: Markdown (`md`) or JSON (`json`, with
/// a final newline); core::InvalidArgument for another format.
[[nodiscard]] std::string render(const Document& doc, std::string_view format,
                                 core::Language lang = core::Language::vi);

/// Writes the report into the folder `dir` (created if missing) in `format`
/// (kReportFormats): `md`, `json` and `xlsx` as one file named file_name(),
/// `csv` as one file per table (to_csv()). Returns the files written.
/// core::InvalidArgument for another format; core::Error when a file cannot
/// be written (a full disk, no permission, a symbolic link where a file would
/// go). Each file is written whole or not at all (core::write_file).
std::vector<std::filesystem::path> write_report(const Document& doc, std::string_view format,
                                                core::Language lang,
                                                const std::filesystem::path& dir,
                                                const ReportOptions& options);

}  // namespace project8::report
