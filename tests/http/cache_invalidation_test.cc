// The KiCad responses follow the data: after an API write or a pull (store.apply_mirror +
// cache.apply), the next GET shows the change, and a pull re-renders exactly the bodies it
// touched (counted with ResponseCache::stats().renders).

#include <gtest/gtest.h>

#include <string>

#include "server/http/kicad_routes.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"
#include "tests/support/route_paths.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;


class CacheInvalidationTest : public ::testing::Test {
 protected:
  void SetUp() override { ids_ = sample::seed(server_.store()); }

  json kicad(const std::string& path) {
    auto res = reader_.Get(kKicad + path);
    EXPECT_TRUE(res && res->status == 200) << path;
    return res ? json_of(res->body) : json();
  }
  std::string kicad_body(const std::string& path) {
    auto res = reader_.Get(kKicad + path);
    return res ? res->body : "";
  }
  void expect_ok(const httplib::Result& res) {
    ASSERT_TRUE(res);
    EXPECT_LT(res->status, 300) << res->body;
  }
  // The listing entry of part `id` in the listing of InvenTree category `category`.
  json listed(int64_t category, int64_t id) {
    for (const auto& item : kicad("/parts/category/" + std::to_string(category) + ".json")) {
      if (item.value("id", "") == std::to_string(id)) return item;
    }
    return json();
  }
  // Requests every KiCad body once so that all of them are cached.
  void warm() {
    for (const std::string path : {"/categories.json", "/parts/category/2.json", "/parts/category/3.json",
                                   "/parts/101.json", "/parts/102.json", "/parts/201.json"}) {
      kicad(path);
    }
  }
  uint64_t renders() { return server_.cache().stats().renders; }

  TestServer server_;
  sample::KicadIds ids_;
  httplib::Client reader_ = server_.reader();
  httplib::Client admin_ = server_.admin();
};

TEST_F(CacheInvalidationTest, KicadCategoryDefaultSymbolPatchShowsAtOnce) {
  warm();
  ASSERT_EQ(kicad("/parts/101.json")["symbolIdStr"], "Device:R");
  expect_ok(admin_.Patch(kCategoryApi + std::to_string(ids_.resistors) + "/", R"({"default_symbol": "Device:R_Small"})",
                         "application/json"));
  EXPECT_EQ(kicad("/parts/101.json")["symbolIdStr"], "Device:R_Small");
  EXPECT_EQ(listed(sample::kResistors, sample::kR1k)["symbolIdStr"], "Device:R_Small");
  EXPECT_EQ(listed(sample::kCapacitors, sample::kC100n)["symbolIdStr"], "Device:C");
}

TEST_F(CacheInvalidationTest, IncludeIpnSettingShowsAtOnce) {
  warm();
  ASSERT_FALSE(kicad("/parts/101.json")["fields"].contains("IPN"));
  expect_ok(admin_.Put("/api/settings/KICAD_INCLUDE_IPN/", R"({"value": "include_visible"})", "application/json"));
  EXPECT_EQ(kicad("/parts/101.json")["fields"]["IPN"], json::parse(R"({"value": "RES-10K", "visible": "True"})"));
  EXPECT_EQ(listed(sample::kCapacitors, sample::kC100n)["fields"]["IPN"]["value"], "CAP-100N");

  expect_ok(admin_.Patch("/api/settings/", R"({"KICAD_INCLUDE_IPN": "include_as_value"})", "application/json"));
  EXPECT_EQ(kicad("/parts/101.json")["fields"]["value"]["value"], "RES-10K");

  expect_ok(admin_.Delete("/api/settings/KICAD_INCLUDE_IPN/"));
  EXPECT_FALSE(kicad("/parts/101.json")["fields"].contains("IPN"));
  EXPECT_FALSE(listed(sample::kCapacitors, sample::kC100n)["fields"].contains("IPN"));
}

TEST_F(CacheInvalidationTest, FootprintMappingChangesShowAtOnce) {
  warm();
  ASSERT_EQ(kicad("/parts/201.json")["fields"]["footprint"]["value"], "0603");
  auto created = admin_.Post("/api/footprint-mappings/",
                             json{{"kicad_category", ids_.capacitors},
                                  {"parameter_value", "0603"},
                                  {"kicad_footprint", "Capacitor_SMD:C_0603_1608Metric"}}
                                 .dump(),
                             "application/json");
  expect_ok(created);
  const std::string mapping = "/api/footprint-mappings/" + std::to_string(json_of(created->body)["id"].get<int64_t>()) + "/";
  EXPECT_EQ(kicad("/parts/201.json")["fields"]["footprint"]["value"], "Capacitor_SMD:C_0603_1608Metric");
  EXPECT_EQ(listed(sample::kCapacitors, sample::kC100n)["fields"]["footprint"]["value"], "Capacitor_SMD:C_0603_1608Metric");

  expect_ok(admin_.Patch(mapping, R"({"kicad_footprint": "Capacitor_SMD:C_0603_1608Metric_Pad1.08x0.95mm"})",
                         "application/json"));
  EXPECT_EQ(kicad("/parts/201.json")["fields"]["footprint"]["value"], "Capacitor_SMD:C_0603_1608Metric_Pad1.08x0.95mm");

  expect_ok(admin_.Delete(mapping));
  EXPECT_EQ(kicad("/parts/201.json")["fields"]["footprint"]["value"], "0603");
  EXPECT_EQ(listed(sample::kCapacitors, sample::kC100n)["fields"]["footprint"]["value"], "0603");
}

