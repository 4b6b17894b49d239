#include "server/http/whoami_api.h"

#include "server/http/http_util.h"

namespace kibridge::http {

void register_whoami_api(httplib::Server& server, const ServerContext& ctx) {
  server.Get("/api/whoami/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const auto principal = ctx.auth.authenticate(bearer_token(req));
    // Revoked between the pre-routing check and here: the same answer that check gives.
    if (!principal) return send_error(res, 401, "Invalid token.");
    send_json(res, 200, nlohmann::json{{"name", principal->token_name}, {"scope", auth::scope_name(principal->scope)}});
  });
}

}  // namespace kibridge::http
