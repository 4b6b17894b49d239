// AccessLog: `serve --access-log FILE|-` — one line per answered request:
//   <time ISO 8601 UTC> <client> <method> <path> <status> <bytes> <seconds> <token name|->
// e.g. `2026-12-01T23:10:00.123Z 127.0.0.1 GET /plugin/kicad-library-plugin/v1/categories.json
// 200 1234 0.000183 kicad`. The token's name, never the token (the RequestRecord has no
// token). Bytes that could break a line apart or be taken for another field (blanks, control
// characters, '%', non-ASCII) are written as %XX, so each line has exactly 8 fields.
//
// Why a mutex around a buffered write: lines are appended to a 64 KiB stdio buffer under one
// mutex, which costs a request thread a formatted line's copy (~1 µs) and no system call;
// the buffer goes to the file when full, when a line finds the last flush a second old, and
// when the log is destroyed. A per-line write(2) under the mutex would serialise every request
// thread behind a system call; a queue and a writer thread would cost an allocation per
// line and a thread for no gain at kibridge's request rates. So while requests flow, lines
// reach the file within about a second.
//
// Thread-safety: write() from any thread. Errors: the constructor throws std::runtime_error
// when FILE cannot be opened for appending; a failed write later is dropped (a full disk must
// not take KiCad's answers down with it).
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "server/http/http_connection.h"

namespace kibridge::http {

class AccessLog {
 public:
  // `target` is a file path (appended to, created 0644 when missing) or "-" for stdout.
  explicit AccessLog(const std::string& target);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write(const RequestRecord& record);
  // Sends what is buffered to the file now.
  void flush();

  // The line for `record` at `now`, with its newline (pure; for tests).
  static std::string format_line(const RequestRecord& record, std::chrono::system_clock::time_point now);

 private:
  std::mutex mutex_;
  FILE* file_ = nullptr;
  bool owned_ = false;
  std::chrono::steady_clock::time_point last_flush_;
};

}  // namespace kibridge::http
