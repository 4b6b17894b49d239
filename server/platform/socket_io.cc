#include "server/platform/socket_io.h"

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#endif

#include <array>

namespace kibridge::platform {

namespace {

#ifdef _WIN32
using NativeSocket = SOCKET;
int poll_native(WSAPOLLFD* fd, int timeout_ms) { return ::WSAPoll(fd, 1, timeout_ms); }
bool interrupted() { return false; }
bool would_block() { return ::WSAGetLastError() == WSAEWOULDBLOCK; }
constexpr int kSendFlags = 0;
using PollFd = WSAPOLLFD;
#else
using NativeSocket = int;
int poll_native(pollfd* fd, int timeout_ms) { return ::poll(fd, 1, timeout_ms); }
bool interrupted() { return errno == EINTR; }
bool would_block() { return errno == EAGAIN || errno == EWOULDBLOCK; }
constexpr int kSendFlags = MSG_NOSIGNAL;
using PollFd = pollfd;
#endif

NativeSocket native(SocketHandle socket) { return static_cast<NativeSocket>(socket); }

IoResult result_of(long n) {
  if (n > 0) return {IoStatus::kData, static_cast<size_t>(n)};
  if (n == 0) return {IoStatus::kClosed, 0};
  return {would_block() ? IoStatus::kWouldBlock : IoStatus::kError, 0};
}

}  // namespace

IoStatus wait_readable(SocketHandle socket, int timeout_ms) {
  PollFd p{};
  p.fd = native(socket);
  p.events = POLLIN;
  for (;;) {
    const int n = poll_native(&p, timeout_ms);
    if (n > 0) return IoStatus::kReady;
    if (n == 0) return IoStatus::kTimeout;
    if (!interrupted()) return IoStatus::kError;
  }
}

IoResult receive_now(SocketHandle socket, char* buffer, size_t size) {
#ifdef _WIN32
  // Winsock has no per-call MSG_DONTWAIT: ask first whether anything is there.
  if (wait_readable(socket, 0) == IoStatus::kTimeout) return {IoStatus::kWouldBlock, 0};
  return result_of(::recv(native(socket), buffer, static_cast<int>(size), 0));
#else
  long n;
  do {
    n = ::recv(native(socket), buffer, size, MSG_DONTWAIT);
  } while (n < 0 && interrupted());
  return result_of(n);
#endif
}

IoResult receive(SocketHandle socket, char* buffer, size_t size) {
  long n;
  do {
#ifdef _WIN32
    n = ::recv(native(socket), buffer, static_cast<int>(size), 0);
#else
    n = ::recv(native(socket), buffer, size, 0);
#endif
  } while (n < 0 && interrupted());
  return result_of(n);
}

bool send_all(SocketHandle socket, const char* data, size_t size) {
  for (size_t done = 0; done < size;) {
#ifdef _WIN32
    const long n = ::send(native(socket), data + done, static_cast<int>(size - done), kSendFlags);
#else
    const long n = ::send(native(socket), data + done, size - done, kSendFlags);
#endif
    if (n < 0 && interrupted()) continue;
    if (n <= 0) return false;  // would-block: the send timeout passed
    done += static_cast<size_t>(n);
  }
  return true;
}

#ifdef _WIN32
void shutdown_write(SocketHandle socket) { ::shutdown(native(socket), SD_SEND); }
void shutdown_both(SocketHandle socket) { ::shutdown(native(socket), SD_BOTH); }
void close_socket(SocketHandle socket) { ::closesocket(native(socket)); }
#else
void shutdown_write(SocketHandle socket) { ::shutdown(native(socket), SHUT_WR); }
void shutdown_both(SocketHandle socket) { ::shutdown(native(socket), SHUT_RDWR); }
void close_socket(SocketHandle socket) { ::close(native(socket)); }
#endif

void set_server_socket_options(SocketHandle socket) {
  int yes = 1;
  const char* on = reinterpret_cast<const char*>(&yes);
#ifdef _WIN32
  ::setsockopt(native(socket), SOL_SOCKET, SO_EXCLUSIVEADDRUSE, on, sizeof yes);
#else
  ::setsockopt(native(socket), SOL_SOCKET, SO_REUSEADDR, on, sizeof yes);
#endif
  ::setsockopt(native(socket), IPPROTO_TCP, TCP_NODELAY, on, sizeof yes);
}

bool endpoint(SocketHandle socket, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  const int rc = peer ? ::getpeername(native(socket), reinterpret_cast<sockaddr*>(&addr), &len)
                      : ::getsockname(native(socket), reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return false;
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &in->sin_addr, text.data(), text.size());
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text.data(), text.size());
    port = ntohs(in6->sin6_port);
  } else {
    return false;
  }
  ip = text.data();
  return true;
}

std::optional<bool> ip_literal_is_loopback(const std::string& host) {
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    const unsigned char* b = v6.s6_addr;
    bool loopback = b[15] == 1, v4_mapped = b[10] == 0xff && b[11] == 0xff;
    for (int i = 0; i < 15; ++i) loopback = loopback && b[i] == 0;
    for (int i = 0; i < 10; ++i) v4_mapped = v4_mapped && b[i] == 0;
    return loopback || (v4_mapped && b[12] == 127);
  }
  return std::nullopt;
}

}  // namespace kibridge::platform
