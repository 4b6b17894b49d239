#include "server/inventree/errors.h"

#include "server/util/ascii_text.h"

namespace kibridge::inventree {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kConnection: return "connection";
    case ErrorKind::kTimeout: return "timeout";
    case ErrorKind::kServer: return "server";
    case ErrorKind::kRateLimited: return "rate_limited";
    case ErrorKind::kMalformed: return "malformed";
    case ErrorKind::kCredentials: return "credentials";
    case ErrorKind::kTls: return "tls";
    case ErrorKind::kNotFound: return "not_found";
    case ErrorKind::kRejected: return "rejected";
    case ErrorKind::kInconsistent: return "inconsistent";
    case ErrorKind::kCancelled: return "cancelled";
    case ErrorKind::kConfig: return "config";
  }
  return "unknown";
}

bool is_transient(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kConnection:
    case ErrorKind::kTimeout:
    case ErrorKind::kServer:
    case ErrorKind::kRateLimited:
    case ErrorKind::kMalformed:
    case ErrorKind::kInconsistent:
      return true;
    default:
      return false;
  }
}

namespace {

std::string one_line(std::string text, size_t limit) {
  if (text.size() > limit) text.resize(limit);
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return util::trim(text);
}

}  // namespace

std::string summarise_body(const std::string& body) {
  // Pages are short before their <title>; looking at the first 4 KiB is enough and bounded.
  const std::string head = util::ascii_lower(body.substr(0, 4096));
  const bool html = head.find("<html") != std::string::npos || head.find("<!doctype html") != std::string::npos;
  if (!html) return one_line(body, 200);
  const size_t open = head.find("<title");
  const size_t start = open == std::string::npos ? open : head.find('>', open);
  const size_t end = start == std::string::npos ? start : head.find("</title", start);
  if (end == std::string::npos) return "an HTML page (" + std::to_string(body.size()) + " bytes) without a title";
  return "HTML page '" + one_line(body.substr(start + 1, end - start - 1), 120) + "'";
}

}  // namespace kibridge::inventree
