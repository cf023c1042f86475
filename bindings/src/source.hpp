// How Python asks for officers' files to be read: the keyword arguments
// encoding=, delimiter= and sheet= of every reading function, made into
// data::SourceOptions by the library's own parsers (as the command line does).
#pragma once

#include <optional>
#include <string>

#include <project8/data/source.hpp>

namespace project8::bindings {

/// The options `encoding` (a data::TextEncoding key), `delimiter` (`,`, `;`,
/// `tab`) and `sheet` name; None leaves each to be found.
inline data::SourceOptions source_options(const std::optional<std::string>& encoding,
                                          const std::optional<std::string>& delimiter,
                                          const std::optional<std::string>& sheet) {
  return data::parse_source_options(encoding.value_or(""), delimiter.value_or(""),
                                    sheet.value_or(""));
}

}  // namespace project8::bindings
