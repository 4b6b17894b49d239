// HttpServer: kibridge's HTTP front — authentication for every route but /api/health, the
// KiCad API fast path, and the REST route modules. Tuned per perf-notes: TCP_NODELAY (small
// responses otherwise stall 40 ms on delayed ACKs) and a worker pool large enough for many
// keep-alive clients.
//
// Thread-safety: start()/stop() from one thread; handlers run on the worker pool.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "server/http/server_context.h"

namespace kibridge::http {

struct HttpServerOptions {
  size_t worker_threads = 64;
  size_t max_body_bytes = 64u << 20;  // netlist uploads can be large; bigger bodies get a 413
};

class HttpServer {
 public:
  HttpServer(ServerContext ctx, HttpServerOptions options = {});
  ~HttpServer();

  // The underlying server, for route modules registered by other subsystems (sync status,
  // imports). Register before bind().
  httplib::Server& routes() { return server_; }
  const ServerContext& context() const { return ctx_; }

  // Binds host:port (port 0 picks a free one) and returns the bound port. Throws
  // std::runtime_error when the address cannot be bound.
  int bind(const std::string& host, int port);
  // Serves until stop(); blocks.
  void run();
  // Serves on a background thread; returns at once.
  void start();
  void stop();

 private:
  ServerContext ctx_;
  httplib::Server server_;
  std::thread thread_;
};

}  // namespace kibridge::http
