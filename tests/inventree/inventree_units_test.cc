// Pure parts of the InvenTree client: URLs, API version gates, retry schedule, decoding.
#include "tests/support/build_paths.h"
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "server/inventree/api_version.h"
#include "server/inventree/base_url.h"
#include "server/inventree/client.h"
#include "server/inventree/decode.h"
#include "server/inventree/errors.h"
#include "server/inventree/retry.h"

namespace kibridge::inventree {
namespace {

using std::chrono::milliseconds;
using nlohmann::json;

ErrorKind kind_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const InvenTreeError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no InvenTreeError thrown";
  return ErrorKind::kCancelled;
}

TEST(BaseUrl, DefaultsPortsAndDropsTrailingApi) {
  auto a = parse_base_url("https://inventree.example.com");
  EXPECT_EQ(a.scheme, "https");
  EXPECT_EQ(a.host, "inventree.example.com");
  EXPECT_EQ(a.port, 443);
  EXPECT_EQ(a.path_prefix, "");
  auto b = parse_base_url("HTTP://10.0.0.5:8000/inventree/api/");
  EXPECT_EQ(b.scheme, "http");
  EXPECT_EQ(b.port, 8000);
  EXPECT_EQ(b.path_prefix, "/inventree");
  EXPECT_EQ(b.origin(), "http://10.0.0.5:8000");
  auto c = parse_base_url("http://[::1]:9000/");
  EXPECT_EQ(c.host, "::1");
  EXPECT_EQ(c.origin(), "http://[::1]:9000");
}

TEST(BaseUrl, RejectsWhatCannotBeAnInvenTreeAddress) {
  for (const char* bad : {"inventree.example.com", "ftp://host", "http://", "http://host:99999", "http://host:x",
                          "https://user:secret@host", "http://host/?a=1"}) {
    EXPECT_EQ(kind_of([&] { parse_base_url(bad); }), ErrorKind::kConfig) << bad;
  }
}

TEST(ApiVersion, ParameterEndpointsSwitchAt430) {
  auto legacy = features_for(429);
  EXPECT_FALSE(legacy.generic_parameters);
  EXPECT_EQ(legacy.parameters_path, "/api/part/parameter/");
  EXPECT_EQ(legacy.parameter_templates_path, "/api/part/parameter/template/");
  auto generic = features_for(430);
  EXPECT_TRUE(generic.generic_parameters);
  EXPECT_EQ(generic.parameters_path, "/api/parameter/");
  EXPECT_EQ(generic.parameter_templates_path, "/api/parameter/template/");
}

TEST(ApiVersion, OrderingByIdFrom482AndGenericAttachmentsFrom207) {
  EXPECT_FALSE(features_for(481).part_ordering_by_id);
  EXPECT_TRUE(features_for(482).part_ordering_by_id);
  EXPECT_EQ(features_for(206).attachments_path, "/api/part/attachment/");
  EXPECT_EQ(features_for(207).attachments_path, "/api/attachment/");
}

TEST(ApiVersion, ServerInfoNeedsAnIntegerApiVersion) {
  auto info = parse_server_info(json{{"server", "InvenTree"}, {"version", "1.4.0"}, {"apiVersion", 512}});
  EXPECT_EQ(info.api_version, 512);
  EXPECT_EQ(info.version, "1.4.0");
  EXPECT_EQ(kind_of([] { parse_server_info(json::array()); }), ErrorKind::kMalformed);
  EXPECT_EQ(kind_of([] { parse_server_info(json{{"apiVersion", "512"}}); }), ErrorKind::kMalformed);
}

TEST(Retry, BackoffDoublesUpToTheCapWithFullJitter) {
  RetryPolicy p;
  p.base_delay = milliseconds(100);
  p.max_delay = milliseconds(1000);
  EXPECT_EQ(backoff_delay(p, 1, 0.999999), milliseconds(99));
  EXPECT_EQ(backoff_delay(p, 2, 0.5), milliseconds(100));
  EXPECT_EQ(backoff_delay(p, 3, 0.5), milliseconds(200));
  EXPECT_EQ(backoff_delay(p, 10, 0.5), milliseconds(500));
  EXPECT_EQ(backoff_delay(p, 60, 0.5), milliseconds(500));  // no overflow far out
  EXPECT_EQ(backoff_delay(p, 3, 0.0), milliseconds(0));
}

TEST(Retry, RetryAfterIsAFloorAndIsCapped) {
  RetryPolicy p;
  p.base_delay = milliseconds(100);
  p.max_retry_after = milliseconds(60000);
  EXPECT_EQ(retry_pause(p, 1, 0.5, milliseconds(3000)), milliseconds(3000));
  EXPECT_EQ(retry_pause(p, 1, 0.5, milliseconds(600000)), milliseconds(60000));
  EXPECT_EQ(retry_pause(p, 1, 0.5, std::nullopt), milliseconds(50));
}

TEST(Retry, ParsesRetryAfterSecondsAndHttpDates) {
  auto now = std::chrono::system_clock::from_time_t(1445412480);  // Wed, 21 Oct 2015 07:28:00 GMT
  EXPECT_EQ(parse_retry_after(" 120 ", now), milliseconds(120000));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), milliseconds(30000));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), milliseconds(0));
  EXPECT_FALSE(parse_retry_after("soon", now));
  EXPECT_FALSE(parse_retry_after("", now));
}

