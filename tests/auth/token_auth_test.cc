#include "server/auth/token_auth.h"

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/schema.h"
#include "tests/support/temp_db.h"

namespace kibridge::auth {
namespace {

TEST(TokenAuth, StoresOnlyTheHashAndAuthenticatesTheToken) {
  kibridge::testing::TempDb db;
  storage::Store store(db.path());
  const std::string token = create_token(store, "kicad", Scope::kRead);
  EXPECT_EQ(token.rfind("kib_", 0), 0u);
  EXPECT_EQ(token.size(), 44u);
  ASSERT_EQ(store.tokens().api_tokens().size(), 1u);
  EXPECT_EQ(store.tokens().api_tokens()[0].token_hash, hash_token(token));
  EXPECT_NE(store.tokens().api_tokens()[0].token_hash.find(token.substr(4)), 0u);

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
  store.tokens().delete_api_token("ci");
  auth.reload();
  EXPECT_FALSE(auth.authenticate(token));
}

TEST(TokenAuth, ImportScopeIsStoredAndAuthenticated) {
  kibridge::testing::TempDb db;
  storage::Store store(db.path());
  const std::string token = create_token(store, "bom", Scope::kImport);
  EXPECT_EQ(store.tokens().api_tokens().at(0).scope, "import");
  TokenAuth auth(store);
  auto who = auth.authenticate(token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->scope, Scope::kImport);
  EXPECT_EQ(parse_scope("import"), Scope::kImport);
  EXPECT_STREQ(scope_name(Scope::kImport), "import");
  EXPECT_FALSE(parse_scope("write"));
}

// A token made after the TokenAuth last read the table works at once, without reload().
TEST(TokenAuth, ATokenUnknownInMemoryIsLookedUpInTheStore) {
  kibridge::testing::TempDb db;
  storage::Store store(db.path());
  TokenAuth auth(store);
  storage::Store other(db.path());  // another process's connection
  const std::string token = create_token(other, "late", Scope::kRead);
  auto who = auth.authenticate(token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->token_name, "late");
  EXPECT_FALSE(auth.authenticate("kib_unknown"));
}

// A database from before the import scope keeps its tokens and accepts import tokens.
TEST(TokenAuth, SchemaUpgradeKeepsTokensAndAllowsTheImportScope) {
  kibridge::testing::TempDb db;
  {
    SQLite::Database raw(db.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (const auto& m : storage::parse_migrations(storage::kSchemaSql)) {
      if (m.version > 4) break;
      raw.exec(m.sql);
    }
    raw.exec("PRAGMA user_version = 4");
    raw.exec("INSERT INTO api_token (name, scope, token_hash, created_at) VALUES ('old', 'admin', '" +
             hash_token("kib_old") + "', '2026-01-01T00:00:00Z')");
    EXPECT_THROW(raw.exec("INSERT INTO api_token (name, scope, token_hash, created_at) VALUES ('x', 'import', 'h', 'c')"),
                 SQLite::Exception);
  }
  storage::Store store(db.path());
  EXPECT_EQ(store.schema_version(), storage::latest_schema_version());
  TokenAuth auth(store);
  auto old = auth.authenticate("kib_old");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->scope, Scope::kAdmin);
  EXPECT_NO_THROW(create_token(store, "bom", Scope::kImport));
  EXPECT_EQ(store.tokens().api_tokens().size(), 2u);
}

TEST(TokenAuth, Sha256MatchesAKnownVector) {
  EXPECT_EQ(hash_token("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace kibridge::auth
