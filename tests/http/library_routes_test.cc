// Named KiCad libraries over real HTTP (kicad/libraries.h, http/kicad_routes.h,
// http/library_api.h): two libraries, a KiCad category in each; each library serves only its
// own categories and parts, names are unique per library, each library's cached bodies follow
// its changes, and the REST API and the category API know libraries.

#include <gtest/gtest.h>

#include <string>

#include "server/http/kicad_routes.h"
#include "server/http/metrics.h"
#include "server/util/gzip.h"
#include "tests/http/test_server.h"
#include "tests/support/route_paths.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;

const std::string kDefault = http::kKicadApiPrefix;
const std::string kIcs = "/libraries/ics/v1";

storage::PartRecord part(int64_t id, int64_t category, std::string name) {
  storage::PartRecord p;
  p.id = id;
  p.category_id = category;
  p.name = std::move(name);
  p.description = "d" + std::to_string(id);
  return p;
}

// Categories 1 Passives and 2 ICs. Part 101 "10k" in Passives; 201 "10k" and 202 "10k" in ICs:
// one name in both libraries, and twice within ICs.
storage::MirrorSnapshot mirror() {
  storage::MirrorSnapshot s;
  s.categories = {{1, std::nullopt, "Passives", "Passives", "", false}, {2, std::nullopt, "ICs", "ICs", "", false}};
  s.parts = {part(101, 1, "10k"), part(201, 2, "10k"), part(202, 2, "10k")};
  return s;
}

class LibraryRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.sync(mirror());
    server_.cache().apply(server_.store().configuration().create_library({0, "ics", "Integrated circuits"}).second);
    storage::KicadCategoryRecord passives;
    passives.category_id = 1;
    passives.default_symbol = "Device:R";
    auto [created, changes] = server_.store().configuration().create_kicad_category(passives);
    passives_pk_ = created.id;
    server_.cache().apply(changes);
    storage::KicadCategoryRecord ics;
    ics.category_id = 2;
    ics.default_symbol = "MCU:Generic";
    ics.library = "ics";
    auto [ics_created, ics_changes] = server_.store().configuration().create_kicad_category(ics);
    ics_pk_ = ics_created.id;
    server_.cache().apply(ics_changes);
  }

  json get(const std::string& path, int status = 200) {
    auto res = server_.reader().Get(path);
    EXPECT_TRUE(res) << path;
    if (!res) return json();
    EXPECT_EQ(res->status, status) << path << ": " << res->body;
    return json_of(res->body);
  }

  static std::vector<std::string> field(const json& list, const char* name) {
    std::vector<std::string> out;
    for (const auto& item : list) out.push_back(item.value(name, "?"));
    return out;
  }

  TestServer server_;
  int64_t passives_pk_ = 0;
  int64_t ics_pk_ = 0;
};

TEST_F(LibraryRoutesTest, EachLibraryListsOnlyItsOwnCategories) {
  EXPECT_EQ(field(get(kDefault + "/categories.json"), "id"), std::vector<std::string>{"1"});
  EXPECT_EQ(field(get(kIcs + "/categories.json"), "id"), std::vector<std::string>{"2"});
  // "default" names the default library under /libraries/ too.
  EXPECT_EQ(get("/libraries/default/v1/categories.json"), get(kDefault + "/categories.json"));
  const json root = get(kIcs + "/");
  EXPECT_EQ(root["categories"], server_.url() + kIcs + "/categories.json");
  EXPECT_EQ(root["parts"], server_.url() + kIcs + "/parts/");
  EXPECT_EQ(get(kIcs)["parts"], root["parts"]);
}

TEST_F(LibraryRoutesTest, ListingsAndPartsOfAnotherLibraryAre404) {
  EXPECT_EQ(field(get(kIcs + "/parts/category/2.json"), "id"), (std::vector<std::string>{"201", "202"}));
  EXPECT_EQ(field(get(kDefault + "/parts/category/1.json"), "id"), std::vector<std::string>{"101"});
  for (const auto& path : {kDefault + "/parts/category/2.json", kIcs + "/parts/category/1.json"}) {
    auto res = server_.reader().Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->body, "[]") << path;  // KiCad parses a listing whatever its status
  }
  EXPECT_TRUE(is_json_error(server_.reader().Get(kIcs + "/parts/101.json"), 404));
  EXPECT_TRUE(is_json_error(server_.reader().Get(kDefault + "/parts/201.json"), 404));
  EXPECT_EQ(get(kIcs + "/parts/201.json")["id"], "201");
  EXPECT_EQ(get(kDefault + "/parts/101.json")["id"], "101");
}