TEST(ErrorKinds, OnlyTransientProblemsAreRetried) {
  for (auto k : {ErrorKind::kConnection, ErrorKind::kTimeout, ErrorKind::kServer, ErrorKind::kRateLimited,
                 ErrorKind::kMalformed}) {
    EXPECT_TRUE(is_transient(k)) << to_string(k);
  }
  for (auto k : {ErrorKind::kCredentials, ErrorKind::kTls, ErrorKind::kNotFound, ErrorKind::kRejected,
                 ErrorKind::kConfig, ErrorKind::kCancelled}) {
    EXPECT_FALSE(is_transient(k)) << to_string(k);
  }
}

TEST(Query, EncodesReservedCharacters) {
  EXPECT_EQ(encode_query({{"limit", "500"}, {"search", "10k & 1%/x"}}), "limit=500&search=10k%20%26%201%25%2Fx");
}

TEST(Decode, PartTakesNullsAsEmptyAndFallsBackForStock) {
  json item = {{"pk", 7},      {"category", nullptr}, {"name", "R1"},     {"IPN", nullptr}, {"keywords", nullptr},
               {"link", nullptr}, {"active", false},  {"in_stock", "12.5"}};
  auto p = decode_part(item);
  EXPECT_EQ(p.id, 7);
  EXPECT_FALSE(p.category_id);
  EXPECT_EQ(p.ipn, "");
  EXPECT_FALSE(p.active);
  EXPECT_DOUBLE_EQ(p.total_in_stock, 12.5);
  EXPECT_DOUBLE_EQ(p.unallocated_stock, 12.5);
}

TEST(Decode, MissingIdentityIsMalformed) {
  EXPECT_EQ(kind_of([] { decode_part(json{{"name", "x"}}); }), ErrorKind::kMalformed);
  EXPECT_EQ(kind_of([] { decode_category(json{{"pk", "1"}}); }), ErrorKind::kMalformed);
  EXPECT_EQ(kind_of([] { decode_part_parameter(json{{"pk", 1}, {"template", 2}, {"data", "x"}}); }),
            ErrorKind::kMalformed);
  EXPECT_EQ(kind_of([] { decode_part(json::array()); }), ErrorKind::kMalformed);
}

TEST(Decode, ParametersOfBothGenerations) {
  auto generic = decode_part_parameter(
      json{{"pk", 5}, {"template", 2}, {"model_type", "part.part"}, {"model_id", 9}, {"data", "0603"}});
  ASSERT_TRUE(generic);
  EXPECT_EQ(generic->part_id, 9);
  auto legacy = decode_part_parameter(json{{"pk", 6}, {"template", 2}, {"part", 9}, {"data", "0402"}});
  ASSERT_TRUE(legacy);
  EXPECT_EQ(legacy->part_id, 9);
  EXPECT_EQ(legacy->data, "0402");
  EXPECT_FALSE(decode_part_parameter(
      json{{"pk", 7}, {"template", 2}, {"model_type", "company.company"}, {"model_id", 9}, {"data", "x"}}));
}

