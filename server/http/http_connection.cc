#include "server/http/http_connection.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "server/platform/socket_io.h"

namespace kibridge::http {

namespace {

using Clock = std::chrono::steady_clock;

// How often an idle connection looks whether the server is stopping: bounds stop()'s wait for
// idle keep-alive connections, at 5 wake-ups a second per idle connection (httplib's loop woke
// 100 times a second).
constexpr int kStopCheckMs = 200;

using platform::IoStatus;

// Closes a connection whose client may still be sending (a refused head, an unread body).
// Closing with unread bytes makes the kernel send a reset, and a reset can destroy the answer
// before the client has read it; so the write side is shut first and what arrives is read and
// dropped until the client closes too, for at most 1 s and 1 MiB (bounded, as it serves a
// client that was just refused).
void lingering_close(socket_t fd) {
  platform::shutdown_write(fd);
  const auto give_up = Clock::now() + std::chrono::seconds(1);
  std::array<char, 16 * 1024> sink;
  for (size_t drained = 0; drained < (1u << 20);) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(give_up - Clock::now()).count();
    if (left <= 0 || platform::wait_readable(fd, static_cast<int>(left)) != IoStatus::kReady) break;
    const auto got = platform::receive(fd, sink.data(), sink.size());
    if (got.status != IoStatus::kData) break;
    drained += got.bytes;
  }
  platform::close_socket(fd);
}

int to_ms(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

// One connection's byte stream, kept across its requests. While a request head is being read,
// every byte handed to httplib is counted against HeadLimits; httplib reads a head one byte at a
// time, so the head's end is seen exactly and its body is never counted.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(socket_t fd, const HeadLimits& limits, int read_timeout_ms)
      : fd_(fd), limits_(limits), read_timeout_ms_(read_timeout_ms) {
    out_.reserve(kOutBufferBytes);
  }

  // Starts the head of the next request: its deadline runs from now.
  void begin_request() {
    answered_ = false;
    token_name_.clear();
    bytes_at_request_ = bytes_sent_;
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

  // What the observer needs of the request being answered, noted before its answer is written
  // (the request itself is gone when the connection loop sees the answer sent). The strings
  // keep their capacity across a connection's requests: no allocation per request.
  void note_answer(const httplib::Request& req, int status) {
    answered_ = true;
    method_.assign(req.method);
    path_.assign(req.path);
    status_ = status;
  }
  void note_token_name(std::string name) { token_name_ = std::move(name); }
  bool answered() const { return answered_; }
  RequestRecord record(std::string_view client) const {
    return RequestRecord{method_, path_, client, token_name_, status_, bytes_sent_ - bytes_at_request_,
                         std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - request_start_)};
  }
  HeadRejection rejection() const { return rejection_; }
  // The answer being written says "Connection: close" (httplib says so on every error answer
  // but leaves the closing to its own connection loop).
  void close_after_response() { close_after_response_ = true; }
  bool closing() const { return close_after_response_ || rejection_ != HeadRejection::kNone; }

  bool is_readable() const override { return has_buffered(); }
  bool wait_readable() const override {
    return has_buffered() || platform::wait_readable(fd_, read_timeout_ms_) == IoStatus::kReady;
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

  void get_remote_ip_and_port(std::string& ip, int& port) const override { platform::endpoint(fd_, true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { platform::endpoint(fd_, false, ip, port); }
  socket_t socket() const override { return fd_; }
  time_t duration() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - request_start_).count();
  }
  void set_read_timeout(time_t sec, time_t usec) override { read_timeout_ms_ = to_ms(sec, usec); }

 private:
  bool send_all(const char* ptr, size_t size) {
    if (platform::send_all(fd_, ptr, size)) {
      bytes_sent_ += size;
      return true;
    }
    error_ = httplib::Error::Write;  // failed, or SO_SNDTIMEO passed
    return false;
  }

  // Refills the empty buffer with what the socket has; false on timeout, error or end of stream.
  // Bytes are usually there already (the connection loop waited for them), so recv() is tried
  // before poll().
  bool fill() {
    if (!flush()) return false;  // an answer (100 Continue) may be what the client waits for
    auto got = platform::receive_now(fd_, buffer_.data(), buffer_.size());
    if (got.status == IoStatus::kWouldBlock) {
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
      if (platform::wait_readable(fd_, timeout) == IoStatus::kTimeout) {
        if (deadline_bounds_wait) return head_too_slow();
        error_ = httplib::Error::Timeout;
        return false;
      }
      got = platform::receive_now(fd_, buffer_.data(), buffer_.size());
    }
    if (got.status != IoStatus::kData) {
      error_ = got.status == IoStatus::kClosed ? httplib::Error::ConnectionClosed : httplib::Error::Read;
      return false;
    }
    start_ = 0;
    end_ = got.bytes;
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

  const socket_t fd_;
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
  uint64_t bytes_sent_ = 0;
  uint64_t bytes_at_request_ = 0;
  bool answered_ = false;
  int status_ = 0;
  std::string method_, path_, token_name_;
};

thread_local ConnectionStream* t_stream = nullptr;

}  // namespace

HardenedServer::HardenedServer(HeadLimits limits) : limits_(limits) {
  set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!t_stream) return;
    if (res.get_header_value("Connection") == "close") t_stream->close_after_response();
    if (observer_) t_stream->note_answer(req, res.status);
  });
}

HeadRejection HardenedServer::head_rejection() { return t_stream ? t_stream->rejection() : HeadRejection::kNone; }

void HardenedServer::note_token_name(std::string name) {
  if (t_stream) t_stream->note_token_name(std::move(name));
}

bool HardenedServer::wait_for_next_request(socket_t sock) const {
  const auto deadline = Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
  for (;;) {
    if (svr_sock_ == INVALID_SOCKET) return false;  // stopping
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    const auto ready = platform::wait_readable(sock, static_cast<int>(std::min<long long>(left, kStopCheckMs)));
    if (ready != IoStatus::kTimeout) return ready == IoStatus::kReady;
  }
}

bool HardenedServer::process_and_close_socket(socket_t sock) {
  std::string remote_ip, local_ip;
  int remote_port = 0, local_port = 0;
  platform::endpoint(sock, true, remote_ip, remote_port);
  platform::endpoint(sock, false, local_ip, local_port);
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
    if (observer_ && stream.answered()) observer_(stream.record(remote_ip));
    if (!ok || connection_closed || stream.closing()) break;
  }
  t_stream = nullptr;
  if (!ok || stream.closing()) {
    lingering_close(sock);
  } else {
    platform::shutdown_both(sock);
    platform::close_socket(sock);
  }
  return ok;
}

}  // namespace kibridge::http
