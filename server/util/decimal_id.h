#pragma once

// The one parser for a record id written as text: in a URL path (/api/outbox/12/), a query
// (?kicad_category=3, ?limit=50), a JSON body ("category": "4"), a CLI argument, an InvenTree
// answer. Every id kibridge reads from text goes through it, so "which spellings name record
// 12" has one answer everywhere.
//
// Accepted: the canonical decimal form of a value from 0 to INT64_MAX — ASCII digits only, no
// sign, no blanks, no leading zero ("0" itself is fine), at most 19 digits. Everything else is
// nullopt, never a nearby number:
//   "99999999999999999999"  overflows int64      -> nullopt (strtoll would clamp, stoll throw,
//                                                   an unchecked conversion would wrap; each of
//                                                   them once addressed a different record)
//   "+5", "-5", " 5", "5 "  sign or blank        -> nullopt
//   "007"                   leading zero         -> nullopt: one id, one spelling, so a cache or
//                                                   log keyed by the text never holds two names
//                                                   for one record
// Pure and thread-safe.

#include <cstdint>
#include <optional>
#include <string_view>

namespace kibridge::util {

std::optional<int64_t> parse_decimal_id(std::string_view text);

}  // namespace kibridge::util
