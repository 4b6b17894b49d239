#include "server/config/json_fields.h"

#include "server/util/decimal_id.h"
#include "storage/limits.h"

namespace kibridge::config {

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
  } else if (auto too_long = storage::limits::length_error(s, max_length)) {
    add_error(name, *too_long);
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
  // nlohmann holds a JSON integer above INT64_MAX as unsigned: get<int64_t>() would wrap it.
  if (v.is_number_unsigned() && v.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX)) {
    out = static_cast<int64_t>(v.get<uint64_t>());
  } else if (v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() >= 0) {
    out = v.get<int64_t>();
  } else if (const auto parsed = v.is_string() ? util::parse_decimal_id(v.get_ref<const std::string&>()) : std::nullopt) {
    out = *parsed;
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

}  // namespace kibridge::config
