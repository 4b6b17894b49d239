#include "server/http/http_server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <stdexcept>
#include <system_error>

#include "server/http/category_api.h"
#include "server/http/config_api.h"
#include "server/http/http_util.h"
#include "server/http/import_api.h"
#include "server/http/kicad_routes.h"
#include "server/http/outbox_api.h"

namespace kibridge::http {

namespace {

bool is_read_only(const std::string& method) { return method == "GET" || method == "HEAD" || method == "OPTIONS"; }

// A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 6.3), but
// httplib 0.11 reads a POST/PUT/PATCH body until the client closes, so `curl -X POST` without
// data hangs until the read timeout and gets a 400. Saying so explicitly makes it an empty body.
void mark_missing_body_empty(const httplib::Request& req) {
  if (req.method != "POST" && req.method != "PUT" && req.method != "PATCH") return;
  if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding")) return;
  // The pre-routing handler gets a const view of httplib's own, mutable request.
  const_cast<httplib::Request&>(req).set_header("Content-Length", "0");
}

}  // namespace

HttpServer::HttpServer(ServerContext ctx, HttpServerOptions options) : ctx_(ctx) {
  const size_t threads = options.worker_threads;
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  server_.set_tcp_nodelay(true);
  server_.set_payload_max_length(options.max_body_bytes);
  server_.set_keep_alive_max_count(1000);

  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    mark_missing_body_empty(req);
    if (req.path == "/api/health") return httplib::Server::HandlerResponse::Unhandled;
    const auto principal = ctx_.auth.authenticate(bearer_token(req));
    // A refused request's body is never read, so the connection cannot carry another
    // request: close it rather than parse the body as one.
    if (!principal || (principal->scope == auth::Scope::kRead && !is_read_only(req.method))) {
      res.set_header("Connection", "close");
    }
    if (!principal) {
      res.set_header("WWW-Authenticate", "Token");
      send_error(res, 401,
                 bearer_token(req).empty() ? "Authentication credentials were not provided (Authorization: Token <token>)."
                                           : "Invalid token.");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (principal->scope == auth::Scope::kRead && !is_read_only(req.method)) {
      send_error(res, 403, "token '" + principal->token_name + "' has scope 'read'; " + req.method + " needs 'admin'");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method == "GET" && serve_kicad_request(req, res, ctx_)) return httplib::Server::HandlerResponse::Handled;
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Unrouted paths and httplib's own errors (413 for an oversized body, 400 for a malformed
  // request) get a JSON body too, unless a handler already wrote one.
  server_.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty() || res.has_header("Content-Length")) return httplib::Server::HandlerResponse::Unhandled;
    std::string detail;
    switch (res.status) {
      case 404: detail = "not found: " + req.method + " " + req.path; break;
      case 405: detail = "method not allowed: " + req.method + " " + req.path; break;
      case 413: detail = "request body too large"; break;
      default: detail = "HTTP error " + std::to_string(res.status); break;
    }
    send_error(res, res.status, detail);
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
  register_category_api(server_, ctx_);
  register_config_api(server_, ctx_);
  // One size limit for uploads: a netlist may be as large as a request body (64 MiB default).
  register_import_api(server_, ctx_, writeback::ImportLimits{.max_bytes = options.max_body_bytes});
  register_outbox_api(server_, ctx_);
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::bind(const std::string& host, int port) {
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
