#include "server/util/utc_calendar.h"

namespace kibridge::util {

using namespace std::chrono;

std::optional<system_clock::time_point> utc_time_point(const UtcFields& f) {
  const year_month_day date{year{f.year}, month{static_cast<unsigned>(f.month)}, day{static_cast<unsigned>(f.day)}};
  if (!date.ok() || f.month < 1 || f.day < 1) return std::nullopt;
  if (f.hour < 0 || f.hour > 23 || f.minute < 0 || f.minute > 59 || f.second < 0 || f.second > 59 ||
      f.millisecond < 0 || f.millisecond > 999) {
    return std::nullopt;
  }
  return sys_days{date} + hours{f.hour} + minutes{f.minute} + seconds{f.second} + milliseconds{f.millisecond};
}

UtcFields utc_fields(system_clock::time_point t) {
  const auto ms = floor<milliseconds>(t);
  const auto date_start = floor<days>(ms);
  const year_month_day date{date_start};
  const hh_mm_ss time{ms - date_start};
  return {static_cast<int>(date.year()),
          static_cast<int>(static_cast<unsigned>(date.month())),
          static_cast<int>(static_cast<unsigned>(date.day())),
          static_cast<int>(time.hours().count()),
          static_cast<int>(time.minutes().count()),
          static_cast<int>(time.seconds().count()),
          static_cast<int>(time.subseconds().count())};
}

}  // namespace kibridge::util
