// kibridge.exe under Wine, driven from Linux as the field laptop would use it: `serve --demo`
// loaded the way KiCad 8, 9 and 10 load it (the conformance checker of tests/http/), a netlist
// sent by `kibridge.exe upload` as KiCad's BOM-plugin command line runs it, and a pull from the
// fake InvenTree running natively beside it over loopback. Paths are Windows paths with
// backslashes and a space, as under C:\Users\<First Last>\.
//
// Runs when KIBRIDGE_WINDOWS_EXE names the executable (`make test-windows` and CI's Windows
// stage set it to dist/kibridge.exe) and Wine is installed; skips, saying so, otherwise.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/util/ascii_text.h"
#include "storage/store.h"
#include "tests/http/kicad_checker.h"
#include "tests/support/serve_process.h"
#include "tests/support/temp_dir.h"
#include "tests/sync/sync_support.h"

namespace kibridge::testing {
namespace {

namespace fs = std::filesystem;
using conformance::HttpAnswer;
using conformance::KicadVersion;

// Wine runs Windows programs with the Unix root as drive Z:.
std::string windows_path(const fs::path& unix_path) {
  std::string text = "Z:" + fs::absolute(unix_path).string();
  for (char& c : text) {
    if (c == '/') c = '\\';
  }
  return text;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class WindowsSmoke : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* exe = std::getenv("KIBRIDGE_WINDOWS_EXE");
    if (exe == nullptr || *exe == '\0') GTEST_SKIP() << "KIBRIDGE_WINDOWS_EXE is not set (make test-windows sets it)";
    exe_ = fs::absolute(exe).string();
    if (!fs::exists(exe_)) GTEST_SKIP() << exe_ << " does not exist (make windows builds it)";
    for (const char* candidate : {"/usr/lib/wine/wine64", "/usr/bin/wine64", "/usr/bin/wine"}) {
      if (fs::exists(candidate)) {
        wine_ = candidate;
        break;
      }
    }
    if (wine_.empty()) GTEST_SKIP() << "Wine is not installed (make deps-windows installs it)";
    dir_ = std::make_unique<TempDir>("windows smoke");  // a space, as in Windows profile paths
    folder_ = dir_->path() / "Ann Lee";
    fs::create_directories(folder_);
    env_ = {{"WINEDEBUG", "-all"}};
    if (const char* prefix = std::getenv("WINEPREFIX")) env_.emplace_back("WINEPREFIX", prefix);
  }

