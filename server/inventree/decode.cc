#include "server/inventree/decode.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/inventree/errors.h"

namespace kibridge::inventree {

namespace {

using nlohmann::json;

[[noreturn]] void malformed(const char* what, const char* field) {
  throw InvenTreeError(ErrorKind::kMalformed,
                       std::string(what) + " item has no valid \"" + field + "\"");
}

const json* find(const json& item, const char* key) {
  auto it = item.find(key);
  return it == item.end() ? nullptr : &*it;
}

// An id: a JSON integer from 0 to INT64_MAX. nlohmann holds integers above INT64_MAX as
// unsigned, and get<int64_t>() would wrap them (18446744073709551615 -> -1), storing a
// different id; they are refused like any other non-id.
std::optional<int64_t> exact_id(const json& v) {
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (v.is_number_integer() && v.get<int64_t>() >= 0) return v.get<int64_t>();
  return std::nullopt;
}

int64_t required_id(const json& item, const char* key, const char* what) {
  const json* v = find(item, key);
  const auto id = v == nullptr ? std::nullopt : exact_id(*v);
  if (!id) malformed(what, key);
  return *id;
}

std::optional<int64_t> optional_id(const json& item, const char* key, const char* what) {
  const json* v = find(item, key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  const auto id = exact_id(*v);
  if (!id) malformed(what, key);
  return id;
}

std::string text(const json& item, const char* key) {
  const json* v = find(item, key);
  if (v == nullptr || !v->is_string()) return "";
  return v->get<std::string>();
}

bool flag(const json& item, const char* key, bool fallback) {
  const json* v = find(item, key);
  if (v == nullptr || !v->is_boolean()) return fallback;
  return v->get<bool>();
}

// A JSON number's syntax: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?. What InvenTree's
// decimal fields serialise to; strtod alone would also take " 12", "0x10", "nan" and "inf".
bool plain_number(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    const size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// A quantity: a finite JSON number, or a string holding one. Anything else (also "nan",
// "inf", a number out of double's range) counts as absent: a NaN would be stored as something
// that never compares equal to itself, so the part would be rewritten, and every listing
// re-rendered, on every pull.
std::optional<double> quantity(const json& item, const char* key) {
  const json* v = find(item, key);
  if (v == nullptr) return std::nullopt;
  std::optional<double> d;
  if (v->is_number()) {
    d = v->get<double>();
  } else if (v->is_string() && plain_number(v->get_ref<const std::string&>())) {
    d = std::strtod(v->get_ref<const std::string&>().c_str(), nullptr);
  }
  if (!d || !std::isfinite(*d)) return std::nullopt;
  return d;
}

// "part.part", "part" (input spelling) or the older "part" model name.
bool is_part_model(const json& item) {
  const std::string model = text(item, "model_type");
  return model == "part.part" || model == "part";
}

// A parameter's value: InvenTree sends a string; numbers and booleans are taken as written.
std::string parameter_data(const json& item) {
  const json* data = find(item, "data");
  if (data != nullptr && data->is_string()) return data->get<std::string>();
  if (data != nullptr && (data->is_number() || data->is_boolean())) return data->dump();
  return "";
}

std::string company_name(const json& item, const char* detail_key) {
  const json* detail = find(item, detail_key);
  if (detail == nullptr || !detail->is_object()) return "";
  return text(*detail, "name");
}

}  // namespace

int64_t decode_pk(const json& item) {
  auto it = item.find("pk");
  if (it == item.end() || !it->is_number_integer()) {
    throw InvenTreeError(ErrorKind::kMalformed, "list item has no integer \"pk\"");
  }
  return it->get<int64_t>();
}

const std::unordered_set<std::string>& decoded_keys() {
  static const std::unordered_set<std::string> keys = {
      "pk",          "name",      "parent",         "pathstring",     "description",       "structural",
      "category",    "IPN",       "keywords",       "revision",       "units",             "link",
      "active",      "is_template", "total_in_stock", "in_stock",     "unallocated_stock", "template",
      "model_type",  "model_id",  "part",           "data",           "comment",           "parameters",
      "MPN",         "SKU",       "manufacturer_part", "manufacturer_detail", "supplier_detail",
      "primary"};
  return keys;
}

const std::unordered_set<std::string>& category_parameter_keys() {
  static const std::unordered_set<std::string> keys = [] {
    auto k = decoded_keys();
    k.insert("template_detail");
    return k;
  }();
  return keys;
}

storage::CategoryRecord decode_category(const json& item) {
  if (!item.is_object()) throw InvenTreeError(ErrorKind::kMalformed, "category item is not an object");
  storage::CategoryRecord r;
  r.id = required_id(item, "pk", "category");
  r.parent_id = optional_id(item, "parent", "category");
  r.name = text(item, "name");
  r.pathstring = text(item, "pathstring");
  if (r.pathstring.empty()) r.pathstring = r.name;
  r.description = text(item, "description");
  r.structural = flag(item, "structural", false);
  return r;
}

storage::PartRecord decode_part(const json& item) {
  if (!item.is_object()) throw InvenTreeError(ErrorKind::kMalformed, "part item is not an object");
  storage::PartRecord r;
  r.id = required_id(item, "pk", "part");
  r.category_id = optional_id(item, "category", "part");
  r.name = text(item, "name");
  r.ipn = text(item, "IPN");
  r.description = text(item, "description");
  r.keywords = text(item, "keywords");
  r.revision = text(item, "revision");
  r.units = text(item, "units");
  r.link = text(item, "link");
  r.active = flag(item, "active", true);
  r.is_template = flag(item, "is_template", false);
  auto total = quantity(item, "total_in_stock");
  if (!total) total = quantity(item, "in_stock");
  r.total_in_stock = total.value_or(0.0);
  r.unallocated_stock = quantity(item, "unallocated_stock").value_or(r.total_in_stock);
  return r;
}

storage::ParameterTemplateRecord decode_parameter_template(const json& item) {
  if (!item.is_object()) throw InvenTreeError(ErrorKind::kMalformed, "parameter template item is not an object");
  storage::ParameterTemplateRecord r;
  r.id = required_id(item, "pk", "parameter template");
  r.name = text(item, "name");
  r.units = text(item, "units");
  r.description = text(item, "description");
  return r;
}

std::optional<storage::PartParameterRecord> decode_part_parameter(const json& item) {
  if (!item.is_object()) throw InvenTreeError(ErrorKind::kMalformed, "parameter item is not an object");
  storage::PartParameterRecord r;
  r.id = required_id(item, "pk", "parameter");
  if (item.contains("model_id") || item.contains("model_type")) {
    if (!is_part_model(item)) return std::nullopt;
    r.part_id = required_id(item, "model_id", "parameter");
  } else {
    r.part_id = required_id(item, "part", "parameter");
  }
  r.template_id = required_id(item, "template", "parameter");
  r.data = parameter_data(item);
  return r;
}

std::optional<storage::CategoryParameterRecord> decode_category_parameter(const json& item) {
  if (!item.is_object()) throw InvenTreeError(ErrorKind::kMalformed, "parameter item is not an object");
  storage::CategoryParameterRecord r;
  r.id = required_id(item, "pk", "parameter");
  const std::string model = text(item, "model_type");
  if (model != "part.partcategory" && model != "partcategory") return std::nullopt;
  r.category_id = required_id(item, "model_id", "parameter");
  r.template_id = required_id(item, "template", "parameter");
  const json* detail = find(item, "template_detail");
  if (detail == nullptr || !detail->is_object()) return std::nullopt;
  r.template_name = text(*detail, "name");
  if (r.template_name.empty()) return std::nullopt;
  r.data = parameter_data(item);
  return r;
}

std::vector<storage::PartParameterRecord> decode_embedded_parameters(const json& part_item) {
  std::vector<storage::PartParameterRecord> out;
  auto it = part_item.find("parameters");
  if (it == part_item.end() || !it->is_array()) return out;
  for (const auto& p : *it) {
    if (auto parameter = decode_part_parameter(p)) out.push_back(std::move(*parameter));
  }
  return out;
}

std::optional<storage::PartAttachmentRecord> decode_datasheet_attachment(const json& item) {
  if (!item.is_object()) throw InvenTreeError(ErrorKind::kMalformed, "attachment item is not an object");
  std::optional<int64_t> part_id;
  if (item.contains("model_type")) {
    if (!is_part_model(item)) return std::nullopt;
    part_id = required_id(item, "model_id", "attachment");
  } else {
    part_id = required_id(item, "part", "attachment");
  }
  storage::PartAttachmentRecord r;
  r.id = required_id(item, "pk", "attachment");
  r.part_id = *part_id;
  r.link = text(item, "link");
  r.comment = text(item, "comment");
  if (r.link.empty() || !storage::is_datasheet_comment(r.comment)) return std::nullopt;
  return r;
}

storage::ManufacturerPartRecord decode_manufacturer_part(const json& item) {
  if (!item.is_object()) throw InvenTreeError(ErrorKind::kMalformed, "manufacturer part item is not an object");
  storage::ManufacturerPartRecord r;
  r.id = required_id(item, "pk", "manufacturer part");
  r.part_id = required_id(item, "part", "manufacturer part");
  r.manufacturer = company_name(item, "manufacturer_detail");
  r.mpn = text(item, "MPN");
  return r;
}

storage::SupplierPartRecord decode_supplier_part(const json& item) {
  if (!item.is_object()) throw InvenTreeError(ErrorKind::kMalformed, "supplier part item is not an object");
  storage::SupplierPartRecord r;
  r.id = required_id(item, "pk", "supplier part");
  r.part_id = required_id(item, "part", "supplier part");
  r.manufacturer_part_id = optional_id(item, "manufacturer_part", "supplier part");
  r.supplier = company_name(item, "supplier_detail");
  r.sku = text(item, "SKU");
  r.primary = flag(item, "primary", false);  // API >= 456; absent before
  return r;
}

}  // namespace kibridge::inventree
