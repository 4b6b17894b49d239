// GET /api/inventree/categories: the mirrored tree with part counts and the KiCad category
// serving each category, over the sample library (tests/http/sample_library.h).
#include <gtest/gtest.h>

#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"

namespace kibridge::http {
namespace {

using nlohmann::json;
using testing::send_json_request;
namespace sample = testing::sample;

json row(int64_t id, json parent, const char* name, const char* path, int64_t parts, int64_t total, json kicad) {
  return json{{"id", id},           {"parent", parent},          {"name", name},         {"pathstring", path},
              {"part_count", parts}, {"part_count_total", total}, {"kicad_category", kicad}};
}

TEST(InventreeTreeApiTest, TreeOrderCountsAndServingKicadCategory) {
  testing::TestServer server;
  const auto ids = sample::seed(server.store());
  auto reader = server.reader();
  const json body = send_json_request(reader, "GET", "/api/inventree/categories", "", 200);
  EXPECT_EQ(body, (json{{"categories",
                         {row(sample::kElectronics, nullptr, "Electronics", "Electronics", 0, 4, nullptr),
                          row(sample::kCapacitors, sample::kElectronics, "Capacitors", "Electronics/Capacitors", 1, 1,
                              ids.capacitors),
                          row(sample::kResistors, sample::kElectronics, "Resistors", "Electronics/Resistors", 3, 3,
                              ids.resistors),
                          row(sample::kMechanical, nullptr, "Mechanical", "Mechanical", 1, 1, nullptr)}}}));
}

TEST(InventreeTreeApiTest, AParentKicadCategoryServesUnselectedChildrenOnlyWithSubcategories) {
  testing::TestServer server;
  const auto ids = sample::seed(server.store());
  storage::KicadCategoryRecord electronics;
  electronics.category_id = sample::kElectronics;
  const int64_t top = server.store().configuration().create_kicad_category(electronics).first.id;
  auto reader = server.reader();
  auto kicad_of = [&](int64_t category) {
    const json body = send_json_request(reader, "GET", "/api/inventree/categories/", "", 200);
    for (const auto& c : body["categories"]) {
      if (c["id"] == category) return c["kicad_category"];
    }
    return json("absent");
  };
  EXPECT_EQ(kicad_of(sample::kElectronics), top);
  EXPECT_EQ(kicad_of(sample::kResistors), ids.resistors);  // the deepest selected one
  EXPECT_EQ(kicad_of(sample::kMechanical), nullptr);
  // A child with no KiCad category of its own is served by its parent's; without
  // sub-categories, by nothing.
  server.store().configuration().delete_kicad_category(ids.capacitors);
  EXPECT_EQ(kicad_of(sample::kCapacitors), top);
  server.store().configuration().set_settings({{"KICAD_ENABLE_SUBCATEGORY", "false"}});
  EXPECT_EQ(kicad_of(sample::kCapacitors), nullptr);
}

TEST(InventreeTreeApiTest, FollowsThePullWithoutCaching) {
  testing::TestServer server;
  auto reader = server.reader();
  EXPECT_EQ(send_json_request(reader, "GET", "/api/inventree/categories", "", 200), (json{{"categories", json::array()}}));
  auto snapshot = sample::snapshot();
  server.sync(snapshot);
  snapshot.parts.push_back(sample::part(302, sample::kMechanical, "M3x12", "SCR-M3-12", "Screw M3x12"));
  server.sync(snapshot);
  const json body = send_json_request(reader, "GET", "/api/inventree/categories", "", 200);
  ASSERT_EQ(body["categories"].size(), 4u);
  EXPECT_EQ(body["categories"][3]["part_count"], 2);
}

TEST(InventreeTreeApiTest, NeedsATokenAndIsReadOnly) {
  testing::TestServer server;
  auto anonymous = server.anonymous();
  send_json_request(anonymous, "GET", "/api/inventree/categories", "", 401);
  auto reader = server.reader();
  send_json_request(reader, "POST", "/api/inventree/categories", "{}", 403);
  auto admin = server.admin();
  send_json_request(admin, "POST", "/api/inventree/categories", "{}", 404);
  send_json_request(admin, "GET", "/api/inventree/categories/7", "", 404);
}

}  // namespace
}  // namespace kibridge::http
