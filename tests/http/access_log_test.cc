// serve --access-log: one line per request, eight fields, the token's name and never the token.
#include "server/http/access_log.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "storage/utc_time.h"
#include "tests/http/test_server.h"
#include "tests/support/temp_dir.h"

namespace kibridge::http {
namespace {

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string f; in >> f;) out.push_back(f);
  return out;
}

TEST(AccessLogTest, LineFieldsAndEscaping) {
  const auto now = storage::parse_utc("2026-12-01T10:00:00.250Z").value();
  RequestRecord r{"GET", "/plugin/kicad-library-plugin/v1/categories.json", "127.0.0.1", "kicad", 200, 1234,
                  std::chrono::microseconds(183)};
  EXPECT_EQ(AccessLog::format_line(r, now),
            "2026-12-01T10:00:00.250Z 127.0.0.1 GET /plugin/kicad-library-plugin/v1/categories.json 200 1234 0.000183 kicad\n");
  // A decoded path with a blank, a newline and '%', a token name with a blank: still 8 fields.
  r.path = "/api/x y\n%";
  r.token_name = "my laptop";
  EXPECT_EQ(AccessLog::format_line(r, now),
            "2026-12-01T10:00:00.250Z 127.0.0.1 GET /api/x%20y%0A%25 200 1234 0.000183 my%20laptop\n");
  r.token_name = "";
  EXPECT_EQ(fields(AccessLog::format_line(r, now)).back(), "-");
}

TEST(AccessLogTest, ServerWritesOneLinePerRequestWithTheTokenName) {
  testing::TempDir dir("access-log");
  const std::string path = (dir.path() / "access.log").string();
  std::string read_token;
  {
    AccessLog log(path);
    auto options = testing::TestServer::small_options();
    options.access_log = &log;
    testing::TestServer server(options);
    read_token = server.read_token();
    auto reader = server.reader();
    ASSERT_TRUE(reader.Get("/plugin/kicad-library-plugin/v1/categories.json"));
    ASSERT_TRUE(reader.Get("/api/parts?search=x&limit=0"));
    auto anonymous = server.anonymous();
    ASSERT_TRUE(anonymous.Get("/api/status"));
  }  // server stopped, then the log flushed and closed
  std::ifstream in(path);
  std::vector<std::vector<std::string>> lines;
  for (std::string line; std::getline(in, line);) {
    EXPECT_EQ(line.find(read_token), std::string::npos) << "the token itself was logged: " << line;
    lines.push_back(fields(line));
  }
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& f : lines) ASSERT_EQ(f.size(), 8u);
  EXPECT_EQ(lines[0][1], "127.0.0.1");
  EXPECT_EQ(lines[0][2], "GET");
  EXPECT_EQ(lines[0][3], "/plugin/kicad-library-plugin/v1/categories.json");
  EXPECT_EQ(lines[0][4], "200");
  EXPECT_GT(std::stoll(lines[0][5]), 0);
  EXPECT_GE(std::stod(lines[0][6]), 0.0);
  EXPECT_EQ(lines[0][7], "reader");
  EXPECT_EQ(lines[1][3], "/api/parts");  // the path, without the query
  EXPECT_EQ(lines[1][4], "400");
  EXPECT_EQ(lines[2][4], "401");
  EXPECT_EQ(lines[2][7], "-");
}

TEST(AccessLogTest, AnUnwritableTargetIsAnError) {
  EXPECT_THROW(AccessLog("/nonexistent-dir/kibridge/access.log"), std::runtime_error);
}

}  // namespace
}  // namespace kibridge::http
