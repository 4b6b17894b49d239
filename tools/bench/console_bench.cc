#include "tools/bench/console_bench.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "server/cli/args.h"
#include "server/kicad/installed_libraries.h"
#include "storage/store.h"
#include "tools/bench/percentile.h"

namespace kibridge::bench {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int run_part_search_bench(const std::vector<std::string>& words) {
  cli::Args args(words);
  const std::string db = args.option_or("--db", "");
  const int rounds = static_cast<int>(args.int_option("--rounds", 1, 100000).value_or(20));
  args.finish();
  if (db.empty()) throw cli::UsageError("--db is required");
  storage::Store store(db);
  // What people type into a part search: as typed (prefixes), values, MPN-like text, several
  // terms, and one that matches most of the catalogue ("r", every resistor).
  const std::vector<std::string> queries = {"r",        "res",          "resistor 10k", "10k",     "0603",
                                            "100n",     "capacitor x7r", "lm3",         "stm32",   "RC0603",
                                            "GRM188",   "ne555",        "m3",           "connector", "header 2.54",
                                            "1%",       "zzzz-no-such", "led red",     "c 100n 0603", "mosfet"};
  std::vector<double> all;
  std::printf("%-16s %8s %9s %9s\n", "query", "matches", "median", "p95");
  for (const auto& q : queries) {
    std::vector<double> times;
    int64_t count = 0;
    for (int r = 0; r < rounds; ++r) {
      const auto start = Clock::now();
      count = store.mirror().search_parts(q, 50, 0).count;
      times.push_back(ms_since(start));
    }
    all.insert(all.end(), times.begin(), times.end());
    std::printf("%-16s %8lld %7.2fms %7.2fms\n", q.c_str(), static_cast<long long>(count), percentile(times, 0.5),
                percentile(times, 0.95));
  }
  std::printf("summary: queries=%zu rounds=%d median_ms=%.2f p95_ms=%.2f max_ms=%.2f\n", queries.size(), rounds,
              percentile(all, 0.5), percentile(all, 0.95), *std::max_element(all.begin(), all.end()));
  return 0;
}

int run_kicad_libraries_bench(const std::vector<std::string>& words) {
  cli::Args args(words);
  const auto defaults = kicad::default_library_roots();
  const std::string symbols = args.option_or("--symbols", defaults.symbol_dirs.front());
  const std::string footprints = args.option_or("--footprints", defaults.footprint_dirs.front());
  const int rounds = static_cast<int>(args.int_option("--rounds", 1, 1000).value_or(3));
  args.finish();
  for (int r = 1; r <= rounds; ++r) {
    const auto start = Clock::now();
    const auto names = kicad::scan_roots({{symbols}, {footprints}});
    std::printf("round %d: %zu symbols, %zu footprints in %.0f ms\n", r, names.symbols().size(),
                names.footprints().size(), ms_since(start));
  }
  return 0;
}

}  // namespace kibridge::bench
