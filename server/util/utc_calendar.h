// UTC calendar fields <-> time points, with C++20's calendar instead of timegm()/gmtime_r(),
// which are POSIX only (MinGW has neither) and go through the C library's time zone machinery
// for what is plain arithmetic in UTC.
#pragma once

#include <chrono>
#include <optional>

namespace kibridge::util {

struct UtcFields {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int millisecond = 0;
};

// The time point of `fields`; nullopt for a date or time that does not exist (30 February, hour
// 24, second 60: leap seconds are not counted by system_clock).
std::optional<std::chrono::system_clock::time_point> utc_time_point(const UtcFields& fields);

// The fields of `t`, truncated to the millisecond (towards the past for times before 1970).
UtcFields utc_fields(std::chrono::system_clock::time_point t);

}  // namespace kibridge::util
