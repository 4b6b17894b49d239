// GET /api/status and POST /api/sync as `serve` wires them, against the fake InvenTree.
#include "server/http/sync_api.h"

#include <gtest/gtest.h>

#include "server/http/http_server.h"
#include "tests/support/temp_db.h"
#include "tests/sync/sync_support.h"

namespace kibridge::http {
namespace {

using nlohmann::json;

// A server with the sync routes, over its own store; `service` may stay null.
struct SyncApiServer {
  kibridge::testing::TempDb db;
  storage::Store store{db.path()};
  std::string admin_token = auth::create_token(store, "admin", auth::Scope::kAdmin);
  std::string read_token = auth::create_token(store, "reader", auth::Scope::kRead);
  auth::TokenAuth auth{store};
  kicad::ResponseCache cache{store};
  storage::SyncStateStore& history = store.sync_state();
  std::unique_ptr<sync::SyncService> service;
  std::unique_ptr<HttpServer> server;
  int port = 0;

  void start() {
    HttpServerOptions options;
    options.worker_threads = 4;
    server = std::make_unique<HttpServer>(ServerContext{store, cache, auth}, options);
    register_sync_api(server->routes(), server->context(), history, service.get());
    server->routes().set_keep_alive_timeout(1);
    port = server->bind("127.0.0.1", 0);
    server->start();
  }
  ~SyncApiServer() {
    if (server) server->stop();
    if (service) service->stop();
  }
  httplib::Client client(const std::string& token) const {
    httplib::Client c("127.0.0.1", port);
    c.set_default_headers({{"Authorization", "Token " + token}});
    return c;
  }
};

TEST(SyncApi, WithoutInvenTreeStatusSaysSoAndSyncIsAConflict) {
  SyncApiServer s;
  s.start();
  auto status = s.client(s.read_token).Get("/api/status");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 200);
  auto body = json::parse(status->body);
  EXPECT_FALSE(body["sync_configured"].get<bool>());
  EXPECT_EQ(body["mirror"]["parts"], 0);
  auto sync = s.client(s.admin_token).Post("/api/sync", "", "application/json");
  ASSERT_TRUE(sync);
  EXPECT_EQ(sync->status, 409);
  EXPECT_TRUE(json::parse(sync->body).contains("detail"));
}

TEST(SyncApi, TriggeredPullShowsInStatusAndInKicadResponses) {
  auto fake = kibridge::testing::started_fake();
  SyncApiServer s;
  sync::SyncServiceOptions options;
  options.connection.client = kibridge::testing::fast_client_options(*fake);
  options.interval = std::chrono::hours(1);
  options.on_change = [&s](const storage::ChangeSet& changes) { s.cache.apply(changes); };
  s.service = std::make_unique<sync::SyncService>(s.store, s.history, options);
  s.start();
  s.service->start();
  ASSERT_TRUE(s.service->wait_for_pulls(1, std::chrono::seconds(20)));

  // A read token may look but not trigger.
  auto refused = s.client(s.read_token).Post("/api/sync", "", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);

  fake->edit([](storage::MirrorSnapshot& m) { m.parts.front().name = "renamed-in-inventree"; });
  auto sync = s.client(s.admin_token).Post("/api/sync", "", "application/json");
  ASSERT_TRUE(sync);
  EXPECT_EQ(sync->status, 202);
  ASSERT_TRUE(s.service->wait_for_pulls(2, std::chrono::seconds(20)));

  auto status = s.client(s.read_token).Get("/api/status");
  ASSERT_TRUE(status);
  auto body = json::parse(status->body);
  EXPECT_TRUE(body["sync_configured"].get<bool>());
  EXPECT_GT(body["mirror"]["parts"].get<int>(), 0);
  EXPECT_FALSE(body["sync"]["last_success"].is_null());
  EXPECT_FALSE(body["sync"]["next_pull"].is_null());
  const int64_t renamed = s.store.mirror().parts().front().id;
  EXPECT_EQ(s.store.mirror().part_details(renamed)->part.name, "renamed-in-inventree");
  auto part = s.client(s.read_token).Get("/plugin/kicad-library-plugin/v1/parts/" + std::to_string(renamed) + ".json");
  ASSERT_TRUE(part);
  EXPECT_EQ(json::parse(part->body)["name"], "renamed-in-inventree");
}

// An empty library is the first thing a newcomer meets: the status says so and names the fix.
TEST(SyncApi, StatusSaysWhenKiCadSeesAnEmptyLibrary) {
  SyncApiServer s;
  s.start();
  auto status = s.client(s.read_token).Get("/api/status");
  ASSERT_TRUE(status && status->status == 200);
  const json library = json::parse(status->body)["library"];
  EXPECT_EQ(library["empty_library"], true) << library.dump();
  EXPECT_EQ(library["kicad_categories"], 0);
  ASSERT_EQ(library["warnings"].size(), 1u);
  EXPECT_NE(library["warnings"][0].get<std::string>().find("kibridge categories add"), std::string::npos);
}

}  // namespace
}  // namespace kibridge::http
