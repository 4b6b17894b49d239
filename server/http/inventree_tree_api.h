// GET /api/inventree/categories (read): the mirrored InvenTree category tree for the console's
// Library page, in tree order (a parent before its children, siblings by name):
//   {"categories": [{"id", "parent" (id|null), "name", "pathstring",
//                    "part_count" (parts directly in it), "part_count_total" (with every
//                    sub-category's), "kicad_category" (id of the KiCad category — as in
//                    /plugin/kicad-library-plugin/api/category/<id>/ — whose listing shows its
//                    parts, or null)}]}
// One snapshot of the store, so counts, tree and KiCad categories agree; the assembly is
// config::category_tree (pure), the rule for "serves it" is LibraryConfig::listing_for, the
// one KiCad's listings follow.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

void register_inventree_tree_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
