#include "storage/utc_time.h"

#include <cstdio>

#include "server/util/utc_calendar.h"

namespace kibridge::storage {

std::string format_utc(TimePoint t) {
  const util::UtcFields f = util::utc_fields(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", f.year, f.month, f.day, f.hour, f.minute,
                f.second, f.millisecond);
  return buf;
}

std::optional<TimePoint> parse_utc(const std::string& text) {
  util::UtcFields f;
  char z = 0;
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &f.year, &f.month, &f.day, &f.hour, &f.minute,
                      &f.second, &f.millisecond, &z);
  if (n == 6) {
    // Whole seconds: API tokens created before their time was kept as a TimePoint.
    f.millisecond = 0;
    n = std::sscanf(text.c_str(), "%*4d-%*2d-%*2dT%*2d:%*2d:%*2d%c", &z) + 7;
  }
  if (n != 8 || z != 'Z') return std::nullopt;
  return util::utc_time_point(f);
}

}  // namespace kibridge::storage