TEST(Decode, CategoryParametersCarryTheirTemplateName) {
  auto p = decode_category_parameter(json{{"pk", 5},
                                          {"template", 31},
                                          {"model_type", "part.partcategory"},
                                          {"model_id", 9},
                                          {"data", "Device:R"},
                                          {"template_detail", {{"pk", 31}, {"name", "KiCad Symbol"}}}});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->category_id, 9);
  EXPECT_EQ(p->template_id, 31);
  EXPECT_EQ(p->template_name, "KiCad Symbol");
  EXPECT_EQ(p->data, "Device:R");
  // A part's parameter is not a category's; without the name there is nothing to match.
  EXPECT_FALSE(decode_category_parameter(json{{"pk", 6},
                                              {"template", 31},
                                              {"model_type", "part.part"},
                                              {"model_id", 9},
                                              {"template_detail", {{"name", "KiCad Symbol"}}}}));
  EXPECT_FALSE(decode_category_parameter(
      json{{"pk", 7}, {"template", 31}, {"model_type", "part.partcategory"}, {"model_id", 9}, {"data", "x"}}));
  EXPECT_EQ(kind_of([] {
              decode_category_parameter(json{{"pk", 8}, {"template", 31}, {"model_type", "part.partcategory"}});
            }),
            ErrorKind::kMalformed);
}

TEST(Decode, OnlyLinkAttachmentsCommentedDatasheetCount) {
  auto ok = decode_datasheet_attachment(
      json{{"pk", 1}, {"model_type", "part"}, {"model_id", 3}, {"link", "https://x/ds.pdf"}, {"comment", " DataSheet "}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->part_id, 3);
  EXPECT_FALSE(decode_datasheet_attachment(
      json{{"pk", 2}, {"model_type", "part"}, {"model_id", 3}, {"link", nullptr}, {"comment", "datasheet"}}));
  EXPECT_FALSE(decode_datasheet_attachment(
      json{{"pk", 3}, {"model_type", "part"}, {"model_id", 3}, {"link", "https://x"}, {"comment", "datasheets"}}));
  EXPECT_FALSE(decode_datasheet_attachment(
      json{{"pk", 4}, {"model_type", "stockitem"}, {"model_id", 3}, {"link", "https://x"}, {"comment", "datasheet"}}));
  auto legacy = decode_datasheet_attachment(json{{"pk", 5}, {"part", 8}, {"link", "https://y"}, {"comment", "datasheet"}});
  ASSERT_TRUE(legacy);
  EXPECT_EQ(legacy->part_id, 8);
}

TEST(Decode, CompanyNamesComeFromTheDetailObjects) {
  auto m = decode_manufacturer_part(json{{"pk", 1}, {"part", 2}, {"manufacturer", 4}, {"MPN", "X1"},
                                         {"manufacturer_detail", {{"pk", 4}, {"name", "Yageo"}}}});
  EXPECT_EQ(m.manufacturer, "Yageo");
  EXPECT_EQ(m.mpn, "X1");
  auto s = decode_supplier_part(json{{"pk", 1}, {"part", 2}, {"supplier", 5}, {"SKU", "S-1"}, {"manufacturer_part", nullptr},
                                     {"supplier_detail", {{"pk", 5}, {"name", "DigiKey"}}}});
  EXPECT_EQ(s.supplier, "DigiKey");
  EXPECT_FALSE(s.manufacturer_part_id);
}

// The derived v534-shaped sample (parts with embedded parameters) decodes completely.
TEST(Decode, DerivedSampleShapes) {
  const std::string path =
      kibridge::testing::source_dir() + "/../shared/inventree-samples/derived/api-v534-shaped_electronics-subset.json";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << "shared samples not present: " << path;
  json doc = json::parse(in);
  size_t embedded = 0;
  for (const auto& p : doc["parts"]) {
    auto part = decode_part(p);
    EXPECT_GT(part.id, 0);
    for (const auto& prm : p["parameters"]) {
      auto parameter = decode_part_parameter(prm);
      ASSERT_TRUE(parameter);
      EXPECT_EQ(parameter->part_id, part.id);
      ++embedded;
    }
  }
  size_t listed = 0;
  for (const auto& prm : doc["parameters"]) listed += decode_part_parameter(prm) ? 1 : 0;
  EXPECT_EQ(embedded, listed);
  EXPECT_EQ(listed, doc["parameters"].size());
  for (const auto& c : doc["categories"]) EXPECT_FALSE(decode_category(c).pathstring.empty());
}

}  // namespace
}  // namespace kibridge::inventree
