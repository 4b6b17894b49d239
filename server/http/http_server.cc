#include "server/http/http_server.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <stdexcept>
#include <system_error>

#include "server/http/category_api.h"
#include "server/http/library_api.h"
#include "server/http/console_routes.h"
#include "server/http/diagnostics_api.h"
#include "server/http/part_explain_api.h"
#include "server/http/footprint_mapping_api.h"
#include "server/http/http_util.h"
#include "server/http/import_api.h"
#include "server/http/inventree_tree_api.h"
#include "server/http/kicad_names_api.h"
#include "server/http/kicad_routes.h"
#include "server/http/metrics_api.h"
#include "server/http/outbox_api.h"
#include "server/http/part_search_api.h"
#include "server/http/settings_api.h"
#include "server/http/token_api.h"
#include "server/http/worker_pool.h"
#include "server/platform/process_tuning.h"
#include "server/platform/socket_io.h"

namespace kibridge::http {

namespace {

bool is_read_only(const std::string& method) { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }

// Reads only an admin may make: the token list (names and last uses of every credential).
bool is_admin_read(const std::string& path) {
  return path.rfind("/api/tokens", 0) == 0 && (path.size() == 11 || path[11] == '/');
}

// What each scope opens: `read` every read, `import` also the two netlist uploads, `admin`
// everything.
bool scope_allows(auth::Scope scope, const httplib::Request& req) {
  switch (scope) {
    case auth::Scope::kAdmin: return true;
    case auth::Scope::kImport:
      return (is_read_only(req.method) && !is_admin_read(req.path)) || is_netlist_upload(req.method, req.path);
    case auth::Scope::kRead: return is_read_only(req.method) && !is_admin_read(req.path);
  }
  return false;
}

// A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 6.3), but
// httplib expects one for POST/PUT/PATCH/DELETE and reads until the client closes, so
// `curl -X POST` without data would hang until the read timeout. Saying so explicitly makes it
// an empty body.
void mark_missing_body_empty(const httplib::Request& req) {
  if (req.method != "POST" && req.method != "PUT" && req.method != "PATCH" && req.method != "DELETE") return;
  if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding")) return;
  // The pre-routing handler gets a const view of httplib's own, mutable request.
  const_cast<httplib::Request&>(req).set_header("Content-Length", "0");
}

// RFC 9112 6.3: Content-Length is 1*DIGIT, and several must agree (httplib 0.41 refuses
// differing ones itself but takes "+2" or " 2, 2" as 2): anything else could frame the
// request differently here than in a proxy in front of kibridge.
bool valid_content_length(const httplib::Request& req) {
  const auto [first, last] = req.headers.equal_range("Content-Length");
  for (auto it = first; it != last; ++it) {
    const std::string& value = it->second;
    if (value.empty() || value.size() > 19 || value != first->second) return false;
    for (char c : value) {
      if (c < '0' || c > '9') return false;
    }
  }
  return true;
}

}  // namespace

HttpServer::HttpServer(ServerContext ctx, HttpServerOptions options)
    : ctx_(ctx),
      metrics_sources_(metrics_sources(ctx_, nullptr, nullptr)),
      access_log_(options.access_log),
      server_(HeadLimits{.max_bytes = options.max_header_bytes,
                         .max_fields = options.max_header_fields,
                         .deadline = options.header_deadline}) {
  const size_t threads = options.worker_threads;
  const size_t max_threads = std::max(options.worker_threads, options.max_worker_threads);
  server_.new_task_queue = [threads, max_threads] { return new WorkerPool(threads, max_threads); };
  server_.set_socket_options([](socket_t sock) { platform::set_server_socket_options(sock); });
  server_.set_tcp_nodelay(true);
  server_.set_payload_max_length(options.max_body_bytes);
  server_.set_keep_alive_max_count(1000);
  server_.set_keep_alive_timeout(options.keep_alive_seconds);
  server_.set_request_observer([this](const RequestRecord& record) {
    metrics_.observe(record);
    if (access_log_) access_log_->write(record);
  });

  const bool metrics_open = options.metrics_open;
  server_.set_pre_routing_handler([this, metrics_open](const httplib::Request& req, httplib::Response& res) {
    mark_missing_body_empty(req);
    if (!valid_content_length(req)) {
      res.set_header("Connection", "close");  // the body's end is unknown: nothing after it can be read
      send_error(res, 400, "invalid Content-Length: one decimal number (RFC 9112 6.3)");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.path == "/api/health" || is_console_request(req.method, req.path)) {
      return httplib::Server::HandlerResponse::Unhandled;  // no data: no token (console_routes.h)
    }
    if (metrics_open && req.path == "/metrics" && is_loopback_address(req.remote_addr)) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    const auto principal = ctx_.auth.authenticate(bearer_token(req));
    if (principal && access_log_) HardenedServer::note_token_name(principal->token_name);
    // A refused request's body is never read, so the connection cannot carry another
    // request: close it rather than parse the body as one.
    const bool allowed = principal && scope_allows(principal->scope, req);
    if (!allowed) {
      res.set_header("Connection", "close");
    }
    if (!principal) {
      res.set_header("WWW-Authenticate", "Token");
      send_error(res, 401,
                 bearer_token(req).empty() ? "Authentication credentials were not provided (Authorization: Token <token>)."
                                           : "Invalid token.");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!allowed) {
      send_error(res, 403, "token '" + principal->token_name + "' has scope '" + auth::scope_name(principal->scope) +
                               "'; " + req.method + " " + req.path + " needs 'admin'");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Unrouted paths and httplib's own errors (413 for an oversized body, 400 for a malformed
  // request) get a JSON body too, unless a handler already wrote one.
  const size_t max_header_fields = options.max_header_fields, max_header_bytes = options.max_header_bytes;
  server_.set_error_handler(httplib::Server::HandlerWithResponse([=](const httplib::Request& req,
                                                                       httplib::Response& res) {
    if (!res.body.empty() || res.has_header("Content-Length")) return httplib::Server::HandlerResponse::Unhandled;
    std::string detail;
    switch (HardenedServer::head_rejection()) {
      case HeadRejection::kTooLarge: res.status = 431; break;
      case HeadRejection::kTooSlow: res.status = 408; break;
      case HeadRejection::kNone: break;
    }
    switch (res.status) {
      case 404: detail = "not found: " + req.method + " " + req.path; break;
      case 405: detail = "method not allowed: " + req.method + " " + req.path; break;
      case 408: detail = "request headers not received in time"; break;
      case 413: detail = "request body too large"; break;
      case 431: detail = "request headers too large: at most " + std::to_string(max_header_fields) +
                         " header lines and " + std::to_string(max_header_bytes) + " bytes"; break;
      default: detail = "HTTP error " + std::to_string(res.status); break;
    }
    nlohmann::json body{{"detail", detail}};
    // The plugin's clients read {"error": ...} (import_api.cc); httplib 0.41 replaces a route's
    // own answer with its plain 413 when a body is over the limit, so its refusals on the
    // plugin's paths carry that key too.
    if (req.path.rfind(kPluginPrefix, 0) == 0) body["error"] = detail;
    send_json(res, res.status, body);
    return httplib::Server::HandlerResponse::Handled;
  }));
  server_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    send_error(res, 500, what);
  });

  server_.Get("/api/health", [](const httplib::Request&, httplib::Response& res) {
    // "service" lets a kibridge given its own address as InvenTree's recognise itself.
    send_json(res, 200, nlohmann::json{{"status", "ok"}, {"service", "kibridge"}, {"version", KIBRIDGE_VERSION}});
  });
  register_kicad_api(server_, ctx_);  // first: KiCad's requests match after the fewest patterns
  register_category_api(server_, ctx_);
  register_library_api(server_, ctx_);
  register_footprint_mapping_api(server_, ctx_);
  register_settings_api(server_, ctx_);
  register_diagnostics_api(server_, ctx_);
  register_part_explain_api(server_, ctx_);
  // One size limit for uploads: a netlist may be as large as a request body (64 MiB default).
  register_import_api(server_, ctx_, writeback::ImportLimits{.max_bytes = options.max_body_bytes});
  register_outbox_api(server_, ctx_);
  register_kicad_names_api(server_, ctx_);
  register_inventree_tree_api(server_, ctx_);
  register_part_search_api(server_, ctx_);
  register_token_api(server_, ctx_);
  server_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_.render(metrics_sources_), "text/plain; version=0.0.4; charset=utf-8");
  });
  register_console_routes(server_);
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::bind(const std::string& host, int port) {
  platform::raise_open_file_limit();
  errno = 0;
  int bound = port == 0 ? server_.bind_to_any_port(host) : (server_.bind_to_port(host, port) ? port : -1);
  const int error = errno;  // bind()'s, e.g. EADDRINUSE: the caller words the advice
  if (bound <= 0) {
    const std::string what = "cannot listen on " + host + ":" + std::to_string(port);
    if (error != 0) throw std::system_error(error, std::generic_category(), what);
    throw std::runtime_error(what);
  }
  return bound;
}

void HttpServer::run() { server_.listen_after_bind(); }

void HttpServer::start() {
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running() && thread_.joinable()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void HttpServer::stop() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace kibridge::http
