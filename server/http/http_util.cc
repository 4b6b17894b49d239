#include "server/http/http_util.h"

namespace kibridge::http {

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

bool accepts_gzip(const httplib::Request& req) {
  return req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
}

void send_error(httplib::Response& res, int status, const std::string& detail) {
  send_json(res, status, nlohmann::json{{"detail", detail}});
}

void send_field_error(httplib::Response& res, const std::string& field, const std::string& message) {
  send_json(res, 400, nlohmann::json{{"detail", field + ": " + message}, {field, nlohmann::json::array({message})}});
}

void send_store_error(httplib::Response& res, const storage::StorageError& e, const char* conflict_field) {
  if (dynamic_cast<const storage::NotFoundError*>(&e)) return send_error(res, 404, e.what());
  if (const auto* invalid = dynamic_cast<const storage::ValidationError*>(&e)) {
    return send_field_error(res, invalid->field(), invalid->message());
  }
  // Before ConflictError: a StateError is one, answered differently.
  if (dynamic_cast<const storage::StateError*>(&e)) return send_error(res, 409, e.what());
  if (dynamic_cast<const storage::ConflictError*>(&e)) {
    return send_json(res, 400, nlohmann::json{{"detail", e.what()}, {conflict_field, nlohmann::json::array({e.what()})}});
  }
  throw;  // called from a catch block: rethrows the original exception, unsliced
}

std::optional<int64_t> path_id(const httplib::Request& req, httplib::Response& res, const std::string& what) {
  const std::string text = req.matches.size() > 1 ? std::string(req.matches[1]) : std::string();
  const auto id = parse_decimal_id(text);
  if (!id) send_error(res, 404, "no " + what + " with id '" + text + "'");
  return id;
}

std::string bearer_token(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  // KiCad sends "Authorization:Token <t>" (no space after the colon); the value may be
  // "Token " with an empty token.
  size_t pos = header.find_first_not_of(" \t");
  if (pos == std::string::npos) return "";
  if (header.compare(pos, 5, "Token") != 0 && header.compare(pos, 5, "token") != 0) return "";
  pos += 5;
  if (pos < header.size() && header[pos] != ' ' && header[pos] != '\t') return "";
  const size_t start = header.find_first_not_of(" \t", pos);
  if (start == std::string::npos) return "";
  const size_t end = header.find_last_not_of(" \t\r\n");
  return header.substr(start, end - start + 1);
}

std::optional<nlohmann::json> parse_json_object(const httplib::Request& req, httplib::Response& res) {
  // nlohmann-json reads a NUL byte as the end of its input, so `{"a":1}\0garbage` would parse
  // as {"a":1}; JSON never holds a raw NUL (RFC 8259 §7 requires it escaped), so refuse it.
  nlohmann::json body = req.body.find('\0') != std::string::npos
                            ? nlohmann::json(nlohmann::json::value_t::discarded)
                            : nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    send_error(res, 400, "request body is not valid JSON");
    return std::nullopt;
  }
  if (!body.is_object()) {
    send_error(res, 400, "request body must be a JSON object");
    return std::nullopt;
  }
  return body;
}

}  // namespace kibridge::http
