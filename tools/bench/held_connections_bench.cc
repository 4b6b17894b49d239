#include "tools/bench/held_connections_bench.h"

#include <httplib.h>

#include <chrono>
#include <optional>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "server/cli/args.h"
#include "server/platform/socket_io.h"
// The one way this project opens a raw loopback connection (kibridge itself only accepts):
// the load here is the hardening tests' load, measured instead of bounded.
#include "tests/support/loopback_socket.h"
#include "tools/bench/percentile.h"

namespace kibridge::bench {

namespace {

using Clock = std::chrono::steady_clock;

// A client connection the load holds; closed when it goes away.
class Held {
 public:
  explicit Held(int port) : socket_(testing::connect_loopback(port, 10)) {
    if (!socket_) throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  ~Held() { platform::close_socket(*socket_); }
  Held(const Held&) = delete;
  Held& operator=(const Held&) = delete;

  bool send(const std::string& bytes) { return platform::send_all(*socket_, bytes.data(), bytes.size()); }
  // Reads one whole response (head, then Content-Length bytes of body); false when the
  // connection ended or timed out first.
  bool read_response() {
    std::string got;
    char buf[4096];
    for (;;) {
      const size_t head_end = got.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const size_t at = got.find("Content-Length: ");
        const size_t length = at < head_end ? std::stoul(got.substr(at + 16)) : 0;
        if (got.size() >= head_end + 4 + length) return true;
      }
      const auto r = platform::receive(*socket_, buf, sizeof buf);
      if (r.status != platform::IoStatus::kData) return false;
      got.append(buf, r.bytes);
    }
  }
  // Whether the server has sent nothing more and kept the connection open, by now (no waiting).
  bool held() const { return platform::wait_readable(*socket_, 0) == platform::IoStatus::kTimeout; }

 private:
  std::optional<platform::SocketHandle> socket_;
};

struct Load {
  std::string name;
  std::vector<double> ms;  // each KiCad request
  size_t held_at_end = 0;
};

// One KiCad request on a fresh connection; its time in ms. Throws when it is not answered 200.
double time_kicad_request(int port, const std::string& token, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(30, 0);
  const auto start = Clock::now();
  const auto res = client.Get(path, {{"Accept", "application/json"}, {"Authorization", "Token " + token}});
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (!res) throw std::runtime_error("GET " + path + ": " + httplib::to_string(res.error()));
  if (res->status != 200) throw std::runtime_error("GET " + path + ": HTTP " + std::to_string(res->status));
  return ms;
}

void print(const Load& load, size_t clients) {
  std::printf("%-12s %d requests with %zu clients held: median %.1f ms, p95 %.1f ms, max %.1f ms; %zu still held at the end\n",
              load.name.c_str(), static_cast<int>(load.ms.size()), clients, percentile(load.ms, 0.5),
              percentile(load.ms, 0.95), percentile(load.ms, 1.0), load.held_at_end);
}

}  // namespace

int run_held_connections_bench(const std::vector<std::string>& words) {
  cli::Args args(words);
  const auto port = args.int_option("--port", 1, 65535);
  const std::string token = args.option_or("--token", "");
  const int clients = static_cast<int>(args.int_option("--clients", 1, 2000).value_or(200));
  const int requests = static_cast<int>(args.int_option("--requests", 1, 1000).value_or(20));
  std::string root = args.option_or("--root", "/plugin/kicad-library-plugin/v1/");
  args.finish();
  if (!port) throw cli::UsageError("--port is required");
  if (root.empty() || root.back() != '/') root += '/';
  const std::string categories = root + "categories.json";

  Load slow{"slow-header", {}, 0};
  {
    std::vector<std::unique_ptr<Held>> held;
    for (int i = 0; i < clients; ++i) {
      held.push_back(std::make_unique<Held>(static_cast<int>(*port)));
      held.back()->send("GET " + categories + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    }
    for (int r = 0; r < requests; ++r) {
      for (auto& h : held) h->send("X-Slow: " + std::to_string(r) + "\r\n");
      slow.ms.push_back(time_kicad_request(static_cast<int>(*port), token, categories));
    }
    for (const auto& h : held) slow.held_at_end += h->held();
  }
  print(slow, static_cast<size_t>(clients));

  Load idle{"idle", {}, 0};
  {
    std::vector<std::unique_ptr<Held>> held;
    for (int i = 0; i < clients; ++i) {
      held.push_back(std::make_unique<Held>(static_cast<int>(*port)));
      held.back()->send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }
    for (auto& h : held) {
      if (!h->read_response()) throw std::runtime_error("an idle client got no answer to GET /api/health");
    }
    for (int r = 0; r < requests; ++r) idle.ms.push_back(time_kicad_request(static_cast<int>(*port), token, categories));
    for (const auto& h : held) idle.held_at_end += h->held();
  }
  print(idle, static_cast<size_t>(clients));

  std::printf("summary: clients=%d requests=%d slow_median_ms=%.1f slow_p95_ms=%.1f slow_max_ms=%.1f slow_held=%zu "
              "idle_median_ms=%.1f idle_p95_ms=%.1f idle_max_ms=%.1f idle_held=%zu\n",
              clients, requests, percentile(slow.ms, 0.5), percentile(slow.ms, 0.95), percentile(slow.ms, 1.0),
              slow.held_at_end, percentile(idle.ms, 0.5), percentile(idle.ms, 0.95), percentile(idle.ms, 1.0),
              idle.held_at_end);
  return 0;
}

}  // namespace kibridge::bench
