// Small helpers shared by the route modules: JSON error bodies, strict id parsing and the
// authenticated principal of a request. Errors are always JSON ({"detail": "..."}), never
// HTML, because KiCad and scripts parse whatever body they get.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "server/auth/token_auth.h"
#include "server/util/decimal_id.h"
#include "storage/errors.h"
#include "storage/store.h"

namespace kibridge::http {

void send_json(httplib::Response& res, int status, const nlohmann::json& body);
void send_error(httplib::Response& res, int status, const std::string& detail);
// A DRF-style validation error: {"detail": "...", "<field>": ["message"]}.
void send_field_error(httplib::Response& res, const std::string& field, const std::string& message);

// The one mapping of store errors to answers (the policy is at the top of storage/errors.h):
//   NotFoundError -> 404, ValidationError -> 400 naming its field, ConflictError -> 400 naming
//   `conflict_field`, StateError -> 409; any other StorageError is rethrown (a 500 from the
//   exception handler: the write did not commit). Call it only from inside the catch block
//   that caught `e`.
void send_store_error(httplib::Response& res, const storage::StorageError& e, const char* conflict_field);

// An id as text (path segment, query value, body string): util::parse_decimal_id, the one
// exact parser. Path ids that do not parse name no record (404); query and body ids that do
// not parse are bad input (400). A handler never uses the id without checking it.
using util::parse_decimal_id;

// The id in the path's first capture, or nullopt after answering 404 "no <what> with id
// '<text>'" (an id that cannot be parsed names no record, so it is the same answer as an
// unknown one).
std::optional<int64_t> path_id(const httplib::Request& req, httplib::Response& res, const std::string& what);

// The token of an "Authorization: Token <t>" header ("" when absent or another scheme).
std::string bearer_token(const httplib::Request& req);

// Whether the client takes a gzip body (its Accept-Encoding names gzip). Bodies are compressed
// once, ahead of time (the KiCad cache, the console's files), so the answer only picks a form.
bool accepts_gzip(const httplib::Request& req);

// Parses a JSON request body that must be an object; on failure sends a 400 and returns
// nullopt.
std::optional<nlohmann::json> parse_json_object(const httplib::Request& req, httplib::Response& res);

}  // namespace kibridge::http
