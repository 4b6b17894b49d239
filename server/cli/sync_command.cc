// `kibridge sync` (one pull from InvenTree into a database file) and `kibridge status` (what
// the pulls into a database file did and when the next one is due).
#include <chrono>
#include <iostream>
#include <mutex>

#include "server/cli/command_start.h"
#include "server/cli/sync_flags.h"
#include "server/kicad/installed_libraries.h"
#include "server/kicad/libraries.h"
#include "server/platform/process_tuning.h"
#include "server/sync/sync_job.h"
#include "server/sync/bridge_status.h"
#include "storage/store.h"
#include "storage/sync_state_store.h"

namespace kibridge::cli {

namespace {

constexpr const char* kSyncUsage =
    "usage: kibridge sync [--db FILE] --inventree-url URL [options]\n"
    "Pulls categories, parts, stock totals, parameters and datasheet links from InvenTree into\n"
    "the database FILE once, in one transaction, and exits: 0 when the pull was applied, 1 when\n"
    "it failed (the database then keeps its previous data).\n"
    "  --db FILE            database (default $KIBRIDGE_DB or ~/.local/share/kibridge/kibridge.sqlite)\n";

constexpr const char* kStatusUsage =
    "usage: kibridge status [--db FILE] [--json]\n"
    "Shows the InvenTree server and API version of the last pull into FILE, when it succeeded,\n"
    "the last error, what the mirror holds, and the next pull of a running kibridge serve;\n"
    "what KiCad sees, and the served symbols and footprints the KiCad libraries installed here\n"
    "lack (KICAD_SYMBOL_DIRS / KICAD_FOOTPRINT_DIRS, else KiCad's own folders).\n"
    "  --db FILE   database (default $KIBRIDGE_DB or ~/.local/share/kibridge/kibridge.sqlite)\n"
    "  --json      print the status as JSON (the members of GET /api/status)\n";

// One progress line redrawn in place on a terminal, at most ten times a second.
class TerminalProgress {
 public:
  void update(const sync::PullProgress& p) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    const bool new_stage = p.stage != stage_;
    if (!new_stage && now - last_draw_ < std::chrono::milliseconds(100)) return;
    stage_ = p.stage;
    last_draw_ = now;
    std::cerr << "\r\033[K" << "pulling " << p.stage;
    if (p.done > 0 || p.total) std::cerr << " " << p.done;
    if (p.total) {
      std::cerr << "/" << *p.total;
      if (*p.total > 0) std::cerr << " (" << (100 * p.done / *p.total) << "%)";
    }
    std::cerr << std::flush;
    drawn_ = true;
  }
  // Ends the progress line before a log line is printed.
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
    stage_.clear();
  }

 private:
  std::mutex mutex_;
  std::string stage_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

// Without a terminal: one line per finished stage.
class StageLog {
 public:
  void update(const sync::PullProgress& p) {
    if (p.stage != stage_ && !stage_.empty() && stage_ != "server") {
      std::cerr << "kibridge sync: read " << done_ << " " << stage_ << "\n";
    }
    stage_ = p.stage;
    done_ = p.done;
  }

 private:
  std::string stage_;
  int64_t done_ = 0;
};

}  // namespace

int run_sync(const std::vector<std::string>& words) {
  const auto command = parse_inventree_command(words, kSyncUsage);
  if (!command) return 0;
  storage::Store store(command->db_path);
  storage::SyncStateStore& history = store.sync_state();
  const bool terminal = platform::stderr_is_terminal();
  TerminalProgress bar;
  StageLog stages;
  sync::SyncJob job(store, &history, command->inventree.connection, command->inventree.pull, [&](const std::string& line) {
    if (terminal) bar.clear();
    std::cerr << "kibridge sync: " << line << "\n";
  });
  sync::SyncOutcome outcome = job.run([&](const sync::PullProgress& p) {
    if (terminal) {
      bar.update(p);
    } else {
      stages.update(p);
    }
  });
  if (terminal) bar.clear();
  // A failure was logged above, with what to check (the token, for a refused one).
  if (!outcome.succeeded) return 1;
  return 0;
}

int run_status(const std::vector<std::string>& words) {
  CommandStart start(words, {.usage = kStatusUsage, .db = true, .json = true});
  if (auto done = start.answered()) return *done;
  start.args().finish();
  const bool as_json = start.json();
  storage::Store store = start.open_store();
  storage::SyncStateStore& history = store.sync_state();
  sync::BridgeStatus status = sync::status_from_database(store, history);
  const auto libraries = kicad::Libraries::load(store);
  // What KiCad sees, checked against the KiCad libraries installed here.
  kicad::InstalledLibraries installed;
  constexpr auto kWait = kicad::InstalledIndex::kWait;
  status.library = kicad::installed_checked_health(store, *libraries->default_library(), installed, kWait);
  if (as_json) {
    nlohmann::json body = sync::status_json(status);
    body["libraries"] = kicad::libraries_health_json(store, *libraries, installed, kWait);
    std::cout << body.dump(2) << "\n";
  } else {
    std::cout << "Database:      " << store.path() << "\n" << sync::status_text(status, std::chrono::system_clock::now());
    // Named libraries, one line each (the default library is what the text above describes).
    for (const auto& e : libraries->all()) {
      if (e.id == kicad::Libraries::kDefault) continue;
      const auto& h = kicad::library_health(store, *e.library);
      std::cout << "Library " << e.name << ": " << h.categories.size() << " KiCad categories, " << h.parts
                << " parts, " << h.empty_symbol << " without a symbol (" << kicad::library_path(e.name) << ")\n";
      for (const auto& w : h.warnings) std::cout << "  warning: " << w << "\n";
    }
  }
  return 0;
}

}  // namespace kibridge::cli