TEST_F(LibraryRoutesTest, PartNamesAreUniquePerLibraryNotAcrossLibraries) {
  EXPECT_EQ(field(get(kDefault + "/parts/category/1.json"), "name"), std::vector<std::string>{"10k"});
  EXPECT_EQ(field(get(kIcs + "/parts/category/2.json"), "name"), (std::vector<std::string>{"10k", "10k (202)"}));
  EXPECT_EQ(get(kIcs + "/parts/202.json")["name"], "10k (202)");
}

// A sub-category that is a KiCad category of another library bounds its parent's listing: each
// part belongs to the library of the deepest KiCad category above it.
TEST_F(LibraryRoutesTest, ASubCategoryInAnotherLibraryTakesItsPartsAlong) {
  auto s = mirror();
  s.categories.push_back({3, 1, "Arrays", "Passives/Arrays", "", false});
  s.parts.push_back(part(301, 3, "4x10k"));
  server_.sync(s);
  // Not a KiCad category yet: listed with its parent, in the default library.
  EXPECT_EQ(field(get(kDefault + "/parts/category/1.json"), "id"), (std::vector<std::string>{"101", "301"}));
  storage::KicadCategoryRecord arrays;
  arrays.category_id = 3;
  arrays.library = "ics";
  server_.cache().apply(server_.store().configuration().create_kicad_category(arrays).second);
  EXPECT_EQ(field(get(kDefault + "/parts/category/1.json"), "id"), std::vector<std::string>{"101"});
  EXPECT_EQ(field(get(kIcs + "/parts/category/3.json"), "id"), std::vector<std::string>{"301"});
  EXPECT_EQ(get(kIcs + "/parts/301.json")["id"], "301");
  EXPECT_TRUE(is_json_error(server_.reader().Get(kDefault + "/parts/301.json"), 404));
}

TEST_F(LibraryRoutesTest, UnknownLibraryAndPathsAre404NamingThem) {
  for (const std::string path : {"/libraries/nope/v1/categories.json", "/libraries/nope/v1/parts/category/2.json",
                                 "/libraries/nope/v1/parts/201.json", "/libraries/nope/v1/"}) {
    auto res = server_.reader().Get(path);
    ASSERT_TRUE(is_json_error(res, 404)) << path;
    EXPECT_NE(json_of(res->body)["detail"].get<std::string>().find("'nope'"), std::string::npos) << res->body;
  }
  EXPECT_TRUE(is_json_error(server_.reader().Get(kIcs + "/whatever"), 404));
  EXPECT_TRUE(is_json_error(server_.reader().Get("/libraries/ics/v2/categories.json"), 404));
  EXPECT_EQ(server_.anonymous().Get(kIcs + "/categories.json")->status, 401);
}

TEST_F(LibraryRoutesTest, NamedLibraryBodiesAreGzippedLikeTheDefaults) {
  auto raw_client = server_.reader();
  raw_client.set_decompress(false);  // to see the bytes on the wire
  for (const std::string path : {"/categories.json", "/parts/category/2.json", "/parts/201.json"}) {
    auto zipped = raw_client.Get(kIcs + path, {{"Accept-Encoding", "gzip"}});
    auto plain = raw_client.Get(kIcs + path, {{"Accept-Encoding", "identity"}});
    ASSERT_TRUE(zipped && plain) << path;
    EXPECT_EQ(zipped->status, 200) << path;
    EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip") << path;
    EXPECT_EQ(zipped->get_header_value("Vary"), "Accept-Encoding") << path;
    EXPECT_EQ(plain->get_header_value("Content-Encoding"), "") << path;
    EXPECT_EQ(util::gzip_decompress(zipped->body), plain->body) << path;
  }
}

