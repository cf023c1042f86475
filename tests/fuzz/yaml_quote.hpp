// Shared by the rule fuzzers: any bytes as one double-quoted YAML scalar.
#pragma once

#include <string>
#include <string_view>

/// `text` double-quoted for YAML: quotes and backslashes escaped, control
/// bytes as \xNN, so that every input reaches the rule language intact.
inline std::string yaml_quoted(std::string_view text) {
  std::string q = "\"";
  for (const unsigned char c : text) {
    if (c == '"' || c == '\\') {
      q += '\\';
      q += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      q += "\\x";
      q += hex[c >> 4U];
      q += hex[c & 15U];
    } else {
      q += static_cast<char>(c);
    }
  }
  return q + "\"";
}
