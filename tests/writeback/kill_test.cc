// Durability of the write-back path against a real kibridge process killed with SIGKILL at
// many points: of an import (all of it is queued and shown, or none of it) and of a push
// against the fake InvenTree with faults switched on (every accepted change reaches InvenTree,
// none is lost, none is queued twice, none is written blindly again).
#include "tests/support/build_paths.h"
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "storage/store.h"
#include "tests/support/temp_db.h"
#include "tests/sync/sync_support.h"
#include "tools/fake-inventree/fake_inventree.h"

// Named after the file: the unity build compiles this folder as one unit (CMakeLists.txt).
namespace kibridge::writeback::kill_test {
namespace {

using fake_inventree::Fault;
using fake_inventree::FaultKind;
using storage::OutboxState;

constexpr int kParts = 40;
constexpr int64_t kFootprintTpl = 1, kSymbolTpl = 2, kReferenceTpl = 3;
// Parts 1..kPatchedParts already have a footprint in InvenTree, which the design replaces
// (override on): those are PATCHes, the rest POSTs.
constexpr int kPatchedParts = 15;
constexpr int kChanges = kParts * 3;

std::string footprint_of(int part) { return "Package_SO:SOIC-" + std::to_string(8 + part); }

storage::MirrorSnapshot inventree_content() {
  storage::MirrorSnapshot s;
  s.categories = {{1, std::nullopt, "ICs", "ICs", "", false}};
  s.templates = {{kFootprintTpl, "KiCad Footprint", "", ""},
                 {kSymbolTpl, "KiCad Symbol", "", ""},
                 {kReferenceTpl, "KiCad Reference", "", ""}};
  for (int i = 1; i <= kParts; ++i) {
    storage::PartRecord p;
    p.id = i;
    p.category_id = 1;
    p.name = "IC " + std::to_string(i);
    s.parts.push_back(p);
    if (i <= kPatchedParts) s.parameters.push_back({1000 + i, i, kFootprintTpl, "Package_DIP:DIP-8"});
  }
  return s;
}

std::string design() {
  std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<export version="E">
  <design><source>/p/kill.kicad_sch</source><date>2026-11-21T08:00:00</date><tool>Eeschema 9.0.7</tool></design>
  <components>
)";
  for (int i = 1; i <= kParts; ++i) {
    xml += "    <comp ref=\"U" + std::to_string(i) + "\"><value>IC</value><footprint>" + footprint_of(i) +
           "</footprint><fields><field name=\"InvenTree\">" + std::to_string(i) +
           "</field></fields><libsource lib=\"Timer\" part=\"NE555P_" + std::to_string(i) +
           "\" description=\"\"/><sheetpath names=\"/\" tstamps=\"/\"/></comp>\n";
  }
  return xml + "  </components>\n</export>\n";
}

// The value each (part, template) must end with.
std::map<std::pair<int64_t, int64_t>, std::string> desired() {
  std::map<std::pair<int64_t, int64_t>, std::string> out;
  for (int i = 1; i <= kParts; ++i) {
    out[{i, kFootprintTpl}] = footprint_of(i);
    out[{i, kSymbolTpl}] = "Timer:NE555P_" + std::to_string(i);
    out[{i, kReferenceTpl}] = "U";
  }
  return out;
}

// Starts `kibridge args...` with stdout and stderr appended to `log`.
pid_t spawn_kibridge(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  dup2(fd, 1);
  dup2(fd, 2);
  const int null = open("/dev/null", O_RDONLY);
  dup2(null, 0);
  std::vector<char*> argv;
  std::string binary = kibridge::testing::kibridge_binary();
  argv.push_back(binary.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  setenv("KIBRIDGE_INVENTREE_TOKEN", testing::kFakeToken, 1);
  unsetenv("KIBRIDGE_DB");
  unsetenv("KIBRIDGE_INVENTREE_URL");
  execv(binary.c_str(), argv.data());
  _exit(127);
}

// Exit status, or -signal when killed.
int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1000;
}

// Runs kibridge and kills it with SIGKILL after `delay` unless it ended first. Returns its exit
// status, or -9 when it was killed.
int run_and_kill(const std::vector<std::string>& args, std::chrono::microseconds delay, const std::string& log) {
  const pid_t pid = spawn_kibridge(args, log);
  const auto deadline = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  kill(pid, SIGKILL);
  return wait_for(pid);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class KillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::path(::testing::TempDir()) / ("kibridge-kill-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    netlist_path = (dir / "kill.xml").string();
    log_path = (dir / "kibridge.log").string();
    std::ofstream(netlist_path) << design();
    fake.set_data(inventree_content());
    fake.start();
    storage::Store store(db.path());
    store.mirror().apply_mirror(fake.data());
    store.configuration().set_settings({{"KICAD_FOOTPRINT_PARAMETER", "KiCad Footprint"},
                        {"KICAD_SYMBOL_PARAMETER", "KiCad Symbol"},
                        {"KICAD_REFERENCE_PARAMETER", "KiCad Reference"},
                        {"IMPORT_INVENTREE_OVERRIDE_PARAS", "true"}});
  }
  void TearDown() override {
    fake.stop();
    std::filesystem::remove_all(dir);
  }

  std::vector<std::string> import_args() const { return {"import", netlist_path, "--db", db.path()}; }
  std::vector<std::string> push_args() const { return {"push", "--db", db.path(), "--inventree-url", fake.url()}; }

  // The import invariant: the outbox holds all of the design's changes or none, and the mirror
  // shows exactly the queued values.
  void expect_all_or_nothing(const std::string& when) {
    storage::Store store(db.path());
    const auto entries = store.writeback().outbox_entries();
    ASSERT_TRUE(entries.empty() || entries.size() == static_cast<size_t>(kChanges))
        << when << ": " << entries.size() << " entries queued\n" << read_file(log_path);
    const auto want = desired();
    for (int i = 1; i <= kParts; ++i) {
      const auto d = store.mirror().part_details(i);
      std::map<int64_t, std::string> shown;
      for (const auto& p : d->parameters) shown[p.template_id] = p.data;
      for (int64_t tpl : {kFootprintTpl, kSymbolTpl, kReferenceTpl}) {
        if (entries.empty()) {
          if (tpl == kFootprintTpl && i <= kPatchedParts) {
            EXPECT_EQ(shown[tpl], "Package_DIP:DIP-8") << when;
          } else {
            EXPECT_FALSE(shown.count(tpl)) << when << ": part " << i << " template " << tpl;
          }
        } else {
          EXPECT_EQ(shown[tpl], want.at({i, tpl})) << when << ": part " << i << " template " << tpl;
        }
      }
    }
  }

  testing::TempDb db;
  fake_inventree::FakeInvenTree fake;
  std::filesystem::path dir;
  std::string netlist_path, log_path;
};

TEST_F(KillTest, KilledImportsQueueEverythingOrNothingAndNeverTwice) {
  // From killed before it opened the file to killed after it finished.
  for (int delay_us : {0, 500, 1000, 2000, 3000, 5000, 8000, 12000, 20000, 40000}) {
    run_and_kill(import_args(), std::chrono::microseconds(delay_us), log_path);
    expect_all_or_nothing("import killed after " + std::to_string(delay_us) + " us");
  }
  ASSERT_EQ(run_and_kill(import_args(), std::chrono::seconds(60), log_path), 0) << read_file(log_path);
  expect_all_or_nothing("import completed");
  storage::Store store(db.path());
  EXPECT_EQ(store.writeback().outbox_entries().size(), static_cast<size_t>(kChanges));
}

TEST_F(KillTest, KilledPushesDeliverEveryChangeExactlyOnceInEffect) {
  ASSERT_EQ(run_and_kill(import_args(), std::chrono::seconds(60), log_path), 0) << read_file(log_path);

  // Slow enough that kills land inside the pass; and the faults that make duplicates likely:
  // writes InvenTree applied but whose answer was lost, and refusals before acting.
  fake.add_fault(Fault{FaultKind::kLatency, "", 0, -1, 500, std::nullopt, std::chrono::milliseconds(2)});
  int acted_faults = 0;
  fake.add_fault(Fault{FaultKind::kActThenStatus, "/api/parameter/", 4, 3, 502, std::nullopt, {}, "POST"});
  acted_faults += 3;
  fake.add_fault(Fault{FaultKind::kDropConnection, "/api/parameter/1003/", 0, 2, 500, std::nullopt, {}, "PATCH"});
  acted_faults += 2;
  fake.add_fault(Fault{FaultKind::kStatus, "/api/parameter/", 10, 4, 503, std::nullopt, {}, "GET"});

  std::mt19937 random(20261121);
  std::uniform_int_distribution<int> delay_ms(0, 120);
  int kills = 0;
  for (int round = 0; round < 40; ++round) {
    const int status = run_and_kill(push_args(), std::chrono::milliseconds(delay_ms(random)), log_path);
    if (status == -SIGKILL) ++kills;
    storage::Store store(db.path());
    const auto entries = store.writeback().outbox_entries();
    ASSERT_EQ(entries.size(), static_cast<size_t>(kChanges)) << "push queued or lost entries";
    for (const auto& e : entries) {
      ASSERT_NE(e.state, OutboxState::kConflict) << "entry " << e.id << ": its own earlier write seen as a conflict";
      ASSERT_NE(e.state, OutboxState::kFailed) << "entry " << e.id << ": " << e.last_error;
    }
    if (store.writeback().outbox_entries(OutboxState::kDone).size() == static_cast<size_t>(kChanges)) break;
  }
  EXPECT_GE(kills, 5) << "the kills did not land inside pushes";

  // Whatever is left goes in one uninterrupted run.
  const int final_status = run_and_kill(push_args(), std::chrono::seconds(120), log_path);
  EXPECT_EQ(final_status, 0) << read_file(log_path);

  storage::Store store(db.path());
  EXPECT_EQ(store.writeback().outbox_entries(OutboxState::kDone).size(), static_cast<size_t>(kChanges)) << read_file(log_path);

  // InvenTree holds exactly the design's values, one parameter per part and template.
  const auto data = fake.data();
  std::map<std::pair<int64_t, int64_t>, std::string> held;
  for (const auto& p : data.parameters) {
    EXPECT_TRUE(held.emplace(std::make_pair(p.part_id, p.template_id), p.data).second)
        << "two parameters for part " << p.part_id << " template " << p.template_id;
  }
  EXPECT_EQ(held, desired());

  // No change was written blindly again after a kill: beyond one write per change, only the
  // writes whose answers the faults destroyed may be repeated.
  const auto writes = fake.counters().writes;
  EXPECT_GE(writes.size(), static_cast<size_t>(kChanges));
  EXPECT_LE(writes.size(), static_cast<size_t>(kChanges + acted_faults));

  // The next pull agrees, with no overlay left to hide a difference.
  fake.clear_faults();
  storage::MirrorSnapshot pulled = fake.data();
  pulled.read_started_at = storage::Clock::now() + std::chrono::seconds(1);
  store.mirror().apply_mirror(pulled);
  for (const auto& [key, value] : desired()) {
    const auto d = store.mirror().part_details(key.first);
    bool found = false;
    for (const auto& p : d->parameters) {
      if (p.template_id == key.second) {
        found = true;
        EXPECT_EQ(p.data, value);
        EXPECT_GT(p.id, 0) << "still a local row";
      }
    }
    EXPECT_TRUE(found) << "part " << key.first << " template " << key.second;
  }
}

}  // namespace
}  // namespace kibridge::writeback::kill_test
