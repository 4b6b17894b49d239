// Client: kibridge's conversation with one InvenTree server over its REST API.
//
// Sends "Authorization: Token <token>" on every request (the token is never logged or put in
// an error message), verifies HTTPS certificates against the system store or a private CA
// file, and retries transient failures (connection refused or dropped, timeouts, 5xx, 429,
// malformed JSON) with exponential backoff and full jitter, honouring Retry-After. 401/403 are
// reported at once as ErrorKind::kCredentials and never retried.
//
// Reads (the puller) and writes (the write-back pusher) share it: request() sends any method
// with a JSON body; a POST is repeated only when the server surely did not act on it
// (connection refused, 429, 503), the other methods are idempotent and retried like reads.
//
// Thread-safety: one thread at a time issues requests; cancel() and stats() may be called from
// any thread. Errors: every failure is an InvenTreeError (see errors.h).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/inventree/api_version.h"
#include "server/inventree/base_url.h"
#include "server/inventree/errors.h"
#include "server/inventree/retry.h"

namespace httplib {
class Client;
}

namespace kibridge::inventree {

using Query = std::vector<std::pair<std::string, std::string>>;

enum class Method { kGet, kPost, kPut, kPatch, kDelete };
const char* method_name(Method method);  // "GET", "POST", ...

// One retry, as reported to ClientOptions::on_retry (for logs and pull statistics).
struct RetryNotice {
  std::string request;  // "GET /api/part/?limit=500&offset=1000"
  int retry = 0;        // 1 for the first retry
  ErrorKind kind = ErrorKind::kConnection;
  std::string message;
  std::chrono::milliseconds pause{0};
};

struct ClientOptions {
  std::string url;      // see parse_base_url
  std::string token;    // InvenTree API token; empty sends no Authorization header
  std::string ca_file;  // PEM file of a private CA; empty uses the system store
  bool verify_tls = true;
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds read_timeout{60000};
  RetryPolicy retry;
  // Ask for gzip responses ("Accept-Encoding: gzip"). Worth it across a network when a
  // reverse proxy compresses; costs CPU on both ends otherwise.
  bool accept_gzip = false;

  // Seams for tests and callers; each has a sensible default when left empty.
  std::function<void(std::chrono::milliseconds)> sleep;  // default: a wait cancel() interrupts
  std::function<double()> random01;                      // jitter source in [0, 1)
  std::function<void(const RetryNotice&)> on_retry;
};

struct ClientStats {
  int64_t requests = 0;        // attempts sent, retries included
  int64_t retries = 0;
  int64_t bytes_received = 0;  // response bodies after decompression
};

// How list() pages through an endpoint.
struct ListOptions {
  int page_size = 500;
  // Each next page starts this many items before the end of the previous one, so the items
  // at page boundaries are seen twice (callers de-duplicate by pk) and an item cannot slip
  // between pages when up to `overlap` earlier items are deleted meanwhile.
  int overlap = 0;
  // Keys materialised in each item (see parse_list_stream); null keeps everything.
  const std::unordered_set<std::string>* keep_keys = nullptr;
  // Fetch the next page while the current one is being decoded (one request at a time on
  // the connection; the decoding overlaps the server's work on the next page).
  bool prefetch = true;
};

// What list() saw while paging one endpoint.
struct ListSummary {
  int64_t items = 0;  // items handed to on_item
  int pages = 0;
  bool paginated = true;              // false: the server answered with a bare array
  std::optional<int64_t> first_count;  // "count" of the first and of the last page; they
  std::optional<int64_t> last_count;   // differ when InvenTree changed during the paging
};

class Client {
 public:
  // Throws InvenTreeError(kConfig) for an invalid URL or a CA file that cannot be read.
  explicit Client(ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // GET /api/ and its version information.
  ServerInfo server_info();

  // One request with retries; returns the parsed body (null for an empty body). `validate`,
  // when given, checks the parsed body and throws InvenTreeError(kMalformed) to have it
  // treated like unparseable JSON (retried).
  nlohmann::json request(Method method, const std::string& path, const Query& query = {},
                         const nlohmann::json* body = nullptr,
                         const std::function<void(const nlohmann::json&)>& validate = nullptr);
  nlohmann::json get(const std::string& path, const Query& query = {}) { return request(Method::kGet, path, query); }

  // Pages through a list endpoint with limit=page_size&offset=N (plus `query`) until the
  // reported count is reached or a page comes back empty. Each item goes to on_item as soon
  // as it is parsed (which may consume it), and on_page gets each page's reported count. A
  // page that is not valid JSON is fetched again like any transient failure (its items
  // before the damage may then be handed over twice). A server that ignores `limit` and
  // answers with a bare array has that array handed over once.
  ListSummary list(const std::string& path, const Query& query, const ListOptions& options,
                   const std::function<void(nlohmann::json& item)>& on_item,
                   const std::function<void(int64_t count)>& on_page = nullptr);

  // Makes the request in progress (and any later one) fail with kCancelled, interrupting a
  // backoff pause. Safe from any thread.
  void cancel();
  bool cancelled() const { return cancelled_.load(); }

  ClientStats stats() const;
  const BaseUrl& base_url() const { return base_; }

 private:
  // One attempt: the body of a 2xx answer, else an InvenTreeError. *maybe_acted tells
  // whether the server may have processed the request (false: refused before it was read).
  std::string attempt(Method method, const std::string& target, const std::string* payload, bool* maybe_acted);
  // Whether the server answers GET /api/health as kibridge does: kibridge given its own
  // address as InvenTree's, which otherwise shows up as a puzzling "rejected the API token".
  bool is_kibridge();
  // Attempts until one succeeds and passes `check` (which throws kMalformed for a body to be
  // fetched again), starting at retry number `first_retry`.
  std::string fetch(Method method, const std::string& target, const nlohmann::json* body,
                    const std::function<void(const std::string&)>& check, int first_retry = 1);
  // After a failed attempt: throws unless the failure is worth repeating and attempts remain;
  // otherwise records the retry and pauses.
  void retry_or_throw(const std::string& what, int retry, const InvenTreeError& e, bool repeatable);
  std::string target_of(const std::string& path, const Query& query) const;
  void pause(std::chrono::milliseconds delay);

  ClientOptions options_;
  BaseUrl base_;
  std::unique_ptr<httplib::Client> http_;
  std::atomic<bool> cancelled_{false};
  std::mutex pause_mutex_;
  std::condition_variable pause_cv_;
  mutable std::mutex stats_mutex_;
  ClientStats stats_;
};

// "limit=500&offset=0" style encoding of a query (RFC 3986 unreserved characters kept).
std::string encode_query(const Query& query);

}  // namespace kibridge::inventree
