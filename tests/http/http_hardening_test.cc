// What an unauthenticated client can do to the HTTP front: hold many slow or idle
// connections, burst connections, send oversized heads, frame a request ambiguously, pipeline
// requests, ask HEAD. Each test names the defect it guards, and asserts what does not depend on
// the machine's speed: who is answered, with what, and in which order (KiCad answered while the
// other clients are still held). How fast — the latency targets of server/http/http_server.h —
// is measured by `make bench` (tools/bench/held_connections_bench.h), not here: a wall-clock
// bound in a unit test fails on a loaded machine without any defect.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/http/kicad_routes.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"

namespace kibridge::testing {
namespace {

const std::string kCategories = std::string(http::kKicadApiPrefix) + "/categories.json";

// KiCad's categories.json on a fresh connection: the body when answered 200, else nullopt.
std::optional<std::string> kicad_categories(TestServer& server) {
  auto reader = server.reader();
  auto res = reader.Get(kCategories);
  if (!res || res->status != 200) return std::nullopt;
  return res->body;
}

// How many of `connections` the server has neither answered nor closed yet.
size_t still_held(const std::vector<std::unique_ptr<RawConnection>>& connections) {
  return static_cast<size_t>(
      std::count_if(connections.begin(), connections.end(), [](const auto& c) { return c->untouched(); }));
}

std::string get(const std::string& path, const std::string& extra_headers = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

// The production settings, not the small test ones: a 5 s keep-alive and a pool that
// starts with few threads.
http::HttpServerOptions production_like() {
  http::HttpServerOptions options;
  options.worker_threads = 4;
  options.keep_alive_seconds = 5;
  return options;
}

class HttpHardeningTest : public ::testing::Test {
 protected:
  void SetUp() override { sample::seed(server_.store()); }
  std::string authorization() const { return "Authorization: Token " + server_.read_token() + "\r\n"; }

  TestServer server_;
};

// 70 clients sending one header line every 2 s blocked every other request (categories.json
// waited 32 s); 200 answered nothing within 44 s. KiCad must be answered, with the same body
// as on an idle server, while all 200 heads are still unfinished (none answered or cut yet:
// the 10 s head deadline is the margin), and the slow clients are served once their heads
// end. The latency under this load is `bench held-connections` (target: p95 < 1 s).
TEST(HttpHardeningLoadTest, SlowHeaderClientsDoNotHoldKicadBack) {
  TestServer server(production_like());
  sample::seed(server.store());
  const auto unloaded = kicad_categories(server);
  ASSERT_TRUE(unloaded);
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 200; ++i) {
    slow.push_back(std::make_unique<RawConnection>(server.port(), 10));
    ASSERT_TRUE(slow.back()->send("GET " + kCategories + " HTTP/1.1\r\n")) << i;
  }
  for (int round = 0; round < 2; ++round) {
    for (auto& c : slow) c->send("X-Slow: " + std::to_string(round) + "\r\n");
    EXPECT_EQ(kicad_categories(server), unloaded) << "round " << round;
    EXPECT_EQ(still_held(slow), slow.size()) << "round " << round << ": KiCad was answered only after slow clients";
  }
  for (auto& c : slow) c->send("Connection: close\r\n\r\n");
  for (auto& c : slow) EXPECT_EQ(parse_raw_response(c->receive()).status, 401);  // no token: served, refused
}

// 200 idle keep-alive connections delayed a request by 10.9 s. KiCad must be answered while all
// 200 are still held open (a 30 s keep-alive here: the order, not the machine's speed, decides;
// the defect held KiCad's request until keep-alive connections expired, past the client's 10 s).
// The latency under this load is `bench held-connections` (target: p95 < 1 s).
TEST(HttpHardeningLoadTest, IdleKeepAliveConnectionsDoNotHoldKicadBack) {
  auto options = production_like();
  options.keep_alive_seconds = 30;
  TestServer server(options);
  sample::seed(server.store());
  const auto unloaded = kicad_categories(server);
  ASSERT_TRUE(unloaded);
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 200; ++i) {
    idle.push_back(std::make_unique<RawConnection>(server.port()));
    ASSERT_TRUE(idle.back()->send(get("/api/health"))) << i;
  }
  for (auto& c : idle) ASSERT_EQ(count_complete_responses(c->receive()), 1u);  // all held, idle
  EXPECT_EQ(kicad_categories(server), unloaded);
  // Each idle connection is still open: held, not closed to make room for KiCad.
  for (size_t i = 0; i < idle.size(); ++i) {
    ASSERT_TRUE(idle[i]->send(get("/api/health"))) << i;
    EXPECT_EQ(count_complete_responses(idle[i]->receive(2)), 2u) << i;
  }
}

// A burst of 100 connections overflowed a listen backlog of 5 and 14 were reset.
TEST(HttpHardeningLoadTest, BurstOfFiveHundredConnectionsLosesNone) {
  TestServer server(production_like());
  constexpr int kBurst = 500;
  std::vector<std::unique_ptr<RawConnection>> burst;
  for (int i = 0; i < kBurst; ++i) burst.push_back(std::make_unique<RawConnection>(server.port(), 20));
  int answered = 0;
  for (auto& c : burst) c->send(get("/api/health"));
  for (auto& c : burst) answered += parse_raw_response(c->receive()).status == 200;
  EXPECT_EQ(answered, kBurst);
}

// A head that trickles in is cut at its deadline with 408, freeing its thread: bytes keep
// arriving (so httplib's per-read timeout never trips), but the head never ends. The order
// decides, not a stopwatch: the 408 must come while the client is still trickling (for up to
// 18 s, 60 lines, under the 64-line cap; without a whole-head deadline nothing answers a head
// that keeps arriving until that cap's 431).
TEST(HttpHardeningLoadTest, HeadNotDoneByTheDeadlineIs408) {
  auto options = TestServer::small_options();
  options.header_deadline = std::chrono::milliseconds(2000);
  TestServer server(options);
  RawConnection slow(server.port());
  ASSERT_TRUE(slow.send("GET /api/health HTTP/1.1\r\n"));
  // A line every 0.3 s, each well within any per-read timeout, never finishing the head, until
  // the server speaks. A send may already meet the 408 and a closed socket: the send's result
  // is not the point, the answer is.
  bool trickling = true;
  for (int i = 0; i < 60 && (trickling = slow.untouched()); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    slow.send("X-Slow: " + std::to_string(i) + "\r\n");
  }
  EXPECT_FALSE(trickling) << "no answer within 18 s of a head still arriving";
  const auto res = parse_raw_response(slow.receive());
  EXPECT_EQ(res.status, 408) << res.head;
  EXPECT_TRUE(slow.closed_by_server());
}

// Only each header line was capped: 200,000 lines (18 MB) were accepted.
TEST_F(HttpHardeningTest, TooManyHeaderLinesIs431AndCloses) {
  std::string lines;
  for (int i = 0; i < 65; ++i) lines += "X-Filler-" + std::to_string(i) + ": x\r\n";
  RawConnection c(server_.port());
  ASSERT_TRUE(c.send(get(kCategories, authorization() + lines)));
  const auto res = parse_raw_response(c.receive());
  EXPECT_EQ(res.status, 431) << res.head;
  EXPECT_NE(res.body.find("\"detail\""), std::string::npos) << res.body;
  EXPECT_TRUE(c.closed_by_server());

  // 64 lines in all (the limit) still pass.
  lines.clear();
  for (int i = 0; i < 61; ++i) lines += "X-Filler-" + std::to_string(i) + ": x\r\n";
  EXPECT_EQ(parse_raw_response(server_.raw_exchange(get(kCategories, authorization() + lines))).status, 200);
}

TEST_F(HttpHardeningTest, HeadersOverTheByteLimitAre431) {
  const std::string big(7000, 'x');
  std::string lines;
  for (int i = 0; i < 5; ++i) lines += "X-Big-" + std::to_string(i) + ": " + big + "\r\n";  // 35 KB > 32 KiB
  EXPECT_EQ(parse_raw_response(server_.raw_exchange(get(kCategories, authorization() + lines))).status, 431);
  lines.clear();
  for (int i = 0; i < 4; ++i) lines += "X-Big-" + std::to_string(i) + ": " + big + "\r\n";  // 28 KB
  EXPECT_EQ(parse_raw_response(server_.raw_exchange(get(kCategories, authorization() + lines))).status, 200);
}

// An endless head is not read to its end: the server answers and closes once over the limit
// (after at most 1 MiB of lingering drain), so the client's sending fails once the socket
// buffers (a few MB on loopback) are full, long before its 64 MB are out.
TEST_F(HttpHardeningTest, EndlessHeadIsCutAtTheLimit) {
  RawConnection c(server_.port());
  ASSERT_TRUE(c.send("GET /api/health HTTP/1.1\r\n"));
  std::string chunk;
  for (int i = 0; i < 1000; ++i) chunk += "X-Endless: yes\r\n";
  constexpr int kChunks = 4000;  // 16 KB each
  int sent = 0;
  while (sent < kChunks && c.send(chunk)) ++sent;
  EXPECT_LT(sent, kChunks);
}

// RFC 9112 6.3: two different Content-Length headers, or a signed one, were accepted.
TEST_F(HttpHardeningTest, AmbiguousContentLengthIs400) {
  const std::string admin = "Authorization: Token " + server_.admin_token() + "\r\nContent-Type: application/json\r\n";
  for (const std::string lengths : {"Content-Length: 2\r\nContent-Length: 3\r\n", "Content-Length: +2\r\n",
                                    "Content-Length: 2, 2\r\n", "Content-Length: -1\r\n"}) {
    const auto res = parse_raw_response(server_.raw_exchange(
        "PATCH /api/settings/ HTTP/1.1\r\nHost: x\r\n" + admin + lengths + "\r\n{}"));
    EXPECT_EQ(res.status, 400) << lengths << res.head;
  }
  // The same request, framed properly, is fine.
  const auto ok = parse_raw_response(server_.raw_exchange(
      "PATCH /api/settings/ HTTP/1.1\r\nHost: x\r\n" + admin + "Content-Length: 2\r\n\r\n{}"));
  EXPECT_EQ(ok.status, 200) << ok.head << ok.body;
}

// Two requests pipelined in one segment got one answer and a 5 s stall. The stall shows as a
// missing answer: the connection's 3 s receive timeout ends the wait before a 5 s stall would.
TEST_F(HttpHardeningTest, PipelinedRequestsAreEachAnswered) {
  RawConnection c(server_.port(), 3);
  ASSERT_TRUE(c.send(get(kCategories, authorization()) + get("/api/health") + get(kCategories, authorization())));
  const std::string& raw = c.receive(3);
  EXPECT_EQ(count_complete_responses(raw), 3u) << raw;
}

// HEAD on the KiCad routes answered 404 while GET answered 200.
TEST_F(HttpHardeningTest, HeadOnKicadRoutesAnswersLikeGet) {
  const auto full = parse_raw_response(server_.raw_exchange(get(kCategories, authorization())));
  ASSERT_EQ(full.status, 200);
  for (const std::string& path : {kCategories, std::string(http::kKicadApiPrefix) + "/parts/category/2.json",
                                 std::string(http::kKicadApiPrefix) + "/parts/101.json"}) {
    RawConnection c(server_.port());
    ASSERT_TRUE(c.send("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n" + authorization() + "\r\n"));
    const auto res = parse_raw_response(c.receive(1, /*head_only=*/true));
    EXPECT_EQ(res.status, 200) << path;
    EXPECT_TRUE(res.body.empty()) << path;
    if (path == kCategories) {
      EXPECT_NE(res.head.find("Content-Length: " + std::to_string(full.body.size())), std::string::npos) << res.head;
    }
  }
}

}  // namespace
}  // namespace kibridge::testing
