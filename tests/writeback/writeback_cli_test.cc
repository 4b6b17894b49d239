// `kibridge import`, `kibridge upload` and `kibridge outbox` as a user (or KiCad's BOM dialog)
// runs them: output, report files, exit codes and messages, and what ends up stored.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/http/test_server.h"
#include "tests/http/writeback_sample.h"
#include "tests/support/run_kibridge.h"
#include "tests/support/temp_db.h"

namespace kibridge::testing {
namespace {

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Files next to the test's database, removed afterwards.
class ScratchFiles {
 public:
  explicit ScratchFiles(std::string base) : base_(std::move(base)) {}
  ~ScratchFiles() {
    for (const auto& f : files_) std::filesystem::remove(f);
  }
  std::string write(const std::string& suffix, const std::string& content) {
    const std::string path = name(suffix);
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::string name(const std::string& suffix) {
    files_.push_back(base_ + suffix);
    return files_.back();
  }

 private:
  std::string base_;
  std::vector<std::string> files_;
};

std::string quoted(const std::string& path) { return "'" + path + "'"; }

class ImportCliTest : public ::testing::Test {
 protected:
  ImportCliTest() : store_(db_.path()), files_(db_.path()) { sample::seed_writeback(store_); }
  std::string db() const { return " --db " + quoted(db_.path()); }

  TempDb db_;
  storage::Store store_;
  ScratchFiles files_;
};

TEST_F(ImportCliTest, ImportsPrintsTheReportAndOutboxListsTheQueue) {
  const std::string netlist = files_.write(".board.xml", sample::hole_netlist());
  auto run = run_kibridge("import " + quoted(netlist) + db());
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_EQ(run.out.rfind("kibridge import ", 0), 0u) << run.out;
  EXPECT_TRUE(contains(run.out, "by cli of " + std::filesystem::path(netlist).filename().string())) << run.out;
  EXPECT_TRUE(contains(run.out, "3 change(s) queued")) << run.out;
  const auto imports = store_.writeback().imports(10);
  ASSERT_EQ(imports.size(), 1u);
  EXPECT_EQ(imports[0].actor, "cli");
  ASSERT_EQ(store_.writeback().outbox_entries().size(), 3u);

  auto list = run_kibridge("outbox list" + db());
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_EQ(list.out.rfind("ID", 0), 0u) << list.out;
  EXPECT_TRUE(contains(list.out, std::string("(none) -> \"") + sample::kHoleFootprint + "\"")) << list.out;
  EXPECT_EQ(std::count(list.out.begin(), list.out.end(), '\n'), 4) << list.out;

  auto as_json = run_kibridge("outbox list --json --state pending" + db());
  ASSERT_EQ(as_json.status, 0) << as_json.err;
  const auto j = nlohmann::json::parse(as_json.out);
  EXPECT_TRUE(j["paused"].is_null());
  ASSERT_EQ(j["entries"].size(), 3u);
  EXPECT_EQ(j["entries"][0]["state"], "pending");
  auto done = run_kibridge("outbox list --state done" + db());
  EXPECT_EQ(done.out, "(no outbox entries)\n");
}

TEST_F(ImportCliTest, DryRunAsJsonQueuesNothing) {
  const std::string netlist = files_.write(".board.xml", sample::hole_netlist());
  auto run = run_kibridge("import --dry-run --json " + quoted(netlist) + db());
  ASSERT_EQ(run.status, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["import"]["dry_run"], true);
  EXPECT_EQ(j["summary"]["changes"], 3);
  EXPECT_TRUE(store_.writeback().outbox_entries().empty());
  EXPECT_EQ(store_.writeback().imports(10).size(), 1u);
}

TEST_F(ImportCliTest, BadInputExitsWithAClearMessageAndStoresNothing) {
  const std::string broken = files_.write(".broken.xml", "<export version=\"E\"><components><comp ref=\"R1\">");
  auto run = run_kibridge("import " + quoted(broken) + db());
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(contains(run.err, "kibridge import: " + broken + ": ")) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;

  run = run_kibridge("import " + quoted(db_.path() + ".missing.xml") + db());
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(contains(run.err, "cannot read")) << run.err;

  EXPECT_EQ(run_kibridge("import" + db()).status, 2);
  EXPECT_EQ(run_kibridge("import a.xml b.xml" + db()).status, 2);
  EXPECT_EQ(run_kibridge("import --dryrun a.xml" + db()).status, 2);
  EXPECT_TRUE(store_.writeback().imports(10).empty());
  EXPECT_TRUE(store_.writeback().outbox_entries().empty());
}

TEST_F(ImportCliTest, OutboxRetryAndDropFollowTheStateRules) {
  const std::string netlist = files_.write(".board.xml", sample::hole_netlist());
  ASSERT_EQ(run_kibridge("import " + quoted(netlist) + db()).status, 0);
  const int64_t id = store_.writeback().outbox_entries().front().id;
  const std::string id_text = std::to_string(id);

  auto run = run_kibridge("outbox retry " + id_text + db());
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_TRUE(contains(run.out, "outbox entry " + id_text + " is pending again")) << run.out;
  run = run_kibridge("outbox drop " + id_text + db());
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(store_.writeback().outbox_entry(id)->state, storage::OutboxState::kDropped);

  run = run_kibridge("outbox drop " + id_text + db());
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(contains(run.err, "is already dropped")) << run.err;
  run = run_kibridge("outbox retry " + id_text + db());
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(contains(run.err, "only pending, conflict and failed entries can be retried")) << run.err;
  run = run_kibridge("outbox retry 999" + db());
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(contains(run.err, "no outbox entry 999")) << run.err;

  EXPECT_EQ(run_kibridge("outbox retry abc" + db()).status, 2);
  EXPECT_EQ(run_kibridge("outbox retry" + db()).status, 2);
  EXPECT_EQ(run_kibridge("outbox purge 1" + db()).status, 2);
  EXPECT_EQ(run_kibridge("outbox list --state stuck" + db()).status, 2);
}

TEST_F(ImportCliTest, ListShowsAPausedQueue) {
  store_.writeback().set_outbox_pause("InvenTree refused the token (401)");
  auto run = run_kibridge("outbox list" + db());
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_EQ(run.out.rfind("PAUSED since ", 0), 0u) << run.out;
  EXPECT_TRUE(contains(run.out, "InvenTree refused the token (401)")) << run.out;
}

class UploadCliTest : public ::testing::Test {
 protected:
  UploadCliTest() : files_(db_.path()) { sample::seed_writeback(server_.store()); }
  std::string auth(const std::string& token) const { return " --url " + server_.url() + " --token " + token; }

