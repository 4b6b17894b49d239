// TestServer: a real kibridge HTTP server for one test — a Store in a temporary file, its
// ResponseCache and TokenAuth, an HttpServer on an ephemeral loopback port running on a
// background thread, a read token and an admin token — plus real HTTP clients for it.
//
// The database file (with -wal/-shm) is removed and the server stopped when the TestServer
// goes away. Clients made by client()/reader()/admin() must be destroyed before it (they are
// usually locals of the test body, which is enough).
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <cctype>
#include <cerrno>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "server/auth/token_auth.h"
#include "server/http/http_server.h"
#include "server/kicad/response_cache.h"
#include "storage/store.h"
#include "tests/support/json_requests.h"
#include "tests/support/loopback_socket.h"
#include "tests/support/temp_db.h"

namespace kibridge::testing {

// The length of the first whole response with a Content-Length body at the start of `raw`;
// 0 when `raw` does not hold one yet. A response to HEAD (`head_only`) has no body.
inline size_t complete_response_length(const std::string& raw, bool head_only = false) {
  const size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  std::string head = raw.substr(0, end);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const size_t at = head.find("\r\ncontent-length:");
  if (at == std::string::npos) return 0;
  const size_t length = end + 4 + (head_only ? 0 : std::stoul(head.substr(at + 17)));
  return raw.size() >= length ? length : 0;
}

// Whether `raw` holds a whole response with a Content-Length body.
inline bool complete_response(const std::string& raw) { return complete_response_length(raw) != 0; }

// How many whole responses `raw` holds, one after the other.
inline size_t count_complete_responses(const std::string& raw, bool head_only = false) {
  size_t count = 0;
  for (size_t at = 0, n; (n = complete_response_length(raw.substr(at), head_only)) != 0; at += n) ++count;
  return count;
}

// A raw TCP connection to a loopback port, for what httplib's client cannot send: header forms
// such as KiCad's "Authorization:Token x", pipelined requests, slow or oversized heads.
class RawConnection {
 public:
  explicit RawConnection(int port, int timeout_seconds = 5) : socket_(connect_loopback(port, timeout_seconds)) {}
  ~RawConnection() {
    if (socket_) platform::close_socket(*socket_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return socket_.has_value(); }
  bool send(const std::string& bytes) { return socket_ && platform::send_all(*socket_, bytes.data(), bytes.size()); }
  // Reads until `responses` whole responses have arrived, the server closed the connection or
  // the timeout passed; returns everything read so far on this connection.
  const std::string& receive(size_t responses = 1, bool head_only = false) {
    char buf[4096];
    while (socket_ && count_complete_responses(received_, head_only) < responses) {
      const auto got = platform::receive(*socket_, buf, sizeof buf);
      if (got.status != platform::IoStatus::kData) break;
      received_.append(buf, got.bytes);
    }
    return received_;
  }
  // Whether the server has neither sent anything on this connection nor closed it, by now:
  // looks without waiting and without reading, for tests about the order of events ("KiCad
  // was answered while this client still waited").
  bool untouched() const {
    return socket_ && received_.empty() && platform::wait_readable(*socket_, 0) == platform::IoStatus::kTimeout;
  }
  // Whether the server closes the connection (reads and drops what else it sends); a reset
  // counts as closing, a timeout does not.
  bool closed_by_server() {
    char buf[4096];
    for (;;) {
      if (!socket_) return false;
      const auto got = platform::receive(*socket_, buf, sizeof buf);
      if (got.status == platform::IoStatus::kClosed) return true;
      if (got.status != platform::IoStatus::kData) return !receive_timed_out();
    }
  }

 private:
  static bool receive_timed_out() {
#ifdef _WIN32
    return ::WSAGetLastError() == WSAETIMEDOUT;
#else
    return errno == EAGAIN || errno == EWOULDBLOCK;
#endif
  }

  std::optional<platform::SocketHandle> socket_;
  std::string received_;
};

class TestServer {
 public:
  static http::HttpServerOptions small_options() {
    http::HttpServerOptions options;
    options.worker_threads = 4;
    // A lingering keep-alive connection must not hold stop() for the default 5 s.
    options.keep_alive_seconds = 1;
    return options;
  }

  explicit TestServer(http::HttpServerOptions options = small_options())
      : store_(db_.path()),
        read_token_(auth::create_token(store_, "reader", auth::Scope::kRead)),
        admin_token_(auth::create_token(store_, "admin", auth::Scope::kAdmin)),
        auth_(store_),
        cache_(store_),
        server_(http::ServerContext{store_, cache_, auth_}, options) {
    port_ = server_.bind("127.0.0.1", 0);
    server_.start();
  }
  ~TestServer() { server_.stop(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  storage::Store& store() { return store_; }
  kicad::ResponseCache& cache() { return cache_; }
  auth::TokenAuth& auth() { return auth_; }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& read_token() const { return read_token_; }
  const std::string& admin_token() const { return admin_token_; }

  // A client sending "Authorization: Token <token>"; no Authorization header when `token`
  // is nullopt. httplib 0.41 asks for br/gzip/deflate by default and inflates the answer; a
  // test that needs the identity form sends "Accept-Encoding: identity".
  httplib::Client client(const std::optional<std::string>& token) const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    c.set_write_timeout(10);
    if (token) c.set_default_headers({{"Authorization", "Token " + *token}});
    return c;
  }
  httplib::Client reader() const { return client(read_token_); }
  httplib::Client admin() const { return client(admin_token_); }
  httplib::Client anonymous() const { return client(std::nullopt); }

  // What a pull from InvenTree does: write the snapshot, then bring the cache up to date.
  storage::ChangeSet sync(const storage::MirrorSnapshot& snapshot) {
    storage::ChangeSet changes = store_.mirror().apply_mirror(snapshot);
    cache_.apply(changes);
    return changes;
  }

  // Sends `request` as raw bytes (for header forms httplib cannot produce, such as KiCad's
  // "Authorization:Token x") and returns the server's first answer: up to the end of its body
  // as Content-Length gives it, or until the server closes the connection.
  std::string raw_exchange(const std::string& request) const {
    RawConnection connection(port_);
    connection.send(request);
    return connection.receive();
  }

 private:
  TempDb db_;
  storage::Store store_;
  std::string read_token_;
  std::string admin_token_;
  auth::TokenAuth auth_;
  kicad::ResponseCache cache_;
  http::HttpServer server_;
  int port_ = 0;
};

// A raw HTTP response split into its parts.
struct RawResponse {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
};

inline RawResponse parse_raw_response(const std::string& raw) {
  RawResponse out;
  const size_t end = raw.find("\r\n\r\n");
  out.head = raw.substr(0, end);
  if (end != std::string::npos) out.body = raw.substr(end + 4);
  if (raw.rfind("HTTP/1.1 ", 0) == 0 && raw.size() >= 12) out.status = std::stoi(raw.substr(9, 3));
  return out;
}

}  // namespace kibridge::testing
