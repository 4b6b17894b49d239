// The tokens `kibridge serve --demo` hands out: a read token in a 0600 .kicad_httplib, an admin
// token apart, both kept across restarts unless rotated.
#include "server/cli/demo_tokens.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/auth/token_auth.h"
#include "tests/support/temp_db.h"

namespace kibridge::cli {
namespace {

mode_t mode_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

std::string httplib_token(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str())["source"]["token"].get<std::string>();
}

std::optional<auth::Scope> scope_of(storage::Store& store, const std::string& token) {
  auth::TokenAuth auth(store);
  auto who = auth.authenticate(token);
  return who ? std::optional<auth::Scope>(who->scope) : std::nullopt;
}

TEST(DemoTokens, HttplibHoldsAReadTokenWithMode0600AndTheAdminTokenIsApart) {
  kibridge::testing::TempDb db;
  storage::Store store(db.path());
  const DemoTokens t = ensure_demo_tokens(store, "http://127.0.0.1:8765", false);
  EXPECT_FALSE(t.admin_reused);
  EXPECT_FALSE(t.read_reused);
  EXPECT_EQ(mode_of(t.httplib_path), 0600u);
  EXPECT_EQ(mode_of(t.admin_token_path), 0600u);
  EXPECT_EQ(httplib_token(t.httplib_path), t.read_token);
  EXPECT_NE(t.read_token, t.admin_token);
  EXPECT_EQ(scope_of(store, t.read_token), auth::Scope::kRead);
  EXPECT_EQ(scope_of(store, t.admin_token), auth::Scope::kAdmin);
}

TEST(DemoTokens, AnOlderWorldReadableFileBecomes0600) {
  kibridge::testing::TempDb db;
  storage::Store store(db.path());
  std::ofstream(db.path() + ".kicad_httplib") << "{}";
  ::chmod((db.path() + ".kicad_httplib").c_str(), 0644);
  const DemoTokens t = ensure_demo_tokens(store, "http://127.0.0.1:8765", false);
  EXPECT_EQ(mode_of(t.httplib_path), 0600u);
}

TEST(DemoTokens, ARestartKeepsBothTokensSoAnOpenKicadKeepsWorking) {
  kibridge::testing::TempDb db;
  DemoTokens first;
  {
    storage::Store store(db.path());
    first = ensure_demo_tokens(store, "http://127.0.0.1:8765", false);
  }
  storage::Store store(db.path());  // the next start, on another port
  const DemoTokens second = ensure_demo_tokens(store, "http://127.0.0.1:9999", false);
  EXPECT_TRUE(second.admin_reused);
  EXPECT_TRUE(second.read_reused);
  EXPECT_EQ(second.admin_token, first.admin_token);
  EXPECT_EQ(second.read_token, first.read_token);
  EXPECT_EQ(httplib_token(second.httplib_path), first.read_token);
  EXPECT_EQ(scope_of(store, first.read_token), auth::Scope::kRead);
  EXPECT_EQ(store.tokens().api_tokens().size(), 2u);
}

TEST(DemoTokens, RotateMakesBothAnewAndTheOldOnesStopWorking) {
  kibridge::testing::TempDb db;
  storage::Store store(db.path());
  const DemoTokens first = ensure_demo_tokens(store, "http://127.0.0.1:8765", false);
  const DemoTokens rotated = ensure_demo_tokens(store, "http://127.0.0.1:8765", true);
  EXPECT_FALSE(rotated.admin_reused);
  EXPECT_FALSE(rotated.read_reused);
  EXPECT_NE(rotated.admin_token, first.admin_token);
  EXPECT_NE(rotated.read_token, first.read_token);
  EXPECT_FALSE(scope_of(store, first.admin_token));
  EXPECT_FALSE(scope_of(store, first.read_token));
  EXPECT_EQ(scope_of(store, rotated.read_token), auth::Scope::kRead);
  EXPECT_EQ(store.tokens().api_tokens().size(), 2u);
}

TEST(DemoTokens, ARevokedOrEditedTokenIsMadeAnewAlone) {
  kibridge::testing::TempDb db;
  storage::Store store(db.path());
  const DemoTokens first = ensure_demo_tokens(store, "http://127.0.0.1:8765", false);
  store.tokens().delete_api_token(kDemoReadTokenName);
  std::ofstream(first.admin_token_path) << "kib_not-the-token\n";
  const DemoTokens second = ensure_demo_tokens(store, "http://127.0.0.1:8765", false);
  EXPECT_FALSE(second.read_reused);
  EXPECT_FALSE(second.admin_reused);
  EXPECT_NE(second.read_token, first.read_token);
  EXPECT_EQ(scope_of(store, second.admin_token), auth::Scope::kAdmin);
  EXPECT_FALSE(scope_of(store, first.admin_token));
}

}  // namespace
}  // namespace kibridge::cli
