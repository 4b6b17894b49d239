// Connection: how kibridge reaches one InvenTree server — its URL, TLS trust, timeouts and
// retry policy, and where the API token comes from. One value, made once from the command
// line (cli/sync_flags.h) and handed to everything that talks to InvenTree: the pull
// (sync::SyncJob, sync::SyncService), the push (writeback::PushService, `kibridge push`) and
// `kibridge migrate-plugin`.
//
// Every run (a pull, a push pass, a command) opens a Client of its own from it with the token
// read at that moment (resolve()), so a corrected token file is used without a restart, and a
// run is cancelled through that Client (Client::cancel(), from any thread).
//
// A plain value: copyable, no shared state; resolve() may be called from any thread.
#pragma once

#include <optional>
#include <string>

#include "server/inventree/client.h"
#include "server/inventree/token_source.h"

namespace kibridge::inventree {

struct Connection {
  ClientOptions client;  // URL, TLS, timeouts, retry policy; its token is used as is only
                         // when token_lookup is empty (tests, tools)
  // Where the token is read from at every resolve(); see token_source.h.
  std::optional<TokenLookup> token_lookup;

  const std::string& url() const { return client.url; }

  // The client options with the token read now. Throws InvenTreeError(kConfig) as load_token
  // does (no token configured, a token file others can read, ...).
  ClientOptions resolve() const;
};

}  // namespace kibridge::inventree
