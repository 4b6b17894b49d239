#include "server/writeback/push_decision.h"

namespace kibridge::writeback {

using inventree::ErrorKind;
using inventree::InvenTreeError;

namespace {

// Failures after which other requests now would fail alike, so the pass stops.
bool server_unavailable(const InvenTreeError& e) {
  switch (e.kind()) {
    case ErrorKind::kConnection:
    case ErrorKind::kTimeout:
    case ErrorKind::kRateLimited:
      return true;
    case ErrorKind::kServer:
      return e.http_status() == 502 || e.http_status() == 503 || e.http_status() == 504;
    default:
      return false;
  }
}

}  // namespace

PushDecision decide(const storage::OutboxChange& change, const inventree::HeldValue& held) {
  PushDecision d;
  if (held.value == change.new_value) {
    d.action = PushAction::kDone;
  } else if (held.value && held.value != change.old_value) {
    d.action = PushAction::kConflict;
    d.remote_value = held.value;
  } else {
    d.action = PushAction::kWrite;
  }
  return d;
}

PushDecision decide(const InvenTreeError& e) {
  PushDecision d;
  d.error = e.what();
  if (inventree::is_transient(e.kind())) {
    d.action = PushAction::kRetry;
    d.stop_pass = server_unavailable(e);
    d.retry_after = e.retry_after();
  } else if (e.kind() == ErrorKind::kRejected || e.kind() == ErrorKind::kNotFound) {
    d.action = PushAction::kFail;
  } else {
    d.action = PushAction::kEndPass;  // credentials, TLS, configuration, cancelled
  }
  return d;
}

bool may_have_acted(const InvenTreeError& e) {
  if (!inventree::is_transient(e.kind()) || e.kind() == ErrorKind::kRateLimited) return false;
  return !(e.kind() == ErrorKind::kServer && e.http_status() == 503);
}

}  // namespace kibridge::writeback
