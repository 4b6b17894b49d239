// sync-bench: one pull from an InvenTree (normally tools/fake-inventree) into a database file,
// measured; used by tools/sync-bench/run-sync-bench.sh.
//
//   sync-bench --url URL --db FILE [--token T] [--page-size N] [--list-page-size N]
//              [--embed-parameters] [--no-prefetch] [--serve] [--kicad-interval-ms N]
//              [--no-cache-apply] [--manufacturer-data]
//
// --manufacturer-data turns the KICAD_ENABLE_MANUFACTURER_DATA setting on in FILE first.
//
// Without --serve it is `kibridge sync` with numbers: wall time, requests, bytes, what changed
// and the process's peak RSS (VmHWM). With --serve it also serves the database like
// `kibridge serve` (store, response cache, HTTP server on an ephemeral port) and, for the
// whole pull, a KiCad client requests the category listings one after another (every
// --kicad-interval-ms, default 10) with KiCad's gzip; the pull's changes are applied to the
// served responses as SyncService does. The latencies of those requests are reported
// (p50/p99/max); a request that fails or answers anything but 200 makes the run fail.
//
// The last line is a key=value summary. Exit status: 0 success, 1 failure, 2 usage error.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "server/auth/token_auth.h"
#include "server/cli/args.h"
#include "server/http/http_server.h"
#include "server/http/kicad_routes.h"
#include "server/kicad/response_cache.h"
#include "server/sync/sync_job.h"
#include "server/sync/sync_service.h"
#include "storage/sync_state_store.h"
#include "storage/store.h"

using namespace kibridge;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kUsage =
    "usage: sync-bench --url URL --db FILE [--token T] [--page-size N] [--list-page-size N]\n"
    "                  [--embed-parameters] [--no-prefetch] [--serve] [--kicad-interval-ms N]\n"
    "                  [--no-cache-apply]   (diagnosis: leave the served responses stale)\n"
    "                  [--manufacturer-data] (turn KICAD_ENABLE_MANUFACTURER_DATA on first)\n";

