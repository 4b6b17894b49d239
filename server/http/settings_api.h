// kibridge's settings (what the plugin lacks), under /api/:
//   GET/PATCH             /api/settings/                     (PATCH: {"KEY": value, ...}, atomic)
//   GET/PUT/DELETE        /api/settings/<KEY>/               (PUT {"value": v}; DELETE resets)
// Validation errors are 400 with a JSON body naming the field; nothing is stored then.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

void register_settings_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
