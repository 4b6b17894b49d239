// SyncJob: one pull from InvenTree, applied to the store in one transaction and recorded in the
// pull history — a successful pull in that same transaction (Store::apply_pull), so `status`
// and the mirror always describe the same pull, whenever the process dies. What `kibridge
// sync` runs once and SyncService runs on its schedule.
//
// A pull that fails or is cancelled applies nothing, so the mirror (and everything KiCad is
// served) stays at the last good data. The store's settings decide whether manufacturer and
// supplier parts are read (KICAD_ENABLE_MANUFACTURER_DATA), at the start of every run.
//
// Thread-safety: run() on one thread at a time; cancel() from any thread.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "server/inventree/client.h"
#include "server/inventree/connection.h"
#include "server/sync/puller.h"
#include "storage/change_set.h"
#include "storage/store.h"
#include "storage/sync_state_store.h"

namespace kibridge::sync {

struct SyncOutcome {
  bool succeeded = false;
  bool cancelled = false;
  // Failure classification: inventree::to_string(kind), or "storage" / "internal".
  std::string error_kind;
  std::string error_message;
  bool credentials_problem = false;  // the token was refused (401/403) or is unusable
  std::optional<std::chrono::milliseconds> retry_after;  // the server's, when it gave one
  storage::ChangeSet changes;
  storage::SyncRunRecord record;  // as written to the history
  std::chrono::milliseconds read_time{0};   // reading InvenTree (the puller)
  std::chrono::milliseconds apply_time{0};  // the store transaction
};

class SyncJob {
 public:
  // `history` may be null (nothing is recorded). Both must outlive the job. The token is read
  // from `connection` at the start of every run (a corrected token file is picked up without
  // a restart); `pull`'s manufacturer_data is overridden by the store's setting.
  SyncJob(storage::Store& store, storage::SyncStateStore* history, inventree::Connection connection, PullOptions pull,
          std::function<void(const std::string&)> log = nullptr);

  // Never throws for InvenTree, storage or configuration problems; the outcome says what
  // happened. `on_progress` sees every page and the final "applying" stage.
  SyncOutcome run(const std::function<void(const PullProgress&)>& on_progress = nullptr);

  // Stops the run in progress before it applies anything (a running apply completes).
  void cancel();

 private:
  void log(const std::string& line) const;

  storage::Store& store_;
  storage::SyncStateStore* history_;
  inventree::Connection connection_;
  PullOptions pull_;
  std::function<void(const std::string&)> log_;
  std::mutex client_mutex_;
  inventree::Client* client_ = nullptr;
  std::atomic<bool> cancelled_{false};
};

}  // namespace kibridge::sync
