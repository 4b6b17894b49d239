#include "server/inventree/retry.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <iomanip>
#include <sstream>

#include "server/util/utc_calendar.h"

namespace kibridge::inventree {

using std::chrono::milliseconds;

milliseconds backoff_delay(const RetryPolicy& policy, int retry, double random01) {
  if (retry < 1) retry = 1;
  // Doubling stops at max_delay; the exponent is bounded so the shift cannot overflow.
  int64_t cap = policy.base_delay.count();
  for (int i = 1; i < retry && cap < policy.max_delay.count(); ++i) cap *= 2;
  cap = std::min<int64_t>(cap, policy.max_delay.count());
  double r = std::clamp(random01, 0.0, 1.0);
  return milliseconds(static_cast<int64_t>(static_cast<double>(cap) * r));
}

milliseconds retry_pause(const RetryPolicy& policy, int retry, double random01,
                         std::optional<milliseconds> retry_after) {
  milliseconds pause = backoff_delay(policy, retry, random01);
  if (retry_after) pause = std::max(pause, std::min(*retry_after, policy.max_retry_after));
  return pause;
}

std::optional<milliseconds> parse_retry_after(const std::string& value, std::chrono::system_clock::time_point now) {
  std::string v = value;
  v.erase(v.begin(), std::find_if(v.begin(), v.end(), [](unsigned char c) { return !std::isspace(c); }));
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
  if (v.empty()) return std::nullopt;
  if (std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (v.size() > 9) return milliseconds(int64_t{999999999} * 1000);
    return milliseconds(std::stoll(v) * 1000);
  }
  // IMF-fixdate, the only HTTP-date form servers are required to send.
  std::tm tm{};
  std::istringstream in(v);
  in.imbue(std::locale::classic());
  in >> std::get_time(&tm, "%a, %d %b %Y %H:%M:%S GMT");
  if (in.fail()) return std::nullopt;
  const auto when = util::utc_time_point(
      {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 0});
  if (!when) return std::nullopt;
  auto delta = std::chrono::duration_cast<milliseconds>(*when - now);
  return std::max(delta, milliseconds(0));
}

}  // namespace kibridge::inventree
