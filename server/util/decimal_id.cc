#include "server/util/decimal_id.h"

#include <charconv>
#include <system_error>

namespace kibridge::util {

std::optional<int64_t> parse_decimal_id(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  if (text.size() > 1 && text.front() == '0') return std::nullopt;
  int64_t value = 0;
  // from_chars reports overflow instead of clamping or wrapping.
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace kibridge::util
