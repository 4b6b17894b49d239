#include "server/writeback/pusher.h"

#include <algorithm>
#include <random>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "server/inventree/decode.h"
#include "server/inventree/retry.h"
#include "server/util/ascii_text.h"
#include "server/writeback/inventree_error_text.h"
#include "server/writeback/push_report.h"
#include "storage/errors.h"

namespace kibridge::writeback {

using inventree::ErrorKind;
using inventree::InvenTreeError;
using inventree::Method;
using inventree::Query;
using nlohmann::json;
using storage::OutboxEntry;
using storage::OutboxOutcome;
using storage::OutboxState;
using storage::WritebackField;

struct Pusher::Current {
  std::optional<int64_t> pk;         // the parameter or attachment holding the value
  std::optional<std::string> value;  // nullopt: InvenTree holds none
};

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

// A write met a concurrent change and must be decided again from a fresh read.
constexpr bool kDecideAgain = false;

// The items of a list answer: a bare array (no limit given) or a page's "results".
const json& list_items(const json& answer) {
  if (answer.is_array()) return answer;
  if (answer.is_object()) {
    auto it = answer.find("results");
    if (it != answer.end() && it->is_array()) return *it;
  }
  throw InvenTreeError(ErrorKind::kMalformed, "the answer is not a list");
}

void check_list(const json& answer) { list_items(answer); }

// Failures after which other requests now would fail alike, so the pass stops.
bool server_unavailable(const InvenTreeError& e) {
  switch (e.kind()) {
    case ErrorKind::kConnection:
    case ErrorKind::kTimeout:
    case ErrorKind::kRateLimited:
      return true;
    case ErrorKind::kServer:
      return e.http_status() == 502 || e.http_status() == 503 || e.http_status() == 504;
    default:
      return false;
  }
}

// Whether InvenTree may have applied a write that failed this way (its answer was lost).
// 429 and 503 are answered before the request is handled.
bool may_have_acted(const InvenTreeError& e) {
  if (!inventree::is_transient(e.kind()) || e.kind() == ErrorKind::kRateLimited) return false;
  return !(e.kind() == ErrorKind::kServer && e.http_status() == 503);
}

// InvenTree's answer to a POST whose (part, template) pair already has a parameter.
bool is_uniqueness_error(const InvenTreeError& e) {
  return e.kind() == ErrorKind::kRejected && e.response_body().find("must make a unique set") != std::string::npos;
}

std::string template_description(WritebackField field) {
  switch (field) {
    case WritebackField::kFootprint: return "KiCad footprint (library:footprint)";
    case WritebackField::kSymbol: return "KiCad symbol (library:symbol)";
    case WritebackField::kReference: return "KiCad reference designator prefix";
    case WritebackField::kDatasheet: break;
  }
  return "KiCad datasheet";
}

double default_random01() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
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
  if (!options_.random01) options_.random01 = default_random01;
}

void Pusher::log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

json Pusher::call(Method method, const std::string& path, const Query& query, const json* body, bool list) {
  last_request_ = std::string(method_name(method)) + " " + path;
  return client_.request(method, path, query, body, list ? check_list : nullptr);
}

const inventree::ApiFeatures& Pusher::features() {
  if (!features_) {
    last_request_ = "GET /api/";
    features_ = inventree::features_for(client_.server_info().api_version);
  }
  return *features_;
}

void Pusher::check_credentials() {
  // /api/ answers anyone; this one needs a token InvenTree accepts.
  call(Method::kGet, "/api/user/me/");
}

void Pusher::require_part(int64_t part_id) {
  try {
    call(Method::kGet, "/api/part/" + std::to_string(part_id) + "/");
  } catch (const InvenTreeError& e) {
    if (e.kind() == ErrorKind::kNotFound) {
      throw EntryFailure("part " + std::to_string(part_id) + " no longer exists in InvenTree");
    }
    throw;
  }
}

std::string Pusher::refusal(const InvenTreeError& e) const {
  std::string text = inventree_error_text(e.response_body());
  if (text.empty()) text = e.what();
  return "InvenTree refused " + last_request_ + " (HTTP " + std::to_string(e.http_status()) + "): " + text;
}

