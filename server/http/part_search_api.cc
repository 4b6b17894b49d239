#include "server/http/part_search_api.h"

#include "server/http/http_util.h"
#include "server/http/query_params.h"
#include "server/util/json_optional.h"

namespace kibridge::http {

namespace {

using nlohmann::json;

// Pages past a million results are not a search any more; the bound keeps OFFSET's scan finite.
constexpr int64_t kMaxOffset = 1'000'000;

}  // namespace

void register_part_search_api(httplib::Server& server, const ServerContext& ctx) {
  server.Get("/api/parts/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const auto search = text_param(req, res, "search", kMaxSearchBytes, /*required=*/true);
    if (!search) return;
    const auto limit = int_param(req, res, "limit", kDefaultLimit, 1, kMaxLimit);
    if (!limit) return;
    const auto offset = int_param(req, res, "offset", 0, 0, kMaxOffset);
    if (!offset) return;
    const storage::PartSearchPage page = ctx.store.mirror().search_parts(*search, *limit, *offset);
    json results = json::array();
    for (const auto& hit : page.results) {
      results.push_back(json{{"id", hit.id},
                             {"name", hit.name},
                             {"IPN", hit.ipn},
                             {"description", hit.description},
                             {"category", util::json_or_null(hit.category_id)},
                             {"category_path", hit.category_path}});
    }
    send_json(res, 200, json{{"count", page.count}, {"results", std::move(results)}});
  });
}

}  // namespace kibridge::http
