#include "server/http/metrics.h"

#include <algorithm>
#include <cstdio>

#include "server/http/kicad_routes.h"

namespace kibridge::http {

namespace {

size_t status_index(int status) {
  for (size_t i = 0; i < Metrics::kStatuses.size(); ++i) {
    if (Metrics::kStatuses[i] == status) return i;
  }
  return Metrics::kStatuses.size();
}

std::string format_value(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", value);
  return buf;
}

}  // namespace

const char* route_group_name(RouteGroup group) {
  switch (group) {
    case RouteGroup::kKicadRoot: return "kicad_root";
    case RouteGroup::kKicadCategories: return "kicad_categories";
    case RouteGroup::kKicadListing: return "kicad_listing";
    case RouteGroup::kKicadPart: return "kicad_part";
    case RouteGroup::kPluginApi: return "plugin_api";
    case RouteGroup::kApi: return "api";
    case RouteGroup::kMetrics: return "metrics";
    case RouteGroup::kOther:
    case RouteGroup::kCount: break;
  }
  return "other";
}

// `rest`: the path after a library's "v1/".
RouteGroup kicad_route_group(std::string_view rest) {
  if (rest.starts_with("parts/category/")) return RouteGroup::kKicadListing;
  if (rest.starts_with("parts/")) return RouteGroup::kKicadPart;
  if (rest.starts_with("categories")) return RouteGroup::kKicadCategories;
  return RouteGroup::kKicadRoot;
}

RouteGroup route_group(std::string_view path) {
  constexpr std::string_view kV1 = "/plugin/kicad-library-plugin/v1/";
  if (path.starts_with(kV1)) return kicad_route_group(path.substr(kV1.size()));
  if (path == "/plugin/kicad-library-plugin/v1") return RouteGroup::kKicadRoot;
  // A named library: /libraries/<name>/v1/... counts as the same KiCad route.
  constexpr std::string_view kNamed = "/libraries/";
  if (path.starts_with(kNamed)) {
    const std::string_view after = path.substr(kNamed.size());
    const std::string_view tail = after.substr(std::min(after.find('/'), after.size()));
    if (tail.starts_with("/v1/")) return kicad_route_group(tail.substr(4));
    return RouteGroup::kKicadRoot;
  }
  if (path.starts_with(kPluginPrefix)) return RouteGroup::kPluginApi;
  if (path.starts_with("/api/")) return RouteGroup::kApi;
  if (path == "/metrics") return RouteGroup::kMetrics;
  return RouteGroup::kOther;
}

std::string metric_header(std::string_view name, std::string_view type, std::string_view help) {
  std::string out = "# HELP ";
  out.append(name).append(" ").append(help).append("\n# TYPE ").append(name).append(" ").append(type).append("\n");
  return out;
}

std::string metric_sample(std::string_view name, std::string_view labels, double value) {
  std::string out(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  return out.append(" ").append(format_value(value)).append("\n");
}

std::string single_metric(std::string_view name, std::string_view type, std::string_view help, double value) {
  return metric_header(name, type, help) + metric_sample(name, "", value);
}

void Metrics::observe(const RequestRecord& record) {
  const auto group = static_cast<size_t>(route_group(record.path));
  requests_[group][status_index(record.status)].fetch_add(1, std::memory_order_relaxed);
  bytes_[group].fetch_add(record.bytes, std::memory_order_relaxed);
  if (group >= kKicadGroups) return;
  const double seconds = std::chrono::duration<double>(record.elapsed).count();
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  latency_[group][bucket].fetch_add(1, std::memory_order_relaxed);
  latency_sum_ns_[group].fetch_add(static_cast<uint64_t>(record.elapsed.count()), std::memory_order_relaxed);
}

std::string Metrics::render(const MetricsSources& sources) const {
  std::string out = metric_header("kibridge_http_requests_total", "counter", "HTTP requests answered, by route group and status.");
  for (size_t g = 0; g < kGroups; ++g) {
    for (size_t s = 0; s <= kStatuses.size(); ++s) {
      const uint64_t n = requests_[g][s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const std::string status = s < kStatuses.size() ? std::to_string(kStatuses[s]) : "other";
      out += metric_sample("kibridge_http_requests_total",
                           std::string("group=\"") + route_group_name(static_cast<RouteGroup>(g)) + "\",status=\"" + status + "\"",
                           static_cast<double>(n));
    }
  }
  out += metric_header("kibridge_http_response_bytes_total", "counter", "Bytes sent in answers (head and body), by route group.");
  for (size_t g = 0; g < kGroups; ++g) {
    out += metric_sample("kibridge_http_response_bytes_total",
                         std::string("group=\"") + route_group_name(static_cast<RouteGroup>(g)) + "\"",
                         static_cast<double>(bytes_[g].load(std::memory_order_relaxed)));
  }
  out += metric_header("kibridge_kicad_request_duration_seconds", "histogram",
                       "Time from a KiCad request's first byte to its answer's last, by route.");
  for (size_t g = 0; g < kKicadGroups; ++g) {
    const std::string route = std::string("route=\"") + route_group_name(static_cast<RouteGroup>(g)) + "\"";
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += latency_[g][b].load(std::memory_order_relaxed);
      const std::string le = b < kBuckets.size() ? format_value(kBuckets[b]) : "+Inf";
      out += metric_sample("kibridge_kicad_request_duration_seconds_bucket", route + ",le=\"" + le + "\"",
                           static_cast<double>(cumulative));
    }
    out += metric_sample("kibridge_kicad_request_duration_seconds_sum", route,
                         static_cast<double>(latency_sum_ns_[g].load(std::memory_order_relaxed)) / 1e9);
    out += metric_sample("kibridge_kicad_request_duration_seconds_count", route, static_cast<double>(cumulative));
  }
  for (const auto* source : {&sources.cache, &sources.sync, &sources.outbox, &sources.push}) {
    if (*source) out += (*source)();
  }
  return out;
}

}  // namespace kibridge::http
