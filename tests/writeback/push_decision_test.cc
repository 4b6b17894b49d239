// The pusher's decision for one entry (push_decision.h), branch by branch: from what InvenTree
// holds (done, write, conflict) and from what a request failed with (fail, retry — stopping
// the pass or not —, end the pass), and which failed writes may have acted.
#include <gtest/gtest.h>

#include "server/writeback/push_decision.h"

namespace kibridge::writeback {
namespace {

using inventree::ErrorKind;
using inventree::HeldValue;
using inventree::InvenTreeError;

storage::OutboxChange change(std::optional<std::string> old_value, std::string new_value) {
  storage::OutboxChange c;
  c.part_id = 101;
  c.field = storage::WritebackField::kFootprint;
  c.old_value = std::move(old_value);
  c.new_value = std::move(new_value);
  return c;
}

HeldValue holds(std::optional<std::string> value) {
  HeldValue h;
  if (value) h.pk = 7;
  h.value = std::move(value);
  return h;
}

TEST(PushDecision, TheNewValueIsDoneWhateverWasExpected) {
  EXPECT_EQ(decide(change("A", "B"), holds("B")).action, PushAction::kDone);
  EXPECT_EQ(decide(change(std::nullopt, "B"), holds("B")).action, PushAction::kDone);
}

TEST(PushDecision, NothingHeldIsWrittenEvenWhenAValueWasExpected) {
  EXPECT_EQ(decide(change(std::nullopt, "B"), holds(std::nullopt)).action, PushAction::kWrite);
  EXPECT_EQ(decide(change("A", "B"), holds(std::nullopt)).action, PushAction::kWrite);
}

TEST(PushDecision, TheReplacedValueIsWritten) {
  const PushDecision d = decide(change("A", "B"), holds("A"));
  EXPECT_EQ(d.action, PushAction::kWrite);
  EXPECT_EQ(d.remote_value, std::nullopt);
}

TEST(PushDecision, AnyOtherValueIsAConflictNamingIt) {
  PushDecision d = decide(change("A", "B"), holds("C"));
  EXPECT_EQ(d.action, PushAction::kConflict);
  EXPECT_EQ(d.remote_value, "C");
  // The import saw no value; InvenTree has one now.
  d = decide(change(std::nullopt, "B"), holds("A"));
  EXPECT_EQ(d.action, PushAction::kConflict);
  EXPECT_EQ(d.remote_value, "A");
  // An empty value is a value, not an absent one.
  d = decide(change("A", "B"), holds(""));
  EXPECT_EQ(d.action, PushAction::kConflict);
  EXPECT_EQ(d.remote_value, "");
}

TEST(PushDecision, RefusalsFailTheEntryWithTheirMessage) {
  for (const auto& [kind, status] : {std::pair{ErrorKind::kRejected, 400}, std::pair{ErrorKind::kNotFound, 404}}) {
    const PushDecision d = decide(InvenTreeError(kind, "InvenTree refused POST /api/parameter/ (HTTP 400): no", status));
    EXPECT_EQ(d.action, PushAction::kFail) << inventree::to_string(kind);
    EXPECT_EQ(d.error, "InvenTree refused POST /api/parameter/ (HTTP 400): no");
    EXPECT_FALSE(d.stop_pass);
  }
}

TEST(PushDecision, ProblemsOfThePassLeaveTheEntryAlone) {
  for (ErrorKind kind : {ErrorKind::kCredentials, ErrorKind::kCancelled, ErrorKind::kTls, ErrorKind::kConfig}) {
    EXPECT_EQ(decide(InvenTreeError(kind, "x")).action, PushAction::kEndPass) << inventree::to_string(kind);
  }
}

TEST(PushDecision, UnavailableInvenTreeRetriesAndStopsThePass) {
  const struct {
    ErrorKind kind;
    int status;
  } cases[] = {{ErrorKind::kConnection, 0}, {ErrorKind::kTimeout, 0},  {ErrorKind::kRateLimited, 429},
               {ErrorKind::kServer, 502},   {ErrorKind::kServer, 503}, {ErrorKind::kServer, 504}};
  for (const auto& c : cases) {
    const PushDecision d = decide(InvenTreeError(c.kind, "down", c.status));
    EXPECT_EQ(d.action, PushAction::kRetry) << inventree::to_string(c.kind) << " " << c.status;
    EXPECT_TRUE(d.stop_pass) << inventree::to_string(c.kind) << " " << c.status;
    EXPECT_EQ(d.error, "down");
  }
}

TEST(PushDecision, OtherTransientFailuresRetryThisEntryOnly) {
  const struct {
    ErrorKind kind;
    int status;
  } cases[] = {{ErrorKind::kServer, 500}, {ErrorKind::kMalformed, 200}, {ErrorKind::kInconsistent, 0}};
  for (const auto& c : cases) {
    const PushDecision d = decide(InvenTreeError(c.kind, "odd", c.status));
    EXPECT_EQ(d.action, PushAction::kRetry) << inventree::to_string(c.kind);
    EXPECT_FALSE(d.stop_pass) << inventree::to_string(c.kind);
  }
}

TEST(PushDecision, RetryCarriesTheServersRetryAfter) {
  EXPECT_EQ(decide(InvenTreeError(ErrorKind::kRateLimited, "slow down", 429, std::chrono::seconds(120))).retry_after,
            std::chrono::seconds(120));
  EXPECT_EQ(decide(InvenTreeError(ErrorKind::kServer, "oops", 500)).retry_after, std::nullopt);
}

TEST(PushDecision, OnlyWritesWhoseAnswerWasLostMayHaveActed) {
  EXPECT_TRUE(may_have_acted(InvenTreeError(ErrorKind::kConnection, "dropped")));
  EXPECT_TRUE(may_have_acted(InvenTreeError(ErrorKind::kTimeout, "no answer")));
  EXPECT_TRUE(may_have_acted(InvenTreeError(ErrorKind::kServer, "bad gateway", 502)));
  EXPECT_TRUE(may_have_acted(InvenTreeError(ErrorKind::kServer, "error", 500)));
  // Answered before the request is handled.
  EXPECT_FALSE(may_have_acted(InvenTreeError(ErrorKind::kServer, "maintenance", 503)));
  EXPECT_FALSE(may_have_acted(InvenTreeError(ErrorKind::kRateLimited, "slow down", 429)));
  // Answered, so InvenTree said what it did.
  EXPECT_FALSE(may_have_acted(InvenTreeError(ErrorKind::kRejected, "no", 400)));
  EXPECT_FALSE(may_have_acted(InvenTreeError(ErrorKind::kCredentials, "who", 401)));
}

}  // namespace
}  // namespace kibridge::writeback
