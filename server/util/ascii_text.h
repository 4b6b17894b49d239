#pragma once

// ASCII text helpers: case folding as KiCad compares field names ("InvenTree", "IPN") and as
// InvenTree compares template names (ASCII letters only; bytes of multi-byte UTF-8 sequences
// must match exactly), and trimming of ASCII whitespace. Never locale-dependent.

#include <cstddef>
#include <string>
#include <string_view>

namespace kibridge::util {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string s) {
  for (char& c : s) c = ascii_lower(c);
  return s;
}

// The whitespace trim() removes: the six bytes C's isspace() accepts in the "C" locale
// (space, \t, \n, \v, \f, \r). One set for every caller: token files and environment
// variables (a trailing "\r\n" from an editor), settings values and KiCad netlist fields
// (any blank a hand-edited file may carry); none of them has a meaningful blank at an end.
inline constexpr std::string_view kAsciiWhitespace = " \t\n\v\f\r";

// `s` without leading and trailing kAsciiWhitespace; a view into `s`.
inline std::string_view trim_view(std::string_view s) {
  const std::size_t b = s.find_first_not_of(kAsciiWhitespace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kAsciiWhitespace) - b + 1);
}

// The same, as a string of its own.
inline std::string trim(std::string_view s) { return std::string(trim_view(s)); }

// `text` between double quotes, as messages quote a user's value ("IPN \"R-1k\" ..."); no escaping:
// the value is shown as written.
inline std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

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
