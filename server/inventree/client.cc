#include "server/inventree/client.h"

#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <future>
#include <thread>

#include "server/inventree/list_stream.h"
#include "server/util/hex.h"
#include "server/util/random.h"

namespace kibridge::inventree {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kMaxKeptErrorBody = 64 * 1024;

// InvenTree's error bodies carry a "detail" string; anything else (an HTML page from a proxy)
// is shortened to one line.
std::string describe_body(const std::string& body) {
  try {
    auto j = nlohmann::json::parse(body);
    if (j.is_object()) {
      auto it = j.find("detail");
      if (it != j.end() && it->is_string()) return it->get<std::string>();
    }
  } catch (const nlohmann::json::exception&) {
  }
  return summarise_body(body);
}

std::optional<milliseconds> retry_after_of(const httplib::Response& res) {
  if (!res.has_header("Retry-After")) return std::nullopt;
  return parse_retry_after(res.get_header_value("Retry-After"), std::chrono::system_clock::now());
}

}  // namespace

const char* method_name(Method m) {
  switch (m) {
    case Method::kGet: return "GET";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kPatch: return "PATCH";
    case Method::kDelete: return "DELETE";
  }
  return "GET";
}

std::string encode_query(const Query& query) {
  std::string out;
  for (const auto& [key, value] : query) {
    if (!out.empty()) out += '&';
    out += util::percent_encode(key) + '=' + util::percent_encode(value);
  }
  return out;
}

Client::Client(ClientOptions options) : options_(std::move(options)), base_(parse_base_url(options_.url)) {
  if (!options_.ca_file.empty() && !std::ifstream(options_.ca_file)) {
    throw InvenTreeError(ErrorKind::kConfig, "CA file " + options_.ca_file + " cannot be read");
  }
  if (!options_.random01) options_.random01 = util::random01;
  http_ = std::make_unique<httplib::Client>(base_.origin());
  http_->set_keep_alive(true);
  http_->set_tcp_nodelay(true);
  http_->set_follow_location(false);
  http_->set_connection_timeout(options_.connect_timeout);
  http_->set_read_timeout(options_.read_timeout);
  http_->set_write_timeout(options_.read_timeout);
  if (base_.https()) {
    http_->enable_server_certificate_verification(options_.verify_tls);
    if (!options_.ca_file.empty()) http_->set_ca_cert_path(options_.ca_file);
  }
}

Client::~Client() = default;

void Client::cancel() {
  cancelled_.store(true);
  {
    std::lock_guard<std::mutex> lock(pause_mutex_);
  }
  pause_cv_.notify_all();
  http_->stop();
}

ClientStats Client::stats() const {
  std::lock_guard<std::mutex> lock(stats_mutex_);
  return stats_;
}

void Client::pause(milliseconds delay) {
  if (options_.sleep) {
    options_.sleep(delay);
    return;
  }
  std::unique_lock<std::mutex> lock(pause_mutex_);
  pause_cv_.wait_for(lock, delay, [&] { return cancelled_.load(); });
}

ServerInfo Client::server_info() {
  try {
    return parse_server_info(request(Method::kGet, "/api/", {}, nullptr, [](const nlohmann::json& j) {
      parse_server_info(j);  // throws kMalformed, which request() retries
    }));
  } catch (const InvenTreeError& e) {
    // kibridge answers InvenTree's /api/ with 401 (an InvenTree token is no kibridge token).
    const bool puzzling = e.kind() == ErrorKind::kCredentials || e.kind() == ErrorKind::kMalformed ||
                          e.kind() == ErrorKind::kNotFound || e.kind() == ErrorKind::kRejected;
    if (puzzling && is_kibridge()) {
      throw InvenTreeError(ErrorKind::kConfig,
                           base_.display() + " is a kibridge server, not InvenTree: give --inventree-url "
                                             "(KIBRIDGE_INVENTREE_URL) the address of the InvenTree server itself");
    }
    throw;
  }
}

bool Client::is_kibridge() {
  try {
    bool maybe_acted = false;
    const auto body = nlohmann::json::parse(attempt(Method::kGet, target_of("/api/health", {}), nullptr, &maybe_acted),
                                            nullptr, /*allow_exceptions=*/false);
    return body.is_object() && body.value("service", "") == "kibridge";
  } catch (const std::exception&) {
    return false;  // no answer, or not kibridge's: the original error stands
  }
}

std::string Client::target_of(const std::string& path, const Query& query) const {
  std::string target = base_.path_prefix + path;
  if (!query.empty()) target += "?" + encode_query(query);
  return target;
}

