// `kibridge push` as a user runs it: a line per entry and a total; exit 0 when the pass
// completed (conflicts and failures included), 1 when InvenTree could not be reached or
// refused the credentials, 2 for usage errors.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "tests/support/run_kibridge.h"
#include "tests/writeback/push_support.h"

namespace kibridge::testing {
namespace {

using storage::OutboxState;

struct CommandRun {
  int status = -1;
  std::string output;  // stdout and stderr
};

class PushCliTest : public PushFixture {
 protected:
  void SetUp() override {
    home_ = db_.path() + ".home";
    ::mkdir(home_.c_str(), 0700);
  }
  void TearDown() override { std::filesystem::remove_all(home_); }

  // Runs `kibridge push --db <db> <args>` with KIBRIDGE_INVENTREE_TOKEN=token (none when empty).
  CommandRun push_command(const std::string& token, const std::string& args) const {
    std::string env = "HOME='" + home_ + "' XDG_CONFIG_HOME='" + home_ + "/config'";
    if (!token.empty()) env += " KIBRIDGE_INVENTREE_TOKEN=" + token;
    const KibridgeRun run = run_kibridge("push --db '" + db_.path() + "' " + args, env);
    return CommandRun{run.status, run.out + run.err};
  }

  std::string home_;
};

TEST_F(PushCliTest, CompletedPassExitsZeroAndShowsConflicts) {
  const auto fill = queue_one(footprint_change(102, std::nullopt, "Resistor_SMD:R_0402_1005Metric"));
  const auto conflict = queue_one(footprint_change(101, "Not:WhatInvenTreeHolds", "Resistor_SMD:R_0805"));
  auto run = push_command(kFakeToken, "--inventree-url " + fake_->url());
  EXPECT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find("#" + std::to_string(fill) + " part 102 footprint: done, written"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("#" + std::to_string(conflict) + " part 101 footprint: conflict"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("2 examined: 1 done (1 written), 1 conflict"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find(kFakeToken), std::string::npos) << "token printed";
  EXPECT_EQ(entry(fill).state, OutboxState::kDone);
  EXPECT_EQ(entry(conflict).state, OutboxState::kConflict);
}

TEST_F(PushCliTest, RefusedTokenPausesAndExitsOne) {
  const auto id = queue_one(footprint_change(102, std::nullopt, "A"));
  auto run = push_command("revoked-token", "--inventree-url " + fake_->url());
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("refused the credentials"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("Token has been revoked"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("revoked-token"), std::string::npos) << "token printed";
  EXPECT_NE(run.output.find("KIBRIDGE_INVENTREE_TOKEN"), std::string::npos) << run.output;
  EXPECT_TRUE(store_.writeback().outbox_pause().has_value());
  EXPECT_EQ(entry(id).attempts, 0);
  // The corrected token resumes the queue.
  run = push_command(kFakeToken, "--inventree-url " + fake_->url());
  EXPECT_EQ(run.status, 0) << run.output;
  EXPECT_FALSE(store_.writeback().outbox_pause().has_value());
  EXPECT_EQ(entry(id).state, OutboxState::kDone);
}

TEST_F(PushCliTest, UnreachableServerExitsOne) {
  const auto id = queue_one(footprint_change(102, std::nullopt, "A"));
  const std::string url = fake_->url();
  fake_->stop();
  auto run = push_command(kFakeToken, "--inventree-url " + url + " --retries 1");
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("could not be reached"), std::string::npos) << run.output;
  EXPECT_EQ(entry(id).state, OutboxState::kPending);
}

TEST_F(PushCliTest, EmptyOutboxCompletesWithoutAsking) {
  auto run = push_command(kFakeToken, "--inventree-url " + fake_->url());
  EXPECT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find("0 examined"), std::string::npos) << run.output;
  EXPECT_EQ(fake_->counters().requests, 0);
}

TEST_F(PushCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(push_command(kFakeToken, "").status, 2);
  EXPECT_EQ(push_command(kFakeToken, "--inventree-url " + fake_->url() + " --bogus").status, 2);
}

}  // namespace
}  // namespace kibridge::testing
