// The outbox routes over real HTTP: listing and filtering, one entry, a user's retry and drop
// with their state rules, the mirror and KiCad following a drop, and the pusher being woken.
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "server/http/kicad_routes.h"
#include "tests/http/test_server.h"
#include "tests/http/writeback_sample.h"
#include "tests/support/route_paths.h"

namespace kibridge::testing {
namespace {


class OutboxApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sample::seed_writeback(server_.store());
    auto res = server_.admin().Post(kUpload, sample::hole_netlist(), "application/xml");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
    entries_ = server_.store().writeback().outbox_entries();
    ASSERT_EQ(entries_.size(), 3u);
  }

  const storage::OutboxEntry& entry_for(storage::WritebackField field) const {
    for (const auto& e : entries_) {
      if (e.change.field == field) return e;
    }
    throw std::runtime_error("no entry for the field");
  }
  std::string path(int64_t id, const std::string& action = "") const {
    return "/api/outbox/" + std::to_string(id) + (action.empty() ? "" : "/" + action);
  }
  std::string served_footprint() {
    auto res = server_.reader().Get(std::string(http::kKicadApiPrefix) + "/parts/301.json");
    if (!res || res->status != 200) return "<no answer>";
    return json_of(res->body)["fields"]["footprint"]["value"].get<std::string>();
  }

  TestServer server_;
  std::vector<storage::OutboxEntry> entries_;
};

TEST_F(OutboxApiTest, ListsEveryEntryWithAllItsFields) {
  auto res = server_.reader().Get("/api/outbox");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto body = json_of(res->body);
  EXPECT_TRUE(body["paused"].is_null());
  ASSERT_EQ(body["entries"].size(), 3u);
  const auto& footprint = entry_for(storage::WritebackField::kFootprint);
  nlohmann::json found;
  for (const auto& e : body["entries"]) {
    if (e["id"] == footprint.id) found = e;
  }
  ASSERT_TRUE(found.is_object()) << body;
  EXPECT_EQ(found["import_id"], *footprint.import_id);
  EXPECT_EQ(found["part_id"], sample::kScrew);
  EXPECT_EQ(found["field"], "footprint");
  EXPECT_EQ(found["template_id"], sample::kFootprintTemplate);
  EXPECT_EQ(found["template_name"], "KiCad Footprint");
  EXPECT_TRUE(found["old_value"].is_null());
  EXPECT_EQ(found["new_value"], sample::kHoleFootprint);
  EXPECT_EQ(found["state"], "pending");
  EXPECT_EQ(found["attempts"], 0);
  EXPECT_TRUE(found["last_error"].is_null());
  EXPECT_TRUE(found["remote_value"].is_null());
  EXPECT_TRUE(found["settled_at"].is_null());
  EXPECT_TRUE(found["created_at"].is_string());
  EXPECT_TRUE(found["updated_at"].is_string());
  EXPECT_TRUE(found.contains("next_attempt_at"));

  auto one = server_.reader().Get(path(footprint.id));
  ASSERT_TRUE(one);
  ASSERT_EQ(one->status, 200);
  EXPECT_EQ(json_of(one->body), found);
}

TEST_F(OutboxApiTest, StateFilterAndPause) {
  server_.store().writeback().set_outbox_pause("InvenTree refused the token (401)");
  auto res = server_.reader().Get("/api/outbox?state=pending");
  ASSERT_TRUE(res);
  auto body = json_of(res->body);
  EXPECT_EQ(body["entries"].size(), 3u);
  EXPECT_EQ(body["paused"]["reason"], "InvenTree refused the token (401)");
  EXPECT_TRUE(body["paused"]["since"].is_string());
  res = server_.reader().Get("/api/outbox?state=done");
  ASSERT_TRUE(res);
  EXPECT_TRUE(json_of(res->body)["entries"].empty());
  EXPECT_TRUE(is_json_error(server_.reader().Get("/api/outbox?state=stuck"), 400));
}

TEST_F(OutboxApiTest, UnknownEntryIs404) {
  EXPECT_TRUE(is_json_error(server_.reader().Get(path(999)), 404));
  EXPECT_TRUE(is_json_error(server_.admin().Post(path(999, "retry")), 404));
  EXPECT_TRUE(is_json_error(server_.admin().Post(path(999, "drop")), 404));
}

