// Metrics: what GET /metrics reports in Prometheus' text format (version 0.0.4): requests by
// route group and status, bytes sent per group, latency histograms of KiCad's routes — counted
// here on every request — and, at scrape time, the response cache (renders, listing render
// time, size), the pulls, the outbox by state and the pushes (MetricsSources).
//
// Cost on KiCad's path: observe() classifies the path by a few prefix compares and adds to
// fixed arrays of relaxed atomics (4 fetch_adds): no lock, no allocation, no clock read of its
// own (the connection loop measured the request already). Numbers in tools/bench (README
// "Benchmarks" and the report of the change that added this): the A/B of `make bench`'s wrk
// runs showed no difference beyond run-to-run noise.
//
// Thread-safety: observe() and render() from any thread at once; the counts a scrape reads
// are each exact, not one atomic snapshot of all of them (as any Prometheus client library).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "server/http/http_connection.h"

namespace kibridge::http {

enum class RouteGroup : uint8_t {
  kKicadRoot,        // v1/
  kKicadCategories,  // v1/categories.json
  kKicadListing,     // v1/parts/category/<id>.json
  kKicadPart,        // v1/parts/<id>.json
  kPluginApi,        // the plugin's category API and upload
  kApi,              // /api/...
  kMetrics,          // /metrics
  kOther,            // the console's pages and anything else
  kCount
};
const char* route_group_name(RouteGroup group);
// The group of a request path (pure; a few prefix compares).
RouteGroup route_group(std::string_view path);

// What only a scrape reads, from the subsystems that know it (any may be empty: a server
// without --inventree-url has no pulls to report). Each returns the text of its metrics.
struct MetricsSources {
  std::function<std::string()> cache;
  std::function<std::string()> sync;
  std::function<std::string()> outbox;
  std::function<std::string()> push;
};

class Metrics {
 public:
  // The statuses counted by their code; any other counts as status="other".
  static constexpr std::array<int, 22> kStatuses = {200, 201, 202, 204, 206, 301, 304, 400, 401, 403, 404,
                                                    405, 408, 409, 411, 413, 415, 422, 429, 431, 500, 503};
  // Upper bounds (seconds) of the latency buckets: KiCad's requests are answered from memory
  // in ~0.1 ms, a cold listing render of 10,000 parts takes ~100 ms.
  static constexpr std::array<double, 12> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,   0.025,   0.05,   0.1,   0.5,    2.5};

  void observe(const RequestRecord& record);
  // The whole exposition: the request counters and then each source's text.
  std::string render(const MetricsSources& sources) const;

 private:
  static constexpr size_t kGroups = static_cast<size_t>(RouteGroup::kCount);
  static constexpr size_t kKicadGroups = 4;  // kKicadRoot .. kKicadPart
  using Counter = std::atomic<uint64_t>;

  std::array<std::array<Counter, kStatuses.size() + 1>, kGroups> requests_{};
  std::array<Counter, kGroups> bytes_{};
  // Per KiCad group: one count per bucket (not cumulative; summed when rendered), +Inf last.
  std::array<std::array<Counter, kBuckets.size() + 1>, kKicadGroups> latency_{};
  std::array<Counter, kKicadGroups> latency_sum_ns_{};
};

// Prometheus text helpers for the sources: "# HELP" and "# TYPE" lines, then one sample.
std::string metric_header(std::string_view name, std::string_view type, std::string_view help);
std::string metric_sample(std::string_view name, std::string_view labels, double value);
// A metric with one unlabelled sample: its header and that sample.
std::string single_metric(std::string_view name, std::string_view type, std::string_view help, double value);

}  // namespace kibridge::http
