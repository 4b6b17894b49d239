// What the HTTP route modules share: the store, the KiCad response cache and token auth.
// Every route module is a register_* function taking the httplib::Server and this context;
// the context (and everything it points to) must outlive the server.
#pragma once

#include <functional>

#include "server/auth/token_auth.h"
#include "server/kicad/response_cache.h"
#include "storage/store.h"

namespace kibridge::http {

struct ServerContext {
  storage::Store& store;
  kicad::ResponseCache& cache;
  auth::TokenAuth& auth;

  // Wakes the write-back pusher (set by `serve` when it pushes to InvenTree); called after an
  // import queued changes or a user retried an outbox entry. Empty: nothing to wake.
  std::function<void()> wake_pusher;

  // Every write through the API ends here, so cached KiCad responses follow the data.
  void changed(const storage::ChangeSet& changes) const { cache.apply(changes); }
  void outbox_changed() const {
    if (wake_pusher) wake_pusher();
  }
};

}  // namespace kibridge::http
