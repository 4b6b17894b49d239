#include "server/http/http_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string>

namespace kibridge::http {

namespace {

using Clock = std::chrono::steady_clock;

// How often an idle connection looks whether the server is stopping: bounds stop()'s wait for
// idle keep-alive connections, at 5 wake-ups a second per idle connection (httplib's loop woke
// 100 times a second).
constexpr int kStopCheckMs = 200;

// Waits for `events` on `fd` for at most `timeout_ms`; > 0 when ready, 0 on timeout, < 0 on error.
int poll_one(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, timeout_ms);
    if (n >= 0 || errno != EINTR) return n;
  }
}

// Closes a connection whose client may still be sending (a refused head, an unread body).
// Closing with unread bytes makes the kernel send a reset, and a reset can destroy the answer
// before the client has read it; so the write side is shut first and what arrives is read and
// dropped until the client closes too, for at most 1 s and 1 MiB (bounded, as it serves a
// client that was just refused).
void lingering_close(int fd) {
  ::shutdown(fd, SHUT_WR);
  const auto give_up = Clock::now() + std::chrono::seconds(1);
  std::array<char, 16 * 1024> sink;
  for (size_t drained = 0; drained < (1u << 20);) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(give_up - Clock::now()).count();
    if (left <= 0 || poll_one(fd, POLLIN, static_cast<int>(left)) <= 0) break;
    const ssize_t n = ::recv(fd, sink.data(), sink.size(), 0);
    if (n <= 0) break;
    drained += static_cast<size_t>(n);
  }
  ::close(fd);
}

int to_ms(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

void endpoint(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  const int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                      : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return;
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &in->sin_addr, text.data(), text.size());
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text.data(), text.size());
    port = ntohs(in6->sin6_port);
  }
  ip = text.data();
}

