// Pusher: sends the write-back outbox to InvenTree. One pass (push_once) looks at every pending
// entry in queue order and settles each one it can, so that every accepted change reaches
// InvenTree exactly once in effect, and nothing InvenTree holds that kibridge did not expect
// is ever overwritten.
//
// Per entry: the parameter template is the entry's, else the InvenTree template of that name
// (any letter case), else one created when IMPORT_CREATE_MISSING_TEMPLATES is on. Then the
// value InvenTree holds now is read (the part's parameter of that template; for the datasheet,
// the link of the part's first "datasheet" link attachment) and decides (push_decision.h; how
// each is read and written on each InvenTree version is inventree/inventree_api.h's business):
//   - it is already the new value            -> done, nothing written
//   - it is absent, or still the replaced one -> written (PATCH the existing object, else POST
//                                                a new one), then done
//   - anything else                           -> conflict: InvenTree's value is recorded and
//                                                kept until a user retries or drops the entry
// A write that InvenTree may have applied without kibridge hearing so (a lost answer), or
// that met a concurrent change (the uniqueness error of a POST, a 404 of a PATCH), is decided
// again from a fresh read, once; that read makes a repeated send harmless.
//
// Failures: transient ones (connection, timeout, 5xx, 429, malformed answers, after the
// client's own retries) leave the entry pending with exponential backoff and full jitter over
// its attempts, at least the server's Retry-After. When they say InvenTree is unavailable
// (no connection, timeout, 429, 502-504) the pass stops there. A 400 fails the entry with
// InvenTree's own message; a part deleted in InvenTree fails it too. 401/403 pause the queue
// (Store::set_outbox_pause) and stop the pass, the entry untouched; a later pass first checks
// the credentials with one request and resumes when they are accepted.
//
// Order: a part's entries are sent in queue order. An entry that is not due yet, or that
// failed transiently in this pass, holds back the later entries of its part until a later
// pass; conflicts and failures do not.
//
// Thread-safety: one push_once at a time per Pusher (it uses the client, which serves one
// thread). The store may be used by others meanwhile: an entry a user dropped while it was
// being sent is left alone.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/inventree/client.h"
#include "server/inventree/inventree_api.h"
#include "server/kicad/settings.h"
#include "storage/store.h"
#include "storage/writeback_records.h"

namespace kibridge::writeback {

struct PusherOptions {
  // Backoff of an entry that failed transiently: a random pause in
  // [0, min(backoff_cap, backoff_base * 2^(attempts-1))], or the server's Retry-After when
  // longer (itself at most backoff_cap).
  std::chrono::milliseconds backoff_base{std::chrono::seconds(5)};
  std::chrono::milliseconds backoff_cap{std::chrono::hours(1)};
  // Seams for tests; defaults: the system clock and a random generator in [0, 1).
  std::function<storage::Clock::time_point()> now;
  std::function<double()> random01;
  std::function<void(const std::string&)> log;  // one line per settled entry and per event
};

// What one pass concluded about one entry.
struct SettledEntry {
  storage::OutboxEntry entry;  // as it was when the pass began
  storage::OutboxOutcome outcome;
  bool written = false;  // kibridge wrote to InvenTree for it in this pass
};

struct PushSummary {
  int examined = 0;   // entries looked up in InvenTree
  int done = 0;       // now hold the new value in InvenTree
  int written = 0;    // of those, written by this pass (the others already held it)
  int conflicts = 0;
  int failed = 0;
  int deferred = 0;   // failed transiently: pending, retried after their backoff
  int waiting = 0;    // pending entries not looked at: not due, or behind one of their part
  std::vector<SettledEntry> settled;  // in queue order
  // The queue is paused because InvenTree refused the credentials: the reason.
  std::optional<std::string> paused;
  // The pass stopped early because InvenTree could not be reached or answered that it is
  // unavailable; `error` says how. Entries not yet looked at stay pending and due.
  bool unreachable = false;
  bool cancelled = false;
  std::string error;
  // When unreachable because of an entry's transient failure: that entry's next attempt.
  std::optional<storage::Clock::time_point> retry_not_before;

  bool completed() const { return !unreachable && !cancelled && !paused; }
};

class Pusher {
 public:
  // `store` and `client` must outlive the pusher.
  Pusher(storage::Store& store, inventree::Client& client, PusherOptions options = {});

  // One pass over the pending entries. `user_request`: a user asked for this pass
  // (`kibridge push`, POST /api/outbox/push), so a pause is lifted first and entries waiting
  // for their backoff are sent now too. InvenTree problems are reported in the summary; a
  // storage failure throws storage::StorageError (entries settled before it stay settled).
  PushSummary push_once(bool user_request = false);

 private:
  struct EntryResult;

  // Decides the entry (push_decision.h) from what InvenTree holds and carries it out;
  // failures other than the pass's (kEndPass) settle the entry.
  EntryResult process(inventree::InventreeApi& api, const storage::OutboxEntry& entry,
                      std::optional<kicad::KicadSettings>& settings);
  // Reads, decides, writes; a write that may have acted without an answer, or that met a
  // concurrent change, is decided again from a fresh read, once (see the file comment).
  EntryResult send(inventree::InventreeApi& api, const storage::OutboxEntry& entry,
                   std::optional<int64_t> template_id);
  void settle(const storage::OutboxEntry& entry, const EntryResult& result, PushSummary& summary);
  // The entry's template: by name, created when the settings (read once per pass) allow.
  int64_t resolve_template(inventree::InventreeApi& api, const storage::OutboxChange& change,
                           std::optional<kicad::KicadSettings>& settings);
  void log(const std::string& line) const;

  storage::Store& store_;
  inventree::Client& client_;
  PusherOptions options_;
};

// When an entry that failed transiently for the `attempts`-th time (1 = first) is tried again.
storage::Clock::time_point next_attempt_time(storage::Clock::time_point now, int attempts, double random01,
                                             std::optional<std::chrono::milliseconds> retry_after,
                                             const PusherOptions& options);

// The earliest time a pass can make progress on `pending` (pending entries in queue order):
// the earliest next attempt of an entry first in line for its part (due now when it has
// none); later entries of a part wait for the first. nullopt when nothing is pending.
std::optional<storage::Clock::time_point> next_progress_time(const std::vector<storage::OutboxEntry>& pending,
                                                             storage::Clock::time_point now);

}  // namespace kibridge::writeback
