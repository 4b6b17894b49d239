// fake-inventree: a standalone fake InvenTree REST server for demos and benchmarks, seeded with
// kibridge's demo catalogue (any size) or with the derived sample of shared/inventree-samples.
//
//   fake-inventree [--listen HOST:PORT] [--parts N] [--api-version N] [--token T]
//                  [--sample FILE] [--stock-delta N] [--latency-ms N] [--item-latency-us N]
//                  [--threads N] [--kicad-plugin active|inactive|none] [--superuser yes|no]
#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "server/demo/demo_catalog.h"
#include "tools/fake-inventree/fake_inventree.h"
#include "tools/fake-inventree/sample_data.h"

using namespace kibridge;

namespace {

constexpr const char* kUsage =
    "usage: fake-inventree [options]\n"
    "A fake InvenTree REST API (what kibridge reads and writes) on HOST:PORT, for demos and\n"
    "benchmarks.\n"
    "  --listen HOST:PORT     address (default 127.0.0.1:8000; port 0 picks a free one)\n"
    "  --parts N              demo catalogue size (default 1000)\n"
    "  --sample FILE          serve the derived sample JSON instead of the demo catalogue\n"
    "  --stock-delta N        add N to every part's stock (a catalogue that differs from a\n"
    "                         demo-seeded database in every part, as after stock movements)\n"
    "  --api-version N        API version to imitate (default 534; below 430: legacy parameters)\n"
    "  --token T              accepted API token (default fake-inventree-token)\n"
    "  --latency-ms N         added to every request\n"
    "  --item-latency-us N    added per item of a list page (InvenTree's per-row cost)\n"
    "  --threads N            worker threads (default 8)\n"
    "  --kicad-plugin MODE    the KiCad plugin with the demo catalogue's configuration: active\n"
    "                         (default with the demo catalogue), inactive (404), none (not installed;\n"
    "                         the default with --sample)\n"
    "  --superuser yes|no     whether the token's user is a superuser (default yes); only a\n"
    "                         superuser may read the plugin's KiCad categories from API 505\n";

[[noreturn]] void usage_error(const std::string& message) {
  std::cerr << "fake-inventree: " << message << "\n" << kUsage;
  std::exit(2);
}

long long number(const std::string& flag, const std::string& text) {
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < 0) usage_error(flag + " expects a non-negative number");
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string listen = "127.0.0.1:8000";
  long long parts = 1000;
  std::string sample;
  long long stock_delta = 0;
  fake_inventree::FakeOptions options;
  std::string plugin_mode;
  bool superuser = true;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    }
    if (i + 1 >= args.size()) usage_error("unknown option or missing value: " + a);
    const std::string& v = args[++i];
    if (a == "--listen") {
      listen = v;
    } else if (a == "--parts") {
      parts = number(a, v);
    } else if (a == "--sample") {
      sample = v;
    } else if (a == "--stock-delta") {
      stock_delta = number(a, v);
    } else if (a == "--api-version") {
      options.api_version = static_cast<int>(number(a, v));
    } else if (a == "--token") {
      options.tokens = {v};
    } else if (a == "--latency-ms") {
      options.request_latency = std::chrono::milliseconds(number(a, v));
    } else if (a == "--item-latency-us") {
      options.item_latency = std::chrono::microseconds(number(a, v));
    } else if (a == "--kicad-plugin") {
      if (v != "active" && v != "inactive" && v != "none") usage_error("--kicad-plugin expects active, inactive or none");
      plugin_mode = v;
    } else if (a == "--superuser") {
      if (v != "yes" && v != "no") usage_error("--superuser expects yes or no");
      superuser = v == "yes";
    } else if (a == "--threads") {
      options.worker_threads = static_cast<size_t>(std::max(1LL, number(a, v)));
    } else {
      usage_error("unknown option " + a);
    }
  }
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) usage_error("--listen expects HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const int port = static_cast<int>(number("--listen", listen.substr(colon + 1)));

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (superuser) options.superuser_tokens = options.tokens;
  if (plugin_mode.empty()) plugin_mode = sample.empty() ? "active" : "none";
  if (plugin_mode != "none" && !sample.empty()) usage_error("--kicad-plugin needs the demo catalogue (not --sample)");
  fake_inventree::FakeInvenTree fake(options);
  try {
    if (!sample.empty()) {
      fake.set_data(fake_inventree::load_derived_sample(sample));
    } else {
      auto catalog = demo::make_demo_catalog(static_cast<int>(parts));
      if (plugin_mode != "none") {
        auto plugin = fake_inventree::plugin_from_catalog(catalog);
        plugin.active = plugin_mode == "active";
        fake.set_plugin(std::move(plugin));
      }
      fake.set_data(std::move(catalog.mirror));
    }
    if (stock_delta != 0) {
      fake.edit([&](storage::MirrorSnapshot& s) {
        for (auto& p : s.parts) {
          p.total_in_stock += static_cast<double>(stock_delta);
          p.unallocated_stock += static_cast<double>(stock_delta);
        }
      });
    }
    fake.start(port, host);
  } catch (const std::exception& e) {
    std::cerr << "fake-inventree: " << e.what() << "\n";
    return 1;
  }
  const auto data = fake.data();
  // The URL line is what scripts wait for; keep its format.
  std::cout << "fake-inventree listening on http://" << host << ":" << fake.port() << " (API " << options.api_version
            << ", " << data.parts.size() << " parts, " << data.parameters.size() << " parameters, token "
            << options.tokens.front() << ")" << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  fake.stop();
  return 0;
}