  TempDb db_;  // only names the scratch files
  ScratchFiles files_;
  TestServer server_;
};

TEST_F(UploadCliTest, WritesTheReportFileAsAKicadBomPlugin) {
  // What KiCad runs for `kibridge upload "%I" -o "%O.txt" ...`.
  const std::string netlist = files_.write(".board.xml", sample::hole_netlist());
  const std::string report = files_.name(".board.txt");
  auto run = run_kibridge("upload " + quoted(netlist) + " -o " + quoted(report) + auth(server_.admin_token()));
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_TRUE(contains(run.err, "report written to " + report)) << run.err;
  const std::string text = read_text(report);
  EXPECT_EQ(text.rfind("kibridge import ", 0), 0u) << text;
  EXPECT_TRUE(contains(text, "by admin of " + std::filesystem::path(netlist).filename().string())) << text;
  EXPECT_TRUE(contains(text, "3 change(s) queued")) << text;
  EXPECT_TRUE(contains(text, sample::kHoleFootprint)) << text;
  EXPECT_EQ(server_.store().writeback().outbox_entries().size(), 3u);
}

TEST_F(UploadCliTest, KicadRootUrlTokenFromEnvironmentJsonAndDryRun) {
  const std::string netlist = files_.write(".board.xml", sample::hole_netlist());
  auto run = run_kibridge("upload " + quoted(netlist) + " --json --dry-run --url " + server_.url() +
                              "/plugin/kicad-library-plugin",
                          "KIBRIDGE_TOKEN=" + server_.admin_token());
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j["import"]["dry_run"], true);
  EXPECT_EQ(j["summary"]["changes"], 3);
  EXPECT_TRUE(server_.store().writeback().outbox_entries().empty());
}

TEST_F(UploadCliTest, RefusalsExitOneWithTheServersMessage) {
  const std::string netlist = files_.write(".board.xml", sample::hole_netlist());
  auto run = run_kibridge("upload " + quoted(netlist) + auth(server_.read_token()));
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(contains(run.err, "403")) << run.err;
  EXPECT_TRUE(contains(run.err, "scope 'read'")) << run.err;

  run = run_kibridge("upload " + quoted(netlist) + auth("kib_wrong"));
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(contains(run.err, "Invalid token")) << run.err;

  const std::string broken = files_.write(".broken.xml", "<html>no netlist</html>");
  const std::string report = files_.name(".broken.txt");
  run = run_kibridge("upload " + quoted(broken) + " -o " + quoted(report) + auth(server_.admin_token()));
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(contains(run.err, "the server answered 422: ")) << run.err;
  EXPECT_FALSE(std::filesystem::exists(report));
  EXPECT_TRUE(server_.store().writeback().imports(10).empty());
}

TEST_F(UploadCliTest, UnreachableServerAndUsageErrors) {
  const std::string netlist = files_.write(".board.xml", sample::hole_netlist());
  auto run = run_kibridge("upload " + quoted(netlist) + " --url http://127.0.0.1:1 --token t");
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(contains(run.err, "cannot reach kibridge at http://127.0.0.1:1")) << run.err;

  run = run_kibridge("upload " + quoted(db_.path() + ".missing.xml") + auth(server_.admin_token()));
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(contains(run.err, "cannot read")) << run.err;

  EXPECT_EQ(run_kibridge("upload " + quoted(netlist) + " --url " + server_.url()).status, 2);  // no token
  EXPECT_EQ(run_kibridge("upload " + quoted(netlist) + " --token t").status, 2);               // no URL
  EXPECT_EQ(run_kibridge("upload " + quoted(netlist) + " --url ftp://x --token t").status, 2);
  EXPECT_EQ(run_kibridge("upload" + auth(server_.admin_token())).status, 2);
  EXPECT_TRUE(server_.store().writeback().imports(10).empty());
}

TEST(WritebackCliHelp, EveryCommandExplainsItself) {
  for (const char* command : {"import", "upload", "outbox"}) {
    auto run = run_kibridge(std::string(command) + " --help");
    EXPECT_EQ(run.status, 0) << command;
    EXPECT_EQ(run.out.rfind(std::string("usage: kibridge ") + command, 0), 0u) << run.out;
  }
  EXPECT_TRUE(contains(run_kibridge("--help").out, "upload")) << "listed in kibridge --help";
}

}  // namespace
}  // namespace kibridge::testing
