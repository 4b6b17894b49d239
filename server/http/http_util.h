// Small helpers shared by the route modules: JSON error bodies, strict id parsing and the
// authenticated principal of a request. Errors are always JSON ({"detail": "..."}), never
// HTML, because KiCad and scripts parse whatever body they get.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "server/auth/token_auth.h"
#include "storage/store.h"

namespace kibridge::http {

void send_json(httplib::Response& res, int status, const nlohmann::json& body);
void send_error(httplib::Response& res, int status, const std::string& detail);
// A DRF-style validation error: {"detail": "...", "<field>": ["message"]}.
void send_field_error(httplib::Response& res, const std::string& field, const std::string& message);

// Maps a store error to its answer: NotFoundError -> 404, ConflictError -> 400 naming
// `conflict_field`; anything else is rethrown (a 500 from the exception handler). Call it
// only from inside the catch block that caught `e`.
void send_store_error(httplib::Response& res, const storage::StorageError& e, const char* conflict_field);

// A non-negative decimal id with no sign, spaces or suffix; nullopt otherwise.
std::optional<int64_t> parse_id(const std::string& text);

// The token of an "Authorization: Token <t>" header ("" when absent or another scheme).
std::string bearer_token(const httplib::Request& req);

// Parses a JSON request body that must be an object; on failure sends a 400 and returns
// nullopt.
std::optional<nlohmann::json> parse_json_object(const httplib::Request& req, httplib::Response& res);

}  // namespace kibridge::http
