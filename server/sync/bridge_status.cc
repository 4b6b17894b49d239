#include "server/sync/bridge_status.h"

#include <sstream>

#include "server/util/json_optional.h"

namespace kibridge::sync {

using nlohmann::json;

namespace {

json counts_json(const storage::MirrorCounts& c) {
  return {{"categories", c.categories},
          {"parts", c.parts},
          {"parameter_templates", c.parameter_templates},
          {"parameters", c.parameters},
          {"attachments", c.attachments},
          {"manufacturer_parts", c.manufacturer_parts},
          {"supplier_parts", c.supplier_parts}};
}

json run_json(const storage::SyncRunRecord& r) {
  json j = {{"started_at", storage::format_utc(r.started_at)},
            {"finished_at", storage::format_utc(r.finished_at)},
            {"succeeded", r.succeeded},
            {"duration_ms", r.duration_ms},
            {"inventree_url", r.inventree_url},
            {"server_version", r.server_version},
            {"api_version", r.api_version},
            {"requests", r.requests},
            {"retries", r.retries},
            {"bytes_received", r.bytes_received}};
  if (r.succeeded) {
    j["counts"] = counts_json(r.counts);
    j["changes"] = {{"parts", r.changed_parts}, {"categories", r.changed_categories}, {"everything", r.changed_everything}};
  } else {
    j["error"] = {{"kind", r.error_kind}, {"message", r.error_message}};
  }
  return j;
}

std::string relative(storage::TimePoint when, storage::TimePoint now) {
  using namespace std::chrono;
  auto delta = duration_cast<seconds>(when - now).count();
  const bool future = delta >= 0;
  auto magnitude = future ? delta : -delta;
  std::ostringstream out;
  if (magnitude < 90) {
    out << magnitude << " s";
  } else if (magnitude < 90 * 60) {
    out << (magnitude + 30) / 60 << " min";
  } else if (magnitude < 36 * 3600) {
    out << (magnitude + 1800) / 3600 << " h";
  } else {
    out << (magnitude + 43200) / 86400 << " days";
  }
  return future ? "in " + out.str() : out.str() + " ago";
}

std::string stamp(storage::TimePoint when, storage::TimePoint now) {
  return storage::format_utc(when) + " (" + relative(when, now) + ")";
}

}  // namespace

void add_database_state(const storage::Store& store, BridgeStatus& status) {
  status.counts = store.mirror().counts();
  status.outbox = store.writeback().outbox_counts();
  status.outbox_pause = store.writeback().outbox_pause();
}

BridgeStatus status_from_database(const storage::Store& store, const storage::SyncStateStore& history) {
  BridgeStatus s;
  add_database_state(store, s);
  auto runs = history.recent_runs(storage::SyncStateStore::kKeptRuns);
  if (!runs.empty()) s.last_run = runs.front();
  for (const auto& r : runs) {
    if (r.succeeded) {
      s.last_success = r;
      break;
    }
    if (!s.last_error) s.last_error = r;
    ++s.consecutive_failures;
  }
  if (!s.last_success) s.last_success = history.last_success();
  if (auto schedule = history.schedule()) {
    s.enabled = true;
    s.inventree_url = schedule->inventree_url;
    s.interval = std::chrono::seconds(schedule->interval_seconds);
    s.next_pull = schedule->next_pull_at;
  } else if (s.last_run) {
    s.inventree_url = s.last_run->inventree_url;
  }
  return s;
}

json progress_json(const BridgeStatus& s) {
  if (!s.running) return nullptr;
  // The Puller reports "server" while it asks for the API version, then one stage per list;
  // SyncJob reports "applying" for the one write transaction.
  const std::string stage = s.progress ? s.progress->stage : "server";
  const std::string phase = stage == "server" ? "connecting" : stage == "applying" ? "applying" : "reading";
  const int64_t rows = s.progress ? s.progress->done : 0;
  json total = nullptr;
  if (s.progress && s.progress->total) total = *s.progress->total;
  return json{{"running", true},
              {"phase", phase},
              {"collection", phase == "reading" ? json(stage) : json(nullptr)},
              {"rows", rows},
              {"total", total},
              {"started_at", util::json_or_null(s.pull_started_at, storage::format_utc)},
              {"stage", stage},
              {"done", rows}};
}

json status_json(const BridgeStatus& s) {
  json sync = {{"enabled", s.enabled},
               {"inventree_url", s.inventree_url},
               {"running", s.running},
               {"interval_seconds", s.interval.count()},
               {"next_pull", util::json_or_null(s.next_pull, storage::format_utc)},
               {"consecutive_failures", s.consecutive_failures}};
  const storage::SyncRunRecord* server_source = s.last_success ? &*s.last_success : nullptr;
  if (server_source != nullptr) {
    sync["inventree"] = {{"version", server_source->server_version}, {"api_version", server_source->api_version}};
  } else {
    sync["inventree"] = nullptr;
  }
  sync["progress"] = progress_json(s);
  sync["last_success"] = util::json_or_null(s.last_success, run_json);
  sync["last_error"] = util::json_or_null(s.last_error, run_json);
  sync["last_run"] = util::json_or_null(s.last_run, run_json);
  json outbox = json::object();
  for (storage::OutboxState state : {storage::OutboxState::kPending, storage::OutboxState::kConflict,
                                     storage::OutboxState::kFailed, storage::OutboxState::kDone,
                                     storage::OutboxState::kDropped}) {
    auto it = s.outbox.find(state);
    outbox[std::string(storage::to_string(state))] = it == s.outbox.end() ? 0 : it->second;
  }
  outbox["paused"] = s.outbox_pause ? json{{"reason", s.outbox_pause->reason},
                                           {"since", storage::format_utc(s.outbox_pause->paused_at)}}
                                    : json(nullptr);
  json out = {{"sync", std::move(sync)}, {"mirror", counts_json(s.counts)}, {"outbox", std::move(outbox)}};
  if (s.library) out["library"] = kicad::health_json(*s.library);
  return out;
}

std::string status_text(const BridgeStatus& s, storage::TimePoint now) {
  std::ostringstream out;
  out << "InvenTree:     " << (s.inventree_url.empty() ? "(not configured)" : s.inventree_url);
  if (s.last_success) {
    out << "  (InvenTree " << s.last_success->server_version << ", API " << s.last_success->api_version << ")";
  }
  out << "\n";
  if (s.running) {
    out << "Pulling now:   ";
    if (s.progress) {
      out << s.progress->stage << " " << s.progress->done;
      if (s.progress->total) out << "/" << *s.progress->total;
    }
    out << "\n";
  }
  if (s.last_success) {
    const auto& r = *s.last_success;
    out << "Last pull:     " << stamp(r.finished_at, now) << ", took " << r.duration_ms << " ms, " << r.requests
        << " requests";
    if (r.retries > 0) out << " (" << r.retries << " retried)";
    out << ", ";
    if (r.changed_parts == 0 && r.changed_categories == 0 && !r.changed_everything) {
      out << "nothing changed";
    } else {
      out << r.changed_parts << " parts changed";
    }
    out << "\n";
  } else {
    out << "Last pull:     never succeeded\n";
  }
  if (s.last_error) {
    out << "Last error:    " << stamp(s.last_error->finished_at, now) << " [" << s.last_error->error_kind << "] "
        << s.last_error->error_message;
    if (s.consecutive_failures > 1) out << " (" << s.consecutive_failures << " failures in a row)";
    out << "\n";
  }
  if (s.next_pull) {
    out << "Next pull:     " << stamp(*s.next_pull, now) << ", every " << s.interval.count() << " s\n";
  } else if (s.enabled && s.running) {
    out << "Next pull:     after the current one\n";
  } else {
    out << "Next pull:     none scheduled (no kibridge serve is pulling into this file)\n";
  }
  const auto& c = s.counts;
  out << "Mirror:        " << c.categories << " categories, " << c.parts << " parts, " << c.parameter_templates
      << " parameter templates, " << c.parameters << " parameters, " << c.attachments << " datasheets, "
      << c.manufacturer_parts << " manufacturer parts, " << c.supplier_parts << " supplier parts\n";
  auto count = [&s](storage::OutboxState state) {
    auto it = s.outbox.find(state);
    return it == s.outbox.end() ? int64_t{0} : it->second;
  };
  out << "Write-back:    " << count(storage::OutboxState::kPending) << " pending, "
      << count(storage::OutboxState::kConflict) << " conflicts, " << count(storage::OutboxState::kFailed)
      << " failed, " << count(storage::OutboxState::kDone) << " done";
  if (s.outbox_pause) {
    out << "; PAUSED since " << stamp(s.outbox_pause->paused_at, now) << ": " << s.outbox_pause->reason;
  }
  out << "\n";
  if (s.library) {
    const auto& h = *s.library;
    out << "KiCad sees:    " << h.categories.size() << " categories, " << h.parts << " parts";
    if (h.empty_symbol > 0) out << ", " << h.empty_symbol << " without a symbol";
    out << "\n";
    for (const auto& c : h.categories) {
      if (c.empty_symbol == 0) continue;
      out << "               " << c.name << ": " << c.empty_symbol << " of " << c.parts << " parts without a symbol\n";
    }
    for (const auto& line : kicad::installed_check_lines(h)) out << "Installed:     " << line << "\n";
    for (const auto& w : h.warnings) out << "WARNING:       " << w << "\n";
  }
  return out.str();
}

}  // namespace kibridge::sync