int64_t Pusher::resolve_template(const storage::OutboxChange& change) {
  const std::string field(storage::to_string(change.field));
  if (change.template_name.empty()) {
    throw EntryFailure("no parameter template is configured for the " + field);
  }
  const std::string key = util::ascii_lower(change.template_name);
  auto known = [&]() -> std::optional<int64_t> {
    if (!templates_) {
      std::map<std::string, int64_t> by_name;
      inventree::ListOptions list;
      list.page_size = 1000;
      list.prefetch = false;
      last_request_ = "GET " + features().parameter_templates_path;
      client_.list(features().parameter_templates_path, {}, list, [&](json& item) {
        const auto t = inventree::decode_parameter_template(item);
        auto [it, added] = by_name.emplace(util::ascii_lower(t.name), t.id);
        if (!added) it->second = std::min(it->second, t.id);
      });
      templates_ = std::move(by_name);
    }
    auto it = templates_->find(key);
    if (it == templates_->end()) return std::nullopt;
    return it->second;
  };
  if (auto id = known()) return *id;
  if (!settings_) settings_ = kicad::parse_settings(store_.configuration().settings());
  if (!settings_->import_create_missing_templates) {
    throw EntryFailure("parameter template '" + change.template_name +
                       "' does not exist in InvenTree; create it or set IMPORT_CREATE_MISSING_TEMPLATES");
  }
  // Empty units and no choices: InvenTree would otherwise check every value against them.
  json body = {{"name", change.template_name},
               {"description", template_description(change.field)},
               {"units", ""},
               {"checkbox", false},
               {"choices", ""}};
  if (features().generic_parameters) body["model_type"] = "part.part";
  try {
    const json created = call(Method::kPost, features().parameter_templates_path, {}, &body);
    const int64_t id = inventree::decode_parameter_template(created).id;
    (*templates_)[key] = id;
    log("created parameter template '" + change.template_name + "' (pk " + std::to_string(id) + ") in InvenTree");
    return id;
  } catch (const InvenTreeError& e) {
    if (e.kind() != ErrorKind::kRejected) throw;
    // Most likely created meanwhile (the name is unique in any letter case): look again.
    const std::string message = refusal(e);
    templates_.reset();
    if (auto id = known()) return *id;
    throw EntryFailure(message);
  }
}

Pusher::Current Pusher::read_current(const storage::OutboxChange& change, std::optional<int64_t> template_id) {
  const auto& f = features();
  const std::string part = std::to_string(change.part_id);
  Current current;
  auto consider = [&](int64_t pk, const std::string& value) {
    if (!current.pk || pk < *current.pk) {
      current.pk = pk;
      current.value = value;
    }
  };
  // The filters are checked again here: a server that ignored one must not make another
  // part's value look like this part's.
  if (change.field == WritebackField::kDatasheet) {
    const Query query = f.generic_attachments ? Query{{"model_type", "part"}, {"model_id", part}} : Query{{"part", part}};
    const json answer = call(Method::kGet, f.attachments_path, query, nullptr, true);
    for (const auto& item : list_items(answer)) {
      const auto a = inventree::decode_datasheet_attachment(item);
      if (a && a->part_id == change.part_id) consider(a->id, a->link);
    }
    return current;
  }
  const std::string tpl = std::to_string(*template_id);
  const Query query = f.generic_parameters ? Query{{"model_type", "part"}, {"model_id", part}, {"template", tpl}}
                                           : Query{{"part", part}, {"template", tpl}};
  const json answer = call(Method::kGet, f.parameters_path, query, nullptr, true);
  for (const auto& item : list_items(answer)) {
    const auto p = inventree::decode_part_parameter(item);
    if (p && p->part_id == change.part_id && p->template_id == *template_id) consider(p->id, p->data);
  }
  return current;
}

