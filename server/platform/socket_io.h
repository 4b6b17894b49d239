// The socket calls kibridge makes itself, beside those cpp-httplib makes: the connection loop of
// server/http/http_connection.cc and the loopback test of an InvenTree URL. Berkeley sockets on
// Linux, Winsock on Windows; this file is the only place that knows which.
//
// Thread-safety: every function works on the socket it is given and keeps no state; a socket is
// used by one thread at a time (the connection's worker). Nothing here throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace kibridge::platform {

// A connected socket as cpp-httplib hands it over (its socket_t): int on Linux, SOCKET on Windows.
#ifdef _WIN32
using SocketHandle = std::uintptr_t;
#else
using SocketHandle = int;
#endif

// What waiting on or reading from a socket found.
enum class IoStatus {
  kReady,       // wait: bytes (or the end of the stream) can be read
  kData,        // receive: `bytes` were read
  kClosed,      // receive: the peer closed its side
  kWouldBlock,  // receive_now: nothing has arrived yet
  kTimeout,     // wait: nothing arrived within the timeout
  kError,
};
struct IoResult {
  IoStatus status = IoStatus::kError;
  size_t bytes = 0;
};

// Waits at most `timeout_ms` for the socket to become readable (a signal does not end the wait).
IoStatus wait_readable(SocketHandle socket, int timeout_ms);
// Reads what has already arrived, without waiting: kData, kClosed, kWouldBlock or kError.
IoResult receive_now(SocketHandle socket, char* buffer, size_t size);
// Reads, waiting as long as the socket's receive timeout allows.
IoResult receive(SocketHandle socket, char* buffer, size_t size);
// Sends all of `size` bytes (waiting up to the socket's send timeout for each part); false when
// the connection failed or timed out. A closed peer never raises SIGPIPE.
bool send_all(SocketHandle socket, const char* data, size_t size);
void shutdown_write(SocketHandle socket);
void shutdown_both(SocketHandle socket);
void close_socket(SocketHandle socket);
// Options of every socket the server accepts or listens on: a restarted server may bind its port
// again at once (Linux: SO_REUSEADDR; Windows: SO_EXCLUSIVEADDRUSE, since SO_REUSEADDR there lets
// another process take the port over), and small answers leave at once (TCP_NODELAY).
void set_server_socket_options(SocketHandle socket);
// The address and port of the socket's peer (`peer`) or its own end; false when unknown.
bool endpoint(SocketHandle socket, bool peer, std::string& ip, int& port);

// Whether `host` is an IP address literal of this machine's loopback (127.0.0.0/8, ::1 or
// ::ffff:127.x.y.z); nullopt when it is no IP literal (a name). Only the dotted-quad form is an
// IPv4 literal here: "127.1" and "0x7f.0.0.1" are names, as inet_pton has them.
std::optional<bool> ip_literal_is_loopback(const std::string& host);

}  // namespace kibridge::platform
