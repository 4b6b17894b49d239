#pragma once

// ASCII case-insensitive comparisons for KiCad field names ("InvenTree", "IPN"). Field names
// are compared the way KiCad itself compares them: ASCII letters only, bytes of multi-byte
// UTF-8 sequences must match exactly.

#include <cstddef>
#include <string_view>

namespace kibridge::netlist {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

inline bool starts_with_ignore_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && equals_ignore_case(text.substr(0, prefix.size()), prefix);
}

}  // namespace kibridge::netlist
