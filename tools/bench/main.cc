// bench: client-side benchmark drivers for kibridge (used by tools/bench/run-bench.sh).
//
//   bench cold-load --url http://HOST:PORT --token T [--runs N] [--gzip]
//                   [--root /plugin/kicad-library-plugin/v1/]
//
// cold-load imitates a freshly started KiCad 10 opening an HTTP library: a new connection
// (one reused keep-alive client, as KiCad 10 reuses one curl handle), GET the root, GET
// categories.json, then GET every category listing one after another, parsing each body
// with nlohmann::ordered_json (what KiCad 9/10 parse with). With --gzip it sends KiCad's
// "Accept-Encoding: gzip,deflate" and the client inflates the bodies, as curl does for KiCad.
//
// Each run prints its wall time split into "fetch" (request to last body byte, inflating
// included), "parse" and "free" (destroying the parsed listings), and the client's own CPU
// time, which unlike wall time does not grow when other processes compete for the cores. The
// last line is a key=value summary (medians over the runs) that run-bench.sh reads.
// Exit status: 0 on success, 1 when a request or a body fails (a load KiCad itself would
// abort), 2 on a usage error.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/cli/args.h"
#include "tools/bench/console_bench.h"
#include "tools/bench/held_connections_bench.h"

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::ordered_json;

constexpr const char* kUsage =
    "usage: bench cold-load --url http://HOST:PORT --token T [--runs N] [--gzip] [--root PATH]\n"
    "Times a cold KiCad 10 style library load (root, categories.json, every category listing,\n"
    "sequentially on one fresh keep-alive connection) N times (default 5).\n"
    "  --gzip       send Accept-Encoding: gzip,deflate as KiCad does (bodies are inflated)\n"
    "  --root PATH  API root (default /plugin/kicad-library-plugin/v1/)\n"
    "       bench part-search --db FILE [--rounds N]      (tools/bench/console_bench.h)\n"
    "       bench kicad-libraries [--symbols DIR] [--footprints DIR] [--rounds N]\n"
    "       bench held-connections --port PORT --token T [--clients N] [--requests N]\n"
    "                                                     (tools/bench/held_connections_bench.h)\n";

struct LoadOptions {
  std::string url;
  std::string token;
  std::string root;
  bool gzip = false;
};

// What one load fetched. Wire bytes are the bodies as sent (Content-Length: gzip when the
// server compressed); body bytes are the JSON after inflating.
struct LoadResult {
  double total_ms = 0;
  double cpu_ms = 0;  // this client's CPU time, which contention cannot inflate
  double fetch_ms = 0;
  double parse_ms = 0;
  double free_ms = 0;  // destroying the parsed listings (millions of small allocations)
  int requests = 0;
  int categories = 0;
  int64_t parts = 0;
  int64_t parts_without_fields = 0;  // KiCad 10 master would GET parts/<id>.json for each
  int64_t wire_bytes = 0;
  int64_t body_bytes = 0;
  bool all_gzip = true;  // every response came with Content-Encoding: gzip
  // The biggest listing (JSON bytes) and its first part: what run-bench.sh hammers with wrk.
  std::string largest_category;
  int64_t largest_listing_bytes = -1;
  std::string sample_part;
};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double process_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// A failed request or a body KiCad would reject; ends the run.
class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Loader {
 public:
  Loader(const LoadOptions& options, LoadResult& result)
      : options_(options), result_(result), client_(options.url) {
    client_.set_keep_alive(true);
    client_.set_read_timeout(120, 0);
    client_.set_decompress(true);
    headers_ = {{"Accept", "application/json"}, {"Authorization", "Token " + options.token}};
    if (options.gzip) headers_.emplace("Accept-Encoding", "gzip,deflate");
  }

  // GETs root + `path` and parses the body; `check_status` as KiCad does (listings are parsed
  // whatever their status).
  Json get(const std::string& path, bool check_status = true) {
    const auto fetch_start = Clock::now();
    auto res = client_.Get((options_.root + path).c_str(), headers_);
    result_.fetch_ms += ms_since(fetch_start);
    ++result_.requests;
    if (!res) throw LoadError("GET " + options_.root + path + ": " + httplib::to_string(res.error()));
    if (check_status && res->status != 200) {
      throw LoadError("GET " + options_.root + path + ": HTTP " + std::to_string(res->status));
    }
    const bool gzipped = res->get_header_value("Content-Encoding") == "gzip";
    result_.all_gzip = result_.all_gzip && gzipped;
    const std::string length = res->get_header_value("Content-Length");
    result_.wire_bytes += length.empty() ? static_cast<int64_t>(res->body.size()) : std::stoll(length);
    result_.body_bytes += static_cast<int64_t>(res->body.size());
    last_body_bytes_ = static_cast<int64_t>(res->body.size());

    const auto parse_start = Clock::now();
    Json body = Json::parse(res->body, nullptr, /*allow_exceptions=*/false);
    result_.parse_ms += ms_since(parse_start);
    if (body.is_discarded()) throw LoadError("GET " + options_.root + path + ": body is not JSON");
    return body;
  }
  // JSON bytes of the body get() returned last.
  int64_t last_body_bytes() const { return last_body_bytes_; }

 private:
  const LoadOptions& options_;
  LoadResult& result_;
  httplib::Client client_;
  httplib::Headers headers_;
  int64_t last_body_bytes_ = 0;
};

