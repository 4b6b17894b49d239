// The pusher's state machine against the fake InvenTree: fill, update, already desired,
// conflict, a user's retry, transient failures with backoff and Retry-After, lost answers,
// refusals, paused credentials, missing templates, datasheets, and order per part.
#include <gtest/gtest.h>

#include "server/sync/puller.h"
#include "server/writeback/pusher.h"
#include "tests/writeback/push_support.h"

namespace kibridge::testing {
namespace {

using fake_inventree::Fault;
using fake_inventree::FaultKind;
using storage::OutboxState;
using std::chrono::seconds;

class PushTest : public PushFixture {};

// The pk of part 101's footprint parameter in the fake.
int64_t part101_footprint_pk(const fake_inventree::FakeInvenTree& fake) {
  for (const auto& p : fake.data().parameters) {
    if (p.part_id == 101 && p.template_id == kFootprintTemplate) return p.id;
  }
  ADD_FAILURE() << "part 101 has no footprint parameter";
  return 0;
}

TEST_F(PushTest, FillsAnAbsentValue) {
  const int64_t id = queue_one(footprint_change(102, std::nullopt, "Resistor_SMD:R_0402_1005Metric"));
  auto summary = push();
  EXPECT_EQ(summary.examined, 1);
  EXPECT_EQ(summary.done, 1);
  EXPECT_EQ(summary.written, 1);
  EXPECT_TRUE(summary.completed());
  EXPECT_EQ(entry(id).state, OutboxState::kDone);
  EXPECT_EQ(fake_parameters(*fake_, 102, kFootprintTemplate), std::vector<std::string>{"Resistor_SMD:R_0402_1005Metric"});
  EXPECT_EQ(writes_of(*fake_), std::vector<std::string>{"POST /api/parameter/"});
  // A second pass has nothing to do and asks InvenTree nothing.
  fake_->reset_counters();
  summary = push();
  EXPECT_EQ(summary.examined, 0);
  EXPECT_EQ(fake_->counters().requests, 0);
}

TEST_F(PushTest, UpdatesTheValueItReplaces) {
  const int64_t pk = part101_footprint_pk(*fake_);
  const int64_t id = queue_one(footprint_change(101, kPart101Footprint, "Resistor_SMD:R_0402_1005Metric"));
  auto summary = push();
  EXPECT_EQ(summary.written, 1);
  EXPECT_EQ(entry(id).state, OutboxState::kDone);
  EXPECT_EQ(fake_parameters(*fake_, 101, kFootprintTemplate), std::vector<std::string>{"Resistor_SMD:R_0402_1005Metric"});
  EXPECT_EQ(writes_of(*fake_), std::vector<std::string>{"PATCH /api/parameter/" + std::to_string(pk) + "/"});
}

TEST_F(PushTest, AnAbsentValueIsFilledEvenWhenOneWasExpected) {
  fake_->edit([](storage::MirrorSnapshot& s) {
    std::erase_if(s.parameters, [](const auto& p) { return p.part_id == 101 && p.template_id == kFootprintTemplate; });
  });
  const int64_t id = queue_one(footprint_change(101, kPart101Footprint, "Resistor_SMD:R_0402_1005Metric"));
  push();
  EXPECT_EQ(entry(id).state, OutboxState::kDone);
  EXPECT_EQ(writes_of(*fake_), std::vector<std::string>{"POST /api/parameter/"});
}

TEST_F(PushTest, AlreadyDesiredValueIsDoneWithoutAWrite) {
  const int64_t id = queue_one(footprint_change(101, "Something:Else", kPart101Footprint));
  auto summary = push();
  EXPECT_EQ(summary.done, 1);
  EXPECT_EQ(summary.written, 0);
  EXPECT_EQ(entry(id).state, OutboxState::kDone);
  EXPECT_TRUE(writes_of(*fake_).empty());
}

TEST_F(PushTest, SomeoneElsesValueIsAConflictAndNeverOverwritten) {
  fake_->edit([](storage::MirrorSnapshot& s) {
    for (auto& p : s.parameters) {
      if (p.part_id == 101 && p.template_id == kFootprintTemplate) p.data = "Edited:InInvenTree";
    }
  });
  const int64_t id = queue_one(footprint_change(101, kPart101Footprint, "Resistor_SMD:R_0402_1005Metric"));
  auto summary = push();
  EXPECT_EQ(summary.conflicts, 1);
  auto e = entry(id);
  EXPECT_EQ(e.state, OutboxState::kConflict);
  EXPECT_EQ(e.remote_value, "Edited:InInvenTree");
  EXPECT_TRUE(writes_of(*fake_).empty());
  // It stays a conflict: later passes leave it alone.
  now_ += std::chrono::hours(2);
  summary = push(kFakeToken, /*user_request=*/true);
  EXPECT_EQ(summary.examined, 0);
  EXPECT_EQ(entry(id).state, OutboxState::kConflict);
  EXPECT_EQ(fake_parameters(*fake_, 101, kFootprintTemplate), std::vector<std::string>{"Edited:InInvenTree"});
  EXPECT_TRUE(writes_of(*fake_).empty());
}

TEST_F(PushTest, ConflictAgainstAnAbsentExpectationToo) {
  // The import saw no value; InvenTree has one meanwhile.
  const int64_t id = queue_one(footprint_change(101, std::nullopt, "Resistor_SMD:R_0402_1005Metric"));
  push();
  EXPECT_EQ(entry(id).state, OutboxState::kConflict);
  EXPECT_EQ(entry(id).remote_value, kPart101Footprint);
  EXPECT_TRUE(writes_of(*fake_).empty());
}

TEST_F(PushTest, RetriedConflictOverwritesWhatTheUserSaw) {
  fake_->edit([](storage::MirrorSnapshot& s) {
    for (auto& p : s.parameters) {
      if (p.part_id == 101 && p.template_id == kFootprintTemplate) p.data = "Edited:InInvenTree";
    }
  });
  const int64_t id = queue_one(footprint_change(101, kPart101Footprint, "Resistor_SMD:R_0402_1005Metric"));
  push();
  ASSERT_EQ(entry(id).state, OutboxState::kConflict);
  store_.writeback().retry_outbox_entry(id);
  auto summary = push();
  EXPECT_EQ(summary.written, 1);
  EXPECT_EQ(entry(id).state, OutboxState::kDone);
  EXPECT_EQ(fake_parameters(*fake_, 101, kFootprintTemplate), std::vector<std::string>{"Resistor_SMD:R_0402_1005Metric"});
  EXPECT_EQ(writes_of(*fake_).size(), 1u);
}

TEST_F(PushTest, RetriedConflictIsAConflictAgainAfterAFurtherEdit) {
  auto set_remote = [&](const std::string& value) {
    fake_->edit([&](storage::MirrorSnapshot& s) {
      for (auto& p : s.parameters) {
        if (p.part_id == 101 && p.template_id == kFootprintTemplate) p.data = value;
      }
    });
  };
  set_remote("Edited:Once");
  const int64_t id = queue_one(footprint_change(101, kPart101Footprint, "Resistor_SMD:R_0402_1005Metric"));
  push();
  store_.writeback().retry_outbox_entry(id);
  set_remote("Edited:Twice");
  push();
  EXPECT_EQ(entry(id).state, OutboxState::kConflict);
  EXPECT_EQ(entry(id).remote_value, "Edited:Twice");
  EXPECT_TRUE(writes_of(*fake_).empty());
}

struct TransientCase {
  const char* name;
  int status;
  int retry_after_seconds;
};

class PushTransientTest : public PushFixture, public ::testing::WithParamInterface<TransientCase> {};

TEST_P(PushTransientTest, IsRetriedAfterRetryAfterThenSucceeds) {
  const auto& c = GetParam();
  const int64_t id = queue_one(footprint_change(102, std::nullopt, "Resistor_SMD:R_0402_1005Metric"));
  Fault fault{FaultKind::kStatus, "/api/parameter/", 0, -1, c.status, c.retry_after_seconds};
  fault.method = "POST";
  fake_->add_fault(fault);
  const auto started = now_;
  auto summary = push();
  EXPECT_EQ(summary.deferred, 1);
  EXPECT_TRUE(summary.unreachable) << "the server said it is unavailable";
  auto e = entry(id);
  EXPECT_EQ(e.state, OutboxState::kPending);
  EXPECT_EQ(e.attempts, 1);
  EXPECT_NE(e.last_error.find(std::to_string(c.status)), std::string::npos) << e.last_error;
  ASSERT_TRUE(e.next_attempt_at.has_value());
  // Retry-After is longer than the first backoff (at most 5 s): it decides.
  EXPECT_EQ(*e.next_attempt_at - started, seconds(c.retry_after_seconds));
  EXPECT_EQ(summary.retry_not_before, e.next_attempt_at);
  EXPECT_TRUE(writes_of(*fake_).empty());

  fake_->clear_faults();
  now_ += seconds(c.retry_after_seconds - 1);
  summary = push();
  EXPECT_EQ(summary.waiting, 1);
  EXPECT_EQ(summary.examined, 0);
  now_ += seconds(2);
  summary = push();
  EXPECT_EQ(summary.written, 1);
  EXPECT_EQ(entry(id).state, OutboxState::kDone);
  EXPECT_EQ(fake_parameters(*fake_, 102, kFootprintTemplate), std::vector<std::string>{"Resistor_SMD:R_0402_1005Metric"});
}

INSTANTIATE_TEST_SUITE_P(Statuses, PushTransientTest,
                         ::testing::Values(TransientCase{"Maintenance503", 503, 120},
                                           TransientCase{"RateLimited429", 429, 30}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST_F(PushTest, BackoffGrowsWithAttemptsAndAUserPushIgnoresIt) {
  const int64_t id = queue_one(footprint_change(102, std::nullopt, "Resistor_SMD:R_0402_1005Metric"));
  Fault fault{FaultKind::kStatus, "/api/parameter/", 0, -1, 500};
  fault.method = "GET";
  fake_->add_fault(fault);
  auto summary = push();
  EXPECT_FALSE(summary.unreachable) << "a 500 is about this request, not the server";
  // random01 = 0.5: half of base * 2^(attempts-1).
  EXPECT_EQ(*entry(id).next_attempt_at - now_, std::chrono::milliseconds(2500));
  now_ += seconds(3);
  push();
  EXPECT_EQ(entry(id).attempts, 2);
  EXPECT_EQ(*entry(id).next_attempt_at - now_, std::chrono::milliseconds(5000));
  fake_->clear_faults();
  summary = push(kFakeToken, /*user_request=*/true);
  EXPECT_EQ(summary.written, 1);
  EXPECT_EQ(entry(id).state, OutboxState::kDone);
}

TEST_F(PushTest, UnreachableServerDefersTheEntryAndStopsThePass) {
  const auto a = queue_one(footprint_change(102, std::nullopt, "A"));
  const auto b = queue_one(footprint_change(103, std::nullopt, "B"));
  // The pass learns the API version first, then the entry's request finds the server gone.
  Fault down{FaultKind::kGoDown, "/api/parameter/"};
  fake_->add_fault(down);
  auto summary = push();
  EXPECT_TRUE(summary.unreachable);
  EXPECT_EQ(summary.examined, 1);
  EXPECT_EQ(entry(a).state, OutboxState::kPending);
  EXPECT_EQ(entry(a).attempts, 1);
  EXPECT_EQ(entry(b).attempts, 0) << "not tried: the pass stopped";
  EXPECT_FALSE(entry(b).next_attempt_at.has_value());
}

struct LostAnswerCase {
  const char* name;
  Fault fault;
};

class PushLostAnswerTest : public PushFixture, public ::testing::WithParamInterface<LostAnswerCase> {};

TEST_P(PushLostAnswerTest, WriteAppliedButAnswerLostIsWrittenExactlyOnce) {
  const int64_t id = queue_one(footprint_change(102, std::nullopt, "Resistor_SMD:R_0402_1005Metric"));
  fake_->add_fault(GetParam().fault);
  auto summary = push();
  EXPECT_EQ(entry(id).state, OutboxState::kDone) << entry(id).last_error;
  EXPECT_EQ(summary.written, 1);
  EXPECT_EQ(fake_parameters(*fake_, 102, kFootprintTemplate), std::vector<std::string>{"Resistor_SMD:R_0402_1005Metric"});
  EXPECT_EQ(writes_of(*fake_), std::vector<std::string>{"POST /api/parameter/"});
  EXPECT_EQ(fake_->counters().requests_by_method["POST"], 1) << "a POST that may have acted is never repeated blindly";
}

Fault post_fault(FaultKind kind, int status = 500) {
  Fault f{kind, "/api/parameter/", 0, 1, status};
  f.method = "POST";
  return f;
}

INSTANTIATE_TEST_SUITE_P(Faults, PushLostAnswerTest,
                         ::testing::Values(LostAnswerCase{"ConnectionDropped", post_fault(FaultKind::kDropConnection)},
                                           LostAnswerCase{"BadGateway", post_fault(FaultKind::kActThenStatus, 502)}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST_F(PushTest, LostAnswerWhileTheServerGoesDownIsSettledByTheNextPass) {
  const int64_t id = queue_one(footprint_change(102, std::nullopt, "Resistor_SMD:R_0402_1005Metric"));
  Fault f{FaultKind::kGoDown, "/api/parameter/", 0, 1};
  f.method = "POST";
  fake_->add_fault(f);
  auto summary = push();
  EXPECT_TRUE(summary.unreachable);
  EXPECT_EQ(entry(id).state, OutboxState::kPending);
  fake_->start(fake_->port());
  now_ += std::chrono::hours(1);
  summary = push();
  EXPECT_EQ(entry(id).state, OutboxState::kDone);
  EXPECT_EQ(fake_parameters(*fake_, 102, kFootprintTemplate), std::vector<std::string>{"Resistor_SMD:R_0402_1005Metric"});
  EXPECT_EQ(writes_of(*fake_), std::vector<std::string>{"POST /api/parameter/"});
}

TEST_F(PushTest, ConcurrentCreationIsDecidedAgain) {
  const auto same = queue_one(footprint_change(102, std::nullopt, "Resistor_SMD:R_0402_1005Metric"));
  const auto other = queue_one(footprint_change(103, std::nullopt, "Resistor_SMD:R_0402_1005Metric"));
  // Just before each POST arrives, someone else creates the parameter: the same value for
  // part 102, another one for part 103.
  fake_->set_request_hook([this](const std::string& path) {
    if (path != "/api/parameter/") return;
    const auto targets = fake_->counters().targets;
    if (targets.back() != "/api/parameter/") return;  // a GET carries a query
    fake_->edit([](storage::MirrorSnapshot& s) {
      const bool first = std::none_of(s.parameters.begin(), s.parameters.end(), [](const auto& p) {
        return p.part_id == 102 && p.template_id == kFootprintTemplate;
      });
      const int64_t part = first ? 102 : 103;
      s.parameters.push_back({9000 + part, part, kFootprintTemplate, first ? "Resistor_SMD:R_0402_1005Metric" : "Theirs"});
    });
  });
  auto summary = push();
  fake_->set_request_hook(nullptr);
  EXPECT_EQ(entry(same).state, OutboxState::kDone);
  EXPECT_EQ(entry(other).state, OutboxState::kConflict);
  EXPECT_EQ(entry(other).remote_value, "Theirs");
  EXPECT_EQ(summary.written, 0);
  EXPECT_TRUE(writes_of(*fake_).empty()) << "both POSTs were refused as duplicates";
  EXPECT_EQ(fake_parameters(*fake_, 103, kFootprintTemplate), std::vector<std::string>{"Theirs"});
}

TEST_F(PushTest, ValidationErrorFailsTheEntryWithInvenTreesMessage) {
  // (A value over InvenTree's 500 characters never reaches the queue: the Store refuses it,
  // StoreLimits tests that. A blank one does, and InvenTree refuses it with a 400.)
  const auto blank = queue_one(footprint_change(103, std::nullopt, "   "));
  auto summary = push();
  EXPECT_EQ(summary.failed, 1);
  EXPECT_TRUE(summary.completed());
  EXPECT_EQ(entry(blank).state, OutboxState::kFailed);
  EXPECT_NE(entry(blank).last_error.find("data: This field may not be blank."), std::string::npos)
      << entry(blank).last_error;
  EXPECT_NE(entry(blank).last_error.find("HTTP 400"), std::string::npos) << entry(blank).last_error;
  EXPECT_TRUE(writes_of(*fake_).empty());
  // Failed entries stay failed.
  summary = push(kFakeToken, true);
  EXPECT_EQ(summary.examined, 0);
}

TEST_F(PushTest, PartDeletedInInvenTreeFailsTheEntry) {
  const int64_t id = queue_one(footprint_change(105, std::nullopt, "Resistor_SMD:R_0402_1005Metric"));
  fake_->edit([](storage::MirrorSnapshot& s) {
    std::erase_if(s.parts, [](const auto& p) { return p.id == 105; });
    std::erase_if(s.parameters, [](const auto& p) { return p.part_id == 105; });
  });
  push();
  EXPECT_EQ(entry(id).state, OutboxState::kFailed);
  EXPECT_EQ(entry(id).last_error, "part 105 no longer exists in InvenTree");
  EXPECT_TRUE(writes_of(*fake_).empty());
}

struct CredentialsCase {
  const char* name;
  const char* token;
  const char* reason_part;
};

class PushCredentialsTest : public PushFixture, public ::testing::WithParamInterface<CredentialsCase> {};

TEST_P(PushCredentialsTest, RefusedTokenPausesUntilAGoodOneResumes) {
  const auto& c = GetParam();
  const auto a = queue_one(footprint_change(102, std::nullopt, "A"));
  const auto b = queue_one(footprint_change(103, std::nullopt, "B"));
  auto summary = push(c.token);
  ASSERT_TRUE(summary.paused.has_value());
  EXPECT_NE(summary.paused->find(c.reason_part), std::string::npos) << *summary.paused;
  EXPECT_EQ(summary.paused->find(c.token), std::string::npos) << "the token is never shown";
  auto pause = store_.writeback().outbox_pause();
  ASSERT_TRUE(pause.has_value());
  EXPECT_EQ(pause->reason, *summary.paused);
  EXPECT_EQ(entry(a).state, OutboxState::kPending);
  EXPECT_EQ(entry(a).attempts, 0) << "a refused token is no attempt of the entry";
  EXPECT_EQ(entry(b).attempts, 0);
  EXPECT_EQ(summary.deferred, 0);

  // Still refused: one request, and the queue stays paused.
  fake_->reset_counters();
  summary = push(c.token);
  EXPECT_TRUE(summary.paused.has_value());
  EXPECT_EQ(fake_->counters().requests, 1);
  EXPECT_TRUE(store_.writeback().outbox_pause().has_value());

  // A good token resumes without anyone lifting the pause.
  summary = push(kFakeToken);
  EXPECT_FALSE(summary.paused.has_value());
  EXPECT_FALSE(store_.writeback().outbox_pause().has_value());
  EXPECT_EQ(summary.written, 2);
  EXPECT_EQ(entry(a).state, OutboxState::kDone);
  EXPECT_EQ(entry(b).state, OutboxState::kDone);
}

INSTANTIATE_TEST_SUITE_P(Tokens, PushCredentialsTest,
                         ::testing::Values(CredentialsCase{"Forbidden403", "forbidden-token", "permission"},
                                           CredentialsCase{"Revoked401", "revoked-token", "Token has been revoked"}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST_F(PushTest, UserRequestedPushLiftsThePauseFirst) {
  queue_one(footprint_change(102, std::nullopt, "A"));
  store_.writeback().set_outbox_pause("InvenTree rejected the API token");
  auto summary = push(kFakeToken, /*user_request=*/true);
  EXPECT_FALSE(summary.paused.has_value());
  EXPECT_EQ(summary.written, 1);
  EXPECT_FALSE(store_.writeback().outbox_pause().has_value());
}

TEST_F(PushTest, MissingTemplateFailsUnlessCreatingThemIsAllowed) {
  auto symbol = [](int64_t part) {
    storage::OutboxChange c;
    c.part_id = part;
    c.field = storage::WritebackField::kSymbol;
    c.template_name = "KiCad Symbol";
    c.new_value = "Device:R";
    return c;
  };
  const auto first = queue_one(symbol(102));
  push();
  EXPECT_EQ(entry(first).state, OutboxState::kFailed);
  EXPECT_EQ(entry(first).last_error,
            "parameter template 'KiCad Symbol' does not exist in InvenTree; create it or set "
            "IMPORT_CREATE_MISSING_TEMPLATES");
  EXPECT_TRUE(writes_of(*fake_).empty());

  store_.configuration().set_settings({{"IMPORT_CREATE_MISSING_TEMPLATES", "true"}});
  const auto ids = queue({symbol(103), symbol(104)});
  store_.writeback().retry_outbox_entry(first);
  auto summary = push();
  EXPECT_EQ(summary.written, 3);
  const auto templates = fake_->data().templates;
  ASSERT_EQ(templates.size(), 5u);
  const auto& created = templates.back();
  EXPECT_EQ(created.name, "KiCad Symbol");
  EXPECT_EQ(created.units, "");
  for (int64_t id : {first, ids[0], ids[1]}) {
    EXPECT_EQ(entry(id).state, OutboxState::kDone);
    EXPECT_EQ(entry(id).change.template_id, created.id) << "the template found is recorded";
  }
  EXPECT_EQ(fake_parameters(*fake_, 103, created.id), std::vector<std::string>{"Device:R"});
  EXPECT_EQ(writes_of(*fake_), (std::vector<std::string>{"POST /api/parameter/template/", "POST /api/parameter/",
                                                         "POST /api/parameter/", "POST /api/parameter/"}));
}

TEST_F(PushTest, TemplateIsFoundByNameInAnyLetterCase) {
  auto c = footprint_change(102, std::nullopt, "Resistor_SMD:R_0402_1005Metric", std::nullopt);
  c.template_name = "kicad FOOTPRINT";
  const int64_t id = queue_one(c);
  push();
  EXPECT_EQ(entry(id).state, OutboxState::kDone);
  EXPECT_EQ(entry(id).change.template_id, kFootprintTemplate);
  EXPECT_EQ(writes_of(*fake_), std::vector<std::string>{"POST /api/parameter/"});
}

TEST_F(PushTest, DatasheetLinkIsUpdatedOrAttached) {
  const auto update = queue_one(datasheet_change(101, "https://example.com/r1.pdf", "https://example.com/r1-rev2.pdf"));
  const auto padded = queue_one(datasheet_change(102, "https://example.com/r2.pdf", "https://example.com/r2-rev2.pdf"));
  const auto attach = queue_one(datasheet_change(103, std::nullopt, "https://example.com/r3.pdf"));
  auto summary = push();
  EXPECT_EQ(summary.written, 3);
  for (int64_t id : {update, padded, attach}) EXPECT_EQ(entry(id).state, OutboxState::kDone) << entry(id).last_error;
  EXPECT_EQ(fake_attachments(*fake_, 101).at(0).link, "https://example.com/r1-rev2.pdf");
  EXPECT_EQ(fake_attachments(*fake_, 102).at(0).link, "https://example.com/r2-rev2.pdf");
  const auto on_103 = fake_attachments(*fake_, 103);
  ASSERT_EQ(on_103.size(), 2u);
  EXPECT_EQ(on_103[0].comment, "photo");
  EXPECT_EQ(on_103[1].link, "https://example.com/r3.pdf");
  EXPECT_EQ(on_103[1].comment, "Datasheet");
  EXPECT_EQ(writes_of(*fake_), (std::vector<std::string>{"PATCH /api/attachment/1/", "PATCH /api/attachment/2/",
                                                         "POST /api/attachment/"}));
}

TEST_F(PushTest, DatasheetConflictAndFileAttachmentsAreNotLinks) {
  // Part 104's "datasheet" is a file: there is no datasheet link, so one is attached.
  const auto file = queue_one(datasheet_change(104, std::nullopt, "https://example.com/r4.pdf"));
  const auto conflict = queue_one(datasheet_change(101, "https://example.com/old.pdf", "https://example.com/new.pdf"));
  push();
  EXPECT_EQ(entry(file).state, OutboxState::kDone);
  EXPECT_EQ(entry(conflict).state, OutboxState::kConflict);
  EXPECT_EQ(entry(conflict).remote_value, "https://example.com/r1.pdf");
  EXPECT_EQ(writes_of(*fake_), std::vector<std::string>{"POST /api/attachment/"});
}

TEST_F(PushTest, EntriesOfOnePartAreSentInOrder) {
  // Two imports change the same footprint: each value is written once, the later one last.
  const auto first = queue_one(footprint_change(101, kPart101Footprint, "Step:One"));
  const auto second = queue_one(footprint_change(101, "Step:One", "Step:Two"));
  auto summary = push();
  EXPECT_EQ(summary.written, 2);
  EXPECT_EQ(entry(first).state, OutboxState::kDone);
  EXPECT_EQ(entry(second).state, OutboxState::kDone);
  EXPECT_EQ(fake_parameters(*fake_, 101, kFootprintTemplate), std::vector<std::string>{"Step:Two"});
  const std::string patch = "PATCH /api/parameter/" + std::to_string(part101_footprint_pk(*fake_)) + "/";
  EXPECT_EQ(writes_of(*fake_), (std::vector<std::string>{patch, patch}));
}

TEST_F(PushTest, AnEntryThatMustWaitHoldsBackItsPartOnly) {
  const int64_t pk = part101_footprint_pk(*fake_);
  const auto first = queue_one(footprint_change(101, kPart101Footprint, "Step:One"));
  const auto second = queue_one(footprint_change(101, "Step:One", "Step:Two"));
  const auto elsewhere = queue_one(footprint_change(102, std::nullopt, "Other:Part"));
  Fault fault{FaultKind::kStatus, "/api/parameter/" + std::to_string(pk) + "/", 0, -1, 500};
  fault.method = "PATCH";
  fake_->add_fault(fault);
  auto summary = push();
  EXPECT_EQ(summary.deferred, 1);
  EXPECT_EQ(summary.waiting, 1);
  EXPECT_EQ(entry(first).state, OutboxState::kPending);
  EXPECT_EQ(entry(second).state, OutboxState::kPending);
  EXPECT_EQ(entry(second).attempts, 0) << "never sent before the first";
  EXPECT_EQ(entry(elsewhere).state, OutboxState::kDone);

  fake_->clear_faults();
  summary = push();  // the first is not due yet: its part waits
  EXPECT_EQ(summary.waiting, 2);
  EXPECT_EQ(entry(second).state, OutboxState::kPending);
  now_ += std::chrono::minutes(1);
  summary = push();
  EXPECT_EQ(entry(first).state, OutboxState::kDone);
  EXPECT_EQ(entry(second).state, OutboxState::kDone);
  EXPECT_EQ(fake_parameters(*fake_, 101, kFootprintTemplate), std::vector<std::string>{"Step:Two"});
}

TEST_F(PushTest, ConflictDoesNotHoldBackTheNextEntryOfItsPart) {
  fake_->edit([](storage::MirrorSnapshot& s) {
    for (auto& p : s.parameters) {
      if (p.part_id == 101 && p.template_id == kFootprintTemplate) p.data = "Theirs";
    }
  });
  const auto first = queue_one(footprint_change(101, kPart101Footprint, "Mine"));
  const auto datasheet = queue_one(datasheet_change(101, "https://example.com/r1.pdf", "https://example.com/new.pdf"));
  push();
  EXPECT_EQ(entry(first).state, OutboxState::kConflict);
  EXPECT_EQ(entry(datasheet).state, OutboxState::kDone);
}

TEST_F(PushTest, EntryDroppedWhileBeingSentIsLeftAlone) {
  const int64_t id = queue_one(footprint_change(102, std::nullopt, "Resistor_SMD:R_0402_1005Metric"));
  fake_->set_request_hook([&](const std::string& path) {
    if (path == "/api/parameter/" && fake_->counters().targets.back() == "/api/parameter/") store_.writeback().drop_outbox_entry(id);
  });
  auto summary = push();
  fake_->set_request_hook(nullptr);
  EXPECT_EQ(entry(id).state, OutboxState::kDropped);
  EXPECT_TRUE(summary.settled.empty());
  EXPECT_EQ(summary.done, 0);
}

class PushLegacyTest : public PushFixture {
 protected:
  // Legacy parameters (< 430) and legacy attachments (< 207).
  PushLegacyTest() : PushFixture(206) {}
};

TEST_F(PushLegacyTest, UsesThePartParameterAndPartAttachmentEndpoints) {
  const int64_t pk = part101_footprint_pk(*fake_);
  store_.configuration().set_settings({{"IMPORT_CREATE_MISSING_TEMPLATES", "true"}});
  storage::OutboxChange symbol;
  symbol.part_id = 102;
  symbol.field = storage::WritebackField::kSymbol;
  symbol.template_name = "KiCad Symbol";
  symbol.new_value = "Device:R";
  const auto ids = queue({footprint_change(101, kPart101Footprint, "Resistor_SMD:R_0402_1005Metric"),
                          footprint_change(102, std::nullopt, "Resistor_SMD:R_0805_2012Metric"), symbol,
                          datasheet_change(103, std::nullopt, "https://example.com/r3.pdf")});
  auto summary = push();
  EXPECT_EQ(summary.written, 4);
  for (int64_t id : ids) EXPECT_EQ(entry(id).state, OutboxState::kDone) << entry(id).last_error;
  EXPECT_EQ(writes_of(*fake_),
            (std::vector<std::string>{"PATCH /api/part/parameter/" + std::to_string(pk) + "/", "POST /api/part/parameter/",
                                      "POST /api/part/parameter/template/", "POST /api/part/parameter/",
                                      "POST /api/part/attachment/"}));
  EXPECT_EQ(fake_parameters(*fake_, 102, kFootprintTemplate), std::vector<std::string>{"Resistor_SMD:R_0805_2012Metric"});
  EXPECT_EQ(fake_attachments(*fake_, 103).back().link, "https://example.com/r3.pdf");
  for (const auto& target : fake_->counters().targets) {
    EXPECT_EQ(target.find("model_id"), std::string::npos) << target;
  }
}

TEST_F(PushTest, WrittenValuesReachTheNextPull) {
  queue({footprint_change(102, std::nullopt, "Resistor_SMD:R_0402_1005Metric"),
         datasheet_change(103, std::nullopt, "https://example.com/r3.pdf")});
  push();
  inventree::Client client(fast_client_options(*fake_));
  sync::Puller puller(client, sync::PullOptions{});
  const auto pulled = puller.pull().snapshot;
  bool parameter = false;
  for (const auto& p : pulled.parameters) {
    parameter |= p.part_id == 102 && p.template_id == kFootprintTemplate && p.data == "Resistor_SMD:R_0402_1005Metric";
  }
  EXPECT_TRUE(parameter);
  bool datasheet = false;
  for (const auto& a : pulled.attachments) datasheet |= a.part_id == 103 && a.link == "https://example.com/r3.pdf";
  EXPECT_TRUE(datasheet);
}

}  // namespace
}  // namespace kibridge::testing
