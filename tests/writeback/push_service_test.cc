// The background pusher of `kibridge serve` and its HTTP trigger: pushes at start, when woken,
// when a retry falls due, on POST /api/outbox/push; stops promptly.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <future>

#include <nlohmann/json.hpp>

#include "server/auth/token_auth.h"
#include "server/http/http_server.h"
#include "server/http/push_api.h"
#include "server/kicad/response_cache.h"
#include "server/writeback/push_service.h"
#include "tests/writeback/push_support.h"

namespace kibridge::testing {
namespace {

using fake_inventree::Fault;
using fake_inventree::FaultKind;
using std::chrono::milliseconds;
using std::chrono::seconds;
using storage::OutboxState;

constexpr milliseconds kPatience = seconds(30);

class PushServiceTest : public PushFixture {
 protected:
  writeback::PushServiceOptions service_options() {
    writeback::PushServiceOptions o;
    o.connection.client = fast_client_options(*fake_, pauses_);
    o.interval = std::chrono::hours(1);  // passes come from start, wakes and due retries only
    o.pusher.random01 = [] { return 0.5; };
    o.pusher.backoff_base = milliseconds(200);
    return o;
  }
};

TEST_F(PushServiceTest, PushesAtStartAndWhenWoken) {
  const auto first = queue_one(footprint_change(102, std::nullopt, "A"));
  writeback::PushService service(store_, service_options());
  service.start();
  ASSERT_TRUE(service.wait_for_passes_for_testing(1, kPatience));
  EXPECT_EQ(entry(first).state, OutboxState::kDone);
  auto status = service.status();
  EXPECT_EQ(status.passes, 1);
  ASSERT_TRUE(status.last_summary.has_value());
  EXPECT_EQ(status.last_summary->written, 1);
  EXPECT_TRUE(status.last_pass_at.has_value());

  const auto second = queue_one(footprint_change(103, std::nullopt, "B"));
  service.wake();
  ASSERT_TRUE(service.wait_for_passes_for_testing(2, kPatience));
  EXPECT_EQ(entry(second).state, OutboxState::kDone);
  service.stop();
  EXPECT_EQ(fake_parameters(*fake_, 103, kFootprintTemplate), std::vector<std::string>{"B"});
}

TEST_F(PushServiceTest, PushesAgainWhenARetryFallsDue) {
  const auto id = queue_one(footprint_change(102, std::nullopt, "A"));
  Fault fault{FaultKind::kStatus, "/api/parameter/", 0, 4, 500};  // the client's 4 attempts of one read
  fault.method = "GET";
  fake_->add_fault(fault);
  writeback::PushService service(store_, service_options());
  service.start();
  ASSERT_TRUE(service.wait_for_passes_for_testing(1, kPatience));
  EXPECT_EQ(entry(id).attempts, 1);
  // Nothing wakes the service and its interval is an hour: the retry falling due does.
  ASSERT_TRUE(service.wait_for_passes_for_testing(2, kPatience));
  EXPECT_EQ(entry(id).state, OutboxState::kDone);
}

TEST_F(PushServiceTest, StopCancelsARunningPass) {
  const auto id = queue_one(footprint_change(102, std::nullopt, "A"));
  std::promise<void> reading;
  std::atomic<bool> signalled{false};
  fake_->set_request_hook([&](const std::string& path) {
    if (path == "/api/parameter/" && !signalled.exchange(true)) reading.set_value();
  });
  Fault slow{FaultKind::kLatency, "/api/parameter/", 0, -1, 0, std::nullopt, seconds(2)};
  fake_->add_fault(slow);
  writeback::PushService service(store_, service_options());
  service.start();
  ASSERT_EQ(reading.get_future().wait_for(kPatience), std::future_status::ready);
  EXPECT_TRUE(service.status().running);
  service.stop();
  fake_->set_request_hook(nullptr);
  EXPECT_FALSE(service.status().running);
  EXPECT_EQ(entry(id).state, OutboxState::kPending);
  EXPECT_EQ(entry(id).attempts, 0) << "a cancelled pass settles nothing";
  EXPECT_TRUE(writes_of(*fake_).empty());
}

// A kibridge HTTP server over the fixture's store with the push routes, and an admin token.
class PushApiTest : public PushServiceTest {
 protected:
  void serve(writeback::PushService* service) {
    auth_ = std::make_unique<auth::TokenAuth>(store_);
    cache_ = std::make_unique<kicad::ResponseCache>(store_);
    admin_ = auth::create_token(store_, "admin", auth::Scope::kAdmin);
    reader_ = auth::create_token(store_, "reader", auth::Scope::kRead);
    auth_->reload();
    http::ServerContext ctx{store_, *cache_, *auth_};
    if (service != nullptr) ctx.wake_pusher = [service] { service->wake(); };
    http::HttpServerOptions options;
    options.worker_threads = 2;
    server_ = std::make_unique<http::HttpServer>(ctx, options);
    http::register_push_api(server_->routes(), server_->context(), service);
    server_->routes().set_keep_alive_timeout(1);
    port_ = server_->bind("127.0.0.1", 0);
    server_->start();
  }
  void TearDown() override {
    if (server_) server_->stop();
  }
  httplib::Result post_push(const std::string& token) {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10);
    return c.Post("/api/outbox/push", {{"Authorization", "Token " + token}}, "", "application/json");
  }

  std::unique_ptr<auth::TokenAuth> auth_;
  std::unique_ptr<kicad::ResponseCache> cache_;
  std::unique_ptr<http::HttpServer> server_;
  std::string admin_, reader_;
  int port_ = 0;
};

TEST_F(PushApiTest, PostPushWakesTheServiceAndLiftsAPause) {
  writeback::PushService service(store_, service_options());
  serve(&service);
  service.start();
  ASSERT_TRUE(service.wait_for_passes_for_testing(1, kPatience));
  const auto id = queue_one(footprint_change(102, std::nullopt, "A"));
  store_.writeback().set_outbox_pause("InvenTree rejected the API token");

  auto refused = post_push(reader_);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403) << "pushing needs an admin token";
  auto res = post_push(admin_);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 202) << res->body;
  ASSERT_TRUE(service.wait_for_passes_for_testing(2, kPatience));
  EXPECT_EQ(entry(id).state, OutboxState::kDone);
  EXPECT_FALSE(store_.writeback().outbox_pause().has_value());

  httplib::Client c("127.0.0.1", port_);
  auto status = c.Get("/api/outbox/push", {{"Authorization", "Token " + reader_}});
  ASSERT_TRUE(status);
  auto j = nlohmann::json::parse(status->body);
  EXPECT_TRUE(j["configured"]);
  EXPECT_EQ(j["passes"], 2);
  EXPECT_EQ(j["last_summary"]["written"], 1);
  EXPECT_TRUE(j["paused"].is_null());
  service.stop();
}

TEST_F(PushApiTest, PostPushWithoutInvenTreeIs409) {
  serve(nullptr);
  auto res = post_push(admin_);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409);
  EXPECT_NE(nlohmann::json::parse(res->body)["detail"].get<std::string>().find("--inventree-url"), std::string::npos);
}

}  // namespace
}  // namespace kibridge::testing
