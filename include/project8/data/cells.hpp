/// \file
/// What a cell may hold for a boolean or a day: one rule for CSV, Excel and
/// Python input, declared here once.
///
/// - **Booleans**: `true`/`false`, `1`/`0`, `yes`/`no`, `có`/`không` (any case,
///   either Unicode form) and `x` for true (a ticked box; an empty cell is a
///   missing value, which a rule's `default:` may fill).
/// - **Days**: ISO `YYYY-MM-DD`, or day first as written in Vietnam:
///   `DD/MM/YYYY`, `D/M/YYYY`, `DD-MM-YYYY`, `D-M-YYYY`. Never month first:
///   `03/04/2025` is the 3rd of April. The day must exist (no 31/04).
///
/// The readers count the cells they read in a form other than the plain one
/// (`true`/`false`/`1`/`0`, ISO dates) and say so in their ReadNotes.
///
/// **Example**:
///
///     project8::data::parse_bool_cell("Không");     // false
///     project8::data::parse_day_cell("15/03/2025");  // the days of 2025-03-15
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace project8::data {

/// The accepted boolean forms, as an error message shows them.
inline constexpr std::string_view kBoolCellForms =
    "true/false, 1/0, yes/no, có/không or x (any case)";

/// The accepted day forms, as an error message shows them.
inline constexpr std::string_view kDayCellForms =
    "a real calendar day written YYYY-MM-DD, DD/MM/YYYY, D/M/YYYY or DD-MM-YYYY (day first)";

/// The boolean `text` holds (surrounding spaces ignored), or nullopt when it
/// holds none of the forms above (an empty text included).
[[nodiscard]] std::optional<bool> parse_bool_cell(std::string_view text);

/// The day `text` holds, as days since 1970-01-01 (surrounding spaces
/// ignored), or nullopt when it is none of the forms above or not a real day.
[[nodiscard]] std::optional<std::int64_t> parse_day_cell(std::string_view text) noexcept;

}  // namespace project8::data
