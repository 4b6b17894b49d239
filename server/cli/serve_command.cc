// `kibridge serve`: the HTTP server over a database file.
#include <chrono>
#include <fstream>
#include <system_error>
#include <iostream>

#include "server/auth/token_auth.h"
#include "server/cli/command_start.h"
#include "server/cli/defaults.h"
#include "server/cli/demo_tokens.h"
#include "server/cli/sync_flags.h"
#include "server/demo/demo_catalog.h"
#include "server/http/http_server.h"
#include "server/http/metrics_api.h"
#include "server/http/push_api.h"
#include "server/http/sync_api.h"
#include "server/platform/stop_request.h"
#include "server/sync/database_watcher.h"
#include "server/sync/sync_service.h"
#include "server/writeback/push_service.h"
#include "storage/sync_state_store.h"
#include "server/kicad/response_cache.h"
#include "storage/store.h"

namespace kibridge::cli {

namespace {

constexpr const char* kServeUsage =
    "usage: kibridge serve [--db FILE] [--listen HOST:PORT] [--demo [--rotate-demo-tokens]]\n"
    "                      [--inventree-url URL [--sync-interval 5m] [--push-interval 60]\n"
    "                      [pull options]] [--access-log FILE|-] [--metrics-open]\n"
    "Serves KiCad's HTTP library API (/plugin/kicad-library-plugin/v1/) and the REST API (/api/)\n"
    "from the database FILE.\n"
    "  --db FILE          database (default $KIBRIDGE_DB, else kibridge.sqlite in\n"
    "                     ~/.local/share/kibridge, on Windows %LOCALAPPDATA%\\kibridge)\n"
    "  --listen HOST:PORT address (default $KIBRIDGE_LISTEN or 127.0.0.1:8765)\n"
    "  --demo             seed an empty database with the demo catalogue, write FILE.kicad_httplib\n"
    "                     (readable by you alone) with a read token for KiCad and print an\n"
    "                     admin token; both tokens are kept across restarts\n"
    "  --rotate-demo-tokens  with --demo: make both demo tokens anew (the old ones stop working)\n"
    "  --sync-interval D  with --inventree-url: pull at start, then every D (300, 90s, 5m, 1h;\n"
    "                     default 5m), and on POST /api/sync\n"
    "  --push-interval S  with --inventree-url: send the outbox's changes to InvenTree at start,\n"
    "                     when an import queues some, when a retry is due, on POST\n"
    "                     /api/outbox/push, and at least every S seconds (default 60)\n"
    "  --access-log FILE  append one line per request to FILE (- for standard output): time,\n"
    "                     client, method, path, status, bytes, seconds, token name\n"
    "  --metrics-open     GET /metrics from this machine (loopback) needs no token\n";

// With --demo: the catalogue on first use, and the demo tokens (see demo_tokens.h): kept
// across restarts, so an open KiCad keeps working, unless `rotate`.
void prepare_demo(storage::Store& store, const std::string& url, bool rotate) {
  if (store.mirror().mirror_empty()) {
    std::cerr << "seeding the demo catalogue into " << store.path() << " ...\n";
    demo::seed_demo(store, demo::kDefaultDemoParts);
  }
  const DemoTokens tokens = ensure_demo_tokens(store, url, rotate);
  std::cout << "\nDemo admin token (" << (tokens.admin_reused ? "kept from the last start" : "new")
            << "; for the REST API and `kibridge upload`, not for KiCad): " << tokens.admin_token << "\n"
            << "  (also in " << tokens.admin_token_path << ", readable by you alone)\n"
            << "KiCad library file (read token, " << (tokens.read_reused ? "kept from the last start" : "new")
            << "; readable by you alone): " << tokens.httplib_path << "\n"
            << "In KiCad: Preferences > Manage Symbol Libraries > Global Libraries > '+',\n"
            << "set the library's path to that file and its type to 'HTTP'.\n"
            << "New tokens for both: kibridge serve --demo --rotate-demo-tokens\n\n";
}

// What KiCad sees, when it needs fixing: an empty library, parts without a symbol. Said at
// start-up and after each pull, so a newcomer learns it from the log instead of an empty
// symbol chooser.
// With named libraries, each library's warnings name it, and a default library left without
// KiCad categories is no mistake (every category went to a named one).
void log_library_health(kicad::ResponseCache& cache, const storage::Store& store) {
  const auto libraries = cache.libraries();
  for (const auto& e : libraries->all()) {
    const auto& health = kicad::library_health(store, *e.library);
    const bool named = e.id != kicad::Libraries::kDefault;
    if (!named && health.categories.empty() && libraries->all().size() > 1) continue;
    for (const auto& warning : health.warnings) {
      std::cerr << "WARNING: " << (named ? "library " + e.name + ": " : "") << warning << "\n";
    }
  }
  std::cerr << std::flush;
}

// HttpServer::bind, with what to do when the address cannot be had.
int bind_or_explain(http::HttpServer& server, const std::string& host, int port) {
  try {
    return server.bind(host, port);
  } catch (const std::system_error& e) {
    std::string advice;
    if (e.code() == std::errc::address_in_use) {
      advice = "; is kibridge already running? Stop it, or choose another port with --listen HOST:PORT";
    } else if (e.code() == std::errc::permission_denied) {
      advice = "; ports below 1024 need root: choose another, e.g. --listen " + host + ":8765";
    } else if (e.code() == std::errc::address_not_available) {
      advice = "; this machine has no such address: use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)";
    }
    throw std::runtime_error(e.what() + advice);
  }
}

}  // namespace

int run_serve(const std::vector<std::string>& words) {
  CommandStart start(words, {.usage = std::string(kServeUsage) + kSyncFlagsUsage, .db = true});
  if (auto done = start.answered()) return *done;
  Args& args = start.args();
  const auto [host, port] = parse_listen(args.option_or("--listen", default_listen()));
  const bool demo = args.flag("--demo");
  const bool rotate_demo_tokens = args.flag("--rotate-demo-tokens");
  auto inventree_flags = parse_sync_flags(args, std::cerr);
  const auto interval_text = args.option("--sync-interval");
  const auto interval = parse_interval(interval_text.value_or("5m"));
  const auto push_interval = args.int_option("--push-interval", 1, 86400);
  const auto access_log_target = args.option("--access-log");
  const bool metrics_open = args.flag("--metrics-open");
  args.finish();
  if (access_log_target && access_log_target->empty()) throw UsageError("--access-log needs a file name or -");
  if (interval_text && !inventree_flags) throw UsageError("--sync-interval needs --inventree-url");
  if (push_interval && !inventree_flags) throw UsageError("--push-interval needs --inventree-url");
  if (rotate_demo_tokens && !demo) throw UsageError("--rotate-demo-tokens needs --demo");

  // Before any thread starts (stop_request.h says why).
  platform::StopRequest stop_request;

  storage::Store store = start.open_store();
  auth::TokenAuth auth(store);
  kicad::ResponseCache cache(store);
  storage::SyncStateStore& history = store.sync_state();
  std::unique_ptr<sync::SyncService> sync_service;
  if (inventree_flags) {
    sync::SyncServiceOptions options;
    options.connection = inventree_flags->connection;
    options.pull = inventree_flags->pull;
    options.interval = interval;
    options.on_change = [&cache](const storage::ChangeSet& changes) { cache.apply(changes); };
    options.log = [](const std::string& line) { std::cerr << "sync: " << line << "\n"; };
    options.after_pull = [&cache, &store] { log_library_health(cache, store); };
    sync_service = std::make_unique<sync::SyncService>(store, history, std::move(options));
  }
  // The pusher has a client of its own: a client serves one thread, and pulls and pushes run
  // side by side.
  std::unique_ptr<writeback::PushService> push_service;
  if (inventree_flags) {
    writeback::PushServiceOptions options;
    options.connection = inventree_flags->connection;
    options.interval = std::chrono::seconds(push_interval.value_or(60));
    options.log = [](const std::string& line) { std::cerr << "push: " << line << "\n"; };
    push_service = std::make_unique<writeback::PushService>(store, std::move(options));
  }
  http::ServerContext context{store, cache, auth};
  if (push_service) context.wake_pusher = [service = push_service.get()] { service->wake(); };
  std::unique_ptr<http::AccessLog> access_log;
  if (access_log_target) access_log = std::make_unique<http::AccessLog>(*access_log_target);
  http::HttpServerOptions server_options;
  server_options.metrics_open = metrics_open;
  server_options.access_log = access_log.get();
  http::HttpServer server(context, server_options);
  server.set_metrics_sources(http::metrics_sources(server.context(), sync_service.get(), push_service.get()));
  http::register_sync_api(server.routes(), server.context(), history, sync_service.get());
  http::register_push_api(server.routes(), server.context(), push_service.get());
  const int bound = bind_or_explain(server, host, port);
  const std::string url = "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                          std::to_string(bound);
  if (demo) prepare_demo(store, url, rotate_demo_tokens);
  auth.reload();

  // Listen first: requests during the warm-up are rendered on demand, so KiCad never finds
  // the port closed while a large library renders.
  server.start();
  std::cerr << "kibridge " << KIBRIDGE_VERSION << " serving " << store.path() << " on " << url
            << "  (KiCad root_url: " << url << "/plugin/kicad-library-plugin)\n"
            << std::flush;
  // Pulls run on their own thread; KiCad keeps being served the last good data meanwhile.
  if (sync_service) sync_service->start();
  if (push_service) push_service->start();
  // Imports, outbox resolutions and pulls that other kibridge processes commit to this file
  // reach KiCad's responses and the pusher within a second.
  sync::DatabaseWatcher watcher(
      store, std::chrono::seconds(1),
      [&cache, service = push_service.get()] {
        storage::ChangeSet everything;
        everything.everything = true;
        cache.apply(everything);
        if (service) service->wake();
      },
      [](const std::string& line) { std::cerr << line << "\n"; });
  const auto started = std::chrono::steady_clock::now();
  cache.warm();
  std::cerr << "rendered " << cache.stats().listings << " KiCad listings in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count()
            << " ms\n";
  log_library_health(cache, store);

  std::cerr << "kibridge: stopping (" << stop_request.wait() << ")\n";
  if (push_service) push_service->stop();
  if (sync_service) sync_service->stop();
  server.stop();
  stop_request.stopped();
  return 0;
}

}  // namespace kibridge::cli
