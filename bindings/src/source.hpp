// How Python asks for officers' files to be read: the keyword arguments
// encoding=, delimiter= and sheet= of every reading function, made into
// data::SourceOptions by the library's own parsers (as the command line does).
#pragma once

#include <optional>
#include <string>

#include <project8/core/enum_text.hpp>
#include <project8/data/source.hpp>

namespace project8::bindings {

/// The options `encoding` (a data::TextEncoding key), `delimiter` (`,`, `;`,
/// `tab`) and `sheet` name; None leaves each to be found.
inline data::SourceOptions source_options(const std::optional<std::string>& encoding,
                                          const std::optional<std::string>& delimiter,
                                          const std::optional<std::string>& sheet) {
  data::SourceOptions o;
  if (encoding) o.encoding = core::parse_enum<data::TextEncoding>(*encoding);
  if (delimiter) o.delimiter = data::parse_delimiter(*delimiter);
  if (sheet) o.sheet = *sheet;
  return o;
}

}  // namespace project8::bindings
