#include "server/http/metrics_api.h"

#include "storage/writeback_records.h"

namespace kibridge::http {

namespace {

double seconds_since_epoch(storage::TimePoint t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

std::string cache_text(const ServerContext& ctx) {
  const auto s = ctx.cache.stats();
  std::string out = single_metric("kibridge_cache_renders_total", "counter", "KiCad response bodies rendered.",
      static_cast<double>(s.renders));
  out += single_metric("kibridge_listing_renders_total", "counter", "Category listings rendered.",
      static_cast<double>(s.listing_renders));
  out += single_metric("kibridge_listing_render_seconds_total", "counter", "Time spent rendering category listings.",
      static_cast<double>(s.listing_render_ns) / 1e9);
  out += single_metric("kibridge_cache_bytes", "gauge", "Bytes of cached KiCad responses (JSON and gzip).",
      static_cast<double>(s.bytes));
  out += metric_header("kibridge_cache_entries", "gauge", "Cached KiCad responses, by kind.");
  out += metric_sample("kibridge_cache_entries", "kind=\"listing\"", static_cast<double>(s.listings));
  out += metric_sample("kibridge_cache_entries", "kind=\"part\"", static_cast<double>(s.parts));
  return out;
}

std::string outbox_text(const ServerContext& ctx) {
  const auto counts = ctx.store.writeback().outbox_counts();
  std::string out = metric_header("kibridge_outbox_entries", "gauge", "Write-back outbox entries, by state.");
  for (auto state : {storage::OutboxState::kPending, storage::OutboxState::kConflict, storage::OutboxState::kFailed,
                     storage::OutboxState::kDone, storage::OutboxState::kDropped}) {
    const auto it = counts.find(state);
    out += metric_sample("kibridge_outbox_entries", "state=\"" + std::string(storage::to_string(state)) + "\"",
      static_cast<double>(it == counts.end() ? 0 : it->second));
  }
  return out;
}

std::string sync_text(const sync::SyncService& service) {
  const auto s = service.status();
  std::string out = single_metric("kibridge_pulls_total", "counter", "Pulls from InvenTree finished (not cancelled).",
      static_cast<double>(s.pulls));
  out += single_metric("kibridge_pull_failures_total", "counter", "Pulls from InvenTree that failed.",
      static_cast<double>(s.failed_pulls));
  out += single_metric("kibridge_pull_running", "gauge", "1 while a pull runs.",
      s.running ? 1 : 0);
  if (s.last_run) {
    out += single_metric("kibridge_pull_last_duration_seconds", "gauge", "Duration of the last pull.",
      static_cast<double>(s.last_run->duration_ms) / 1e3);
  }
  if (s.last_success) {
    out += single_metric("kibridge_pull_last_success_timestamp_seconds", "gauge", "When the last successful pull ended.",
      seconds_since_epoch(s.last_success->finished_at));
  }
  return out;
}

std::string push_text(const writeback::PushService& service) {
  const auto s = service.status();
  std::string out = single_metric("kibridge_push_passes_total", "counter", "Write-back passes finished.",
      static_cast<double>(s.passes));
  out += single_metric("kibridge_push_attempts_total", "counter", "Outbox entries looked up in InvenTree.",
      static_cast<double>(s.attempts));
  out += single_metric("kibridge_push_writes_total", "counter", "Values written to InvenTree.",
      static_cast<double>(s.written));
  out += single_metric("kibridge_push_failures_total", "counter", "Entries InvenTree refused or that failed transiently.",
      static_cast<double>(s.failures));
  out += single_metric("kibridge_push_paused", "gauge", "1 while the outbox is paused (credentials refused).",
      s.paused ? 1 : 0);
  return out;
}

}  // namespace

MetricsSources metrics_sources(const ServerContext& ctx, const sync::SyncService* sync,
                               const writeback::PushService* push) {
  MetricsSources sources;
  sources.cache = [&ctx] { return cache_text(ctx); };
  sources.outbox = [&ctx] { return outbox_text(ctx); };
  if (sync) sources.sync = [sync] { return sync_text(*sync); };
  if (push) sources.push = [push] { return push_text(*push); };
  return sources;
}

bool is_loopback_address(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

}  // namespace kibridge::http
