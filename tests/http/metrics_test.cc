// GET /metrics: the counters move with requests, the text parses as Prometheus' format, and
// who may scrape it.
#include "server/http/metrics.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "server/http/metrics_api.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"

namespace kibridge::http {
namespace {

namespace sample = testing::sample;
constexpr const char* kV1 = "/plugin/kicad-library-plugin/v1";

// The samples of an exposition by "name{labels}", after checking every line's shape: a
// comment is "# HELP name text" or "# TYPE name type", a sample is `name{labels} value` with
// its family's TYPE given before it.
std::map<std::string, double> parse_exposition(const std::string& text) {
  static const std::regex kSample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*")*\})? ([-+0-9.eE]+|\+Inf|NaN)$)");
  static const std::regex kHelp(R"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$)");
  static const std::regex kType(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$)");
  std::map<std::string, double> samples;
  std::set<std::string> typed, helped;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, kHelp)) {
      helped.insert(m[1]);
    } else if (std::regex_match(line, m, kType)) {
      typed.insert(m[1]);
    } else if (std::regex_match(line, m, kSample)) {
      std::string family = m[1];
      for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        const std::string s = suffix;
        if (!typed.count(family) && family.size() > s.size() && family.compare(family.size() - s.size(), s.size(), s) == 0) {
          family.resize(family.size() - s.size());
        }
      }
      EXPECT_TRUE(typed.count(family) && helped.count(family)) << "no HELP/TYPE before: " << line;
      samples[std::string(m[1]) + std::string(m[2])] = std::stod(m[4]);
    } else {
      ADD_FAILURE() << "not a Prometheus text line: '" << line << "'";
    }
  }
  return samples;
}

std::map<std::string, double> scrape(httplib::Client& client) {
  auto res = client.Get("/metrics");
  EXPECT_TRUE(res);
  if (!res) return {};
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
  return parse_exposition(res->body);
}

TEST(RouteGroupTest, KicadRoutesApartFromTheRest) {
  EXPECT_EQ(route_group("/plugin/kicad-library-plugin/v1/"), RouteGroup::kKicadRoot);
  EXPECT_EQ(route_group("/plugin/kicad-library-plugin/v1/categories.json"), RouteGroup::kKicadCategories);
  EXPECT_EQ(route_group("/plugin/kicad-library-plugin/v1/parts/category/2.json"), RouteGroup::kKicadListing);
  EXPECT_EQ(route_group("/plugin/kicad-library-plugin/v1/parts/101.json"), RouteGroup::kKicadPart);
  EXPECT_EQ(route_group("/plugin/kicad-library-plugin/api/category/"), RouteGroup::kPluginApi);
  EXPECT_EQ(route_group("/api/status"), RouteGroup::kApi);
  EXPECT_EQ(route_group("/metrics"), RouteGroup::kMetrics);
  EXPECT_EQ(route_group("/ui/index.html"), RouteGroup::kOther);
  EXPECT_TRUE(is_loopback_address("127.0.0.1"));
  EXPECT_TRUE(is_loopback_address("::1"));
  EXPECT_TRUE(is_loopback_address("::ffff:127.0.0.1"));
  EXPECT_FALSE(is_loopback_address("10.0.0.1"));
  EXPECT_FALSE(is_loopback_address("::ffff:10.0.0.1"));
}

