#include "server/auth/token_auth.h"

#include <gtest/gtest.h>

#include "tests/support/temp_db.h"

namespace kibridge::auth {
namespace {

TEST(TokenAuth, StoresOnlyTheHashAndAuthenticatesTheToken) {
  kibridge::testing::TempDb db;
  storage::Store store(db.path());
  const std::string token = create_token(store, "kicad", Scope::kRead);
  EXPECT_EQ(token.rfind("kib_", 0), 0u);
  EXPECT_EQ(token.size(), 44u);
  ASSERT_EQ(store.api_tokens().size(), 1u);
  EXPECT_EQ(store.api_tokens()[0].token_hash, hash_token(token));
  EXPECT_NE(store.api_tokens()[0].token_hash.find(token.substr(4)), 0u);

  TokenAuth auth(store);
  auto who = auth.authenticate(token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->token_name, "kicad");
  EXPECT_EQ(who->scope, Scope::kRead);
  EXPECT_FALSE(auth.authenticate(token + "x"));
  EXPECT_FALSE(auth.authenticate(""));
  EXPECT_NE(generate_token(), generate_token());
}

TEST(TokenAuth, RevokedTokenStopsWorkingAfterReload) {
  kibridge::testing::TempDb db;
  storage::Store store(db.path());
  const std::string token = create_token(store, "ci", Scope::kAdmin);
  TokenAuth auth(store);
  ASSERT_TRUE(auth.authenticate(token));
  store.delete_api_token("ci");
  auth.reload();
  EXPECT_FALSE(auth.authenticate(token));
}

TEST(TokenAuth, Sha256MatchesAKnownVector) {
  EXPECT_EQ(hash_token("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace kibridge::auth
