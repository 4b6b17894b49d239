// /api/tokens (admin) and /api/whoami (read): create, list, revoke tokens over REST.
#include <gtest/gtest.h>

#include "tests/http/test_server.h"

namespace kibridge::http {
namespace {

using nlohmann::json;
using testing::send_json_request;

json find_token(const json& list, const std::string& name) {
  for (const auto& t : list["tokens"]) {
    if (t["name"] == name) return t;
  }
  return nullptr;
}

TEST(TokenApiTest, CreateListUseAndRevoke) {
  testing::TestServer server;
  auto admin = server.admin();
  const json created = send_json_request(admin, "POST", "/api/tokens", R"({"name": "laptop", "scope": "read"})", 201);
  EXPECT_EQ(created["name"], "laptop");
  EXPECT_EQ(created["scope"], "read");
  const std::string token = created["token"];
  EXPECT_EQ(token.rfind("kib_", 0), 0u);

  json list = send_json_request(admin, "GET", "/api/tokens", "", 200);
  json laptop = find_token(list, "laptop");
  ASSERT_TRUE(laptop.is_object()) << list;
  EXPECT_EQ(laptop["scope"], "read");
  EXPECT_TRUE(laptop["created"].is_string());
  EXPECT_TRUE(laptop["last_used"].is_null());
  EXPECT_FALSE(list.dump().find(token) != std::string::npos);  // never shown again

  // The new token works at once; its use is listed, and stored for other processes.
  auto laptop_client = server.client(token);
  EXPECT_EQ(send_json_request(laptop_client, "GET", "/api/whoami", "", 200),
            (json{{"name", "laptop"}, {"scope", "read"}}));
  list = send_json_request(admin, "GET", "/api/tokens", "", 200);
  EXPECT_TRUE(find_token(list, "laptop")["last_used"].is_string()) << list;
  EXPECT_TRUE(server.store().tokens().token_last_uses().count("laptop"));

  auto res = admin.Delete("/api/tokens/laptop");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  send_json_request(laptop_client, "GET", "/api/whoami", "", 401);
  EXPECT_TRUE(find_token(send_json_request(admin, "GET", "/api/tokens", "", 200), "laptop").is_null());
}

TEST(TokenApiTest, BadInputTakenNamesAndUnknownNames) {
  testing::TestServer server;
  auto admin = server.admin();
  for (const char* body : {R"({"scope": "read"})", R"({"name": "", "scope": "read"})", R"({"name": 5, "scope": "read"})"}) {
    EXPECT_TRUE(send_json_request(admin, "POST", "/api/tokens", body, 400).contains("name")) << body;
  }
  for (const char* body : {R"({"name": "x"})", R"({"name": "x", "scope": "root"})", R"({"name": "x", "scope": 1})"}) {
    EXPECT_TRUE(send_json_request(admin, "POST", "/api/tokens", body, 400).contains("scope")) << body;
  }
  send_json_request(admin, "POST", "/api/tokens", "[]", 400);
  send_json_request(admin, "POST", "/api/tokens", "{", 400);
  EXPECT_TRUE(send_json_request(admin, "POST", "/api/tokens",
                                json{{"name", std::string(101, 'n')}, {"scope", "read"}}.dump(), 400)
                  .contains("name"));
  EXPECT_TRUE(send_json_request(admin, "POST", "/api/tokens", R"({"name": "reader", "scope": "admin"})", 409)
                  .contains("name"));
  send_json_request(admin, "DELETE", "/api/tokens/nobody", "", 404);
  // A name, never an id: the reader token has an id, but no token is named after it.
  const auto reader_id = server.store().tokens().api_tokens().front().id;
  send_json_request(admin, "DELETE", "/api/tokens/" + std::to_string(reader_id), "", 404);
  EXPECT_EQ(server.store().tokens().api_tokens().size(), 2u);  // nothing changed
}

TEST(TokenApiTest, TokensAreAdminOnlyWhoamiIsRead) {
  testing::TestServer server;
  auto reader = server.reader();
  send_json_request(reader, "GET", "/api/tokens", "", 403);
  send_json_request(reader, "POST", "/api/tokens", R"({"name": "x", "scope": "admin"})", 403);
  send_json_request(reader, "DELETE", "/api/tokens/admin", "", 403);
  EXPECT_EQ(send_json_request(reader, "GET", "/api/whoami", "", 200), (json{{"name", "reader"}, {"scope", "read"}}));
  auto anonymous = server.anonymous();
  send_json_request(anonymous, "GET", "/api/whoami", "", 401);
  send_json_request(anonymous, "GET", "/api/tokens", "", 401);
  EXPECT_EQ(server.store().tokens().api_tokens().size(), 2u);
}

}  // namespace
}  // namespace kibridge::http
