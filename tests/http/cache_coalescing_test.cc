// ResponseCache under concurrent writes (issue 10): concurrent API writes share re-renders
// instead of each re-rendering every listing in turn, a write's answer still guarantees that
// the next GET shows it, and a re-render that fails after the write committed does not turn
// the write into a 5xx.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "server/http/kicad_routes.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"
#include "tests/support/route_paths.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;


class CacheCoalescingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ids_ = sample::seed(server_.store());
    server_.cache().warm();
  }
  uint64_t renders() { return server_.cache().stats().renders; }
  // A settings write: a change to everything, so it re-renders categories.json and every listing.
  int toggle_ipn(httplib::Client& admin, bool on) {
    auto res = admin.Put("/api/settings/KICAD_INCLUDE_IPN/",
                         on ? R"({"value": "include_visible"})" : R"({"value": "dont_include"})", "application/json");
    return res ? res->status : 0;
  }
  json part_101() {
    auto res = reader_.Get(kKicad + "/parts/101.json");
    return res && res->status == 200 ? json_of(res->body) : json();
  }

  TestServer server_;
  sample::KicadIds ids_;
  httplib::Client reader_ = server_.reader();
};

// 100 parallel admin writes took 41-55 s: each re-rendered every listing before answering.
TEST_F(CacheCoalescingTest, ParallelWritesShareRerenders) {
  auto admin = server_.admin();
  uint64_t before = renders();
  ASSERT_EQ(toggle_ipn(admin, true), 200);
  const uint64_t per_write = renders() - before;
  ASSERT_GT(per_write, 1u);

  // Renders slow enough (20 ms a body) that the writes overlap them, as they do at scale.
  server_.cache().set_render_hook_for_testing([](const kicad::CacheKey&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  });
  constexpr int kWriters = 100;
  before = renders();
  std::atomic<int> ok{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      auto client = server_.admin();
      ok += toggle_ipn(client, i % 2 == 0) == 200;
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(ok, kWriters);
  // One re-render per write would be kWriters * per_write; coalesced, a few batches do.
  EXPECT_LT(renders() - before, kWriters * per_write / 4) << per_write << " renders per lone write";
}

// While other writes keep re-renders busy, every write's answer is followed by a GET that
// shows it (a re-render that started before the write must not count for it).
TEST_F(CacheCoalescingTest, GetAfterAWritesAnswerSeesItUnderConcurrentWrites) {
  server_.cache().set_render_hook_for_testing([](const kicad::CacheKey&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  });
  std::atomic<bool> stop{false};
  std::vector<std::thread> noise;
  for (int i = 0; i < 4; ++i) {
    noise.emplace_back([&, i] {
      auto client = server_.admin();
      for (int j = 0; !stop; ++j) toggle_ipn(client, (i + j) % 2 == 0);
    });
  }
  auto admin = server_.admin();
  for (int j = 0; j < 20; ++j) {
    const std::string symbol = "Device:R_v" + std::to_string(j);
    auto res = admin.Patch(kCategoryApi + std::to_string(ids_.resistors) + "/",
                           json{{"default_symbol", symbol}}.dump(), "application/json");
    ASSERT_TRUE(res && res->status == 200);
    EXPECT_EQ(part_101()["symbolIdStr"], symbol) << "write " << j;
  }
  stop = true;
  for (auto& t : noise) t.join();
}

// Cache invalidation ran after the commit and could throw: a committed write answered 500.
TEST_F(CacheCoalescingTest, FailedRerenderAfterCommitStillAnswersTheWrite) {
  ASSERT_EQ(part_101()["symbolIdStr"], "Device:R");
  std::atomic<bool> fail{true};
  server_.cache().set_render_hook_for_testing([&](const kicad::CacheKey&) {
    if (fail.exchange(false)) throw std::runtime_error("injected render failure");
  });
  auto admin = server_.admin();
  auto res = admin.Patch(kCategoryApi + std::to_string(ids_.resistors) + "/", R"({"default_symbol": "Device:R_Small"})",
                         "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_FALSE(fail);  // the failure did happen
  // What could not be re-rendered is rendered from the store on request.
  EXPECT_EQ(part_101()["symbolIdStr"], "Device:R_Small");
  auto listing = reader_.Get(kKicad + "/parts/category/" + std::to_string(sample::kResistors) + ".json");
  ASSERT_TRUE(listing && listing->status == 200);
  EXPECT_NE(listing->body.find("Device:R_Small"), std::string::npos);
}

}  // namespace
}  // namespace kibridge::testing
