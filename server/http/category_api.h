// The InvenTree plugin's KiCad category API, same URLs and shapes:
//   GET/POST               /plugin/kicad-library-plugin/api/category/
//   GET/PUT/PATCH/DELETE   /plugin/kicad-library-plugin/api/category/<pk>/
// Reads nest the category and templates (the plugin's depth=1); writes answer with ids
// (depth=0). Templates may be given by id or by name.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

void register_category_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
