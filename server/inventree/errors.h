// InvenTreeError: every way a conversation with an InvenTree server can fail, classified so
// callers can decide what to do next (retry soon, ask the user for new credentials, give up).
//
// Messages never contain the API token; they name the request (method and path) and what
// went wrong, and are fit for a log line or a terminal.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace kibridge::inventree {

enum class ErrorKind {
  kConnection,   // refused, reset, dropped mid-response, DNS failure
  kTimeout,      // connect or read timed out
  kServer,       // HTTP 5xx (including 503 maintenance mode)
  kRateLimited,  // HTTP 429
  kMalformed,    // the body is not the JSON shape InvenTree documents
  kCredentials,  // HTTP 401/403: missing, unknown, revoked or expired token, or no permission
  kTls,          // certificate verification failed, or the CA file could not be loaded
  kNotFound,     // HTTP 404 (an endpoint this API version does not have, or a missing object)
  kRejected,     // any other HTTP 4xx (validation errors on writes)
  kInconsistent, // InvenTree changed while a list was paged and the pages did not add up
  kCancelled,    // Client::cancel() was called
  kConfig,       // unusable client options (bad URL, unreadable token file)
};

// Stable lower-case name ("connection", "credentials", ...) for logs, JSON and the database.
const char* to_string(ErrorKind kind);

// Whether a request that failed this way is worth repeating after a pause. Credentials, TLS,
// configuration and 4xx problems are not: repeating them cannot help and, for credentials,
// would hammer the server's login throttling.
bool is_transient(ErrorKind kind);

// One line for an error body that is not InvenTree's JSON: an HTML page (a proxy's error page,
// a 503 maintenance page) as "HTML page 'its title'" instead of the whole page repeated in
// every retry line; anything else as its first 200 characters, line breaks as spaces.
std::string summarise_body(const std::string& body);

class InvenTreeError : public std::runtime_error {
 public:
  InvenTreeError(ErrorKind kind, const std::string& message, int http_status = 0,
                 std::optional<std::chrono::milliseconds> retry_after = std::nullopt,
                 std::string response_body = {})
      : std::runtime_error(message),
        kind_(kind),
        http_status_(http_status),
        retry_after_(retry_after),
        response_body_(std::move(response_body)) {}

  ErrorKind kind() const { return kind_; }
  int http_status() const { return http_status_; }  // 0 when no HTTP response was received
  // The server's Retry-After (429/503), when it sent one.
  std::optional<std::chrono::milliseconds> retry_after() const { return retry_after_; }
  // The body of a 4xx answer (at most 64 KiB), e.g. a validation error a writer may act on.
  const std::string& response_body() const { return response_body_; }

 private:
  ErrorKind kind_;
  int http_status_;
  std::optional<std::chrono::milliseconds> retry_after_;
  std::string response_body_;
};

}  // namespace kibridge::inventree
