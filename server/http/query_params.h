// Reading query parameters the one way the console's routes do (?limit=, ?offset=, ?search=,
// ?name=): a value that does not fit is a 400 naming the parameter ({"<name>": ["..."]}),
// never a silently clamped one.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>

namespace kibridge::http {

// The console's searches (parts, KiCad names): a search is at most 200 bytes (longer than
// any name or MPN; nothing longer is typed into a search box), a page 1 to 200 results, 50
// when not asked.
inline constexpr size_t kMaxSearchBytes = 200;
inline constexpr int64_t kDefaultLimit = 50;
inline constexpr int64_t kMaxLimit = 200;

// The integer ?<name>= (util::parse_decimal_id's spelling) within [min, max], `fallback` when
// absent; nullopt after answering 400.
std::optional<int64_t> int_param(const httplib::Request& req, httplib::Response& res, const char* name,
                                 int64_t fallback, int64_t min, int64_t max);

// The text ?<name>= of at most `max_bytes` bytes; "" when absent unless `required` (then,
// like an empty or oversized value of a required one, nullopt after answering 400).
std::optional<std::string> text_param(const httplib::Request& req, httplib::Response& res, const char* name,
                                      size_t max_bytes, bool required);

}  // namespace kibridge::http
