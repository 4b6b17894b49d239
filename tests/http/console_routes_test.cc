// The web console's files as a browser and a proxy see them: served without a token at / and
// /ui/<file>, with the right Content-Type, a strong ETag answered by 304, gzip when accepted,
// the security headers on every answer, a JSON 404 for an unknown file, and no way out of the
// table (../, encoded slashes) — while every other path still needs a token.

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "server/http/console_assets.h"
#include "server/http/console_routes.h"
#include "server/util/gzip.h"
#include "tests/http/test_server.h"

namespace kibridge::testing {
namespace {

std::string asset(std::string_view name) {
  for (size_t i = 0; i < http::kConsoleAssetCount; ++i) {
    if (http::kConsoleAssets[i].name == name) return std::string(http::kConsoleAssets[i].body);
  }
  ADD_FAILURE() << "no console asset " << name;
  return "";
}

// A raw GET without a token (httplib's client would ask for gzip and inflate the answer).
RawResponse raw_get(const TestServer& server, const std::string& path, const std::string& extra_headers = "") {
  return parse_raw_response(server.raw_exchange("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers +
                                                "Connection: close\r\n\r\n"));
}

// The value of header `name` in a raw head ("" when absent); names compare case-insensitively.
std::string header(const RawResponse& res, const std::string& name) {
  std::smatch m;
  const std::regex re("\r\n" + name + ": ([^\r\n]*)", std::regex::icase);
  return std::regex_search(res.head, m, re) ? m[1].str() : "";
}

void expect_security_headers(const RawResponse& res) {
  const std::string csp = header(res, "Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << csp;
  EXPECT_EQ(header(res, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header(res, "Referrer-Policy"), "no-referrer");
}

TEST(ConsoleRoutesTest, IndexIsServedAtRootWithoutToken) {
  TestServer server;
  const RawResponse res = raw_get(server, "/");
  ASSERT_EQ(res.status, 200) << res.head;
  EXPECT_EQ(header(res, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(res.body, asset("index.html"));
  expect_security_headers(res);
  EXPECT_EQ(header(res, "Cache-Control"), "no-cache");
}

TEST(ConsoleRoutesTest, EachFileHasTheContentTypeOfItsKind) {
  TestServer server;
  const std::map<std::string, std::string> types{{"app.js", "text/javascript; charset=utf-8"},
                                                 {"console.css", "text/css; charset=utf-8"},
                                                 {"favicon.svg", "image/svg+xml"}};
  for (const auto& [name, type] : types) {
    const RawResponse res = raw_get(server, "/ui/" + name);
    ASSERT_EQ(res.status, 200) << name;
    EXPECT_EQ(header(res, "Content-Type"), type) << name;
    EXPECT_EQ(res.body, asset(name)) << name;
    EXPECT_EQ(header(res, "Content-Encoding"), "") << name;
    expect_security_headers(res);
  }
}

TEST(ConsoleRoutesTest, StrongEtagAnswersIfNoneMatchWith304) {
  TestServer server;
  const RawResponse first = raw_get(server, "/ui/app.js");
  const std::string etag = header(first, "ETag");
  ASSERT_TRUE(std::regex_match(etag, std::regex("\"[0-9a-f]{32}\""))) << etag;  // strong: no W/
  EXPECT_NE(etag, header(raw_get(server, "/ui/console.css"), "ETag"));

  for (const std::string& condition : {etag, "\"other\", " + etag, "W/" + etag, std::string("*")}) {
    const RawResponse again = raw_get(server, "/ui/app.js", "If-None-Match: " + condition + "\r\n");
    EXPECT_EQ(again.status, 304) << condition;
    EXPECT_EQ(again.body, "") << condition;
    EXPECT_EQ(header(again, "ETag"), etag) << condition;
    expect_security_headers(again);
  }
  EXPECT_EQ(raw_get(server, "/ui/app.js", "If-None-Match: \"0123\"\r\n").status, 200);
  EXPECT_EQ(raw_get(server, "/", "If-None-Match: " + etag + "\r\n").status, 200);  // another file's tag
}

TEST(ConsoleRoutesTest, GzipWhenAcceptedWithItsOwnEtag) {
  TestServer server;
  const RawResponse plain = raw_get(server, "/ui/app.js");
  const RawResponse gzip = raw_get(server, "/ui/app.js", "Accept-Encoding: gzip, deflate\r\n");
  ASSERT_EQ(gzip.status, 200);
  EXPECT_EQ(header(gzip, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(gzip, "Vary"), "Accept-Encoding");
  EXPECT_EQ(header(gzip, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_LT(gzip.body.size(), plain.body.size());
  EXPECT_EQ(util::gzip_decompress(gzip.body), asset("app.js"));
  // A strong validator names exact bytes: the gzip form has its own, and each answers 304.
  const std::string gzip_etag = header(gzip, "ETag");
  EXPECT_NE(gzip_etag, header(plain, "ETag"));
  EXPECT_EQ(raw_get(server, "/ui/app.js", "Accept-Encoding: gzip\r\nIf-None-Match: " + gzip_etag + "\r\n").status, 304);
  EXPECT_EQ(raw_get(server, "/ui/app.js", "If-None-Match: " + gzip_etag + "\r\n").status, 200);
}

TEST(ConsoleRoutesTest, HeadSendsTheHeadersOnly) {
  TestServer server;
  const std::string raw = server.raw_exchange("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const RawResponse res = parse_raw_response(raw);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "");
  EXPECT_NE(header(res, "ETag"), "");
}

TEST(ConsoleRoutesTest, UnknownFileIsJson404) {
  TestServer server;
  for (const std::string path : {"/ui/nope.js", "/ui/schema.sql", "/ui/CMakeLists.txt"}) {
    const RawResponse res = raw_get(server, path);
    EXPECT_EQ(res.status, 404) << path << "\n" << res.head;
    EXPECT_EQ(header(res, "Content-Type"), "application/json") << path;
    EXPECT_NE(res.body.find("\"detail\""), std::string::npos) << path;
    expect_security_headers(res);
  }
}

// Nothing outside the table is reachable through /ui/: a path that is not one plain file name
// is no console request, so it needs a token like any other path, and with one finds nothing.
TEST(ConsoleRoutesTest, NoPathTraversal) {
  TestServer server;
  for (const std::string path : {"/ui/../api/status", "/ui/..%2fapi%2fstatus", "/ui/%2e%2e/schema.sql",
                                 "/ui/../../../../etc/passwd", "/ui/./app.js", "/ui/..", "/ui/a/../app.js",
                                 "/ui/.hidden"}) {
    const RawResponse anonymous = raw_get(server, path);
    EXPECT_EQ(anonymous.status, 401) << path << "\n" << anonymous.head;
    const RawResponse with_token = raw_get(server, path, "Authorization: Token " + server.admin_token() + "\r\n");
    EXPECT_EQ(with_token.status, 404) << path << "\n" << with_token.head;
    EXPECT_EQ(with_token.body.find("CREATE TABLE"), std::string::npos) << path;
  }
}

TEST(ConsoleRoutesTest, OnlyGetOfConsolePathsSkipsTheToken) {
  EXPECT_TRUE(http::is_console_request("GET", "/"));
  EXPECT_TRUE(http::is_console_request("HEAD", "/ui/app.js"));
  EXPECT_TRUE(http::is_console_request("GET", "/ui/page_overview.js"));
  EXPECT_FALSE(http::is_console_request("POST", "/"));
  EXPECT_FALSE(http::is_console_request("GET", "/ui/../api/status"));
  EXPECT_FALSE(http::is_console_request("GET", "/ui/a.b.js"));
  EXPECT_FALSE(http::is_console_request("GET", "/ui/"));
  EXPECT_FALSE(http::is_console_request("GET", "/uix/app.js"));
  EXPECT_FALSE(http::is_console_request("GET", "/api/status"));

  TestServer server;
  EXPECT_EQ(raw_get(server, "/api/status").status, 401);
  const std::string post = server.raw_exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(parse_raw_response(post).status, 401);
}

// Every file the page and the modules name is in the table, by a relative URL (so the console
// works behind a proxy on a sub-path), and nothing is loaded from elsewhere.
TEST(ConsoleRoutesTest, EveryReferencedFileIsServedAndUrlsAreRelative) {
  TestServer server;
  std::set<std::string> referenced;
  const std::string index = asset("index.html");
  const std::regex attr(R"re((?:src|href)="([^"#]+)")re");
  for (auto it = std::sregex_iterator(index.begin(), index.end(), attr); it != std::sregex_iterator(); ++it) {
    const std::string url = (*it)[1].str();
    EXPECT_EQ(url.rfind("ui/", 0), 0u) << "not a relative ui/ URL: " << url;
    referenced.insert(url.substr(3));
  }
  const std::regex import(R"re(from '\./([a-z0-9_]+\.js)')re");
  const std::regex absolute(R"re((fetch\(|api\()\s*['"`](/|https?:))re");
  // Pages are built from text nodes (dom.js): a value from the server never becomes markup.
  const std::regex markup(R"re(\.(innerHTML|outerHTML)\s*\+?=|insertAdjacentHTML|document\.write)re");
  for (size_t i = 0; i < http::kConsoleAssetCount; ++i) {
    const std::string body(http::kConsoleAssets[i].body);
    for (auto it = std::sregex_iterator(body.begin(), body.end(), import); it != std::sregex_iterator(); ++it) {
      referenced.insert((*it)[1].str());
    }
    EXPECT_FALSE(std::regex_search(body, absolute)) << http::kConsoleAssets[i].name << " calls an absolute URL";
    EXPECT_FALSE(std::regex_search(body, markup)) << http::kConsoleAssets[i].name << " writes markup from a string";
  }
  EXPECT_GE(referenced.size(), 8u);
  for (const std::string& name : referenced) {
    EXPECT_EQ(raw_get(server, "/ui/" + name).status, 200) << name;
  }
}

}  // namespace
}  // namespace kibridge::testing
