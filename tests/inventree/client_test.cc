// The InvenTree client against the fake: auth failures, each transient fault and its retry,
// timeouts, pagination, cancellation.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "server/inventree/client.h"
#include "tests/sync/sync_support.h"

namespace kibridge::inventree {
namespace {

using fake_inventree::Fault;
using fake_inventree::FaultKind;
using std::chrono::milliseconds;
using testing::fast_client_options;
using testing::RecordedPauses;
using testing::started_fake;

InvenTreeError error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const InvenTreeError& e) {
    return e;
  }
  ADD_FAILURE() << "no InvenTreeError thrown";
  return InvenTreeError(ErrorKind::kCancelled, "none");
}

TEST(Client, ReadsTheApiRootWithoutCredentials) {
  auto fake = started_fake(512);
  Client client(fast_client_options(*fake, nullptr, ""));
  auto info = client.server_info();
  EXPECT_EQ(info.api_version, 512);
  EXPECT_EQ(info.server, "InvenTree");
}

TEST(Client, CredentialProblemsAreReportedAtOnceAndNotRetried) {
  auto fake = started_fake();
  struct Case {
    std::string token;
    int status;
    std::string detail;
  };
  for (const Case& c : {Case{"", 401, "Authentication credentials were not provided."},
                        Case{"wrong-token-123", 401, "Invalid token."},
                        Case{"revoked-token", 401, "Token has been revoked"},
                        Case{"expired-token", 401, "Token has expired"},
                        Case{"forbidden-token", 403, "You do not have permission to perform this action."}}) {
    fake->reset_counters();
    auto pauses = std::make_shared<RecordedPauses>();
    Client client(fast_client_options(*fake, pauses, c.token));
    auto e = error_of([&] { client.get("/api/part/category/", {{"limit", "10"}}); });
    EXPECT_EQ(e.kind(), ErrorKind::kCredentials) << c.token;
    EXPECT_EQ(e.http_status(), c.status) << c.token;
    EXPECT_NE(std::string(e.what()).find(c.detail), std::string::npos) << e.what();
    if (!c.token.empty()) {
      EXPECT_EQ(std::string(e.what()).find(c.token), std::string::npos) << "token leaked";
    }
    EXPECT_EQ(fake->counters().requests, 1) << c.token;
    EXPECT_EQ(pauses->count(), 0u);
  }
}

TEST(Client, UnknownEndpointIsNotFound) {
  auto fake = started_fake(534);
  Client client(fast_client_options(*fake));
  auto e = error_of([&] { client.get("/api/part/parameter/"); });  // removed in API 430
  EXPECT_EQ(e.kind(), ErrorKind::kNotFound);
  EXPECT_NE(std::string(e.what()).find("API endpoint not found"), std::string::npos);
}

struct TransientCase {
  const char* name;
  Fault fault;
  ErrorKind kind;
};

class ClientTransient : public ::testing::TestWithParam<TransientCase> {};

TEST_P(ClientTransient, IsRetriedWithBackoffThenSucceeds) {
  auto fake = started_fake();
  Fault f = GetParam().fault;
  f.path = "/api/part/category/";
  f.times = 2;
  fake->add_fault(f);
  auto pauses = std::make_shared<RecordedPauses>();
  Client client(fast_client_options(*fake, pauses));
  auto page = client.get("/api/part/category/", {{"limit", "100"}});
  EXPECT_EQ(page["count"], 4);
  ASSERT_EQ(pauses->count(), 2u);
  EXPECT_EQ(pauses->notices[0].kind, GetParam().kind);
  EXPECT_EQ(pauses->notices[1].retry, 2);
  EXPECT_EQ(client.stats().retries, 2);
  EXPECT_EQ(client.stats().requests, 3);
}