  // Runs kibridge.exe with `args` to completion; its exit status (output in the log).
  int run_exe(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env = {}) {
    std::string command = "'" + wine_ + "' '" + exe_ + "'";
    for (const auto& a : args) command += " '" + a + "'";
    std::string prefix;
    for (const auto& [name, value] : env_) prefix += name + "='" + value + "' ";
    for (const auto& [name, value] : env) prefix += name + "='" + value + "' ";
    const std::string log = (folder_ / "run.log").string();
    const int status = std::system((prefix + command + " >>'" + log + "' 2>&1 </dev/null").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string log_text() { return slurp(folder_ / "run.log") + slurp(folder_ / "serve.log"); }

  std::string exe_, wine_;
  std::unique_ptr<TempDir> dir_;
  fs::path folder_;
  std::vector<std::pair<std::string, std::string>> env_;
};

TEST_F(WindowsSmoke, ServesTheDemoToKicadAndTakesANetlist) {
  const int port = free_port();
  const fs::path db = folder_ / "kibridge demo.sqlite";
  ChildProcess serve({wine_, exe_, "serve", "--demo", "--db", windows_path(db), "--listen",
                      "127.0.0.1:" + std::to_string(port)},
                     (folder_ / "serve.log").string(), env_);
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30);
  // The first Wine start creates its prefix: allow it a while.
  ASSERT_TRUE(wait_until([&] { return static_cast<bool>(client.Get("/api/health")); }, std::chrono::seconds(180)))
      << log_text();
  ASSERT_TRUE(wait_until([&] { return fs::exists(db.string() + ".kicad_httplib"); }, std::chrono::seconds(30)));

  const std::string settings_file = slurp(db.string() + ".kicad_httplib");
  const std::string url_prefix = "http://127.0.0.1:" + std::to_string(port);
  const conformance::Fetch fetch = [&](const std::string& url, const std::string& token) -> HttpAnswer {
    if (url.rfind(url_prefix, 0) != 0) return {0, "not this server: " + url};
    auto res = client.Get(url.substr(url_prefix.size()), {{"Accept", "application/json"},
                                                          {"Authorization", "Token " + token},
                                                          {"Accept-Encoding", "gzip,deflate"}});
    if (!res) return {0, httplib::to_string(res.error())};
    return {res->status, res->body};
  };
  std::vector<std::string> part_ids;
  for (KicadVersion version : {KicadVersion::k8, KicadVersion::k9, KicadVersion::k10}) {
    const auto report = conformance::load_like_kicad(version, settings_file, fetch);
    EXPECT_TRUE(report.violations.empty()) << conformance::version_name(version) << ": "
                                           << report.violations.size() << " violations, first: "
                                           << (report.violations.empty() ? "" : report.violations[0]);
    EXPECT_GT(report.part_ids.size(), 500u) << conformance::version_name(version);
    part_ids = report.part_ids;
  }
  ASSERT_FALSE(part_ids.empty());

  // KiCad's BOM-plugin command line on Windows: kibridge.exe upload "%I" -o "%O.txt" ...
  const fs::path netlist = folder_ / "my board.xml";
  std::ofstream(netlist) << R"(<?xml version="1.0" encoding="UTF-8"?>
<export version="E">
  <design><source>C:\Users\Ann Lee\my board.kicad_sch</source><tool>Eeschema 9.0.7</tool></design>
  <components>
    <comp ref="U1">
      <value>smoke</value>
      <footprint>Package_SO:SOIC-8_3.9x4.9mm_P1.27mm</footprint>
      <fields><field name="InvenTree">)" << part_ids.front() << R"(</field></fields>
      <libsource lib="Device" part="U" description="smoke"/>
      <sheetpath names="/" tstamps="/"/>
    </comp>
  </components>
</export>
)";
  const std::string admin_token = util::trim(slurp(db.string() + ".admin-token"));
  ASSERT_FALSE(admin_token.empty());
  const fs::path report = folder_ / "my board.txt";
  EXPECT_EQ(run_exe({"upload", windows_path(netlist), "-o", windows_path(report), "--url", url_prefix, "--token",
                     admin_token}),
            0)
      << log_text();
  EXPECT_TRUE(fs::exists(report)) << log_text();
  auto imports = client.Get("/api/imports", {{"Authorization", "Token " + admin_token}});
  ASSERT_TRUE(imports);
  ASSERT_EQ(imports->status, 200) << imports->body;
  const auto history = nlohmann::json::parse(imports->body);
  ASSERT_TRUE(history.is_array()) << imports->body;
  ASSERT_EQ(history.size(), 1u) << imports->body;
  EXPECT_NE(history[0].dump().find("my board"), std::string::npos) << imports->body;
}

TEST_F(WindowsSmoke, PullsFromInventreeOverLoopback) {
  auto fake = started_fake();
  const fs::path db = folder_ / "pulled.sqlite";
  EXPECT_EQ(run_exe({"sync", "--inventree-url", fake->url(), "--db", windows_path(db)},
                    {{"KIBRIDGE_INVENTREE_TOKEN", kFakeToken}}),
            0)
      << log_text();
  storage::Store store(db.string());
  EXPECT_EQ(store.mirror().parts().size(), small_inventree().parts.size());
  EXPECT_EQ(store.mirror().categories().size(), small_inventree().categories.size());
}

}  // namespace
}  // namespace kibridge::testing
