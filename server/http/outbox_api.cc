#include "server/http/outbox_api.h"

#include "server/http/http_util.h"
#include "server/writeback/outbox_format.h"

namespace kibridge::http {

namespace {

using nlohmann::json;

using Resolve = std::pair<storage::OutboxEntry, storage::ChangeSet> (storage::WritebackStore::*)(int64_t);

// retry and drop: the same answer shape and error mapping, different store call. Both wake the
// pusher: a retried entry is due now, and a dropped one may have held back later changes to
// the same part (they are sent in order per part).
void resolve(const ServerContext& ctx, const httplib::Request& req, httplib::Response& res, Resolve action) {
  const auto id = path_id(req, res, "outbox entry");
  if (!id) return;
  try {
    auto [entry, changes] = (ctx.store.writeback().*action)(*id);
    ctx.changed(changes);
    ctx.outbox_changed();
    send_json(res, 200, writeback::outbox_entry_json(entry));
  } catch (const storage::StorageError& e) {
    send_store_error(res, e, "id");
  }
}

}  // namespace

void register_outbox_api(httplib::Server& server, const ServerContext& ctx) {
  server.Get("/api/outbox/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    std::optional<storage::OutboxState> state;
    if (req.has_param("state")) {
      state = storage::outbox_state_from_string(req.get_param_value("state"));
      if (!state) return send_field_error(res, "state", "Expected pending, conflict, failed, done or dropped.");
    }
    send_json(res, 200, writeback::outbox_list_json(ctx.store.writeback().outbox_entries(state), ctx.store.writeback().outbox_pause()));
  });
  server.Get(R"(/api/outbox/(\d+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const auto id = path_id(req, res, "outbox entry");
    if (!id) return;
    const auto entry = ctx.store.writeback().outbox_entry(*id);
    if (!entry) return send_error(res, 404, "no outbox entry " + std::to_string(*id));
    send_json(res, 200, writeback::outbox_entry_json(*entry));
  });
  server.Post(R"(/api/outbox/(\d+)/retry/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    resolve(ctx, req, res, &storage::WritebackStore::retry_outbox_entry);
  });
  server.Post(R"(/api/outbox/(\d+)/drop/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    resolve(ctx, req, res, &storage::WritebackStore::drop_outbox_entry);
  });
}

}  // namespace kibridge::http
