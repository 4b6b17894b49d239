// What the pusher does with one outbox entry, decided from the entry and what InvenTree holds
// or answered — pure functions, so every branch is tested without a server
// (tests/writeback/push_decision_test.cc). The pusher (pusher.h) only gathers the inputs,
// carries the decision out and records it.
//
//   what InvenTree holds now                  decision
//   the new value                             kDone      (nothing to write)
//   nothing, or still the value it replaces   kWrite     (then kDone once written)
//   anything else                             kConflict  (InvenTree's value is kept and shown)
//
//   what a request of the entry failed with                    decision
//   400 and other 4xx, 404                                     kFail     (InvenTree's message)
//   connection, timeout, 5xx, 429, malformed, inconsistent     kRetry    (later, with backoff)
//   credentials, TLS, configuration, cancelled                 kEndPass  (no fault of the entry:
//                                                                          it stays untouched)
// A kRetry also says whether InvenTree is unavailable (no connection, timeout, 429, 502-504),
// in which case the pass stops: the entries after it would fail alike.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "server/inventree/errors.h"
#include "server/inventree/inventree_api.h"
#include "storage/writeback_records.h"

namespace kibridge::writeback {

enum class PushAction { kDone, kWrite, kConflict, kFail, kRetry, kEndPass };

struct PushDecision {
  PushAction action = PushAction::kDone;
  std::optional<std::string> remote_value;  // kConflict: what InvenTree holds
  std::string error;                        // kFail, kRetry: why
  bool stop_pass = false;                   // kRetry: InvenTree is unavailable
  std::optional<std::chrono::milliseconds> retry_after;  // kRetry: the server's, when given
};

// From the value InvenTree holds for the entry's target.
PushDecision decide(const storage::OutboxChange& change, const inventree::HeldValue& held);

// From the error a read or write of the entry failed with.
PushDecision decide(const inventree::InvenTreeError& error);

// Whether InvenTree may have applied a write that failed this way, its answer lost: then the
// entry is decided again from a fresh read instead of failing or waiting. 429 and 503 are
// answered before the request is handled.
bool may_have_acted(const inventree::InvenTreeError& error);

}  // namespace kibridge::writeback