// Throws LoadError when the library would not load in KiCad.
LoadResult cold_load(const LoadOptions& options) {
  LoadResult result;
  const auto start = Clock::now();
  const double cpu_start = process_cpu_ms();
  Loader loader(options, result);

  const Json root = loader.get("");
  if (!root.is_object() || !root.contains("categories") || !root.contains("parts")) {
    throw LoadError("root: not {\"categories\", \"parts\"}");
  }
  const Json categories = loader.get("categories.json");
  if (!categories.is_array()) throw LoadError("categories.json: not an array");
  for (const auto& category : categories) {
    if (!category.is_object() || !category.contains("id") || !category["id"].is_string()) {
      throw LoadError("categories.json: an entry without a string id");
    }
    const std::string id = category["id"].get<std::string>();
    Json listing = loader.get("parts/category/" + id + ".json", /*check_status=*/false);
    if (!listing.is_array()) throw LoadError("listing of category " + id + ": not an array");
    ++result.categories;
    if (loader.last_body_bytes() > result.largest_listing_bytes && !listing.empty()) {
      result.largest_listing_bytes = loader.last_body_bytes();
      result.largest_category = id;
      result.sample_part.clear();
    }
    for (const auto& part : listing) {
      if (!part.is_object() || !part.contains("id") || !part["id"].is_string()) {
        throw LoadError("listing of category " + id + ": a part without a string id");
      }
      ++result.parts;
      if (result.largest_category == id && result.sample_part.empty()) {
        result.sample_part = part["id"].get<std::string>();
      }
      const auto fields = part.find("fields");
      if (fields == part.end() || !fields->is_object()) ++result.parts_without_fields;
    }
    const auto free_start = Clock::now();
    listing = nullptr;
    result.free_ms += ms_since(free_start);
  }
  result.total_ms = ms_since(start);
  result.cpu_ms = process_cpu_ms() - cpu_start;
  return result;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int run_cold_load(const std::vector<std::string>& words) {
  kibridge::cli::Args args(words);
  if (args.help_requested()) {
    std::cout << kUsage;
    return 0;
  }
  LoadOptions options;
  options.url = args.option_or("--url", "");
  options.token = args.option_or("--token", "");
  options.root = args.option_or("--root", "/plugin/kicad-library-plugin/v1/");
  options.gzip = args.flag("--gzip");
  const int runs = static_cast<int>(args.int_option("--runs", 1, 1000).value_or(5));
  args.finish();
  if (options.url.empty()) throw kibridge::cli::UsageError("--url is required");
  if (options.root.empty() || options.root.back() != '/') options.root += '/';

  std::vector<double> total, fetch, parse, freeing, cpu;
  LoadResult last;
  for (int i = 1; i <= runs; ++i) {
    try {
      last = cold_load(options);
    } catch (const LoadError& e) {
      std::cerr << "bench: run " << i << ": " << e.what() << "\n";
      return 1;
    }
    total.push_back(last.total_ms);
    fetch.push_back(last.fetch_ms);
    parse.push_back(last.parse_ms);
    freeing.push_back(last.free_ms);
    cpu.push_back(last.cpu_ms);
    std::printf("run %d: %.1f ms (fetch %.1f ms, parse %.1f ms, free %.1f ms; client CPU %.1f ms), "
                "%d requests, %d categories, %lld parts, %lld wire bytes, %lld JSON bytes%s\n",
                i, last.total_ms, last.fetch_ms, last.parse_ms, last.free_ms, last.cpu_ms, last.requests,
                last.categories, static_cast<long long>(last.parts), static_cast<long long>(last.wire_bytes),
                static_cast<long long>(last.body_bytes),
                options.gzip && !last.all_gzip ? " (not every response was gzipped)" : "");
  }
  if (last.parts_without_fields > 0) {
    std::printf("note: %lld listed parts have no 'fields'; KiCad 10 would GET each of their details\n",
                static_cast<long long>(last.parts_without_fields));
  }
  std::printf("summary: runs=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f fetch_median_ms=%.1f "
              "parse_median_ms=%.1f free_median_ms=%.1f client_cpu_median_ms=%.1f requests=%d categories=%d "
              "parts=%lld parts_without_fields=%lld wire_bytes=%lld json_bytes=%lld gzip=%s largest_category=%s "
              "largest_listing_json_bytes=%lld sample_part=%s\n",
              runs, median(total), *std::min_element(total.begin(), total.end()),
              *std::max_element(total.begin(), total.end()), median(fetch), median(parse), median(freeing),
              median(cpu), last.requests, last.categories, static_cast<long long>(last.parts),
              static_cast<long long>(last.parts_without_fields), static_cast<long long>(last.wire_bytes),
              static_cast<long long>(last.body_bytes), !options.gzip ? "off" : last.all_gzip ? "yes" : "partial",
              last.largest_category.c_str(), static_cast<long long>(last.largest_listing_bytes),
              last.sample_part.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "-h" || words[0] == "--help") {
    std::cout << kUsage;
    return words.empty() ? 2 : 0;
  }
  const std::string command = words[0];
  words.erase(words.begin());
  try {
    if (command == "cold-load") return run_cold_load(words);
    if (command == "part-search") return kibridge::bench::run_part_search_bench(words);
    if (command == "kicad-libraries") return kibridge::bench::run_kicad_libraries_bench(words);
    if (command == "held-connections") return kibridge::bench::run_held_connections_bench(words);
    throw kibridge::cli::UsageError("unknown command '" + command + "'");
  } catch (const kibridge::cli::UsageError& e) {
    std::cerr << "bench: " << e.what() << "\n" << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "bench: " << e.what() << "\n";
    return 1;
  }
}
