// A TCP connection to a loopback port with send and receive timeouts, for tests that must send
// bytes httplib's client cannot (tests/http/test_server.h's RawConnection). Reading, writing and
// closing go through server/platform/socket_io.h; opening a connection is all this file adds,
// because kibridge itself only ever accepts connections (its outgoing ones are httplib's).
#pragma once

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#endif

#include <cstdint>
#include <optional>

#include "server/platform/socket_io.h"

namespace kibridge::testing {

// A connected socket to 127.0.0.1:`port`, or nullopt when the connection is refused.
inline std::optional<platform::SocketHandle> connect_loopback(int port, int timeout_seconds) {
  const auto fd = ::socket(AF_INET, SOCK_STREAM, 0);
#ifdef _WIN32
  if (fd == INVALID_SOCKET) return std::nullopt;
  const DWORD timeout = static_cast<DWORD>(timeout_seconds) * 1000;
#else
  if (fd < 0) return std::nullopt;
  const timeval timeout{timeout_seconds, 0};
#endif
  const auto handle = static_cast<platform::SocketHandle>(fd);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char*>(&timeout), sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, reinterpret_cast<const char*>(&timeout), sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    platform::close_socket(handle);
    return std::nullopt;
  }
  return handle;
}

}  // namespace kibridge::testing
