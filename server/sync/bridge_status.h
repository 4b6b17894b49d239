// BridgeStatus: the state of kibridge's two links to InvenTree, as GET /api/status and
// `kibridge status` report it — the pull (the server and its API version, the last successful
// pull, the last error, counts, duration, the next pull), the write-back outbox (entries per
// state, its pause), what the mirror holds and, when asked, what KiCad sees. Built by
// SyncService (live, with progress) or from the database alone (status_from_database, for
// `kibridge status` in another process). Rendering is pure.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "server/kicad/library_health.h"
#include "server/sync/puller.h"
#include "storage/store.h"
#include "storage/sync_state_store.h"

namespace kibridge::sync {

struct BridgeStatus {
  bool enabled = false;    // an InvenTree URL is configured (serve without one only serves)
  std::string inventree_url;
  bool running = false;    // a pull is in progress
  std::optional<PullProgress> progress;  // its latest report (Puller's on_progress)
  std::optional<storage::TimePoint> pull_started_at;  // of the running pull
  std::optional<storage::SyncRunRecord> last_run;
  std::optional<storage::SyncRunRecord> last_success;
  // The latest failed pull when it is newer than the last success (the current problem).
  std::optional<storage::SyncRunRecord> last_error;
  int consecutive_failures = 0;
  // Pulls finished by this process (SyncService), and of those the failed ones (cancelled
  // pulls count in neither), for /metrics.
  int64_t pulls = 0, failed_pulls = 0;
  std::optional<storage::TimePoint> next_pull;
  std::chrono::seconds interval{0};
  storage::MirrorCounts counts;  // what the mirror holds now
  // The write-back queue: entries per state, and why the pusher is paused (if it is).
  std::map<storage::OutboxState, int64_t> outbox;
  std::optional<storage::OutboxPause> outbox_pause;
  // What KiCad sees (empty library, parts without a symbol) and the fixes; filled by the
  // caller from its Library (Library::health), absent when not asked for.
  std::optional<kicad::LibraryHealth> library;
};

// Fills the parts of a status that only the database knows: mirror counts and the outbox.
void add_database_state(const storage::Store& store, BridgeStatus& status);

// The status as recorded in the database: history, the schedule of the last `serve`, counts.
BridgeStatus status_from_database(const storage::Store& store, const storage::SyncStateStore& history);

// sync.progress of GET /api/status: null when no pull runs, else {"running": true, "phase"
// ("connecting" | "reading" | "applying"), "collection" (the list being read, e.g. "parts";
// null outside "reading"), "rows" (its rows read so far), "total" (InvenTree's count or null),
// "started_at", plus "stage" and "done" (the older names of collection and rows)}.
nlohmann::json progress_json(const BridgeStatus& status);

// JSON for GET /api/status ("sync", "mirror", "outbox" and, when known, "library" members;
// times ISO 8601 UTC).
nlohmann::json status_json(const BridgeStatus& status);

// Human-readable lines for `kibridge status`; `now` makes "in 4 min" / "12 s ago" testable.
std::string status_text(const BridgeStatus& status, storage::TimePoint now);

}  // namespace kibridge::sync
