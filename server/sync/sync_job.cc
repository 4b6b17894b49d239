#include "server/sync/sync_job.h"

#include <sstream>

#include "server/kicad/settings.h"

namespace kibridge::sync {

using Clock = std::chrono::system_clock;

namespace {

storage::MirrorCounts counts_of(const storage::MirrorSnapshot& s) {
  storage::MirrorCounts c;
  c.categories = static_cast<int64_t>(s.categories.size());
  c.parts = static_cast<int64_t>(s.parts.size());
  c.parameter_templates = static_cast<int64_t>(s.templates.size());
  c.parameters = static_cast<int64_t>(s.parameters.size());
  c.attachments = static_cast<int64_t>(s.attachments.size());
  c.manufacturer_parts = static_cast<int64_t>(s.manufacturer_parts.size());
  c.supplier_parts = static_cast<int64_t>(s.supplier_parts.size());
  return c;
}

std::string seconds_text(std::chrono::milliseconds ms) {
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(1);
  out << static_cast<double>(ms.count()) / 1000.0 << " s";
  return out.str();
}

}  // namespace

SyncJob::SyncJob(storage::Store& store, storage::SyncStateStore* history, inventree::Connection connection,
                 PullOptions pull, std::function<void(const std::string&)> log)
    : store_(store),
      history_(history),
      connection_(std::move(connection)),
      pull_(pull),
      log_(std::move(log)) {}

void SyncJob::log(const std::string& line) const {
  if (log_) log_(line);
}

void SyncJob::cancel() {
  cancelled_.store(true);
  std::lock_guard<std::mutex> lock(client_mutex_);
  if (client_ != nullptr) client_->cancel();
}

SyncOutcome SyncJob::run(const std::function<void(const PullProgress&)>& on_progress) {
  SyncOutcome out;
  storage::SyncRunRecord& rec = out.record;
  rec.started_at = Clock::now();
  const auto steady_start = std::chrono::steady_clock::now();
  rec.inventree_url = connection_.url();

  bool recorded = false;  // a successful pull records itself with its data
  const auto finish = [&](storage::SyncRunRecord& r) {
    r.finished_at = Clock::now();
    r.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - steady_start).count();
  };
  auto fail = [&](const std::string& kind, const std::string& message) {
    // What a rolled-back apply_pull may have filled in is not true of this run.
    rec.id = 0;
    rec.succeeded = false;
    rec.changed_parts = rec.changed_categories = 0;
    rec.changed_everything = false;
    out.succeeded = false;
    out.error_kind = kind;
    out.error_message = message;
    rec.error_kind = kind;
    rec.error_message = message;
  };

  try {
    inventree::ClientOptions options = connection_.resolve();
    auto user_on_retry = options.on_retry;
    options.on_retry = [this, user_on_retry](const inventree::RetryNotice& n) {
      log("retry " + std::to_string(n.retry) + " of " + n.request + " in " + seconds_text(n.pause) + ": " + n.message);
      if (user_on_retry) user_on_retry(n);
    };
    inventree::Client client(options);
    rec.inventree_url = client.base_url().display();
    {
      std::lock_guard<std::mutex> lock(client_mutex_);
      client_ = &client;
      if (cancelled_.load()) client.cancel();
    }
    struct Unregister {
      SyncJob* job;
      ~Unregister() {
        std::lock_guard<std::mutex> lock(job->client_mutex_);
        job->client_ = nullptr;
      }
    } unregister{this};

    PullOptions pull_options = pull_;
    // Supplier and manufacturer parts are pulled when a rendered field needs them: the plugin's
    // Manufacturer_n/SPN_n fields, or the named KICAD_SUPPLIER_FIELDS / KICAD_MPN_FIELD ones.
    const kicad::KicadSettings settings = kicad::parse_settings(store_.configuration().settings());
    pull_options.manufacturer_data =
        settings.enable_manufacturer_data || !settings.supplier_fields.empty() || !settings.mpn_field.empty();
    Puller puller(client, pull_options, on_progress);
    PullResult result;
    try {
      result = puller.pull();
    } catch (...) {
      const auto stats = client.stats();
      rec.requests = stats.requests;
      rec.retries = stats.retries;
      rec.bytes_received = stats.bytes_received;
      throw;
    }
    rec.server_version = result.stats.server.version;
    rec.api_version = result.stats.server.api_version;
    rec.requests = result.stats.requests;
    rec.retries = result.stats.retries;
    rec.bytes_received = result.stats.bytes_received;
    rec.counts = counts_of(result.snapshot);
    if (cancelled_.load()) throw inventree::InvenTreeError(inventree::ErrorKind::kCancelled, "pull cancelled");

    out.read_time = result.stats.duration;
    if (on_progress) on_progress(PullProgress{"applying", 0, std::nullopt});
    const auto apply_start = std::chrono::steady_clock::now();
    // The record of a successful pull is written in the pull's own transaction (see
    // Store::apply_pull), filled in from inside it.
    const auto complete = [&](storage::SyncRunRecord& r, const storage::ChangeSet& changes) {
      r.succeeded = true;
      r.changed_parts = static_cast<int64_t>(changes.parts.size());
      r.changed_categories = static_cast<int64_t>(changes.categories.size());
      r.changed_everything = changes.everything;
      finish(r);
    };
    if (history_ != nullptr) {
      out.changes = store_.mirror().apply_pull(result.snapshot, rec, complete);
      recorded = true;
    } else {
      out.changes = store_.mirror().apply_mirror(result.snapshot);
      complete(rec, out.changes);
    }
    out.apply_time = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - apply_start);
    out.succeeded = true;
  } catch (const inventree::InvenTreeError& e) {
    fail(inventree::to_string(e.kind()), e.what());
    out.cancelled = e.kind() == inventree::ErrorKind::kCancelled;
    out.credentials_problem = e.kind() == inventree::ErrorKind::kCredentials;
    out.retry_after = e.retry_after();
  } catch (const storage::StorageError& e) {
    fail("storage", e.what());
  } catch (const std::exception& e) {
    fail("internal", e.what());
  }

  if (!recorded) finish(rec);

  if (out.succeeded) {
    std::ostringstream line;
    line << "pulled " << rec.counts.parts << " parts, " << rec.counts.parameters << " parameters, "
         << rec.counts.categories << " categories from " << rec.inventree_url << " (InvenTree " << rec.server_version
         << ", API " << rec.api_version << ") in " << seconds_text(std::chrono::milliseconds(rec.duration_ms))
         << " (read " << seconds_text(out.read_time) << ", apply " << seconds_text(out.apply_time) << "): ";
    if (out.changes.empty()) {
      line << "nothing changed";
    } else {
      line << rec.changed_parts << " parts changed" << (rec.changed_everything ? ", categories/templates changed" : "");
    }
    log(line.str());
  } else {
    log("pull from " + rec.inventree_url + " failed (" + out.error_kind + "): " + out.error_message +
        "; the mirror keeps its last good data");
  }

  if (history_ != nullptr && !recorded) {
    try {
      rec.id = history_->record_run(rec);
    } catch (const storage::StorageError& e) {
      log(std::string("cannot record the pull in the history: ") + e.what());
    }
  }
  return out;
}

}  // namespace kibridge::sync
