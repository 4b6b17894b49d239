// What InvenTree sends is read exactly or refused: ids that do not fit an int64, quantities
// that are not plain finite numbers, list pages and items with a member given twice, and URLs
// with credentials (refused without repeating the password).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/inventree/base_url.h"
#include "server/inventree/decode.h"
#include "server/inventree/errors.h"
#include "server/inventree/list_stream.h"
#include "storage/store.h"
#include "tests/support/temp_db.h"

namespace kibridge::inventree {
namespace {

using nlohmann::json;

// The message of the InvenTreeError(kMalformed or kConfig) `fn` throws; "" (and a failure)
// when it throws none.
std::string error_of(const std::function<void()>& fn, ErrorKind kind) {
  try {
    fn();
  } catch (const InvenTreeError& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no InvenTreeError thrown";
  return "";
}

TEST(DecodeExact, PkAboveInt64MaxIsMalformedNotWrapped) {
  // nlohmann reads these as unsigned; converting them unchecked gave -1 and INT64_MIN.
  for (const char* pk : {"18446744073709551615", "9223372036854775808"}) {
    const json big = json::parse(pk);
    EXPECT_NE(error_of([&] { decode_part(json{{"pk", big}, {"name", "x"}}); }, ErrorKind::kMalformed), "") << pk;
    EXPECT_NE(error_of([&] { decode_part(json{{"pk", 1}, {"category", big}}); }, ErrorKind::kMalformed), "") << pk;
    EXPECT_NE(error_of([&] { decode_category(json{{"pk", 1}, {"parent", big}}); }, ErrorKind::kMalformed), "");
    EXPECT_NE(error_of([&] { decode_part_parameter(json{{"pk", 1}, {"part", big}, {"template", 2}}); },
                       ErrorKind::kMalformed),
              "");
  }
  EXPECT_NE(error_of([&] { decode_part(json{{"pk", -1}}); }, ErrorKind::kMalformed), "");
  // The largest id that fits is still an id.
  EXPECT_EQ(decode_part(json{{"pk", json::parse("9223372036854775807")}}).id, INT64_MAX);
}

TEST(DecodeExact, QuantitiesArePlainFiniteNumbersOnly) {
  for (const json& q : {json("nan"), json("NaN"), json("inf"), json("-infinity"), json(" 0x10"), json("0x10"),
                       json(" 12"), json("12 "), json("1e999"), json(std::nan("")), json(HUGE_VAL)}) {
    const auto p = decode_part(json{{"pk", 1}, {"total_in_stock", q}, {"unallocated_stock", q}});
    EXPECT_EQ(p.total_in_stock, 0.0) << q.dump();
    EXPECT_EQ(p.unallocated_stock, 0.0) << q.dump();
  }
  for (const auto& [q, value] : std::vector<std::pair<json, double>>{
           {json("12.5"), 12.5}, {json("-3"), -3}, {json("1e3"), 1000}, {json(7), 7}, {json(0.25), 0.25}}) {
    EXPECT_EQ(decode_part(json{{"pk", 1}, {"total_in_stock", q}}).total_in_stock, value) << q.dump();
  }
}

// A part InvenTree reports with a "nan" stock is stored once; pulling it again changes
// nothing (it used to be rewritten, and every listing re-rendered, on every pull).
TEST(DecodeExact, ANanQuantityDoesNotChangeThePartOnEveryPull) {
  testing::TempDb db;
  storage::Store store(db.path());
  storage::MirrorSnapshot snapshot;
  snapshot.parts.push_back(decode_part(json{{"pk", 5}, {"name", "R1"}, {"total_in_stock", "nan"}}));
  store.mirror().apply_mirror(snapshot);
  snapshot.parts = {decode_part(json{{"pk", 5}, {"name", "R1"}, {"total_in_stock", "nan"}})};
  EXPECT_TRUE(store.mirror().apply_mirror(snapshot).empty());
}

std::vector<json> items_of(const std::string& body) {
  std::vector<json> items;
  parse_list_stream(body, nullptr, [&](json& item) { items.push_back(std::move(item)); });
  return items;
}

TEST(ListStreamExact, AMemberGivenTwiceIsMalformed) {
  for (const char* body : {
           R"({"count": 2, "results": [{"pk": 1}], "results": [{"pk": 2}]})",
           R"({"count": 1, "count": 2, "results": [{"pk": 1}, {"pk": 2}]})",
           R"({"count": 1, "results": [{"pk": 1, "pk": 2}]})",
           R"({"count": 1, "results": [{"pk": 1, "name": "a", "name": "b"}]})",
           R"([{"pk": 1, "parameters": [{"pk": 3, "data": "x", "data": "y"}]}])",
       }) {
    const std::string message = error_of([&] { items_of(body); }, ErrorKind::kMalformed);
    EXPECT_NE(message.find("twice"), std::string::npos) << body << ": " << message;
  }
  // The same name in different objects is fine.
  EXPECT_EQ(items_of(R"({"count": 2, "results": [{"pk": 1, "x": {"pk": 9}}, {"pk": 2}]})").size(), 2u);
}

TEST(BaseUrlExact, CredentialsAreRefusedWithoutRepeatingThePassword) {
  for (const char* url : {"https://user:hunter2@inventree.example.com", "http://alice:hunter2@10.0.0.5:8000/inventree",
                          "https://:hunter2@host/", "https://user:hunter2@host/?x=1"}) {
    const std::string message = error_of([&] { parse_base_url(url); }, ErrorKind::kConfig);
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
    EXPECT_NE(message.find("KIBRIDGE_INVENTREE_TOKEN"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace kibridge::inventree
