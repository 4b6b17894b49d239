// HardenedServer: httplib::Server with kibridge's own connection loop, for the limits
// cpp-httplib 0.41 does not enforce on a connection before it is authenticated.
//
// httplib runs one connection per pool thread and, per request, a fresh SocketStream whose
// read-ahead buffer dies with it. HardenedServer replaces only that loop (process_and_close_socket,
// a virtual of httplib::Server) and keeps httplib's request parsing and routing
// (Server::process_request). Its ConnectionStream lives as long as the connection, which gives:
//   - pipelining: bytes of a next request read ahead with the current one are kept (httplib
//     lost them: one answer, then a stall until the keep-alive timeout);
//   - a head limit: the request line and headers together are capped in bytes and lines, and a
//     head must arrive within a deadline (a client sending one header line every 2 s held a
//     thread for as long as it liked);
//   - an idle wait that sleeps in poll() instead of waking every 10 ms per connection;
//   - fewer system calls: a small answer costs one poll(), one recv() and one send() (head and
//     body gathered), where httplib's loop made six poll()s, one recv() and two send()s
//     (strace -c under wrk) — the CPU per request that the nginx comparison of `make bench`
//     measures.
// A head over a limit makes httplib answer 400, which the server's error handler turns into
// 431 or 408 with head_rejection() (same thread, same request).
//
// Thread-safety: as httplib::Server; each connection's stream is used by its one thread.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace kibridge::http {

struct HeadLimits {
  size_t max_bytes;                    // request line + headers, including line ends
  size_t max_fields;                   // header lines
  std::chrono::milliseconds deadline;  // from the head's first byte to its end
};

enum class HeadRejection { kNone, kTooLarge, kTooSlow };

// One answered request, for /metrics and the access log (RequestObserver). The views are valid
// only during the call. `bytes` counts what was sent on the connection for it (head and body);
// `elapsed` runs from the first byte of its head to the last byte of its answer.
struct RequestRecord {
  std::string_view method;
  std::string_view path;        // without the query
  std::string_view client;      // the peer's IP address
  std::string_view token_name;  // "" when the request carried no valid token
  int status = 0;
  uint64_t bytes = 0;
  std::chrono::nanoseconds elapsed{0};
};
using RequestObserver = std::function<void(const RequestRecord&)>;

class HardenedServer : public httplib::Server {
 public:
  // Installs the post-routing handler (it notes answers that close their connection): do not
  // replace it.
  explicit HardenedServer(HeadLimits limits);

  // Why the head of the request being answered on this thread was cut short; kNone outside a
  // connection or when it was not. For the error handler.
  static HeadRejection head_rejection();

  // Called on the connection's thread after each answer is sent. Set it before serving. It
  // runs on every request, KiCad's included: it must be cheap and must not throw.
  void set_request_observer(RequestObserver observer) { observer_ = std::move(observer); }
  // The name of the token that authenticated the request being handled on this thread, for the
  // RequestRecord (the token itself is never kept). No effect outside a connection.
  static void note_token_name(std::string name);

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Waits until `sock` has bytes (true) or the keep-alive timeout passes / the server stops.
  bool wait_for_next_request(socket_t sock) const;

  const HeadLimits limits_;
  RequestObserver observer_;
};

}  // namespace kibridge::http
