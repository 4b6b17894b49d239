#include "server/inventree/errors.h"

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

}  // namespace kibridge::inventree
