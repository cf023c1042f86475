// Reading a rule file's dated tables (tables.cpp). Private to the library.
#pragma once

#include <filesystem>
#include <string_view>

#include "compiled.hpp"

namespace project8::io {
class YamlReader;
}

namespace project8::rules::detail {

/// Reads `tables:` into `c` (after the inputs), recording problems in `r`;
/// file tables are read relative to `base_dir` (the rule file's folder).
void read_tables(io::YamlReader& r, Compiled& c, const std::filesystem::path& base_dir);

/// An identifier of letters, digits and '_', not starting with a digit.
bool valid_identifier(std::string_view s);

/// A word of the rule language that names nothing a file declares: and, or,
/// not, in, true, false, as_of, and with schema 2 the words of households
/// (members, household).
bool reserved_word(std::string_view s, int schema);

}  // namespace project8::rules::detail
