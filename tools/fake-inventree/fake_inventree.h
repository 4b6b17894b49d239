// FakeInvenTree: an in-process InvenTree REST server (cpp-httplib on 127.0.0.1) that answers
// as InvenTree's REST API does for what kibridge reads: the /api/ root, token auth with
// InvenTree's 401/403 bodies, limit/offset pagination (a bare array without `limit`), the
// API >= 430 and < 430 parameter endpoints, generic (>= 207) and legacy attachments,
// manufacturer and supplier parts, part/parameter/attachment details, and 404 "API endpoint
// not found" for anything else. The InvenTree KiCad plugin's settings and category API, when
// a plugin is installed (fake_plugin.h). And what kibridge writes (fake_writes.h): parameters,
// parameter templates and link attachments, with InvenTree's validation errors; a write
// changes the served data, so the next pull sees it, and is recorded in FakeCounters::writes.
//
// It serves a storage::MirrorSnapshot, so a test states the InvenTree content in the same
// records kibridge mirrors, edits it between pulls, and compares. Faults (latency, HTTP
// errors, 429 with Retry-After, connections dropped mid-body, malformed JSON, the server
// going down) are injected per path. The standalone tools/fake-inventree server is this class
// seeded with the demo generator.
//
// Thread-safety: every public method may be called from any thread, including from a request
// hook while a request is being served (except stop(), which must not be called from a
// hook: use go_down() or a Fault of kind kGoDown).
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/records.h"
#include "tools/fake-inventree/fake_plugin.h"

namespace kibridge::fake_inventree {

struct FakeOptions {
  int api_version = 534;
  std::string software_version = "1.5.0 dev";
  // Tokens accepted with full access ("Authorization: Token <t>").
  std::vector<std::string> tokens{"fake-inventree-token"};
  // Tokens that authenticate but whose user lacks the part role: 403 on everything but /api/.
  std::vector<std::string> forbidden_tokens;
  // Tokens of superusers (among `tokens`): only they may read the KiCad plugin's category API
  // from API 505 (InvenTree 1.4).
  std::vector<std::string> superuser_tokens;
  std::vector<std::string> revoked_tokens;  // 401 "Token has been revoked"
  std::vector<std::string> expired_tokens;  // 401 "Token has expired"
  size_t worker_threads = 8;
  // Added to every request, and per item of a list page (InvenTree's per-row annotation
  // cost), to make benchmarks less flattering than loopback.
  std::chrono::microseconds request_latency{0};
  std::chrono::microseconds item_latency{0};
  // With both set, the fake speaks HTTPS with this PEM certificate (chain) and key.
  std::string tls_cert_file;
  std::string tls_key_file;
};

enum class FaultKind {
  kStatus,          // answer `status` with an InvenTree-like body (and Retry-After if set);
                    // the request is not acted on
  kDropConnection,  // act on the request (a write is applied), start the real answer, then
                    // close the connection mid-body: the client cannot know what happened
  kActThenStatus,   // act on the request (a write is applied), then answer `status` instead,
                    // like a proxy whose backend answered too late
  kMalformedJson,   // 200 with a truncated JSON body
  kLatency,         // wait `latency`, then answer normally
  kGoDown,          // act, drop this connection and stop listening (connections are refused)
};

struct Fault {
  FaultKind kind = FaultKind::kStatus;
  std::string path;       // exact request path ("/api/part/"); "" matches every path
  int skip = 0;           // let this many matching requests through first
  int times = 1;          // then hit this many (-1: every one after)
  int status = 500;                         // kStatus
  std::optional<int> retry_after_seconds;   // kStatus: Retry-After header
  std::chrono::milliseconds latency{0};     // kLatency
  std::string method;                       // "POST", ...; "" matches every method
};

struct FakeCounters {
  int64_t requests = 0;
  int64_t bytes_sent = 0;  // response bodies
  std::map<std::string, int64_t> requests_by_path;
  std::vector<std::string> targets;  // "path?query" of every request, in order
  std::map<std::string, int64_t> requests_by_method;  // "GET" -> count
  // Every write that changed the data, in order: "POST /api/parameter/",
  // "PATCH /api/parameter/17/", ... (a rejected write is not listed; one applied and then
  // answered with a fault is).
  std::vector<std::string> writes;
};

class FakeInvenTree {
 public:
  explicit FakeInvenTree(FakeOptions options = {});
  ~FakeInvenTree();
  FakeInvenTree(const FakeInvenTree&) = delete;
  FakeInvenTree& operator=(const FakeInvenTree&) = delete;

  // Listens on host:port (port 0: an ephemeral one) on a background thread. Restartable after
  // stop() or go_down(), also on the same port. Throws std::runtime_error if it cannot bind.
  void start(int port = 0, const std::string& host = "127.0.0.1");
  void stop();
  bool running() const;
  int port() const { return port_; }
  std::string url() const;  // "http://127.0.0.1:<port>" ("https://..." with TLS)
  // Stops listening without waiting (safe from a request hook; also twice): the server is
  // stopped once, on a thread of its own, never inside the handler that asked. start() again
  // to come back.
  void go_down();

  // The InvenTree content. Edits are atomic with respect to requests.
  void set_data(storage::MirrorSnapshot data);
  void edit(const std::function<void(storage::MirrorSnapshot&)>& change);
  storage::MirrorSnapshot data() const;

  // The KiCad plugin installed on this InvenTree; nullopt (the default): not installed.
  void set_plugin(std::optional<FakePlugin> plugin);

  void set_api_version(int api_version);
  void add_fault(Fault fault);
  void clear_faults();
  // Runs before each request is served, with the request path (no query). Tests use it to
  // change the data or take the server down in the middle of a pull.
  void set_request_hook(std::function<void(const std::string& path)> hook);

  FakeCounters counters() const;
  void reset_counters();

 private:
  struct Index;
  struct Route;

  void handle(const httplib::Request& req, httplib::Response& res);
  std::optional<Fault> take_fault(const std::string& method, const std::string& path);
  // Serves a write (apply_write under the data lock); false when no write route matches.
  bool serve_write(const httplib::Request& req, httplib::Response& res, int api);
  void rebuild_index_locked();
  void join_listener();

  FakeOptions options_;
  std::atomic<int> api_version_;

  mutable std::shared_mutex data_mutex_;
  storage::MirrorSnapshot data_;
  std::optional<FakePlugin> plugin_;  // guarded by data_mutex_
  std::unique_ptr<Index> index_;

  std::mutex fault_mutex_;
  struct ActiveFault {
    Fault fault;
    int seen = 0;
    int hits = 0;
  };
  std::vector<ActiveFault> faults_;
  std::function<void(const std::string&)> hook_;

  mutable std::mutex counter_mutex_;
  FakeCounters counters_;

  mutable std::mutex server_mutex_;
  std::unique_ptr<httplib::Server> server_;
  bool stop_requested_ = false;       // guarded by server_mutex_: stop() was handed to stopper_
  std::thread stopper_;               // runs server_->stop() once, off any request handler
  std::shared_future<void> stopped_;  // ready when stopper_ has run stop()
  std::thread listener_;
  int port_ = 0;
  std::string host_ = "127.0.0.1";
};

}  // namespace kibridge::fake_inventree
