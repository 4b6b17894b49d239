// UTC fields <-> time points: the portable replacement of timegm()/gmtime_r().
#include "server/util/utc_calendar.h"

#include <gtest/gtest.h>

namespace kibridge::util {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

TEST(UtcCalendar, KnownInstantsRoundTrip) {
  // 2026-08-21T12:34:56.789Z is 1787315696789 ms after the epoch (date -u -d ... +%s).
  const auto t = utc_time_point({2026, 8, 21, 12, 34, 56, 789});
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(t->time_since_epoch()).count(), 1787315696789);
  const UtcFields f = utc_fields(*t);
  EXPECT_EQ(f.year, 2026);
  EXPECT_EQ(f.month, 8);
  EXPECT_EQ(f.day, 21);
  EXPECT_EQ(f.hour, 12);
  EXPECT_EQ(f.minute, 34);
  EXPECT_EQ(f.second, 56);
  EXPECT_EQ(f.millisecond, 789);
  EXPECT_EQ(utc_time_point({1970, 1, 1, 0, 0, 0, 0})->time_since_epoch().count(), 0);
  // Leap day.
  EXPECT_EQ(utc_fields(*utc_time_point({2024, 2, 29, 23, 59, 59, 999})).day, 29);
}

TEST(UtcCalendar, BeforeTheEpochTruncatesTowardsThePast) {
  const auto f = utc_fields(system_clock::time_point(milliseconds(-1)));
  EXPECT_EQ(f.year, 1969);
  EXPECT_EQ(f.month, 12);
  EXPECT_EQ(f.day, 31);
  EXPECT_EQ(f.second, 59);
  EXPECT_EQ(f.millisecond, 999);
}

TEST(UtcCalendar, DatesAndTimesThatDoNotExistAreRefused) {
  EXPECT_FALSE(utc_time_point({2026, 2, 30, 0, 0, 0, 0}));
  EXPECT_FALSE(utc_time_point({2026, 13, 1, 0, 0, 0, 0}));
  EXPECT_FALSE(utc_time_point({2026, 0, 1, 0, 0, 0, 0}));
  EXPECT_FALSE(utc_time_point({2026, 1, 1, 24, 0, 0, 0}));
  EXPECT_FALSE(utc_time_point({2026, 1, 1, 0, 60, 0, 0}));
  EXPECT_FALSE(utc_time_point({2026, 1, 1, 0, 0, 60, 0}));
  EXPECT_FALSE(utc_time_point({2026, 1, 1, 0, 0, 0, 1000}));
  EXPECT_FALSE(utc_time_point({2025, 2, 29, 0, 0, 0, 0}));
}

}  // namespace
}  // namespace kibridge::util