TEST_P(ClientTransient, GivesUpAfterMaxAttemptsWithTheKind) {
  auto fake = started_fake();
  Fault f = GetParam().fault;
  f.path = "/api/part/category/";
  f.times = -1;
  fake->add_fault(f);
  auto pauses = std::make_shared<RecordedPauses>();
  Client client(fast_client_options(*fake, pauses));
  auto e = error_of([&] { client.get("/api/part/category/", {{"limit", "100"}}); });
  EXPECT_EQ(e.kind(), GetParam().kind);
  EXPECT_NE(std::string(e.what()).find("gave up after 4 attempts"), std::string::npos) << e.what();
  EXPECT_EQ(pauses->count(), 3u);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, ClientTransient,
    ::testing::Values(TransientCase{"Http500", Fault{FaultKind::kStatus, "", 0, 1, 500}, ErrorKind::kServer},
                      TransientCase{"Maintenance503", Fault{FaultKind::kStatus, "", 0, 1, 503}, ErrorKind::kServer},
                      TransientCase{"RateLimited429", Fault{FaultKind::kStatus, "", 0, 1, 429, 2}, ErrorKind::kRateLimited},
                      TransientCase{"DroppedMidBody", Fault{FaultKind::kDropConnection}, ErrorKind::kConnection},
                      TransientCase{"MalformedJson", Fault{FaultKind::kMalformedJson}, ErrorKind::kMalformed}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Client, HonoursRetryAfter) {
  auto fake = started_fake();
  fake->add_fault(Fault{FaultKind::kStatus, "/api/part/", 0, 1, 429, 7});
  auto pauses = std::make_shared<RecordedPauses>();
  Client client(fast_client_options(*fake, pauses));
  client.get("/api/part/", {{"limit", "1"}});
  ASSERT_EQ(pauses->count(), 1u);
  EXPECT_EQ(pauses->pauses[0], milliseconds(7000));  // not the 50 ms backoff
}

TEST(Client, ConnectionRefusedIsRetriedThenReported) {
  auto fake = started_fake();
  fake->stop();
  auto pauses = std::make_shared<RecordedPauses>();
  Client client(fast_client_options(*fake, pauses));
  auto e = error_of([&] { client.server_info(); });
  EXPECT_EQ(e.kind(), ErrorKind::kConnection);
  EXPECT_EQ(pauses->count(), 3u);
  EXPECT_NE(std::string(e.what()).find("cannot connect"), std::string::npos) << e.what();
}

TEST(Client, SlowAnswerIsATimeout) {
  auto fake = started_fake();
  fake->add_fault(Fault{FaultKind::kLatency, "/api/part/", 0, -1, 0, std::nullopt, milliseconds(1500)});
  auto options = fast_client_options(*fake);
  options.read_timeout = milliseconds(300);
  options.retry.max_attempts = 2;
  Client client(options);
  auto e = error_of([&] { client.get("/api/part/", {{"limit", "1"}}); });
  EXPECT_EQ(e.kind(), ErrorKind::kTimeout) << e.what();
}

TEST(Client, PostIsNotRepeatedWhenTheServerMayHaveActed) {
  auto fake = started_fake();
  fake->add_fault(Fault{FaultKind::kStatus, "/api/parameter/", 0, -1, 500});
  auto pauses = std::make_shared<RecordedPauses>();
  Client client(fast_client_options(*fake, pauses));
  nlohmann::json body = {{"model_type", "part.part"}, {"model_id", 101}, {"template", 4}, {"data", "x"}};
  auto e = error_of([&] { client.request(Method::kPost, "/api/parameter/", {}, &body); });
  EXPECT_EQ(e.kind(), ErrorKind::kServer);
  EXPECT_EQ(pauses->count(), 0u);
  EXPECT_EQ(fake->counters().requests_by_path["/api/parameter/"], 1);
}

TEST(Client, ListPagesWithLimitAndOverlapUntilTheCount) {
  auto fake = started_fake();
  Client client(fast_client_options(*fake));
  std::vector<int64_t> seen;
  ListOptions options;
  options.page_size = 5;
  options.overlap = 1;
  auto summary = client.list(
      "/api/part/", {{"ordering", "id"}}, options, [&](nlohmann::json& item) { seen.push_back(item["pk"].get<int64_t>()); },
      [&](int64_t count) { EXPECT_EQ(count, 12); });
  // Offsets 0, 4, 8: 5 + 5 + 4 items, the page boundaries seen twice.
  EXPECT_EQ(summary.pages, 3);
  EXPECT_EQ(summary.items, 14);
  EXPECT_EQ(summary.first_count, 12);
  EXPECT_EQ(seen.front(), 101);
  EXPECT_EQ(seen.back(), 112);
  for (const auto& target : fake->counters().targets) EXPECT_NE(target.find("limit=5"), std::string::npos) << target;
}

TEST(Client, ListRefetchesAMalformedPageAndKeepsPaging) {
  auto fake = started_fake();
  fake->add_fault(Fault{FaultKind::kMalformedJson, "/api/part/", 1, 1});
  auto pauses = std::make_shared<RecordedPauses>();
  Client client(fast_client_options(*fake, pauses));
  ListOptions options;
  options.page_size = 5;
  std::set<int64_t> seen;
  auto summary = client.list("/api/part/", {{"ordering", "id"}}, options,
                             [&](nlohmann::json& item) { seen.insert(item["pk"].get<int64_t>()); });
  EXPECT_EQ(seen.size(), 12u);
  EXPECT_EQ(pauses->count(), 1u);
  EXPECT_EQ(pauses->notices[0].kind, ErrorKind::kMalformed);
  EXPECT_EQ(summary.last_count, 12);
}

TEST(Client, WithoutLimitInvenTreeAnswersABareArray) {
  auto fake = started_fake();
  Client client(fast_client_options(*fake));
  auto all = client.get("/api/part/");
  ASSERT_TRUE(all.is_array());
  EXPECT_EQ(all.size(), 12u);
}

TEST(Client, CancelInterruptsABackoffPause) {
  auto fake = started_fake();
  fake->add_fault(Fault{FaultKind::kStatus, "/api/part/", 0, -1, 503});
  auto options = fast_client_options(*fake);
  options.sleep = nullptr;  // the real, interruptible pause
  options.retry.base_delay = milliseconds(60000);
  options.retry.max_delay = milliseconds(60000);
  options.random01 = [] { return 0.99; };
  Client client(options);
  std::thread canceller([&] {
    std::this_thread::sleep_for(milliseconds(200));
    client.cancel();
  });
  const auto started = std::chrono::steady_clock::now();
  auto e = error_of([&] { client.get("/api/part/", {{"limit", "1"}}); });
  canceller.join();
  EXPECT_EQ(e.kind(), ErrorKind::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
}

}  // namespace
}  // namespace kibridge::inventree