// One connection's byte stream, kept across its requests. While a request head is being read,
// every byte handed to httplib is counted against HeadLimits; httplib reads a head one byte at a
// time, so the head's end is seen exactly and its body is never counted.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int fd, const HeadLimits& limits, int read_timeout_ms)
      : fd_(fd), limits_(limits), read_timeout_ms_(read_timeout_ms) {
    out_.reserve(kOutBufferBytes);
  }

  // Starts the head of the next request: its deadline runs from now.
  void begin_request() {
    in_head_ = true;
    head_bytes_ = 0;
    head_lines_ = 0;
    line_length_ = 0;
    rejection_ = HeadRejection::kNone;
    close_after_response_ = false;
    request_start_ = Clock::now();
    head_deadline_ = request_start_ + limits_.deadline;
  }
  bool has_buffered() const { return start_ < end_; }
  HeadRejection rejection() const { return rejection_; }
  // The answer being written says "Connection: close" (httplib says so on every error answer
  // but leaves the closing to its own connection loop).
  void close_after_response() { close_after_response_ = true; }
  bool closing() const { return close_after_response_ || rejection_ != HeadRejection::kNone; }

  bool is_readable() const override { return has_buffered(); }
  bool wait_readable() const override {
    return has_buffered() || poll_one(fd_, POLLIN, read_timeout_ms_) > 0;
  }
  // Writes are gathered (see write()), and send() itself waits up to the write timeout (httplib
  // sets SO_SNDTIMEO on every accepted socket): asking the socket first would cost a poll() per
  // call, and httplib asks twice per body chunk.
  bool wait_writable() const override { return error_ != httplib::Error::Write; }
  bool is_peer_alive() const override { return error_ != httplib::Error::Write; }

  ssize_t read(char* ptr, size_t size) override {
    if (size == 0) return 0;
    if (!has_buffered() && !fill()) return error_ == httplib::Error::ConnectionClosed ? 0 : -1;
    size = std::min(size, end_ - start_);
    if (in_head_) {
      size = 1;  // httplib asks for one byte at a time here anyway; this keeps the count exact
      if (!count_head_byte(buffer_[start_])) {
        error_ = httplib::Error::Read;
        return -1;
      }
    }
    std::memcpy(ptr, buffer_.data() + start_, size);
    start_ += size;
    return static_cast<ssize_t>(size);
  }

  // Small writes are gathered and sent together (flush()): a response's head and a small body
  // leave in one send() instead of two.
  ssize_t write(const char* ptr, size_t size) override {
    if (out_.size() + size <= kOutBufferBytes) {
      out_.append(ptr, size);
      return static_cast<ssize_t>(size);
    }
    if (!flush()) return -1;
    if (size < kOutBufferBytes) {
      out_.append(ptr, size);
      return static_cast<ssize_t>(size);
    }
    return send_all(ptr, size) ? static_cast<ssize_t>(size) : -1;
  }
  // Sends what write() gathered; false when the connection failed.
  bool flush() {
    const bool ok = out_.empty() || send_all(out_.data(), out_.size());
    out_.clear();
    return ok;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { endpoint(fd_, true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { endpoint(fd_, false, ip, port); }
  socket_t socket() const override { return fd_; }
  time_t duration() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - request_start_).count();
  }
  void set_read_timeout(time_t sec, time_t usec) override { read_timeout_ms_ = to_ms(sec, usec); }

 private:
  bool send_all(const char* ptr, size_t size) {
    for (size_t done = 0; done < size;) {
      const ssize_t n = ::send(fd_, ptr + done, size - done, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {  // EAGAIN: SO_SNDTIMEO passed
        error_ = httplib::Error::Write;
        return false;
      }
      done += static_cast<size_t>(n);
    }
    return true;
  }

  // Refills the empty buffer with what the socket has; false on timeout, error or end of stream.
  // Bytes are usually there already (the connection loop waited for them), so recv() is tried
  // before poll().
  bool fill() {
    if (!flush()) return false;  // an answer (100 Continue) may be what the client waits for
    ssize_t n;
    do {
      n = ::recv(fd_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      int timeout = read_timeout_ms_;
      bool deadline_bounds_wait = false;
      if (in_head_) {
        // Rounded up: a wait rounded down would end a fraction of a millisecond before the
        // deadline and be taken for an ordinary read timeout (400 instead of 408).
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(head_deadline_ - Clock::now()).count();
        if (left <= 0) return head_too_slow();
        deadline_bounds_wait = left <= timeout;
        timeout = static_cast<int>(std::min<long long>(timeout, left));
      }
      if (poll_one(fd_, POLLIN, timeout) == 0) {
        if (deadline_bounds_wait) return head_too_slow();
        error_ = httplib::Error::Timeout;
        return false;
      }
      do {
        n = ::recv(fd_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
      } while (n < 0 && errno == EINTR);
    }
    if (n <= 0) {
      error_ = n == 0 ? httplib::Error::ConnectionClosed : httplib::Error::Read;
      return false;
    }
    start_ = 0;
    end_ = static_cast<size_t>(n);
    return true;
  }

  bool head_too_slow() {
    rejection_ = HeadRejection::kTooSlow;
    error_ = httplib::Error::Timeout;
    return false;
  }

  // Counts one head byte; false when the head is over a limit. A line of only "\r\n" ends it.
  bool count_head_byte(char c) {
    if (++head_bytes_ > limits_.max_bytes) {
      rejection_ = HeadRejection::kTooLarge;
      return false;
    }
    if (c != '\n') {
      ++line_length_;
      return true;
    }
    if (line_length_ <= 1) {
      in_head_ = false;
    } else if (++head_lines_ > limits_.max_fields + 1) {  // + 1: the request line
      rejection_ = HeadRejection::kTooLarge;
      return false;
    }
    line_length_ = 0;
    return true;
  }

  static constexpr size_t kOutBufferBytes = 16 * 1024;

  const int fd_;
  const HeadLimits& limits_;
  int read_timeout_ms_;
  std::string out_;
  // 16 KiB, as httplib's own socket reads: a whole KiCad request, or several pipelined ones.
  std::array<char, 16 * 1024> buffer_{};
  size_t start_ = 0;
  size_t end_ = 0;
  bool in_head_ = false;
  size_t head_bytes_ = 0;
  size_t head_lines_ = 0;
  size_t line_length_ = 0;
  HeadRejection rejection_ = HeadRejection::kNone;
  bool close_after_response_ = false;
  Clock::time_point request_start_ = Clock::now();
  Clock::time_point head_deadline_;
};

thread_local ConnectionStream* t_stream = nullptr;

}  // namespace

HardenedServer::HardenedServer(HeadLimits limits) : limits_(limits) {
  set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    if (t_stream && res.get_header_value("Connection") == "close") t_stream->close_after_response();
  });
}

HeadRejection HardenedServer::head_rejection() { return t_stream ? t_stream->rejection() : HeadRejection::kNone; }

bool HardenedServer::wait_for_next_request(socket_t sock) const {
  const auto deadline = Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
  for (;;) {
    if (svr_sock_ == INVALID_SOCKET) return false;  // stopping
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    const int ready = poll_one(sock, POLLIN, static_cast<int>(std::min<long long>(left, kStopCheckMs)));
    if (ready != 0) return ready > 0;
  }
}

bool HardenedServer::process_and_close_socket(socket_t sock) {
  std::string remote_ip, local_ip;
  int remote_port = 0, local_port = 0;
  endpoint(sock, true, remote_ip, remote_port);
  endpoint(sock, false, local_ip, local_port);
  ConnectionStream stream(sock, limits_, to_ms(read_timeout_sec_, read_timeout_usec_));
  t_stream = &stream;
  bool ok = false;
  for (size_t left = keep_alive_max_count_; left > 0; --left) {
    // A pipelined request already read ahead needs no wait.
    if (!stream.has_buffered() && !wait_for_next_request(sock)) break;
    stream.begin_request();
    bool connection_closed = false;
    ok = process_request(stream, remote_ip, remote_port, local_ip, local_port, /*close_connection=*/left == 1,
                         connection_closed, nullptr);
    ok = stream.flush() && ok;
    if (!ok || connection_closed || stream.closing()) break;
  }
  t_stream = nullptr;
  if (!ok || stream.closing()) {
    lingering_close(sock);
  } else {
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
  }
  return ok;
}

}  // namespace kibridge::http
