// The start every command shares (server/cli/command_start.h): --help, the usage for no words,
// --db and $KIBRIDGE_DB, --json, and the one line and exit status of a usage error or a
// failure; then, through the built executable, that every command of the table is on it.
#include "server/cli/command_start.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "server/cli/commands.h"
#include "server/demo/demo_catalog.h"
#include "tests/support/run_kibridge.h"
#include "tests/support/temp_db.h"
#include "tests/support/temp_dir.h"

namespace kibridge::cli {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
size_t lines(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

// Sets an environment variable for one test and puts the old value back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

const char* kUsage = "usage: kibridge example [--db FILE] [--json]\n";

TEST(CommandStartTest, HelpPrintsTheUsageAndAnswersZeroBeforeAnyOtherWord) {
  ::testing::internal::CaptureStdout();
  // The malformed --db (no value) would throw if it were read: help wins.
  CommandStart start({"--dbb", "-h", "--db"}, {.usage = kUsage, .db = true, .json = true});
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), kUsage);
  ASSERT_TRUE(start.answered());
  EXPECT_EQ(*start.answered(), 0);
}

TEST(CommandStartTest, NoWordsPrintsTheUsageAndExits2OnlyWhenWordsAreNeeded) {
  ::testing::internal::CaptureStdout();
  CommandStart needs({}, {.usage = kUsage, .needs_words = true});
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), kUsage);
  ASSERT_TRUE(needs.answered());
  EXPECT_EQ(*needs.answered(), 2);

  ::testing::internal::CaptureStdout();
  CommandStart optional_words({}, {.usage = kUsage});
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "");
  EXPECT_FALSE(optional_words.answered());
}

TEST(CommandStartTest, DbComesFromTheOptionElseTheEnvironment) {
  ScopedEnv env("KIBRIDGE_DB", "/from/env.sqlite");
  CommandStart given({"--db", "/given.sqlite"}, {.usage = kUsage, .db = true});
  EXPECT_EQ(given.db_path(), "/given.sqlite");
  CommandStart equals_form({"--db=/given2.sqlite"}, {.usage = kUsage, .db = true});
  EXPECT_EQ(equals_form.db_path(), "/given2.sqlite");
  CommandStart from_env({}, {.usage = kUsage, .db = true});
  EXPECT_EQ(from_env.db_path(), "/from/env.sqlite");
}

TEST(CommandStartTest, DbWithoutAValueIsAUsageErrorNamingIt) {
  try {
    CommandStart start({"--db"}, {.usage = kUsage, .db = true});
    FAIL() << "no UsageError";
  } catch (const UsageError& e) {
    EXPECT_TRUE(has(e.what(), "--db needs a value")) << e.what();
  }
}

TEST(CommandStartTest, DbAndJsonAreTakenOnlyWhenDeclared) {
  CommandStart declared({"--json", "--db", "x.sqlite", "list"}, {.usage = kUsage, .db = true, .json = true});
  EXPECT_TRUE(declared.json());
  EXPECT_EQ(declared.args().positional(), std::vector<std::string>{"list"});
  EXPECT_NO_THROW(declared.args().finish(1));

  CommandStart plain({"--json"}, {.usage = kUsage, .json = true});
  EXPECT_TRUE(plain.json());
  CommandStart text({}, {.usage = kUsage, .json = true});
  EXPECT_FALSE(text.json());

  // A command that does not declare them rejects them as any other unknown option.
  CommandStart undeclared({"--json", "--db", "x.sqlite"}, {.usage = kUsage});
  EXPECT_FALSE(undeclared.json());
  EXPECT_THROW(undeclared.args().finish(1), UsageError);
}

TEST(CommandStartTest, OpenStoreOpensTheNamedDatabaseForTheCaller) {
  testing::TempDb db;
  CommandStart start({"--db", db.path()}, {.usage = kUsage, .db = true});
  storage::Store store = start.open_store();
  EXPECT_EQ(store.path(), db.path());
  EXPECT_TRUE(store.mirror().mirror_empty());
}