std::string Client::attempt(Method method, const std::string& target, const std::string* payload, bool* maybe_acted) {
  const std::string what = std::string(method_name(method)) + " " + target;
  httplib::Headers headers{{"Accept", "application/json"},
                           {"User-Agent", std::string("kibridge/") + KIBRIDGE_VERSION},
                           {"Accept-Encoding", options_.accept_gzip ? "gzip" : "identity"}};
  if (!options_.token.empty()) headers.emplace("Authorization", "Token " + options_.token);
  const std::string empty;
  const std::string& content = payload != nullptr ? *payload : empty;
  const char* content_type = "application/json";

  {
    std::lock_guard<std::mutex> lock(stats_mutex_);
    ++stats_.requests;
  }
  auto started = Clock::now();
  httplib::Result res = [&] {
    switch (method) {
      case Method::kGet: return http_->Get(target, headers);
      case Method::kPost: return http_->Post(target, headers, content, content_type);
      case Method::kPut: return http_->Put(target, headers, content, content_type);
      case Method::kPatch: return http_->Patch(target, headers, content, content_type);
      case Method::kDelete: return http_->Delete(target, headers, content, content_type);
    }
    return http_->Get(target, headers);
  }();

  *maybe_acted = true;
  if (!res) {
    if (cancelled_.load()) throw InvenTreeError(ErrorKind::kCancelled, what + ": cancelled");
    const std::string server = base_.display();
    switch (res.error()) {
      case httplib::Error::Connection:
        *maybe_acted = false;
        throw InvenTreeError(ErrorKind::kConnection, what + ": cannot connect to " + server +
                                                         " (connection refused or host unreachable)");
      case httplib::Error::ConnectionTimeout:
        *maybe_acted = false;
        throw InvenTreeError(ErrorKind::kTimeout, what + ": connecting to " + server + " timed out");
      case httplib::Error::SSLServerVerification:
        throw InvenTreeError(ErrorKind::kTls, what + ": the TLS certificate of " + server +
                                                  " could not be verified (for a private CA pass --ca-file)");
      case httplib::Error::SSLLoadingCerts:
        throw InvenTreeError(ErrorKind::kTls, what + ": the CA certificates could not be loaded");
      case httplib::Error::SSLConnection:
        throw InvenTreeError(ErrorKind::kTls, what + ": TLS handshake with " + server + " failed");
      case httplib::Error::Read:
        // httplib reports a read timeout and a connection closed mid-response alike.
        if (Clock::now() - started >= options_.read_timeout * 9 / 10) {
          throw InvenTreeError(ErrorKind::kTimeout, what + ": no answer from " + server + " within the read timeout");
        }
        throw InvenTreeError(ErrorKind::kConnection, what + ": the connection was dropped while reading the response");
      default:
        throw InvenTreeError(ErrorKind::kConnection, what + ": " + httplib::to_string(res.error()));
    }
  }

  {
    std::lock_guard<std::mutex> lock(stats_mutex_);
    stats_.bytes_received += static_cast<int64_t>(res->body.size());
  }
  const int status = res->status;
  if (status >= 200 && status < 300) return std::move(res->body);

  const std::string detail = describe_body(res->body);
  std::string kept_body = res->body.substr(0, kMaxKeptErrorBody);
  const std::string code = "HTTP " + std::to_string(status);
  if (status == 401) {
    throw InvenTreeError(ErrorKind::kCredentials,
                         what + ": InvenTree rejected the API token (" + code + ": " + detail +
                             "); check KIBRIDGE_INVENTREE_TOKEN or the token file",
                         status, std::nullopt, std::move(kept_body));
  }
  if (status == 403) {
    throw InvenTreeError(ErrorKind::kCredentials,
                         what + ": the InvenTree user of this token lacks permission (" + code + ": " + detail + ")",
                         status, std::nullopt, std::move(kept_body));
  }
  if (status == 429) {
    *maybe_acted = false;
    throw InvenTreeError(ErrorKind::kRateLimited, what + ": rate limited (" + code + ")", status, retry_after_of(*res));
  }
  if (status >= 500) {
    if (status == 503) *maybe_acted = false;
    throw InvenTreeError(ErrorKind::kServer, what + ": server error (" + code + ": " + detail + ")", status,
                         retry_after_of(*res));
  }
  if (status == 404) {
    throw InvenTreeError(ErrorKind::kNotFound, what + ": not found (" + code + ": " + detail + ")", status,
                         std::nullopt, std::move(kept_body));
  }
  if (status >= 300 && status < 400) {
    throw InvenTreeError(ErrorKind::kRejected,
                         what + ": redirected to " + res->get_header_value("Location") +
                             "; configure kibridge with the final InvenTree URL",
                         status);
  }
  throw InvenTreeError(ErrorKind::kRejected, what + ": rejected (" + code + ": " + detail + ")", status, std::nullopt,
                       std::move(kept_body));
}

