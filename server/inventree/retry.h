// When to try a failed InvenTree request again: exponential backoff with full jitter, and the
// server's Retry-After when it sends one. Pure functions, so the schedule is testable without
// a server or a clock.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace kibridge::inventree {

struct RetryPolicy {
  int max_attempts = 6;                          // first try included; 1 = never retry
  std::chrono::milliseconds base_delay{500};     // cap of the first pause
  std::chrono::milliseconds max_delay{30000};    // cap of any backoff pause
  std::chrono::milliseconds max_retry_after{120000};  // longest Retry-After honoured
};

// The pause before retry number `retry` (1 = the first retry). "Full jitter": a uniformly
// random point in [0, min(max_delay, base_delay * 2^(retry-1))], so clients that failed
// together do not come back together. `random01` is a number in [0, 1).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, double random01);

// The pause to take when the server asked for one: at least the server's Retry-After (capped
// at max_retry_after), and never less than the backoff pause.
std::chrono::milliseconds retry_pause(const RetryPolicy& policy, int retry, double random01,
                                      std::optional<std::chrono::milliseconds> retry_after);

// Parses a Retry-After header value: delta-seconds ("120") or an HTTP-date
// ("Wed, 21 Oct 2015 07:28:00 GMT", relative to `now`). nullopt when it is neither.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           std::chrono::system_clock::time_point now);

}  // namespace kibridge::inventree
