// netlist-bench: what reading and planning a KiCad netlist import costs (used by
// tools/netlist-bench/run-netlist-bench.sh).
//
//   netlist-bench generate --components N --out FILE [--seed S]
//   netlist-bench run --file FILE [--repeat K]
//
// generate writes a KiCad 9 style netlist of N components (netlist_generator.h) and prints
// what went into it as a key=value line.
//
// run times, K times (default 11): loading FILE into memory, read_netlist(), plan_import()
// with the default settings against an in-memory directory of generated_catalogue() for the
// file's component count (indexed by id, IPN and name; built before the clock starts),
// to_json() of the report, dumping that JSON, and destroying the netlist and report. Wall time
// and the thread's CPU time are taken for each step; CPU time does not grow when other
// processes compete for the cores. The last line is a key=value summary (median and min per
// step over the runs) that run-netlist-bench.sh reads.
//
// Exit status: 0 success, 1 failure (unreadable file, netlist refused), 2 usage error.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "server/cli/args.h"
#include "server/netlist/import_plan.h"
#include "server/netlist/import_report_format.h"
#include "server/netlist/netlist_reader.h"
#include "tools/netlist-bench/catalogue_directory.h"
#include "tools/netlist-bench/netlist_generator.h"

using namespace kibridge;

namespace {

constexpr const char* kUsage =
    "usage: netlist-bench generate --components N --out FILE [--seed S]\n"
    "       netlist-bench run --file FILE [--repeat K]\n";

using Clock = std::chrono::steady_clock;

double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// Wall and CPU time of one step, in milliseconds.
struct Cost {
  double wall = 0;
  double cpu = 0;
};

class Stopwatch {
 public:
  Stopwatch() : wall_(Clock::now()), cpu_(thread_cpu_ms()) {}
  Cost lap() {
    const Clock::time_point wall = Clock::now();
    const double cpu = thread_cpu_ms();
    Cost cost{std::chrono::duration<double, std::milli>(wall - wall_).count(), cpu - cpu_};
    wall_ = wall;
    cpu_ = cpu;
    return cost;
  }

