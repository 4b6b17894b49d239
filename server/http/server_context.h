// What the HTTP route modules share: the store, the KiCad response cache and token auth.
// Every route module is a register_* function taking the httplib::Server and this context;
// the context (and everything it points to) must outlive the server.
#pragma once

#include <exception>
#include <functional>
#include <iostream>
#include <memory>

#include "server/auth/token_auth.h"
#include "server/kicad/installed_libraries.h"
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

  // The index of the KiCad libraries installed on this machine, scanned once for every route
  // that needs it (name completion, diagnostics, status, imports); copies of the context
  // share it. Never used on KiCad's routes.
  std::shared_ptr<kicad::InstalledLibraries> installed_libraries = std::make_shared<kicad::InstalledLibraries>();

  // Every write through the API ends here, after its commit, so cached KiCad responses follow
  // the data. Neither throws: a write that committed is never answered 5xx (ResponseCache::apply
  // drops what it cannot re-render; a pusher that cannot be woken wakes on its own timer).
  void changed(const storage::ChangeSet& changes) const noexcept { cache.apply(changes); }
  void outbox_changed() const noexcept {
    try {
      if (wake_pusher) wake_pusher();
    } catch (const std::exception& e) {
      std::cerr << "kibridge: could not wake the write-back pusher: " << e.what() << "\n";
    }
  }
};

}  // namespace kibridge::http
