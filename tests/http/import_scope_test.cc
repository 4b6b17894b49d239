// The `import` token scope over real HTTP, on every route family: it reads everything a read
// token reads, uploads netlists on both upload routes, and is refused (403, JSON, nothing
// changed) everywhere else. Plus a token made by another process working at once.
#include <gtest/gtest.h>

#include <string>

#include "server/http/kicad_routes.h"
#include "tests/http/test_server.h"
#include "tests/http/writeback_sample.h"
#include "tests/support/run_kibridge.h"
#include "tests/support/route_paths.h"

namespace kibridge::testing {
namespace {


class ImportScopeTest : public ::testing::Test {
 protected:
  ImportScopeTest() : token_(auth::create_token(server_.store(), "bom-plugin", auth::Scope::kImport)) {
    sample::seed_writeback(server_.store());
    server_.auth().reload();
  }
  httplib::Client importer() { return server_.client(token_); }

  TestServer server_;
  std::string token_;
};

TEST_F(ImportScopeTest, ReadsEveryReadRoute) {
  auto client = importer();
  const std::string category = kCategoryApi + std::to_string(server_.store().configuration().kicad_categories().front().id) + "/";
  for (const std::string& path :
       {kKicad + "/", kKicad + "/categories.json", kKicad + "/parts/category/2.json", kKicad + "/parts/301.json",
        kCategoryApi, category, std::string("/api/settings/"), std::string("/api/settings/INVENTREE_URL/"),
        std::string("/api/footprint-mappings/"), std::string("/api/diagnostics/"), std::string("/api/imports"),
        std::string("/api/outbox")}) {
    SCOPED_TRACE(path);
    auto res = client.Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
  }
}

TEST_F(ImportScopeTest, UploadsOnBothRoutes) {
  auto client = importer();
  auto plugin = client.Post(kUpload, httplib::UploadFormDataItems{{"file", sample::hole_netlist(), "b.xml", "application/xml"}});
  ASSERT_TRUE(plugin);
  EXPECT_EQ(plugin->status, 201) << plugin->body;
  auto plugin_json = client.Post(kUpload + ".json?dry_run=1", sample::hole_netlist(), "application/xml");
  ASSERT_TRUE(plugin_json);
  EXPECT_EQ(plugin_json->status, 200) << plugin_json->body;
  auto api = client.Post("/api/imports?dry_run=1", sample::hole_netlist(), "application/xml");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200) << api->body;
  const auto imports = server_.store().writeback().imports(10);
  ASSERT_EQ(imports.size(), 3u);
  EXPECT_EQ(imports.front().actor, "bom-plugin");
  EXPECT_FALSE(server_.store().writeback().outbox_entries().empty());  // the applied upload queued its changes
}

TEST_F(ImportScopeTest, IsRefusedEverywhereElseAndNothingChanges) {
  auto client = importer();
  const auto before = sample::config_state(server_.store());
  const auto outbox_before = server_.store().writeback().outbox_entries().size();
  const std::string category = kCategoryApi + std::to_string(server_.store().configuration().kicad_categories().front().id) + "/";
  const std::string body = R"({"category": 4, "default_symbol": "Device:X"})";
  struct Case {
    const char* what;
    httplib::Result result;
  };
  std::vector<Case> cases;
  cases.push_back({"category POST", client.Post(kCategoryApi, body, "application/json")});
  cases.push_back({"category PUT", client.Put(category, body, "application/json")});
  cases.push_back({"category PATCH", client.Patch(category, R"({"default_symbol": "X:Y"})", "application/json")});
  cases.push_back({"category DELETE", client.Delete(category)});
  cases.push_back({"settings PATCH", client.Patch("/api/settings/", R"({"KICAD_INCLUDE_IPN": "include_visible"})",
                                                  "application/json")});
  cases.push_back({"setting PUT", client.Put("/api/settings/INVENTREE_URL/", R"({"value": "http://x"})", "application/json")});
  cases.push_back({"setting DELETE", client.Delete("/api/settings/INVENTREE_URL/")});
  cases.push_back({"mapping POST", client.Post("/api/footprint-mappings/",
                                               R"({"kicad_category": 1, "parameter_value": "a", "kicad_footprint": "b"})",
                                               "application/json")});
  cases.push_back({"outbox retry", client.Post("/api/outbox/1/retry", "", "application/json")});
  cases.push_back({"outbox drop", client.Post("/api/outbox/1/drop", "", "application/json")});
  cases.push_back({"outbox push", client.Post("/api/outbox/push", "", "application/json")});
  cases.push_back({"sync", client.Post("/api/sync", "", "application/json")});
  cases.push_back({"import detail POST", client.Post("/api/imports/1", sample::hole_netlist(), "application/xml")});
  for (auto& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_TRUE(is_json_error(c.result, 403));
    if (c.result) {
      EXPECT_NE(c.result->body.find("'import'"), std::string::npos) << c.result->body;
    }
  }
  EXPECT_EQ(sample::config_state(server_.store()), before);
  EXPECT_EQ(server_.store().writeback().outbox_entries().size(), outbox_before);
  EXPECT_TRUE(server_.store().writeback().imports(10).empty());
}

TEST_F(ImportScopeTest, ReadTokenStillCannotUpload) {
  auto res = server_.reader().Post("/api/imports", sample::hole_netlist(), "application/xml");
  EXPECT_TRUE(is_json_error(res, 403));
  EXPECT_TRUE(server_.store().writeback().imports(10).empty());
}

// `kibridge token create` in another process, then one request at once: no waiting for the
// server's periodic reload.
TEST(HttpTokenFreshness, TokenFromAnotherProcessWorksOnTheVeryNextRequest) {
  TestServer server;
  for (const char* scope : {"read", "import", "admin"}) {
    SCOPED_TRACE(scope);
    server.auth().reload();  // just re-read: the next periodic reload is a second away
    const std::string name = std::string("fresh-") + scope;
    const auto run = run_kibridge("token create " + name + " --scope " + scope + " --db '" + server.store().path() + "'");
    ASSERT_EQ(run.status, 0) << run.err;
    std::string token = run.out;
    while (!token.empty() && token.back() == '\n') token.pop_back();
    auto res = server.client(token).Get(kKicad + "/");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
  }
  // An unknown token is still refused (the store probe finds nothing).
  EXPECT_TRUE(is_json_error(server.client("kib_0000000000000000000000000000000000000000").Get(kKicad + "/"), 401));
}

}  // namespace
}  // namespace kibridge::testing
