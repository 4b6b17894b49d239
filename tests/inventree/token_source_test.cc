// Where the InvenTree token comes from, and that a file others can read is refused; a
// Connection (connection.h) reads it afresh at every resolve().
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "server/inventree/connection.h"
#include "server/inventree/errors.h"
#include "server/inventree/token_source.h"

namespace kibridge::inventree {
namespace {

class TokenSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("kibridge-token-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "kibridge");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& content, mode_t mode) {
    auto path = (dir_ / name).string();
    std::ofstream(path) << content;
    ::chmod(path.c_str(), mode);
    return path;
  }

  std::filesystem::path dir_;
};

std::string config_error(const TokenLookup& lookup) {
  try {
    load_token(lookup);
  } catch (const InvenTreeError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConfig);
    return e.what();
  }
  ADD_FAILURE() << "token accepted";
  return "";
}

TEST_F(TokenSourceTest, ExplicitFileWinsOverTheEnvironment) {
  TokenLookup lookup;
  lookup.token_file = write("tok", "inv-secret-file\n", 0600);
  lookup.env_token = "inv-secret-env";
  auto t = load_token(lookup);
  EXPECT_EQ(t.token, "inv-secret-file");
  EXPECT_EQ(t.source, *lookup.token_file);
}

TEST_F(TokenSourceTest, EnvironmentThenDefaultConfigFile) {
  TokenLookup lookup;
  lookup.xdg_config_home = dir_.string();
  write("kibridge/inventree-token", "  inv-from-xdg  \n", 0400);
  lookup.env_token = "inv-secret-env";
  EXPECT_EQ(load_token(lookup).token, "inv-secret-env");
  EXPECT_EQ(load_token(lookup).source, std::string(kTokenEnvironmentVariable));
  lookup.env_token.reset();
  EXPECT_EQ(load_token(lookup).token, "inv-from-xdg");
  EXPECT_EQ(default_token_file(TokenLookup{std::nullopt, std::nullopt, std::nullopt, "/home/u"}),
            "/home/u/.config/kibridge/inventree-token");
}

TEST_F(TokenSourceTest, FileReadableByOthersIsRefusedWithoutShowingTheToken) {
  TokenLookup lookup;
  lookup.token_file = write("tok", "inv-very-secret", 0644);
  const std::string message = config_error(lookup);
  EXPECT_NE(message.find("0644"), std::string::npos) << message;
  EXPECT_NE(message.find("chmod 600"), std::string::npos) << message;
  EXPECT_EQ(message.find("inv-very-secret"), std::string::npos) << message;
  ::chmod(lookup.token_file->c_str(), 0640);
  EXPECT_NE(config_error(lookup).find("0640"), std::string::npos);
}

TEST_F(TokenSourceTest, MissingEmptyOrAbsentTokensAreClearErrors) {
  TokenLookup lookup;
  lookup.token_file = (dir_ / "nope").string();
  EXPECT_NE(config_error(lookup).find("does not exist"), std::string::npos);
  lookup.token_file = write("empty", "\n", 0600);
  EXPECT_NE(config_error(lookup).find("is empty"), std::string::npos);
  lookup.token_file = dir_.string();
  EXPECT_NE(config_error(lookup).find("not a regular file"), std::string::npos);
  TokenLookup nothing;
  nothing.xdg_config_home = (dir_ / "elsewhere").string();
  EXPECT_NE(config_error(nothing).find(kTokenEnvironmentVariable), std::string::npos);
}

TEST_F(TokenSourceTest, ConnectionReadsTheTokenAtEveryResolve) {
  Connection connection;
  connection.client.url = "https://inventree.example.com";
  connection.client.token = "ignored";
  TokenLookup lookup;
  lookup.token_file = write("token", "first\n", 0600);
  connection.token_lookup = lookup;
  EXPECT_EQ(connection.resolve().token, "first");
  EXPECT_EQ(connection.resolve().url, "https://inventree.example.com");
  // A corrected token file is used by the next run, without a restart.
  write("token", "second\n", 0600);
  EXPECT_EQ(connection.resolve().token, "second");
  // Unusable now: the run fails with a configuration error, the token is never guessed.
  ::chmod(lookup.token_file->c_str(), 0644);
  try {
    connection.resolve();
    ADD_FAILURE() << "a token file others can read was used";
  } catch (const InvenTreeError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConfig);
  }
}

TEST(Connection, WithoutATokenSourceTheGivenTokenIsUsed) {
  Connection connection;
  connection.client.token = "given";
  EXPECT_EQ(connection.resolve().token, "given");
}

}  // namespace
}  // namespace kibridge::inventree
