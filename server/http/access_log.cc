#include "server/http/access_log.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "storage/utc_time.h"

namespace kibridge::http {

namespace {

constexpr size_t kBufferBytes = 64 * 1024;

// A field with no blank, control, '%' or non-ASCII byte left as it is: those become %XX.
void append_field(std::string& out, std::string_view value) {
  if (value.empty()) {
    out += '-';
    return;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : value) {
    if (c <= 0x20 || c >= 0x7f || c == '%') {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
}

}  // namespace

AccessLog::AccessLog(const std::string& target) : last_flush_(std::chrono::steady_clock::now()) {
  if (target == "-") {
    file_ = stdout;
  } else {
    file_ = std::fopen(target.c_str(), "a");
    if (file_ == nullptr) {
      throw std::runtime_error("cannot open the access log " + target + ": " + std::strerror(errno));
    }
    owned_ = true;
    std::setvbuf(file_, nullptr, _IOFBF, kBufferBytes);
  }
}

AccessLog::~AccessLog() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (owned_) {
    std::fclose(file_);
  } else {
    std::fflush(file_);
  }
}

std::string AccessLog::format_line(const RequestRecord& r, std::chrono::system_clock::time_point now) {
  std::string line = storage::format_utc(now);
  line += ' ';
  append_field(line, r.client);
  line += ' ';
  append_field(line, r.method);
  line += ' ';
  append_field(line, r.path);
  line += ' ';
  line += std::to_string(r.status);
  line += ' ';
  line += std::to_string(r.bytes);
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, " %.6f ", std::chrono::duration<double>(r.elapsed).count());
  line += seconds;
  append_field(line, r.token_name);
  line += '\n';
  return line;
}

void AccessLog::write(const RequestRecord& record) {
  const std::string line = format_line(record, std::chrono::system_clock::now());
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  const auto now = std::chrono::steady_clock::now();
  if (now - last_flush_ >= std::chrono::seconds(1)) {
    std::fflush(file_);
    last_flush_ = now;
  }
}

void AccessLog::flush() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::fflush(file_);
  last_flush_ = std::chrono::steady_clock::now();
}

}  // namespace kibridge::http
