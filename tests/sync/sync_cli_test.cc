// `kibridge sync` and `kibridge status` as a user runs them: exit codes, messages, the token
// never printed, insecure options warned about.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/temp_db.h"
#include "tests/support/run_kibridge.h"
#include "tests/sync/sync_support.h"

namespace kibridge::testing {
namespace {

struct Run {
  int status = -1;
  std::string output;  // stdout and stderr
};

// Runs kibridge with `args` and the environment assignments `env` ("NAME=value ..."); stdin
// is not a terminal, so sync prints plain log lines.
Run kibridge(const std::string& env, const std::string& args) {
  const KibridgeRun run = run_kibridge(args, env);
  return Run{run.status, run.out + run.err};
}

class SyncCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_ = started_fake();
    home_ = db_.path() + ".home";
    ::mkdir(home_.c_str(), 0700);
  }
  void TearDown() override { std::filesystem::remove_all(home_); }

  // Environment without any token configured but the one given.
  std::string env(const std::string& token) const {
    std::string e = "HOME='" + home_ + "' XDG_CONFIG_HOME='" + home_ + "/config'";
    if (!token.empty()) e += " KIBRIDGE_INVENTREE_TOKEN=" + token;
    return e;
  }
  std::string db_args() const { return "--db '" + db_.path() + "'"; }

  TempDb db_;
  std::unique_ptr<fake_inventree::FakeInvenTree> fake_;
  std::string home_;
};

TEST_F(SyncCliTest, PullsOnceAndStatusShowsIt) {
  auto run = kibridge(env(kFakeToken), "sync " + db_args() + " --inventree-url " + fake_->url());
  EXPECT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find("pulled 12 parts"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("read 12 parts"), std::string::npos) << run.output;  // plain stage lines
  EXPECT_EQ(run.output.find(kFakeToken), std::string::npos) << "token printed";

  auto status = kibridge(env(""), "status " + db_args());
  EXPECT_EQ(status.status, 0) << status.output;
  EXPECT_NE(status.output.find("API 534"), std::string::npos) << status.output;
  EXPECT_NE(status.output.find("12 parts"), std::string::npos) << status.output;
  EXPECT_NE(status.output.find("12 parts changed"), std::string::npos) << status.output;
  auto as_json = kibridge(env(""), "status --json " + db_args());
  ASSERT_EQ(as_json.status, 0) << as_json.output;
  auto j = nlohmann::json::parse(as_json.output);
  EXPECT_EQ(j["mirror"]["parts"], 12);
  EXPECT_TRUE(j["sync"]["last_success"]["succeeded"]);
}

TEST_F(SyncCliTest, RefusedTokenFailsWithACredentialsMessage) {
  auto run = kibridge(env("revoked-token"), "sync " + db_args() + " --inventree-url " + fake_->url());
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("Token has been revoked"), std::string::npos) << run.output;
  // Said once, with what to check: the pull's own error line, not a second line repeating it.
  const std::string advice = "check KIBRIDGE_INVENTREE_TOKEN";
  const auto at = run.output.find(advice);
  EXPECT_NE(at, std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("KIBRIDGE_INVENTREE_TOKEN", at + advice.size()), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("revoked-token"), std::string::npos) << "token printed";
  auto status = kibridge(env(""), "status " + db_args());
  EXPECT_NE(status.output.find("[credentials]"), std::string::npos) << status.output;
  EXPECT_NE(status.output.find("never succeeded"), std::string::npos) << status.output;
}

TEST_F(SyncCliTest, TokenFileReadableByOthersIsRefused) {
  const std::string file = home_ + "/token";
  std::ofstream(file) << "inv-cli-secret\n";
  ::chmod(file.c_str(), 0644);
  auto run = kibridge(env(""), "sync " + db_args() + " --inventree-url " + fake_->url() + " --token-file " + file);
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("chmod 600"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("inv-cli-secret"), std::string::npos);
  EXPECT_EQ(fake_->counters().requests, 0);
  ::chmod(file.c_str(), 0600);
  std::ofstream(file) << kFakeToken << "\n";
  run = kibridge(env(""), "sync " + db_args() + " --inventree-url " + fake_->url() + " --token-file " + file);
  EXPECT_EQ(run.status, 0) << run.output;
}

TEST_F(SyncCliTest, UnreachableServerFailsAndSaysSo) {
  const std::string url = fake_->url();
  fake_->stop();
  auto run = kibridge(env(kFakeToken), "sync " + db_args() + " --inventree-url " + url + " --retries 1");
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("cannot connect"), std::string::npos) << run.output;
}

TEST_F(SyncCliTest, TurningTlsVerificationOffWarns) {
  auto run = kibridge(env(kFakeToken),
                      "sync " + db_args() + " --inventree-url https://127.0.0.1:1 --no-verify-tls --retries 1");
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("WARNING: TLS certificate verification is OFF"), std::string::npos) << run.output;
}

// The plain-http warning is left out only for a host that is a loopback address (or
// "localhost"), decided by parsing the address: "127.attacker.example" is a name anyone can
// point anywhere. A URL with credentials is refused without printing the password.
TEST_F(SyncCliTest, PlainHttpWarningUnlessTheHostIsALoopbackAddress) {
  const std::string warning = "is plain http: the InvenTree token travels unencrypted";
  for (const std::string host : {"127.attacker.example", "127.0.0.1.attacker.example"}) {
    auto run = kibridge(env(kFakeToken), "sync " + db_args() + " --inventree-url http://" + host + ":1 --retries 1");
    EXPECT_EQ(run.status, 1) << run.output;
    EXPECT_NE(run.output.find(warning), std::string::npos) << host << ": " << run.output;
  }
  for (const std::string host : {"127.0.0.1", "127.45.6.7", "[::1]", "localhost"}) {
    auto run = kibridge(env(kFakeToken), "sync " + db_args() + " --inventree-url http://" + host + ":1 --retries 1");
    EXPECT_EQ(run.status, 1) << run.output;
    EXPECT_EQ(run.output.find(warning), std::string::npos) << host << ": " << run.output;
  }
}

TEST_F(SyncCliTest, CredentialsInTheUrlAreRefusedWithoutEchoingThePassword) {
  auto run = kibridge(env(kFakeToken), "sync " + db_args() + " --inventree-url http://admin:hunter2@127.0.0.1:1");
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_EQ(run.output.find("hunter2"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("KIBRIDGE_INVENTREE_TOKEN"), std::string::npos) << run.output;
}

TEST_F(SyncCliTest, UsageErrors) {
  EXPECT_EQ(kibridge(env(kFakeToken), "sync " + db_args()).status, 2);
  EXPECT_EQ(kibridge(env(kFakeToken), "sync " + db_args() + " --inventree-url " + fake_->url() + " --page-size 0").status,
            2);
  EXPECT_EQ(kibridge(env(kFakeToken), "sync " + db_args() + " --inventree-url ftp://x").status, 1);
}

}  // namespace
}  // namespace kibridge::testing
