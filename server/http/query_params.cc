#include "server/http/query_params.h"

#include "server/http/http_util.h"

namespace kibridge::http {

std::optional<int64_t> int_param(const httplib::Request& req, httplib::Response& res, const char* name,
                                 int64_t fallback, int64_t min, int64_t max) {
  if (!req.has_param(name)) return fallback;
  const auto value = parse_decimal_id(req.get_param_value(name));
  if (!value || *value < min || *value > max) {
    send_field_error(res, name, "Expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> text_param(const httplib::Request& req, httplib::Response& res, const char* name,
                                      size_t max_bytes, bool required) {
  std::string value = req.get_param_value(name);
  if (required && value.empty()) {
    send_field_error(res, name, "This parameter is required.");
    return std::nullopt;
  }
  if (value.size() > max_bytes) {
    send_field_error(res, name, "Ensure this value has at most " + std::to_string(max_bytes) + " bytes.");
    return std::nullopt;
  }
  return value;
}

}  // namespace kibridge::http
