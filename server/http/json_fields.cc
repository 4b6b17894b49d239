#include "server/http/json_fields.h"

#include "server/http/http_util.h"

namespace kibridge::http {

void FieldReader::string(const char* name, size_t max_length, bool required, bool allow_empty, std::string& out) {
  if (!body_.contains(name)) {
    if (required) add_error(name, "This field is required.");
    return;
  }
  const auto& v = body_.at(name);
  if (!v.is_string()) {
    add_error(name, "Not a valid string.");
    return;
  }
  const auto& s = v.get_ref<const std::string&>();
  if (!allow_empty && s.empty()) {
    add_error(name, "This field may not be blank.");
  } else if (s.size() > max_length) {
    add_error(name, "Ensure this field has no more than " + std::to_string(max_length) + " characters.");
  } else {
    out = s;
  }
}

void FieldReader::id(const char* name, bool required, int64_t& out) {
  if (!body_.contains(name)) {
    if (required) add_error(name, "This field is required.");
    return;
  }
  const auto& v = body_.at(name);
  if (v.is_number_integer() && v.get<int64_t>() >= 0) {
    out = v.get<int64_t>();
  } else if (v.is_string() && parse_id(v.get<std::string>())) {
    out = *parse_id(v.get<std::string>());
  } else {
    add_error(name, "Incorrect type. Expected pk value, received " + std::string(v.type_name()) + ".");
  }
}

void FieldReader::template_ref(const char* name, const kicad::LibraryConfig& config, std::optional<int64_t>& out) {
  if (!body_.contains(name)) return;
  const auto& v = body_.at(name);
  if (v.is_null() || (v.is_string() && v.get<std::string>().empty())) {
    out.reset();
    return;
  }
  std::string ref;
  if (v.is_number_integer()) {
    ref = std::to_string(v.get<int64_t>());
  } else if (v.is_string()) {
    ref = v.get<std::string>();
  } else {
    add_error(name, "Expected a parameter template id or name, received " + std::string(v.type_name()) + ".");
    return;
  }
  if (auto id = config.resolve_template(ref)) {
    out = id;
  } else {
    add_error(name, "No parameter template with id or name '" + ref + "'.");
  }
}

nlohmann::json FieldReader::error_body() const {
  nlohmann::json out = errors_;
  if (!errors_.empty()) {
    const auto first = errors_.begin();
    out["detail"] = first.key() + ": " + first.value().front().get<std::string>();
  }
  return out;
}

}  // namespace kibridge::http
