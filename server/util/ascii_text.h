#pragma once

// ASCII text helpers: case folding as KiCad compares field names ("InvenTree", "IPN") and as
// InvenTree compares template names (ASCII letters only; bytes of multi-byte UTF-8 sequences
// must match exactly), and trimming of ASCII blanks. Never locale-dependent.

#include <cstddef>
#include <string>
#include <string_view>

namespace kibridge::util {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string s) {
  for (char& c : s) c = ascii_lower(c);
  return s;
}

// Without leading and trailing spaces, tabs, carriage returns and line feeds.
inline std::string trim(std::string_view s) {
  const std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

// "12", not "", "-1" or "1a".
inline bool all_ascii_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

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

}  // namespace kibridge::util