TEST_F(LibraryRoutesTest, AChangeToOneLibraryReachesItsCachedBodies) {
  const json default_before = get(kDefault + "/parts/category/1.json");
  ASSERT_EQ(get(kIcs + "/parts/category/2.json")[0]["symbolIdStr"], "MCU:Generic");  // cached now
  auto admin = server_.admin();
  send_json_request(admin, "PATCH", kCategoryApi + std::to_string(ics_pk_) + "/", R"({"default_symbol": "MCU:Other"})",
                    200);
  EXPECT_EQ(get(kIcs + "/parts/category/2.json")[0]["symbolIdStr"], "MCU:Other");
  EXPECT_EQ(get(kDefault + "/parts/category/1.json"), default_before);
  // A pull that renames a part in ICs: its library's listing and detail follow.
  auto s = mirror();
  s.parts[1].name = "LM358";
  server_.sync(s);
  EXPECT_EQ(field(get(kIcs + "/parts/category/2.json"), "name"), (std::vector<std::string>{"LM358", "10k"}));
  EXPECT_EQ(get(kIcs + "/parts/201.json")["name"], "LM358");
  // Moving a category to the other library moves it between the libraries' bodies.
  send_json_request(admin, "PATCH", kCategoryApi + std::to_string(ics_pk_) + "/", R"({"library": null})", 200);
  EXPECT_EQ(field(get(kDefault + "/categories.json"), "id"), (std::vector<std::string>{"2", "1"}));
  EXPECT_TRUE(get(kIcs + "/categories.json").empty());
  EXPECT_EQ(get(kDefault + "/parts/201.json")["name"], "LM358");
  EXPECT_TRUE(is_json_error(server_.reader().Get(kIcs + "/parts/201.json"), 404));
}

TEST_F(LibraryRoutesTest, AChangeWrittenBesideTheServerReachesTheLibraryOnApply) {
  // What the database watcher does for a write of another process: apply a change of
  // everything once it notices the commit.
  ASSERT_EQ(get(kIcs + "/parts/category/2.json")[0]["symbolIdStr"], "MCU:Generic");
  auto k = *server_.store().configuration().kicad_category(ics_pk_);
  k.default_symbol = "MCU:FromCli";
  server_.store().configuration().update_kicad_category(k);
  storage::ChangeSet everything;
  everything.everything = true;
  server_.cache().apply(everything);
  EXPECT_EQ(get(kIcs + "/parts/category/2.json")[0]["symbolIdStr"], "MCU:FromCli");
  server_.store().configuration().create_library({0, "later", ""});
  server_.cache().apply(everything);
  EXPECT_TRUE(get("/libraries/later/v1/categories.json").empty());
}

TEST_F(LibraryRoutesTest, CategoryApiShowsAndChecksTheLibrary) {
  auto admin = server_.admin();
  const json list = send_json_request(admin, "GET", kCategoryApi, "", 200);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_TRUE(list[0]["library"].is_null());
  EXPECT_EQ(list[1]["library"], "ics");
  const json refused =
      send_json_request(admin, "PATCH", kCategoryApi + std::to_string(passives_pk_) + "/", R"({"library": "nope"})", 400);
  ASSERT_TRUE(refused.contains("library")) << refused;
  EXPECT_NE(refused["library"][0].get<std::string>().find("'nope'"), std::string::npos);
  send_json_request(admin, "PATCH", kCategoryApi + std::to_string(passives_pk_) + "/", R"({"library": 5})", 400);
  const json moved =
      send_json_request(admin, "PATCH", kCategoryApi + std::to_string(passives_pk_) + "/", R"({"library": "ics"})", 200);
  EXPECT_EQ(moved["library"], "ics");
  EXPECT_EQ(field(get(kIcs + "/categories.json"), "id"), (std::vector<std::string>{"2", "1"}));
  // "default" is the default library.
  send_json_request(admin, "PATCH", kCategoryApi + std::to_string(passives_pk_) + "/", R"({"library": "default"})", 200);
  EXPECT_TRUE(server_.store().configuration().kicad_category(passives_pk_)->library.empty());
}

