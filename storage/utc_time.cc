#include "storage/utc_time.h"

#include <cstdint>
#include <cstdio>
#include <ctime>

namespace kibridge::storage {

std::string format_utc(TimePoint t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  const int millis = static_cast<int>(ms - static_cast<int64_t>(secs) * 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

std::optional<TimePoint> parse_utc(const std::string& text) {
  std::tm tm{};
  int millis = 0;
  char z = 0;
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                      &tm.tm_min, &tm.tm_sec, &millis, &z);
  if (n == 6) {
    // Whole seconds: API tokens created before their time was kept as a TimePoint.
    millis = 0;
    n = std::sscanf(text.c_str(), "%*4d-%*2d-%*2dT%*2d:%*2d:%*2d%c", &z) + 7;
  }
  if (n != 8 || z != 'Z') return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::time_t secs = timegm(&tm);
  return std::chrono::system_clock::from_time_t(secs) + std::chrono::milliseconds(millis);
}

}  // namespace kibridge::storage
