#include "server/http/inventree_tree_api.h"

#include "server/config/category_tree.h"
#include "server/http/http_util.h"
#include "server/kicad/library.h"
#include "server/util/json_optional.h"

namespace kibridge::http {

namespace {

using nlohmann::json;

json categories_json(const storage::Snapshot& snapshot) {
  const kicad::LibraryConfig config = kicad::read_library_config(snapshot);
  const auto categories = snapshot.mirror().categories();
  const auto rows = config::category_tree(categories, snapshot.mirror().part_counts_by_category(), config);
  json out = json::array();
  for (const auto& row : rows) {
    const auto& c = *row.category;
    const storage::KicadCategoryRecord* serving = config.listing_for(c.id);
    out.push_back(json{{"id", c.id},
                       {"parent", util::json_or_null(c.parent_id)},
                       {"name", c.name},
                       {"pathstring", c.pathstring},
                       {"part_count", row.parts},
                       {"part_count_total", row.parts_below},
                       {"kicad_category", serving ? json(serving->id) : json(nullptr)}});
  }
  return json{{"categories", std::move(out)}};
}

}  // namespace

void register_inventree_tree_api(httplib::Server& server, const ServerContext& ctx) {
  server.Get("/api/inventree/categories/?", [&ctx](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, categories_json(*ctx.store.snapshot()));
  });
}

}  // namespace kibridge::http