void Client::retry_or_throw(const std::string& what, int retry, const InvenTreeError& e, bool repeatable) {
  if (cancelled_.load()) throw InvenTreeError(ErrorKind::kCancelled, what + ": cancelled");
  if (!repeatable || !is_transient(e.kind())) throw e;
  if (retry >= options_.retry.max_attempts) {
    throw InvenTreeError(e.kind(), std::string(e.what()) + " (gave up after " + std::to_string(retry) + " attempts)",
                         e.http_status(), e.retry_after(), e.response_body());
  }
  const milliseconds delay = retry_pause(options_.retry, retry, options_.random01(), e.retry_after());
  {
    std::lock_guard<std::mutex> lock(stats_mutex_);
    ++stats_.retries;
  }
  if (options_.on_retry) options_.on_retry(RetryNotice{what, retry, e.kind(), e.what(), delay});
  pause(delay);
}

std::string Client::fetch(Method method, const std::string& target, const nlohmann::json* body,
                          const std::function<void(const std::string&)>& check, int first_retry) {
  const std::string what = std::string(method_name(method)) + " " + target;
  const std::string payload = body != nullptr ? body->dump() : std::string();
  const bool idempotent = method != Method::kPost;
  for (int retry = first_retry;; ++retry) {
    if (cancelled_.load()) throw InvenTreeError(ErrorKind::kCancelled, what + ": cancelled");
    bool maybe_acted = true;
    try {
      std::string raw = attempt(method, target, body != nullptr ? &payload : nullptr, &maybe_acted);
      if (check) {
        try {
          check(raw);
        } catch (const InvenTreeError& e) {
          throw InvenTreeError(e.kind(), what + ": " + e.what(), 200);
        }
      }
      return raw;
    } catch (const InvenTreeError& e) {
      retry_or_throw(what, retry, e, idempotent || !maybe_acted);
    }
  }
}

nlohmann::json Client::request(Method method, const std::string& path, const Query& query,
                               const nlohmann::json* body, const std::function<void(const nlohmann::json&)>& validate) {
  nlohmann::json parsed;
  fetch(method, target_of(path, query), body, [&](const std::string& raw) {
    parsed = nullptr;
    if (!raw.empty()) {
      try {
        parsed = nlohmann::json::parse(raw);
      } catch (const nlohmann::json::exception& e) {
        throw InvenTreeError(ErrorKind::kMalformed, std::string("the response is not valid JSON (") + e.what() + ")");
      }
    }
    if (validate) validate(parsed);
  });
  return parsed;
}

ListSummary Client::list(const std::string& path, const Query& query, const ListOptions& options,
                         const std::function<void(nlohmann::json& item)>& on_item,
                         const std::function<void(int64_t count)>& on_page) {
  const int64_t page_size = std::max(1, options.page_size);
  const int64_t overlap = options.overlap >= 0 && options.overlap < page_size ? options.overlap : 0;
  auto target_at = [&](int64_t offset) {
    Query q = query;
    q.emplace_back("limit", std::to_string(page_size));
    q.emplace_back("offset", std::to_string(offset));
    return target_of(path, q);
  };
  auto wait_quietly = [](std::future<std::string>& f) {
    if (!f.valid()) return;
    try {
      f.get();
    } catch (const std::exception&) {
    }
  };

  ListSummary summary;
  int64_t offset = 0;
  std::optional<int64_t> known_count;
  std::string body = fetch(Method::kGet, target_at(0), nullptr, nullptr);
  for (;;) {
    // While this page is decoded, the server can already work on the next one.
    std::future<std::string> next;
    const int64_t predicted = offset + page_size - overlap;
    if (options.prefetch && known_count && offset + page_size < *known_count) {
      next = std::async(std::launch::async,
                        [this, target = target_at(predicted)] { return fetch(Method::kGet, target, nullptr, nullptr); });
    }
    ListStreamResult page;
    try {
      page = parse_list_stream(body, options.keep_keys, on_item);
    } catch (const InvenTreeError& e) {
      if (e.kind() != ErrorKind::kMalformed) throw;
      wait_quietly(next);  // the connection serves one request at a time
      const std::string target = target_at(offset);
      retry_or_throw("GET " + target, 1, InvenTreeError(e.kind(), "GET " + target + ": " + e.what(), 200), true);
      fetch(Method::kGet, target, nullptr,
            [&](const std::string& raw) { page = parse_list_stream(raw, options.keep_keys, on_item); }, 2);
    }
    body.clear();
    body.shrink_to_fit();
    ++summary.pages;
    summary.items += page.items;
    if (on_page) on_page(page.count);
    if (!page.paginated) {
      summary.paginated = false;
      wait_quietly(next);
      return summary;
    }
    if (!summary.first_count) summary.first_count = page.count;
    summary.last_count = page.count;
    known_count = page.count;
    if (page.items == 0 || offset + page.items >= page.count) {
      wait_quietly(next);
      return summary;
    }
    const int64_t following = offset + (page.items > overlap ? page.items - overlap : page.items);
    if (next.valid() && following == predicted) {
      body = next.get();
    } else {
      wait_quietly(next);
      body = fetch(Method::kGet, target_at(following), nullptr, nullptr);
    }
    offset = following;
  }
}

}  // namespace kibridge::inventree