TEST(CommandStartTest, RunCommandGivesOneLineAndTheExitStatusOfEachOutcome) {
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run_command("example", [] { return 0; }), 0);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");

  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run_command("example", []() -> int { throw UsageError("unknown option '--dbb'"); }), 2);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(),
            "kibridge example: unknown option '--dbb' (see 'kibridge example --help')\n");

  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run_command("example", []() -> int { throw std::runtime_error("disk full"); }), 1);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "kibridge example: disk full\n");

  ::testing::internal::CaptureStderr();
  EXPECT_EQ(run_command("example", [] { return command_failed("example", "nothing to do"); }), 1);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "kibridge example: nothing to do\n");
}

// Every command of the table, as a user runs it: --help answers 0 with its usage and never
// creates the --db file; a mistyped option is exit 2 with one line naming it and the help to
// read, and creates nothing either.
TEST(CommandStartTest, EveryCommandAnswersHelpAndAnUnknownOptionTheSameWay) {
  testing::TempDir dir("command-start");
  const std::string db = (dir.path() / "never.sqlite").string();
  for (const auto& c : all_commands()) {
    const std::string name = c.name;
    const auto help = testing::run_kibridge(name + " --help --db '" + db + "'");
    EXPECT_EQ(help.status, 0) << name << ": " << help.err;
    EXPECT_EQ(help.out.rfind("usage: kibridge " + name, 0), 0u) << name << ": " << help.out;

    const auto typo = testing::run_kibridge(name + " --dbb '" + db + "'");
    EXPECT_EQ(typo.status, 2) << name << ": " << typo.err;
    EXPECT_EQ(typo.err, "kibridge " + name + ": unknown option '--dbb' (see 'kibridge " + name + " --help')\n")
        << name;
    EXPECT_EQ(typo.out, "") << name;
    EXPECT_FALSE(std::filesystem::exists(db)) << name << " created the database";
  }
}

TEST(CommandStartTest, DbWithoutAValueIsOneLineAndExit2) {
  const auto run = testing::run_kibridge("status --db");
  EXPECT_EQ(run.status, 2);
  EXPECT_EQ(run.err, "kibridge status: --db needs a value (see 'kibridge status --help')\n");
}

TEST(CommandStartTest, CommandsThatNeedWordsPrintTheUsageAndExit2) {
  for (const char* name : {"token", "mappings", "outbox", "config"}) {
    const auto run = testing::run_kibridge(name);
    EXPECT_EQ(run.status, 2) << name;
    EXPECT_EQ(run.out.rfind(std::string("usage: kibridge ") + name, 0), 0u) << run.out;
  }
}

TEST(CommandStartTest, JsonWhereItMeansNothingIsAnUnknownOption) {
  const auto run = testing::run_kibridge("token list --json");
  EXPECT_EQ(run.status, 2);
  EXPECT_EQ(lines(run.err), 1u) << run.err;
  EXPECT_TRUE(has(run.err, "unknown option '--json'")) << run.err;
}

TEST(CommandStartTest, DbFromTheEnvironmentIsTheOneWritten) {
  testing::TempDb db;
  const auto run = testing::run_kibridge("token create from-env", "KIBRIDGE_DB='" + db.path() + "'");
  ASSERT_EQ(run.status, 0) << run.err;
  storage::Store store(db.path());
  const auto tokens = store.tokens().api_tokens();
  EXPECT_TRUE(std::any_of(tokens.begin(), tokens.end(), [](const auto& t) { return t.name == "from-env"; }));
}

TEST(CommandStartTest, DemoSeedIntoAFilledDatabaseFailsWithOneLine) {
  testing::TempDb db;
  {
    storage::Store store(db.path());
    demo::seed_demo(store, 10);
  }
  const auto run = testing::run_kibridge("demo-seed --db '" + db.path() + "'");
  EXPECT_EQ(run.status, 1);
  EXPECT_EQ(run.err, "kibridge demo-seed: " + db.path() + " already holds parts; demo-seed only fills an empty database\n");
}

}  // namespace
}  // namespace kibridge::cli
