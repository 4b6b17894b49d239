// KiCad's four endpoints over real HTTP, on the hand-made sample library: exact bodies,
// the error shapes KiCad can live with, and gzip.

#include <gtest/gtest.h>

#include <string>

#include "server/http/kicad_routes.h"
#include "server/util/gzip.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"
#include "tests/support/route_paths.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;


class KicadRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override { ids_ = sample::seed(server_.store()); }

  json get_json(const std::string& path, int expected_status = 200) {
    auto res = server_.reader().Get(kKicad + path);
    EXPECT_TRUE(res) << path;
    if (!res) return json();
    EXPECT_EQ(res->status, expected_status) << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
    return json_of(res->body);
  }

  static std::vector<std::string> ids_of(const json& listing) {
    std::vector<std::string> ids;
    for (const auto& item : listing) ids.push_back(item.value("id", "?"));
    return ids;
  }

  TestServer server_;
  sample::KicadIds ids_;
};

json expected_r10k_detail() {
  return json::parse(R"({
    "id": "101", "name": "R_10k_0603", "description": "Resistor 10k 1% 0603", "keywords": "kw101",
    "symbolIdStr": "Device:R",
    "exclude_from_bom": "False", "exclude_from_board": "False", "exclude_from_sim": "False",
    "fields": {
      "value": {"value": "R_10k_0603"},
      "footprint": {"value": "Resistor_SMD:R_0603_1608Metric", "visible": "False"},
      "datasheet": {"value": "", "visible": "False"},
      "reference": {"value": "R", "visible": "True"},
      "description": {"value": "Resistor 10k 1% 0603", "visible": "False"},
      "keywords": {"value": "kw101", "visible": "False"},
      "InvenTree": {"value": "101", "visible": "False"},
      "Part URL": {"value": "https://inventree.example.com/web/part/101/", "visible": "False"},
      "Resistance": {"value": "10k ohm", "visible": "False"}
    }})");
}

TEST_F(KicadRoutesTest, RootNamesCategoriesAndParts) {
  const json root = get_json("/");
  ASSERT_TRUE(root.is_object());
  for (const char* key : {"categories", "parts"}) {
    ASSERT_TRUE(root.contains(key)) << key;
    ASSERT_TRUE(root[key].is_string()) << key;
    EXPECT_FALSE(root[key].get<std::string>().empty()) << key;
  }
  // KiCad never follows these, but they should be right for people who do.
  EXPECT_EQ(root["categories"], server_.url() + kKicad + "/categories.json");
  // Without the trailing slash too (KiCad always adds one, a browser may not).
  EXPECT_EQ(get_json(""), root);
}

TEST_F(KicadRoutesTest, CategoriesListExactlyTheKicadCategories) {
  const json categories = get_json("/categories.json");
  EXPECT_EQ(categories, json::parse(R"([
      {"id": "3", "name": "Electronics/Capacitors", "description": ""},
      {"id": "2", "name": "Electronics/Resistors", "description": "Fixed resistors"}])"));
}

TEST_F(KicadRoutesTest, ListingShowsListedPartsWithFullDetails) {
  const json resistors = get_json("/parts/category/2.json");
  ASSERT_TRUE(resistors.is_array());
  EXPECT_EQ(ids_of(resistors), (std::vector<std::string>{"101", "102"}));  // 103 is inactive
  json expected = expected_r10k_detail();
  expected["stock"] = "10";
  EXPECT_EQ(resistors[0], expected);
  EXPECT_EQ(ids_of(get_json("/parts/category/3.json")), (std::vector<std::string>{"201"}));
}

TEST_F(KicadRoutesTest, UnknownListingIs404WithEmptyArray) {
  // KiCad parses a listing body whatever the status: it must stay a JSON array.
  for (const std::string id : {"999", "4", "1x", "abc", "-2", "", "2.5", "%20"}) {
    SCOPED_TRACE("category '" + id + "'");
    auto res = server_.reader().Get(kKicad + "/parts/category/" + id + ".json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404);
    EXPECT_EQ(res->body, "[]");
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  }
}

TEST_F(KicadRoutesTest, PartDetailIsExact) { EXPECT_EQ(get_json("/parts/101.json"), expected_r10k_detail()); }

TEST_F(KicadRoutesTest, UnknownPartIs404JsonObject) {
  for (const std::string id : {"999999", "abc", "101x", "-101", "", " 101"}) {
    SCOPED_TRACE("part '" + id + "'");
    EXPECT_TRUE(is_json_error(server_.reader().Get(kKicad + "/parts/" + id + ".json"), 404));
  }
}

TEST_F(KicadRoutesTest, GzipWhenAcceptedIdentityOtherwise) {
  auto plain_client = server_.reader();
  auto raw_client = server_.reader();
  raw_client.set_decompress(false);  // to see the bytes on the wire
  auto inflating_client = server_.reader();  // inflates like curl does for KiCad
  const httplib::Headers kicad_headers{{"Accept-Encoding", "gzip,deflate"}, {"Accept", "application/json"}};
  for (const std::string path : {"/", "/categories.json", "/parts/category/2.json", "/parts/category/3.json",
                                 "/parts/101.json", "/parts/201.json", "/parts/category/999.json"}) {
    SCOPED_TRACE(path);
    // httplib 0.41's client asks for br/gzip/deflate unless told otherwise.
    auto plain = plain_client.Get(kKicad + path, {{"Accept-Encoding", "identity"}});
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->get_header_value("Content-Encoding"), "");
    EXPECT_FALSE(json_of(plain->body).is_discarded()) << plain->body;

    auto zipped = raw_client.Get(kKicad + path, kicad_headers);
    ASSERT_TRUE(zipped);
    EXPECT_EQ(zipped->status, plain->status);
    EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
    EXPECT_EQ(zipped->get_header_value("Content-Type"), "application/json");
    EXPECT_NE(zipped->body, plain->body);
    EXPECT_EQ(util::gzip_decompress(zipped->body), plain->body);

    auto inflated = inflating_client.Get(kKicad + path, kicad_headers);
    ASSERT_TRUE(inflated);
    EXPECT_EQ(inflated->body, plain->body);
  }
}

TEST_F(KicadRoutesTest, CachedBodiesVaryOnAcceptEncoding) {
  // A proxy between KiCad and kibridge must not hand gzip to a client that did not ask.
  for (const std::string path : {"/categories.json", "/parts/category/2.json", "/parts/101.json"}) {
    auto res = server_.reader().Get(kKicad + path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->get_header_value("Vary"), "Accept-Encoding") << path;
  }
}

}  // namespace
}  // namespace kibridge::testing