bool Pusher::write(const storage::OutboxChange& change, std::optional<int64_t> template_id, const Current& current) {
  const auto& f = features();
  const bool datasheet = change.field == WritebackField::kDatasheet;
  if (current.pk) {
    const std::string path = (datasheet ? f.attachments_path : f.parameters_path) + std::to_string(*current.pk) + "/";
    const json body = datasheet ? json{{"link", change.new_value}} : json{{"data", change.new_value}};
    try {
      call(Method::kPatch, path, {}, &body);
      return true;
    } catch (const InvenTreeError& e) {
      if (e.kind() == ErrorKind::kNotFound) return kDecideAgain;  // deleted meanwhile
      throw;
    }
  }
  json body;
  if (datasheet) {
    body = f.generic_attachments ? json{{"model_type", "part"}, {"model_id", change.part_id}}
                                 : json{{"part", change.part_id}};
    body["link"] = change.new_value;
    body["comment"] = "Datasheet";
  } else {
    body = f.generic_parameters ? json{{"model_type", "part.part"}, {"model_id", change.part_id}}
                                : json{{"part", change.part_id}};
    body["template"] = *template_id;
    body["data"] = change.new_value;
  }
  try {
    call(Method::kPost, datasheet ? f.attachments_path : f.parameters_path, {}, &body);
    return true;
  } catch (const InvenTreeError& e) {
    if (is_uniqueness_error(e)) return kDecideAgain;  // created meanwhile, maybe by a lost earlier POST
    throw;
  }
}

Pusher::EntryResult Pusher::decide_and_write(const OutboxEntry& entry, std::optional<int64_t> template_id) {
  const storage::OutboxChange& change = entry.change;
  EntryResult result;
  for (int round = 0;; ++round) {
    const Current current = read_current(change, template_id);
    if (current.value == change.new_value) {
      result.outcome.state = OutboxState::kDone;
      return result;
    }
    if (current.value && current.value != change.old_value) {
      result.outcome.state = OutboxState::kConflict;
      result.outcome.remote_value = current.value;
      return result;
    }
    if (!current.pk) require_part(change.part_id);
    try {
      if (write(change, template_id, current)) {
        result.outcome.state = OutboxState::kDone;
        result.written = true;
        return result;
      }
    } catch (const InvenTreeError& e) {
      if (round > 0 || !may_have_acted(e)) throw;
      log("outbox entry " + std::to_string(entry.id) + ": " + e.what() + "; reading InvenTree again");
      written_ = true;  // probably: the next read tells
      continue;
    }
    if (round > 0) {
      throw InvenTreeError(ErrorKind::kInconsistent, "the value kept changing in InvenTree while it was written");
    }
  }
}

Pusher::EntryResult Pusher::process(const OutboxEntry& entry) {
  written_ = false;
  EntryResult result;
  std::optional<int64_t> template_id = entry.change.template_id;
  try {
    if (entry.change.field != WritebackField::kDatasheet && !template_id) {
      template_id = resolve_template(entry.change);
    }
    result = decide_and_write(entry, template_id);
    result.written = result.written || (written_ && result.outcome.state == OutboxState::kDone);
  } catch (const EntryFailure& failure) {
    result.outcome.state = OutboxState::kFailed;
    result.outcome.error = failure.what();
  } catch (const InvenTreeError& e) {
    switch (e.kind()) {
      case ErrorKind::kCredentials:
      case ErrorKind::kCancelled:
      case ErrorKind::kTls:
      case ErrorKind::kConfig:
        throw;  // about the whole pass, not this entry
      case ErrorKind::kRejected:
      case ErrorKind::kNotFound:
        result.outcome.state = OutboxState::kFailed;
        result.outcome.error = refusal(e);
        break;
      default:  // transient
        result.outcome.state = OutboxState::kPending;
        result.outcome.error = e.what();
        result.outcome.next_attempt_at =
            next_attempt_time(options_.now(), entry.attempts + 1, options_.random01(), e.retry_after(), options_);
        result.stop_pass = server_unavailable(e);
        break;
    }
  }
  if (entry.change.field != WritebackField::kDatasheet) result.outcome.template_id = template_id;
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
  features_.reset();
  settings_.reset();
  templates_.reset();
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
      check_credentials();
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
      features();  // not knowing the API version is no entry's fault: it ends the pass
      ++summary.examined;
      const EntryResult result = process(entry);
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
