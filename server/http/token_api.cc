#include "server/http/token_api.h"

#include "server/http/http_util.h"
#include "storage/utc_time.h"

namespace kibridge::http {

namespace {

using nlohmann::json;

json tokens_json(const ServerContext& ctx) {
  // Uses seen here reach the store at most once a minute per token (token_auth.h).
  ctx.store.tokens().record_token_uses(ctx.auth.take_unsaved_uses());
  auto last = ctx.store.tokens().token_last_uses();
  for (const auto& [name, at] : ctx.auth.last_uses()) {
    auto& stored = last[name];
    if (at > stored) stored = at;
  }
  json out = json::array();
  for (const auto& t : ctx.store.tokens().api_tokens()) {
    auto used = last.find(t.name);
    out.push_back(json{{"name", t.name},
                       {"scope", t.scope},
                       {"created", storage::format_utc(t.created_at)},
                       {"last_used", used == last.end() ? json(nullptr) : json(storage::format_utc(used->second))}});
  }
  return json{{"tokens", std::move(out)}};
}

void post_token(const ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto body = parse_json_object(req, res);
  if (!body) return;
  const auto name = body->find("name");
  if (name == body->end() || !name->is_string() || name->get<std::string>().empty()) {
    return send_field_error(res, "name", "This field is required (a non-empty string).");
  }
  const auto scope_field = body->find("scope");
  const std::string scope_text = scope_field == body->end() ? "" : scope_field->is_string() ? scope_field->get<std::string>() : "?";
  const auto scope = auth::parse_scope(scope_text);
  if (!scope) return send_field_error(res, "scope", "Expected read, import or admin.");
  try {
    const std::string token = auth::create_token(ctx.store, name->get<std::string>(), *scope);
    ctx.auth.reload();
    send_json(res, 201, json{{"name", *name}, {"scope", auth::scope_name(*scope)}, {"token", token}});
  } catch (const storage::ValidationError& e) {
    send_store_error(res, e, "name");
  } catch (const storage::ConflictError& e) {
    // A taken name is a 409 here, as the console's contract says (not the 400 of a duplicate
    // field elsewhere): the name is fine, the state of the token list refuses it.
    send_json(res, 409, json{{"detail", e.what()}, {"name", json::array({e.what()})}});
  }
}

void revoke(const ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::string name = req.matches.size() > 1 ? std::string(req.matches[1]) : std::string();
  // By name only: delete_api_token would also take an id, and "3" must not revoke token id 3.
  bool known = false;
  for (const auto& t : ctx.store.tokens().api_tokens()) known = known || t.name == name;
  if (!known) return send_error(res, 404, "no token named '" + name + "'");
  try {
    ctx.store.tokens().delete_api_token(name);
  } catch (const storage::StorageError& e) {
    return send_store_error(res, e, "name");
  }
  ctx.auth.reload();
  res.status = 204;
}

}  // namespace

void register_token_api(httplib::Server& server, const ServerContext& ctx) {
  server.Get("/api/tokens/?", [&ctx](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, tokens_json(ctx));
  });
  server.Post("/api/tokens/?", [&ctx](const httplib::Request& req, httplib::Response& res) { post_token(ctx, req, res); });
  server.Delete("/api/tokens/([^/]+)/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    revoke(ctx, req, res);
  });
  server.Get("/api/whoami/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const auto principal = ctx.auth.authenticate(bearer_token(req));
    if (!principal) return send_error(res, 401, "Invalid token.");  // revoked since the check
    send_json(res, 200, json{{"name", principal->token_name}, {"scope", auth::scope_name(principal->scope)}});
  });
}

}  // namespace kibridge::http