TEST_F(OutboxApiTest, DropShowsInvenTreesValueAgainAndCannotBeRepeated) {
  EXPECT_EQ(served_footprint(), sample::kHoleFootprint);
  const auto& footprint = entry_for(storage::WritebackField::kFootprint);
  auto res = server_.admin().Post(path(footprint.id, "drop"));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json_of(res->body)["state"], "dropped");
  EXPECT_TRUE(json_of(res->body)["settled_at"].is_string());
  EXPECT_EQ(served_footprint(), "");  // InvenTree had none

  res = server_.admin().Post(path(footprint.id, "drop"));
  ASSERT_TRUE(is_json_error(res, 409));
  EXPECT_NE(json_of(res->body)["detail"].get<std::string>().find("already dropped"), std::string::npos) << res->body;
  EXPECT_TRUE(is_json_error(server_.admin().Post(path(footprint.id, "retry")), 409));
  EXPECT_EQ(server_.store().writeback().outbox_entry(footprint.id)->state, storage::OutboxState::kDropped);
}

TEST_F(OutboxApiTest, RetryOfAConflictOverwritesWhatInvenTreeWasSeenToHold) {
  const auto& symbol = entry_for(storage::WritebackField::kSymbol);
  storage::OutboxOutcome conflict;
  conflict.state = storage::OutboxState::kConflict;
  conflict.remote_value = "Mechanical:MountingHole";
  server_.store().writeback().settle_outbox_entry(symbol.id, conflict);

  auto res = server_.admin().Post(path(symbol.id, "retry"));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto body = json_of(res->body);
  EXPECT_EQ(body["state"], "pending");
  EXPECT_EQ(body["old_value"], "Mechanical:MountingHole");
  EXPECT_TRUE(body["remote_value"].is_null());

  storage::OutboxOutcome done;
  done.state = storage::OutboxState::kDone;
  server_.store().writeback().settle_outbox_entry(symbol.id, done);
  EXPECT_TRUE(is_json_error(server_.admin().Post(path(symbol.id, "retry")), 409));
  EXPECT_TRUE(is_json_error(server_.admin().Post(path(symbol.id, "drop")), 409));
}

TEST_F(OutboxApiTest, ResolvingNeedsAnAdminToken) {
  const auto& footprint = entry_for(storage::WritebackField::kFootprint);
  EXPECT_TRUE(is_json_error(server_.reader().Post(path(footprint.id, "drop")), 403));
  EXPECT_TRUE(is_json_error(server_.reader().Post(path(footprint.id, "retry")), 403));
  EXPECT_EQ(server_.store().writeback().outbox_entry(footprint.id)->state, storage::OutboxState::kPending);
}

TEST_F(OutboxApiTest, PostWithoutContentLengthIsAnEmptyBody) {
  const auto& footprint = entry_for(storage::WritebackField::kFootprint);
  // What `curl -X POST URL` sends.
  const auto raw = parse_raw_response(server_.raw_exchange("POST " + path(footprint.id, "drop") +
                                                           " HTTP/1.1\r\nHost: x\r\nAuthorization: Token " +
                                                           server_.admin_token() + "\r\n\r\n"));
  EXPECT_EQ(raw.status, 200) << raw.head << raw.body;
  EXPECT_EQ(server_.store().writeback().outbox_entry(footprint.id)->state, storage::OutboxState::kDropped);
}

// The pusher is woken by imports that queue, retries and drops, not by dry runs or refusals.
TEST(OutboxWakeTest, ImportsAndResolutionsWakeThePusher) {
  TempDb db;
  storage::Store store(db.path());
  sample::seed_writeback(store);
  const std::string token = auth::create_token(store, "admin", auth::Scope::kAdmin);
  auth::TokenAuth auth(store);
  kicad::ResponseCache cache(store);
  std::atomic<int> wakes{0};
  http::ServerContext ctx{store, cache, auth, [&wakes] { ++wakes; }};
  http::HttpServer server(ctx, TestServer::small_options());
  server.routes().set_keep_alive_timeout(1);
  const int port = server.bind("127.0.0.1", 0);
  server.start();
  {
    httplib::Client client("127.0.0.1", port);
    client.set_default_headers({{"Authorization", "Token " + token}});
    auto res = client.Post("/api/imports?dry_run=1", sample::hole_netlist(), "application/xml");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    res = client.Post("/api/imports", "<nope/>", "application/xml");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 422);
    EXPECT_EQ(wakes, 0);
    res = client.Post("/api/imports", sample::hole_netlist(), "application/xml");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 201);
    EXPECT_EQ(wakes, 1);
    const int64_t id = store.writeback().outbox_entries().front().id;
    res = client.Post("/api/outbox/" + std::to_string(id) + "/retry");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(wakes, 2);
    res = client.Post("/api/outbox/" + std::to_string(id) + "/drop");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(wakes, 3);
    res = client.Post("/api/outbox/" + std::to_string(id) + "/drop");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 409);
    EXPECT_EQ(wakes, 3);
  }
  server.stop();
}

}  // namespace
}  // namespace kibridge::testing
