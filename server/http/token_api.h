// API tokens over REST, for the console's Tokens page (admin), and who the caller is (read):
//   GET /api/tokens            {"tokens": [{"name", "scope", "created", "last_used" (|null)}]}
//   POST /api/tokens           {"name", "scope"} -> 201 {"name", "scope", "token"}: the token
//                              is shown this once (only its SHA-256 is stored). 400 naming the
//                              field for a missing/over-long name or an unknown scope; 409 for
//                              a name already taken.
//   DELETE /api/tokens/<name>  204; 404 for an unknown name (a name only, never an id).
//   GET /api/whoami            {"name", "scope"} of the token the request carries.
// A change takes effect on the next request (TokenAuth reloads). `last_used` is when this
// server or an earlier one last authenticated the token, to the minute (TokenAuth::last_uses).
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

void register_token_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
