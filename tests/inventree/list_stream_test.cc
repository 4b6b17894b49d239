// Streaming list parsing: envelopes and bare arrays, the key filter, and damaged bodies.
#include <gtest/gtest.h>

#include "server/inventree/errors.h"
#include "server/inventree/list_stream.h"

namespace kibridge::inventree {
namespace {

using nlohmann::json;

std::vector<json> items_of(const std::string& body, const std::unordered_set<std::string>* keep,
                           ListStreamResult* result = nullptr) {
  std::vector<json> items;
  auto r = parse_list_stream(body, keep, [&](json& item) { items.push_back(std::move(item)); });
  if (result != nullptr) *result = r;
  return items;
}

TEST(ListStream, PageEnvelopeGivesCountAndItems) {
  ListStreamResult r;
  auto items = items_of(
      R"({"count": 7, "next": "http://x/api/part/?limit=2&offset=2", "previous": null,
          "results": [{"pk": 1, "name": "a"}, {"pk": 2, "name": "b", "extra": {"count": 99}}]})",
      nullptr, &r);
  EXPECT_TRUE(r.paginated);
  EXPECT_EQ(r.count, 7);
  EXPECT_EQ(r.items, 2);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1]["name"], "b");
  EXPECT_EQ(items[1]["extra"]["count"], 99);  // a nested "count" is not the page's
}

TEST(ListStream, BareArrayIsTheWholeList) {
  ListStreamResult r;
  auto items = items_of(R"([{"pk": 1}, {"pk": 2}, {"pk": 3}])", nullptr, &r);
  EXPECT_FALSE(r.paginated);
  EXPECT_EQ(r.count, 3);
  EXPECT_EQ(items.size(), 3u);
}

TEST(ListStream, OnlyKeptKeysAreMaterialisedAtEveryDepth) {
  const std::unordered_set<std::string> keep = {"pk", "data", "parameters", "manufacturer_detail", "name"};
  auto items = items_of(
      R"({"count": 1, "results": [{"pk": 5, "image": "/m/x.jpg", "tags": [1, [2, {"pk": 3}]],
          "parameters": [{"pk": 9, "data": "10k", "template_detail": {"pk": 1, "name": "R"}}],
          "manufacturer_detail": {"pk": 4, "name": "Yageo", "image": null}}]})",
      &keep);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0], json::parse(R"({"pk": 5, "parameters": [{"pk": 9, "data": "10k"}],
                                      "manufacturer_detail": {"pk": 4, "name": "Yageo"}})"));
}

TEST(ListStream, KeepsStringsNumbersAndEscapesExact) {
  auto items = items_of(R"([{"pk": 1, "s": "a\"b\\c\u00b5\ud83d\ude00", "f": 1.5, "n": null, "b": false, "u": 18446744073709551615}])",
                        nullptr);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["s"], "a\"b\\c\xc2\xb5\xf0\x9f\x98\x80");
  EXPECT_EQ(items[0]["f"], 1.5);
  EXPECT_TRUE(items[0]["n"].is_null());
  EXPECT_EQ(items[0]["b"], false);
}

TEST(ListStream, DamagedBodiesAreMalformedAfterTheIntactItems) {
  std::vector<json> items;
  auto collect = [&](json& item) { items.push_back(item); };
  for (const char* bad : {R"({"count": 3, "results": [{"pk": 1}, {"pk": 2, "na)", "<html>maintenance</html>",
                          R"({"count": 3})", R"({"results": []})", R"({"count": 1, "results": [1, 2]})", "",
                          R"([{"pk": 1}] trailing)"}) {
    items.clear();
    try {
      parse_list_stream(bad, nullptr, collect);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const InvenTreeError& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kMalformed) << bad;
    }
  }
  items.clear();
  try {
    parse_list_stream(R"({"count": 3, "results": [{"pk": 1}, {"pk": 2, "na)", nullptr, collect);
  } catch (const InvenTreeError&) {
  }
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["pk"], 1);
}

}  // namespace
}  // namespace kibridge::inventree
