// The pusher's pure rules: the backoff of an entry, when the next pass can make progress, and
// the report's text.
#include <gtest/gtest.h>

#include "server/writeback/push_report.h"
#include "server/writeback/pusher.h"

namespace kibridge::writeback {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(PushBackoff, FullJitterDoublesPerAttemptUpToTheCap) {
  PusherOptions o;
  o.backoff_base = seconds(5);
  o.backoff_cap = seconds(60);
  const storage::Clock::time_point now{};
  EXPECT_EQ(next_attempt_time(now, 1, 0.5, std::nullopt, o) - now, milliseconds(2500));
  EXPECT_EQ(next_attempt_time(now, 2, 0.5, std::nullopt, o) - now, milliseconds(5000));
  EXPECT_EQ(next_attempt_time(now, 3, 0.75, std::nullopt, o) - now, milliseconds(15000));
  EXPECT_EQ(next_attempt_time(now, 20, 0.5, std::nullopt, o) - now, milliseconds(30000));
  EXPECT_EQ(next_attempt_time(now, 1, 0.0, std::nullopt, o) - now, milliseconds(0));
}

TEST(PushBackoff, RetryAfterWinsWhenLongerButIsCapped) {
  PusherOptions o;
  o.backoff_base = seconds(5);
  o.backoff_cap = seconds(600);
  const storage::Clock::time_point now{};
  EXPECT_EQ(next_attempt_time(now, 1, 0.5, seconds(120), o) - now, seconds(120));
  EXPECT_EQ(next_attempt_time(now, 1, 0.5, milliseconds(10), o) - now, milliseconds(2500));
  EXPECT_EQ(next_attempt_time(now, 1, 0.5, std::chrono::hours(5), o) - now, seconds(600));
}

storage::OutboxEntry pending(int64_t id, int64_t part, std::optional<storage::Clock::time_point> next = std::nullopt) {
  storage::OutboxEntry e;
  e.id = id;
  e.change.part_id = part;
  e.next_attempt_at = next;
  return e;
}

TEST(PushSchedule, NextProgressIsTheEarliestHeadOfAPart) {
  const storage::Clock::time_point now = storage::Clock::time_point{} + std::chrono::hours(1000);
  EXPECT_EQ(next_progress_time({}, now), std::nullopt);
  // Part 1 waits 10 s; its second entry (due now) is behind it; part 2 waits 30 s.
  std::vector<storage::OutboxEntry> entries = {pending(1, 1, now + seconds(10)), pending(2, 1),
                                               pending(3, 2, now + seconds(30))};
  EXPECT_EQ(next_progress_time(entries, now), now + seconds(10));
  entries.push_back(pending(4, 3));
  EXPECT_EQ(next_progress_time(entries, now), now);
  // An overdue entry is due now, not in the past.
  EXPECT_EQ(next_progress_time({pending(5, 4, now - seconds(5))}, now), now);
}

TEST(PushReport, SummaryAndEntryLinesSayWhatHappened) {
  PushSummary s;
  s.examined = 3;
  s.done = 2;
  s.written = 1;
  s.conflicts = 1;
  s.waiting = 4;
  EXPECT_EQ(push_summary_text(s), "3 examined: 2 done (1 written), 1 conflict, 0 failed, 0 deferred, 4 waiting");
  s.paused = "InvenTree rejected the API token";
  EXPECT_NE(push_summary_text(s).find("PAUSED: InvenTree rejected the API token"), std::string::npos);

  SettledEntry conflict;
  conflict.entry.id = 7;
  conflict.entry.change.part_id = 101;
  conflict.entry.change.field = storage::WritebackField::kFootprint;
  conflict.entry.change.old_value = "A";
  conflict.entry.change.new_value = "B";
  conflict.outcome.state = storage::OutboxState::kConflict;
  conflict.outcome.remote_value = "C";
  const std::string line = settled_entry_text(conflict);
  EXPECT_EQ(line.rfind("#7 part 101 footprint: conflict, InvenTree holds 'C' (expected 'A')", 0), 0u) << line;
  EXPECT_NE(line.find("kibridge outbox retry 7"), std::string::npos) << line;
}

}  // namespace
}  // namespace kibridge::writeback