TEST_F(LibraryRoutesTest, LibrariesApiListsCreatesAndRemoves) {
  auto admin = server_.admin();
  const json list = send_json_request(admin, "GET", "/api/libraries/", "", 200)["libraries"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "default");
  EXPECT_EQ(list[0]["path"], kDefault + "/");
  EXPECT_EQ(list[0]["kicad_categories"], 1);
  EXPECT_EQ(list[1]["name"], "ics");
  EXPECT_EQ(list[1]["path"], kIcs + "/");
  EXPECT_EQ(list[1]["kicad_categories"], 1);
  EXPECT_EQ(list[1]["description"], "Integrated circuits");

  const json created = send_json_request(admin, "POST", "/api/libraries/", R"({"name": "proto", "description": "p"})", 201);
  EXPECT_EQ(created["path"], "/libraries/proto/v1/");
  EXPECT_EQ(send_json_request(admin, "GET", "/api/libraries/proto/", "", 200)["kicad_categories"], 0);
  EXPECT_TRUE(get("/libraries/proto/v1/categories.json").empty());
  for (const char* bad : {R"({"name": "default"})", R"({"name": "ics"})", R"({"name": "a/b"})", R"({"name": ".x"})",
                          R"({})", R"({"name": 3})"}) {
    EXPECT_TRUE(send_json_request(admin, "POST", "/api/libraries/", bad, 400).contains("name")) << bad;
  }
  EXPECT_TRUE(send_json_request(admin, "POST", "/api/libraries/", R"({"name": ")" + std::string(65, 'a') + R"("})", 400)
                  .contains("name"));
  auto reader = server_.reader();
  EXPECT_EQ(send_request(reader, "POST", "/api/libraries/", R"({"name": "r"})")->status, 403);
  EXPECT_EQ(send_request(reader, "DELETE", "/api/libraries/proto/")->status, 403);

  // A library that still has categories is kept, and the answer names them.
  const json refused = send_json_request(admin, "DELETE", "/api/libraries/ics/", "", 409);
  EXPECT_NE(refused["detail"].get<std::string>().find("ICs"), std::string::npos) << refused;
  EXPECT_EQ(get(kIcs + "/categories.json").size(), 1u);
  send_json_request(admin, "DELETE", "/api/libraries/nope/", "", 404);
  send_json_request(admin, "DELETE", "/api/libraries/default/", "", 400);
  send_json_request(admin, "GET", "/api/libraries/nope/", "", 404);
  EXPECT_EQ(send_request(admin, "DELETE", "/api/libraries/proto/")->status, 204);
  EXPECT_TRUE(is_json_error(server_.reader().Get("/libraries/proto/v1/categories.json"), 404));
}

// GET /api/status (registered by `serve`) is checked in tests/cli/libraries_cli_test.cc.
TEST_F(LibraryRoutesTest, DiagnosticsShowEachLibrary) {
  for (const char* path : {"/api/diagnostics/"}) {
    const json body = get(path);
    ASSERT_TRUE(body["libraries"].is_array()) << path;
    ASSERT_EQ(body["libraries"].size(), 2u) << path;
    EXPECT_EQ(body["libraries"][0]["name"], "default");
    EXPECT_EQ(body["libraries"][0]["parts"], 1);
    EXPECT_EQ(body["libraries"][1]["name"], "ics");
    EXPECT_EQ(body["libraries"][1]["parts"], 2);
    EXPECT_EQ(body["libraries"][1]["kicad_categories"], 1);
    EXPECT_EQ(body["library"]["parts"], 1) << path;  // the default library, as before
  }
}

TEST_F(LibraryRoutesTest, APartIsExplainedAsItsLibraryServesIt) {
  const json explained = get("/api/parts/202/explain");
  EXPECT_EQ(explained["library"], "ics");
  EXPECT_EQ(explained["name"], "10k (202)");
  EXPECT_EQ(explained["symbol"]["value"], "MCU:Generic");
  EXPECT_EQ(get("/api/parts/101/explain")["library"], "default");
}

TEST(LibraryRouteGroups, NamedLibraryRequestsCountAsKicadRoutes) {
  using http::RouteGroup;
  EXPECT_EQ(http::route_group("/libraries/ics/v1/parts/category/2.json"), RouteGroup::kKicadListing);
  EXPECT_EQ(http::route_group("/libraries/ics/v1/parts/201.json"), RouteGroup::kKicadPart);
  EXPECT_EQ(http::route_group("/libraries/ics/v1/categories.json"), RouteGroup::kKicadCategories);
  EXPECT_EQ(http::route_group("/libraries/ics/v1/"), RouteGroup::kKicadRoot);
  EXPECT_EQ(http::route_group("/libraries/ics/v1"), RouteGroup::kKicadRoot);
  EXPECT_EQ(http::route_group("/api/libraries/"), RouteGroup::kApi);
}

}  // namespace
}  // namespace kibridge::testing