TEST(MetricsTest, CountersMoveWithRequests) {
  testing::TestServer server;
  sample::seed(server.store());
  auto reader = server.reader();
  // One connection: a request is counted after its answer is sent, so only on the same
  // connection is it surely counted before the next request is read.
  reader.set_keep_alive(true);
  const auto before = scrape(reader);
  const std::string categories_200 = R"(kibridge_http_requests_total{group="kicad_categories",status="200"})";
  const std::string listing_count = R"(kibridge_kicad_request_duration_seconds_count{route="kicad_listing"})";
  const std::string api_401 = R"(kibridge_http_requests_total{group="api",status="401"})";
  const std::string listing_bytes = R"(kibridge_http_response_bytes_total{group="kicad_listing"})";
  EXPECT_EQ(before.count(categories_200), 0u);
  EXPECT_EQ(before.at(listing_count), 0);

  ASSERT_TRUE(reader.Get(std::string(kV1) + "/categories.json"));
  ASSERT_TRUE(reader.Get(std::string(kV1) + "/categories.json"));
  auto listing = reader.Get(std::string(kV1) + "/parts/category/2.json");
  ASSERT_TRUE(listing);
  auto anonymous = server.anonymous();
  ASSERT_TRUE(anonymous.Get("/api/status"));

  // The 401 came on another connection: it is counted once its answer is out.
  auto after = scrape(reader);
  for (int i = 0; i < 200 && !after.count(api_401); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    after = scrape(reader);
  }
  EXPECT_EQ(after.at(categories_200), 2);
  EXPECT_EQ(after.at(listing_count), 1);
  EXPECT_EQ(after.at(R"(kibridge_kicad_request_duration_seconds_bucket{route="kicad_listing",le="+Inf"})"), 1);
  EXPECT_GT(after.at(R"(kibridge_kicad_request_duration_seconds_sum{route="kicad_listing"})"), 0);
  EXPECT_EQ(after.at(api_401), 1);
  // Wire bytes: the client asked for gzip, so fewer than the inflated body, more than a head.
  EXPECT_GT(after.at(listing_bytes), before.at(listing_bytes) + 200);
  // Earlier scrapes are counted by the next one.
  EXPECT_GE(after.at(R"(kibridge_http_requests_total{group="metrics",status="200"})"), 1);
  // Scrape-time figures: the listing was rendered, the outbox is empty.
  EXPECT_GE(after.at("kibridge_listing_renders_total"), 1);
  EXPECT_GT(after.at("kibridge_listing_render_seconds_total"), 0);
  EXPECT_GT(after.at("kibridge_cache_bytes"), 0);
  EXPECT_EQ(after.at(R"(kibridge_outbox_entries{state="pending"})"), 0);
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics metrics;
  RequestRecord fast{"GET", "/plugin/kicad-library-plugin/v1/parts/1.json", "127.0.0.1", "", 200, 10,
                     std::chrono::microseconds(50)};
  RequestRecord slow = fast;
  slow.elapsed = std::chrono::milliseconds(30);
  metrics.observe(fast);
  metrics.observe(slow);
  metrics.observe(slow);
  const auto samples = parse_exposition(metrics.render({}));
  const std::string route = R"(route="kicad_part")";
  EXPECT_EQ(samples.at("kibridge_kicad_request_duration_seconds_bucket{" + route + R"(,le="0.0001"})"), 1);
  EXPECT_EQ(samples.at("kibridge_kicad_request_duration_seconds_bucket{" + route + R"(,le="0.025"})"), 1);
  EXPECT_EQ(samples.at("kibridge_kicad_request_duration_seconds_bucket{" + route + R"(,le="0.05"})"), 3);
  EXPECT_EQ(samples.at("kibridge_kicad_request_duration_seconds_count{" + route + "}"), 3);
  EXPECT_NEAR(samples.at("kibridge_kicad_request_duration_seconds_sum{" + route + "}"), 0.06005, 1e-9);
  EXPECT_EQ(samples.at(R"(kibridge_http_requests_total{group="kicad_part",status="200"})"), 3);
}

TEST(MetricsTest, NeedsAReadTokenUnlessOpenToLoopback) {
  {
    testing::TestServer server;
    auto anonymous = server.anonymous();
    EXPECT_TRUE(testing::is_json_error(anonymous.Get("/metrics"), 401));
    auto bad = server.client(std::string("kib_wrong"));
    EXPECT_TRUE(testing::is_json_error(bad.Get("/metrics"), 401));
  }
  auto options = testing::TestServer::small_options();
  options.metrics_open = true;
  testing::TestServer server(options);
  auto anonymous = server.anonymous();
  EXPECT_FALSE(scrape(anonymous).empty());
  // Only /metrics is opened.
  EXPECT_TRUE(testing::is_json_error(anonymous.Get("/api/status"), 401));
}

}  // namespace
}  // namespace kibridge::http
