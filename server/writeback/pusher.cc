#include "server/writeback/pusher.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "server/inventree/retry.h"
#include "server/util/random.h"
#include "server/writeback/push_decision.h"
#include "server/writeback/push_report.h"
#include "storage/errors.h"

namespace kibridge::writeback {

using inventree::ErrorKind;
using inventree::InvenTreeError;
using inventree::InventreeApi;
using storage::OutboxEntry;
using storage::OutboxOutcome;
using storage::OutboxState;
using storage::WritebackField;

struct Pusher::EntryResult {
  OutboxOutcome outcome;
  bool written = false;
  bool stop_pass = false;  // InvenTree is unavailable: later entries would fail alike
};

namespace {

// A permanent failure of one entry: it is settled as failed with this message.
class EntryFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string template_description(WritebackField field) {
  switch (field) {
    case WritebackField::kFootprint: return "KiCad footprint (library:footprint)";
    case WritebackField::kSymbol: return "KiCad symbol (library:symbol)";
    case WritebackField::kReference: return "KiCad reference designator prefix";
    case WritebackField::kDatasheet: break;
  }
  return "KiCad datasheet";
}

}  // namespace

storage::Clock::time_point next_attempt_time(storage::Clock::time_point now, int attempts, double random01,
                                             std::optional<std::chrono::milliseconds> retry_after,
                                             const PusherOptions& options) {
  inventree::RetryPolicy policy;
  policy.base_delay = options.backoff_base;
  policy.max_delay = options.backoff_cap;
  policy.max_retry_after = options.backoff_cap;
  const auto pause = inventree::retry_pause(policy, std::max(1, attempts), random01, retry_after);
  return now + std::chrono::duration_cast<storage::Clock::duration>(pause);
}

std::optional<storage::Clock::time_point> next_progress_time(const std::vector<OutboxEntry>& pending,
                                                             storage::Clock::time_point now) {
  std::optional<storage::Clock::time_point> earliest;
  std::set<int64_t> seen_parts;
  for (const auto& entry : pending) {
    if (entry.state != OutboxState::kPending || !seen_parts.insert(entry.change.part_id).second) continue;
    const auto at = std::max(now, entry.next_attempt_at.value_or(now));
    if (!earliest || at < *earliest) earliest = at;
  }
  return earliest;
}

Pusher::Pusher(storage::Store& store, inventree::Client& client, PusherOptions options)
    : store_(store), client_(client), options_(std::move(options)) {
  if (!options_.now) options_.now = [] { return storage::Clock::now(); };
  if (!options_.random01) options_.random01 = util::random01;
}

void Pusher::log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

int64_t Pusher::resolve_template(InventreeApi& api, const storage::OutboxChange& change,
                                 std::optional<kicad::KicadSettings>& settings) {
  if (change.template_name.empty()) {
    throw EntryFailure("no parameter template is configured for the " + std::string(storage::to_string(change.field)));
  }
  const auto found = api.find_or_create_template(change.template_name, template_description(change.field), [&] {
    if (!settings) settings = kicad::parse_settings(store_.configuration().settings());
    return settings->import_create_missing_templates;
  });
  if (!found) {
    throw EntryFailure("parameter template '" + change.template_name +
                       "' does not exist in InvenTree; create it or set IMPORT_CREATE_MISSING_TEMPLATES");
  }
  if (found->created) {
    log("created parameter template '" + change.template_name + "' (pk " + std::to_string(found->id) +
        ") in InvenTree");
  }
  return found->id;
}

Pusher::EntryResult Pusher::send(InventreeApi& api, const OutboxEntry& entry, std::optional<int64_t> template_id) {
  const storage::OutboxChange& change = entry.change;
  const bool datasheet = change.field == WritebackField::kDatasheet;
  bool maybe_written = false;  // a write was sent whose answer was lost
  EntryResult result;
  for (int round = 0;; ++round) {
    const inventree::HeldValue held =
        datasheet ? api.find_datasheet(change.part_id) : api.find_parameter(change.part_id, *template_id);
    const PushDecision decision = decide(change, held);
    if (decision.action == PushAction::kDone) {
      result.outcome.state = OutboxState::kDone;
      result.written = maybe_written;  // the lost answer's write, as the read shows
      return result;
    }
    if (decision.action == PushAction::kConflict) {
      result.outcome.state = OutboxState::kConflict;
      result.outcome.remote_value = decision.remote_value;
      return result;
    }
    if (!held.pk && !api.part_exists(change.part_id)) {
      throw EntryFailure("part " + std::to_string(change.part_id) + " no longer exists in InvenTree");
    }
    try {
      const inventree::SetResult set = datasheet ? api.set_datasheet(change.part_id, held, change.new_value)
                                                 : api.set_parameter(change.part_id, *template_id, held, change.new_value);
      if (set == inventree::SetResult::kWritten) {
        result.outcome.state = OutboxState::kDone;
        result.written = true;
        return result;
      }
    } catch (const InvenTreeError& e) {
      if (round > 0 || !may_have_acted(e)) throw;
      log("outbox entry " + std::to_string(entry.id) + ": " + e.what() + "; reading InvenTree again");
      maybe_written = true;  // the next read tells
      continue;
    }
    if (round > 0) {
      throw InvenTreeError(ErrorKind::kInconsistent, "the value kept changing in InvenTree while it was written");
    }
  }
}

Pusher::EntryResult Pusher::process(InventreeApi& api, const OutboxEntry& entry,
                                    std::optional<kicad::KicadSettings>& settings) {
  EntryResult result;
  const bool datasheet = entry.change.field == WritebackField::kDatasheet;
  std::optional<int64_t> template_id = entry.change.template_id;
  try {
    if (!datasheet && !template_id) template_id = resolve_template(api, entry.change, settings);
    result = send(api, entry, template_id);
  } catch (const EntryFailure& failure) {
    result.outcome.state = OutboxState::kFailed;
    result.outcome.error = failure.what();
  } catch (const InvenTreeError& e) {
    const PushDecision decision = decide(e);
    switch (decision.action) {
      case PushAction::kEndPass:
        throw;  // about the whole pass, not this entry
      case PushAction::kFail:
        result.outcome.state = OutboxState::kFailed;
        result.outcome.error = decision.error;
        break;
      case PushAction::kRetry:
        result.outcome.state = OutboxState::kPending;
        result.outcome.error = decision.error;
        result.outcome.next_attempt_at = next_attempt_time(options_.now(), entry.attempts + 1, options_.random01(),
                                                           decision.retry_after, options_);
        result.stop_pass = decision.stop_pass;
        break;
      case PushAction::kDone:
      case PushAction::kWrite:
      case PushAction::kConflict:
        break;  // not decided from an error
    }
  }
  if (!datasheet) result.outcome.template_id = template_id;
  return result;
}

void Pusher::settle(const OutboxEntry& entry, const EntryResult& result, PushSummary& summary) {
  try {
    store_.writeback().settle_outbox_entry(entry.id, result.outcome);
  } catch (const storage::StateError&) {
    log("outbox entry " + std::to_string(entry.id) + " was resolved by a user while it was being sent; left as is");
    return;
  } catch (const storage::NotFoundError&) {
    log("outbox entry " + std::to_string(entry.id) + " disappeared while it was being sent");
    return;
  }
  switch (result.outcome.state) {
    case OutboxState::kDone:
      ++summary.done;
      if (result.written) ++summary.written;
      break;
    case OutboxState::kConflict: ++summary.conflicts; break;
    case OutboxState::kFailed: ++summary.failed; break;
    case OutboxState::kPending: ++summary.deferred; break;
    case OutboxState::kDropped: break;
  }
  summary.settled.push_back(SettledEntry{entry, result.outcome, result.written});
  log(settled_entry_text(summary.settled.back()));
}

PushSummary Pusher::push_once(bool user_request) {
  PushSummary summary;
  InventreeApi api(client_);  // per pass: the API version and template names are read afresh
  std::optional<kicad::KicadSettings> settings;  // read when first needed
  if (user_request && store_.writeback().outbox_pause()) {
    store_.writeback().set_outbox_pause(std::nullopt);
    log("outbox resumed on request");
  }
  const auto now = options_.now();
  const auto pending = store_.writeback().outbox_entries(OutboxState::kPending);
  std::set<int64_t> held_parts;  // parts whose next entry must wait for a later pass
  try {
    if (auto pause = store_.writeback().outbox_pause()) {
      summary.paused = pause->reason;
      api.check_credentials();
      store_.writeback().set_outbox_pause(std::nullopt);
      summary.paused.reset();
      log("InvenTree accepts the credentials again; outbox resumed");
    }
    for (const auto& entry : pending) {
      const int64_t part = entry.change.part_id;
      if (held_parts.count(part) != 0) {
        ++summary.waiting;
        continue;
      }
      if (!user_request && entry.next_attempt_at && *entry.next_attempt_at > now) {
        ++summary.waiting;
        held_parts.insert(part);
        continue;
      }
      api.features();  // not knowing the API version is no entry's fault: it ends the pass
      ++summary.examined;
      const EntryResult result = process(api, entry, settings);
      settle(entry, result, summary);
      if (result.outcome.state == OutboxState::kPending) {
        held_parts.insert(part);
        if (result.stop_pass) {
          summary.unreachable = true;
          summary.error = result.outcome.error;
          summary.retry_not_before = result.outcome.next_attempt_at;
          break;
        }
      }
    }
  } catch (const InvenTreeError& e) {
    summary.error = e.what();
    if (e.kind() == ErrorKind::kCredentials) {
      summary.paused = e.what();
      store_.writeback().set_outbox_pause(summary.paused);
      log(std::string("outbox paused: ") + e.what());
    } else if (e.kind() == ErrorKind::kCancelled) {
      summary.cancelled = true;
    } else {
      summary.unreachable = true;
      log(std::string("push stopped: ") + e.what());
    }
  }
  return summary;
}

}  // namespace kibridge::writeback