 private:
  Clock::time_point wall_;
  double cpu_;
};

std::optional<std::string> load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  if (!in && !in.eof()) return std::nullopt;
  return std::move(content).str();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double minimum(const std::vector<double>& values) { return *std::min_element(values.begin(), values.end()); }

long peak_rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

std::string fixed(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

int generate(cli::Args& args) {
  netlist_bench::GeneratorOptions options;
  std::string out;
  try {
    options.components = static_cast<std::size_t>(args.int_option("--components", 1, 1000000).value_or(10000));
    options.seed = static_cast<std::uint64_t>(args.int_option("--seed", 0, 1LL << 62).value_or(1));
    out = args.option_or("--out", "");
    args.finish();
    if (out.empty()) throw cli::UsageError("--out is required");
  } catch (const cli::UsageError& e) {
    std::cerr << "netlist-bench: " << e.what() << "\n" << kUsage;
    return 2;
  }
  const netlist_bench::GeneratedNetlist generated = netlist_bench::generate_netlist(options);
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file << generated.xml;
  file.close();
  if (!file) {
    std::cerr << "netlist-bench: cannot write " << out << "\n";
    return 1;
  }
  const netlist_bench::GeneratedCounts& c = generated.counts;
  std::cout << "generated: file=" << out << " bytes=" << generated.xml.size() << " components=" << c.components
            << " power=" << c.power << " by_id=" << c.by_id << " by_ipn=" << c.by_ipn << " unknown_id=" << c.unknown_id
            << " unknown_ipn=" << c.unknown_ipn << " no_identifier=" << c.no_identifier
            << " http_library=" << c.http_library << " multi_unit=" << c.multi_unit << " dnp=" << c.dnp
            << " distinct_parts=" << c.distinct_parts << " libparts=" << c.libparts << " nets=" << c.nets << "\n";
  return 0;
}

struct Series {
  const char* name;
  std::vector<double> wall;
  std::vector<double> cpu;
  void add(Cost cost) {
    wall.push_back(cost.wall);
    cpu.push_back(cost.cpu);
  }
};

int run(cli::Args& args) {
  std::string path;
  int repeat = 11;
  try {
    path = args.option_or("--file", "");
    repeat = static_cast<int>(args.int_option("--repeat", 1, 1000).value_or(11));
    args.finish();
    if (path.empty()) throw cli::UsageError("--file is required");
  } catch (const cli::UsageError& e) {
    std::cerr << "netlist-bench: " << e.what() << "\n" << kUsage;
    return 2;
  }

  // The directory's size follows the file's component count, so read it once untimed.
  std::optional<std::string> xml = load(path);
  if (!xml) {
    std::cerr << "netlist-bench: cannot read " << path << "\n";
    return 1;
  }
  const netlist::ReadResult probe = netlist::read_netlist(*xml);
  if (!probe.ok()) {
    std::cerr << "netlist-bench: " << path << ": " << probe.error << "\n";
    return 1;
  }
  const std::size_t components = probe.netlist->components.size();
  const std::size_t bytes = xml->size();
  const netlist_bench::CatalogueDirectory directory(netlist_bench::generated_catalogue(components));
  const netlist::ImportSettings settings;
  xml.reset();

  Series load_s{"load"}, read_s{"read"}, plan_s{"plan"}, read_plan_s{"read_plan"},
      load_read_plan_s{"load_read_plan"}, json_s{"to_json"}, dump_s{"dump"}, free_s{"free"};
  netlist::ImportSummary summary;
  std::size_t json_bytes = 0;
  for (int i = 0; i < repeat; ++i) {
    Stopwatch watch;
    std::optional<std::string> text = load(path);
    const Cost load_cost = watch.lap();
    std::optional<netlist::ReadResult> read = netlist::read_netlist(*text);
    const Cost read_cost = watch.lap();
    if (!read->ok()) {
      std::cerr << "netlist-bench: " << read->error << "\n";
      return 1;
    }
    std::optional<netlist::ImportReport> report = netlist::plan_import(*read->netlist, settings, directory);
    const Cost plan_cost = watch.lap();
    std::optional<nlohmann::json> json = netlist::to_json(*report);
    const Cost json_cost = watch.lap();
    const std::string dumped = json->dump();
    const Cost dump_cost = watch.lap();
    summary = report->summary;
    json_bytes = dumped.size();
    watch.lap();
    json.reset();
    report.reset();
    read.reset();
    text.reset();
    const Cost free_cost = watch.lap();

    load_s.add(load_cost);
    read_s.add(read_cost);
    plan_s.add(plan_cost);
    read_plan_s.add(Cost{read_cost.wall + plan_cost.wall, read_cost.cpu + plan_cost.cpu});
    load_read_plan_s.add(
        Cost{load_cost.wall + read_cost.wall + plan_cost.wall, load_cost.cpu + read_cost.cpu + plan_cost.cpu});
    json_s.add(json_cost);
    dump_s.add(dump_cost);
    free_s.add(free_cost);
    std::cerr << "run " << (i + 1) << ": load " << fixed(load_cost.wall) << " ms, read " << fixed(read_cost.wall)
              << " ms, plan " << fixed(plan_cost.wall) << " ms, to_json " << fixed(json_cost.wall) << " ms, dump "
              << fixed(dump_cost.wall) << " ms, free " << fixed(free_cost.wall) << " ms (read+plan CPU "
              << fixed(read_cost.cpu + plan_cost.cpu) << " ms)\n";
  }

  const std::vector<const Series*> all = {&load_s,         &read_s, &plan_s, &read_plan_s,
                                          &load_read_plan_s, &json_s, &dump_s, &free_s};
  std::cout << path << ": " << bytes << " bytes, " << components << " components; directory of " << directory.size()
            << " parts; " << repeat << " runs\n";
  std::cout << "plan: " << summary.matched << " matched, " << summary.unmatched << " unmatched, " << summary.skipped
            << " skipped; " << summary.parts << " parts, " << summary.changes << " changes, " << summary.conflicts
            << " conflicts, " << summary.kept_existing << " kept, " << summary.up_to_date << " up to date; JSON "
            << json_bytes << " bytes\n";
  std::cout << "step              median ms   min ms   (CPU median ms)\n";
  for (const Series* series : all) {
    std::printf("%-16s %10s %8s   (%s)\n", series->name, fixed(median(series->wall)).c_str(),
                fixed(minimum(series->wall)).c_str(), fixed(median(series->cpu)).c_str());
  }
  std::fflush(stdout);
  std::cout << "summary: bytes=" << bytes << " components=" << components << " runs=" << repeat
            << " matched=" << summary.matched << " unmatched=" << summary.unmatched << " skipped=" << summary.skipped
            << " parts=" << summary.parts;
  for (const Series* series : all) {
    std::cout << " " << series->name << "_median_ms=" << fixed(median(series->wall)) << " " << series->name
              << "_min_ms=" << fixed(minimum(series->wall)) << " " << series->name
              << "_cpu_median_ms=" << fixed(median(series->cpu));
  }
  std::cout << " peak_rss_kb=" << peak_rss_kb() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> words(argv + 1, argv + argc);
  if (cli::Args(words).help_requested()) {
    std::cout << kUsage;
    return 0;
  }
  if (words.empty()) {
    std::cerr << "netlist-bench: a command is required\n" << kUsage;
    return 2;
  }
  // The command comes first; the rest are its options.
  cli::Args args(std::vector<std::string>(words.begin() + 1, words.end()));
  if (words.front() == "generate") return generate(args);
  if (words.front() == "run") return run(args);
  std::cerr << "netlist-bench: unknown command '" << words.front() << "'\n" << kUsage;
  return 2;
}
