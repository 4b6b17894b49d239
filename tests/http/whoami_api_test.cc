// GET /api/whoami: the console learns its token's name and scope from the server.

#include <gtest/gtest.h>

#include "server/auth/token_auth.h"
#include "tests/http/test_server.h"

namespace kibridge::testing {
namespace {

TEST(WhoamiApiTest, NamesTheTokenAndItsScope) {
  TestServer server;
  const std::string import_token = auth::create_token(server.store(), "bom", auth::Scope::kImport);
  for (const auto& [token, name, scope] : {std::tuple{server.read_token(), "reader", "read"},
                                          std::tuple{import_token, "bom", "import"},
                                          std::tuple{server.admin_token(), "admin", "admin"}}) {
    auto client = server.client(token);
    auto res = client.Get("/api/whoami");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const auto body = json_of(res->body);
    EXPECT_EQ(body, (nlohmann::json{{"name", name}, {"scope", scope}}));
    EXPECT_EQ(res->body.find(token), std::string::npos);  // the token itself is never echoed
  }
}

TEST(WhoamiApiTest, NeedsAValidToken) {
  TestServer server;
  auto anonymous = server.anonymous();
  EXPECT_TRUE(is_json_error(anonymous.Get("/api/whoami"), 401));
  auto wrong = server.client("kib_0000000000000000000000000000000000000000");
  EXPECT_TRUE(is_json_error(wrong.Get("/api/whoami"), 401));
  auto reader = server.reader();
  EXPECT_TRUE(is_json_error(reader.Post("/api/whoami", "", "application/json"), 403));
}

}  // namespace
}  // namespace kibridge::testing