long status_kb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
  }
  return -1;
}
long peak_rss_kb() { return status_kb("VmHWM:"); }
long resident_kb() { return status_kb("VmRSS:"); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  cli::Args args(words);
  if (args.help_requested()) {
    std::cout << kUsage;
    return 0;
  }
  std::string url, db, token;
  int page_size = 500;
  int list_page_size = 2000;
  bool embed = false, serve = false, prefetch = true, cache_apply = true, manufacturer_data = false;
  long long interval_ms = 10;
  try {
    url = args.option_or("--url", "");
    db = args.option_or("--db", "");
    token = args.option_or("--token", "fake-inventree-token", "KIBRIDGE_INVENTREE_TOKEN");
    page_size = static_cast<int>(args.int_option("--page-size", 1, 100000).value_or(500));
    list_page_size = static_cast<int>(args.int_option("--list-page-size", 1, 100000).value_or(2000));
    embed = args.flag("--embed-parameters");
    prefetch = !args.flag("--no-prefetch");
    cache_apply = !args.flag("--no-cache-apply");
    manufacturer_data = args.flag("--manufacturer-data");
    serve = args.flag("--serve");
    interval_ms = args.int_option("--kicad-interval-ms", 0, 10000).value_or(10);
    args.finish();
    if (url.empty() || db.empty()) throw cli::UsageError("--url and --db are required");
  } catch (const cli::UsageError& e) {
    std::cerr << "sync-bench: " << e.what() << "\n" << kUsage;
    return 2;
  }

  storage::Store store(db);
  if (manufacturer_data) store.configuration().set_settings({{"KICAD_ENABLE_MANUFACTURER_DATA", "true"}});
  inventree::Connection connection;
  connection.client.url = url;
  connection.client.token = token;
  sync::PullOptions pull;
  pull.page_size = page_size;
  pull.list_page_size = list_page_size;
  pull.embed_parameters = embed;
  pull.prefetch = prefetch;

  std::unique_ptr<auth::TokenAuth> auth;
  std::unique_ptr<kicad::ResponseCache> cache;
  std::unique_ptr<http::HttpServer> server;
  std::string read_token;
  std::vector<int64_t> categories;
  if (serve) {
    const std::string token_name = "sync-bench-" + std::to_string(::getpid());
    read_token = auth::create_token(store, token_name, auth::Scope::kRead);
    auth = std::make_unique<auth::TokenAuth>(store);
    cache = std::make_unique<kicad::ResponseCache>(store);
    server = std::make_unique<http::HttpServer>(http::ServerContext{store, *cache, *auth});
    cache->warm();
    std::cerr << "sync-bench: serving " << cache->stats().listings << " KiCad listings, VmRSS before the pull "
              << resident_kb() << " KiB\n";
    for (const auto& k : store.configuration().kicad_categories()) categories.push_back(k.category_id);
    if (categories.empty()) {
      std::cerr << "sync-bench: --serve needs KiCad categories in " << db << " (kibridge demo-seed)\n";
      return 1;
    }
  }
  const int port = serve ? server->bind("127.0.0.1", 0) : 0;
  if (serve) server->start();

  std::atomic<bool> pulling{true};
  std::atomic<int> failures{0};
  std::vector<double> latencies_ms;
  std::thread kicad_client;
  if (serve) {
    kicad_client = std::thread([&] {
      httplib::Client c("127.0.0.1", port);
      c.set_default_headers({{"Authorization", "Token " + read_token}, {"Accept-Encoding", "gzip,deflate"}});
      c.set_keep_alive(true);
      c.set_read_timeout(30);
      c.set_decompress(false);  // measure kibridge, not this client's inflating of 3 MB bodies
      size_t next = 0;
      while (pulling.load()) {
        const std::string path = std::string(http::kKicadApiPrefix) + "/parts/category/" +
                                 std::to_string(categories[next++ % categories.size()]) + ".json";
        const auto t0 = Clock::now();
        auto res = c.Get(path);
        latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!res || res->status != 200) ++failures;
        if (interval_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
      }
    });
  }

  const auto t0 = Clock::now();
  sync::SyncOutcome outcome;
  double apply_cache_ms = 0;
  auto log = [](const std::string& line) { std::cerr << "sync-bench: " << line << "\n"; };
  if (serve) {
    // Exactly what `kibridge serve` runs: the service thread (lowered priority), with the
    // pull's changes applied to the served responses.
    storage::SyncStateStore& history = store.sync_state();
    sync::SyncServiceOptions service_options;
    service_options.connection = connection;
    service_options.pull = pull;
    service_options.interval = std::chrono::hours(24);
    service_options.log = log;
    service_options.on_change = [&](const storage::ChangeSet& changes) {
      if (!cache_apply) return;
      const auto c0 = Clock::now();
      cache->apply(changes);
      apply_cache_ms = std::chrono::duration<double, std::milli>(Clock::now() - c0).count();
    };
    sync::SyncService service(store, history, service_options);
    service.start();
    service.wait_for_pulls(1, std::chrono::hours(1));
    auto status = service.status();
    service.stop();
    if (status.last_run) outcome.record = *status.last_run;
    outcome.succeeded = status.last_run && status.last_run->succeeded;
    outcome.error_message = status.last_run ? status.last_run->error_message : "no pull finished";
  } else {
    sync::SyncJob job(store, nullptr, connection, pull, log);
    std::string stage;
    outcome = job.run([&](const sync::PullProgress& p) {
      if (p.stage == stage) return;
      std::cerr << "sync-bench: " << stage << " done, VmRSS " << resident_kb() / 1024 << " MiB\n";
      stage = p.stage;
    });
    std::cerr << "sync-bench: " << stage << " done, VmRSS " << resident_kb() / 1024 << " MiB\n";
  }
  const double pull_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  pulling = false;
  if (kicad_client.joinable()) kicad_client.join();
  const long rss = peak_rss_kb();
  if (serve) {
    server->stop();
    try {
      store.tokens().delete_api_token("sync-bench-" + std::to_string(::getpid()));
    } catch (const std::exception&) {
    }
  }

  const auto& r = outcome.record;
  std::printf(
      "sync-bench: ok=%d wall_ms=%.0f cache_apply_ms=%.0f requests=%lld bytes=%lld parts=%lld parameters=%lld "
      "changed_parts=%lld everything=%d peak_rss_kb=%ld",
      outcome.succeeded ? 1 : 0, pull_ms, apply_cache_ms, static_cast<long long>(r.requests),
      static_cast<long long>(r.bytes_received), static_cast<long long>(r.counts.parts),
      static_cast<long long>(r.counts.parameters), static_cast<long long>(r.changed_parts), r.changed_everything ? 1 : 0,
      rss);
  if (serve) {
    std::printf(" kicad_requests=%zu kicad_failures=%d kicad_p50_ms=%.1f kicad_p99_ms=%.1f kicad_max_ms=%.1f",
                latencies_ms.size(), failures.load(), percentile(latencies_ms, 0.5), percentile(latencies_ms, 0.99),
                latencies_ms.empty() ? 0.0 : *std::max_element(latencies_ms.begin(), latencies_ms.end()));
  }
  std::printf("\n");
  if (!outcome.succeeded) std::cerr << "sync-bench: " << outcome.error_message << "\n";
  return outcome.succeeded && failures.load() == 0 ? 0 : 1;
}
