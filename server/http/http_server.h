// HttpServer: kibridge's HTTP front — authentication for every route but /api/health, the
// KiCad API routes, and the REST route modules. TCP_NODELAY on every connection: small
// responses otherwise stall 40 ms on delayed ACKs.
//
// Before a request is authenticated, any client can hold a connection, and cpp-httplib gives
// every connection a thread of its own for as long as it lasts. What keeps unauthenticated
// clients from stalling KiCad (measured on 0.11.4: 70 clients sending one header line every
// 2 s made categories.json wait 32 s; 200 idle keep-alive connections delayed a request by
// 10.9 s; a burst of 100 connections overflowed a listen backlog of 5 and 14 were reset):
//   - worker threads grow on demand from `worker_threads` to `max_worker_threads` (1024) and
//     shrink back after 3 s idle (WorkerPool): 200 held connections plus a burst of 500 still
//     leave threads free. A thread parked on a connection costs little (a few
//     pages of stack, one poll() every 200 ms); past the maximum, connections wait in the
//     queue, they are not refused.
//   - a request head (request line + headers) must arrive within `header_deadline` (10 s) of
//     its first byte, else 408 and the connection closes: KiCad sends its whole head in one
//     segment, so this only ends clients that trickle, and frees their thread.
//   - an idle keep-alive connection is closed after `keep_alive_seconds` (5 s, httplib's
//     default): long enough for KiCad's burst of listing requests, short enough that idle
//     connections give their threads back.
//   - the listen backlog is 4096 (CPPHTTPLIB_LISTEN_BACKLOG in CMakeLists.txt; Linux caps it
//     at net.core.somaxconn, 4096 since 5.4): a burst of 500 connects fits while the accept
//     loop catches up. bind() raises the open-file limit to its hard limit so that many
//     connections do not run out of descriptors (the soft default is 1024).
//   - a request head is capped at `max_header_fields` (64) header lines and `max_header_bytes`
//     (32 KiB) in all, else 431 and the connection closes (0.11.4 capped only each line, at
//     8 KiB: 200,000 lines, 18 MB, were accepted and two such clients took the server to
//     313 MB). KiCad sends 5 headers in about 300 bytes; 64 lines / 32 KiB are Apache's
//     LimitRequestFields order of magnitude and nginx's large_client_header_buffers (4 x 8k).
//   - framing: a Content-Length that is not digits, or several that differ, is a 400
//     (RFC 9112 6.3); pipelined requests are each answered (HardenedServer keeps read-ahead
//     bytes); HEAD is answered on the KiCad routes as GET is, without the body.
//
// Thread-safety: start()/stop() from one thread; handlers run on the worker pool.
#pragma once

#include <httplib.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "server/http/access_log.h"
#include "server/http/http_connection.h"
#include "server/http/metrics.h"
#include "server/http/server_context.h"

namespace kibridge::http {

// Why each value is what it is: see the top of this file.
struct HttpServerOptions {
  size_t worker_threads = 16;        // threads kept: wrk's and a busy KiCad's connections
  size_t max_worker_threads = 1024;  // threads at most (>= worker_threads)
  size_t max_body_bytes = 64u << 20;  // netlist uploads can be large; bigger bodies get a 413
  size_t max_header_fields = 64;
  size_t max_header_bytes = 32 * 1024;
  std::chrono::milliseconds header_deadline{10'000};
  time_t keep_alive_seconds = 5;
  // GET /metrics from a loopback address needs no token (serve --metrics-open; metrics_api.h).
  bool metrics_open = false;
  // Where each answered request is logged (serve --access-log); null: nowhere. Must outlive
  // the server.
  AccessLog* access_log = nullptr;
};

class HttpServer {
 public:
  HttpServer(ServerContext ctx, HttpServerOptions options = {});
  ~HttpServer();

  // The underlying server, for route modules registered by other subsystems (sync status,
  // imports). Register before bind().
  httplib::Server& routes() { return server_; }
  const ServerContext& context() const { return ctx_; }
  // The request counters (every request is observed) and what GET /metrics adds at scrape
  // time: the cache and the outbox unless replaced; `serve` adds its pull and push services.
  // Set the sources before bind().
  const Metrics& metrics() const { return metrics_; }
  void set_metrics_sources(MetricsSources sources) { metrics_sources_ = std::move(sources); }

  // Binds host:port (port 0 picks a free one) and returns the bound port; raises the process's
  // open-file limit to its hard limit. Throws std::runtime_error when the address cannot be
  // bound.
  int bind(const std::string& host, int port);
  // Serves until stop(); blocks.
  void run();
  // Serves on a background thread; returns at once.
  void start();
  void stop();

 private:
  ServerContext ctx_;
  Metrics metrics_;
  MetricsSources metrics_sources_;
  AccessLog* access_log_;
  HardenedServer server_;
  std::thread thread_;
};

}  // namespace kibridge::http