TEST_F(CacheInvalidationTest, KicadCategoryCreatedAndDeletedShowsInCategoriesJson) {
  warm();
  auto created = admin_.Post(kCategoryApi, R"({"category": 4, "default_symbol": "Mechanical:MountingHole"})",
                             "application/json");
  expect_ok(created);
  EXPECT_EQ(kicad("/categories.json").size(), 3u);
  EXPECT_EQ(kicad("/parts/category/4.json")[0]["id"], "301");
  expect_ok(admin_.Delete(kCategoryApi + std::to_string(json_of(created->body)["pk"].get<int64_t>()) + "/"));
  EXPECT_EQ(kicad("/categories.json").size(), 2u);
  auto gone = reader_.Get(kKicad + "/parts/category/4.json");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
  EXPECT_EQ(gone->body, "[]");
}

TEST_F(CacheInvalidationTest, PulledRenameRerendersOnlyItsListingAndPart) {
  warm();
  const std::string capacitors_before = kicad_body("/parts/category/3.json");
  const std::string capacitor_before = kicad_body("/parts/201.json");
  const uint64_t before = renders();

  storage::MirrorSnapshot next = sample::snapshot();
  next.parts[0].name = "R_10k_0603_1%";  // part 101
  const storage::ChangeSet changes = server_.sync(next);
  EXPECT_EQ(changes.parts, (std::set<int64_t>{sample::kR10k}));
  // The pull re-rendered the resistor listing ahead of KiCad's next request, nothing else.
  EXPECT_EQ(renders(), before + 1);

  EXPECT_EQ(listed(sample::kResistors, sample::kR10k)["name"], "R_10k_0603_1%");
  EXPECT_EQ(kicad("/parts/101.json")["name"], "R_10k_0603_1%");
  EXPECT_EQ(kicad("/parts/101.json")["fields"]["value"]["value"], "R_10k_0603_1%");
  EXPECT_EQ(renders(), before + 2);  // + the detail of 101, on request

  // Untouched bodies are served from the cache, byte for byte.
  EXPECT_EQ(kicad_body("/parts/category/3.json"), capacitors_before);
  EXPECT_EQ(kicad_body("/parts/201.json"), capacitor_before);
  kicad("/parts/102.json");
  kicad("/categories.json");
  EXPECT_EQ(renders(), before + 2);
}

TEST_F(CacheInvalidationTest, PulledMoveRerendersBothListings) {
  warm();
  const uint64_t before = renders();
  storage::MirrorSnapshot next = sample::snapshot();
  next.parts[1].category_id = sample::kCapacitors;  // part 102 moves
  server_.sync(next);
  EXPECT_EQ(renders(), before + 2);
  const json resistors = kicad("/parts/category/2.json");
  ASSERT_EQ(resistors.size(), 1u);
  EXPECT_EQ(resistors[0]["id"], "101");
  const json capacitors = kicad("/parts/category/3.json");
  ASSERT_EQ(capacitors.size(), 2u);
  EXPECT_EQ(capacitors[0]["id"], "102");  // listings are ordered by part id
  // Its defaults now come from the capacitors' KiCad category.
  EXPECT_EQ(kicad("/parts/102.json")["symbolIdStr"], "Device:C");
}

TEST_F(CacheInvalidationTest, PullOutsideKicadCategoriesRendersNothing) {
  warm();
  const uint64_t before = renders();
  storage::MirrorSnapshot next = sample::snapshot();
  next.parts[4].description = "Screw M3x10, A2 stainless";  // part 301, Mechanical
  EXPECT_FALSE(server_.sync(next).empty());
  EXPECT_TRUE(server_.sync(next).empty());  // a pull that finds nothing new
  for (const std::string path : {"/categories.json", "/parts/category/2.json", "/parts/category/3.json",
                                 "/parts/101.json", "/parts/201.json"}) {
    kicad(path);
  }
  EXPECT_EQ(renders(), before);
}

TEST_F(CacheInvalidationTest, PulledNewPartAppearsInItsListing) {
  warm();
  storage::MirrorSnapshot next = sample::snapshot();
  next.parts.push_back(sample::part(202, sample::kCapacitors, "C_1u_0603", "CAP-1U", "MLCC 1uF"));
  server_.sync(next);
  const json capacitors = kicad("/parts/category/3.json");
  ASSERT_EQ(capacitors.size(), 2u);
  EXPECT_EQ(capacitors[1]["name"], "C_1u_0603");
  EXPECT_EQ(kicad("/parts/202.json")["symbolIdStr"], "Device:C");
}

}  // namespace
}  // namespace kibridge::testing
