#include "server/inventree/api_version.h"

#include <nlohmann/json.hpp>

#include "server/inventree/errors.h"

namespace kibridge::inventree {

namespace {
std::string string_or_empty(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}
}  // namespace

ServerInfo parse_server_info(const nlohmann::json& root) {
  if (!root.is_object()) {
    throw InvenTreeError(ErrorKind::kMalformed, "GET /api/ did not return a JSON object; is this an InvenTree server?");
  }
  auto version = root.find("apiVersion");
  if (version == root.end() || !version->is_number_integer()) {
    throw InvenTreeError(ErrorKind::kMalformed, "GET /api/ has no integer \"apiVersion\"; is this an InvenTree server?");
  }
  ServerInfo info;
  info.server = string_or_empty(root, "server");
  info.version = string_or_empty(root, "version");
  info.instance = string_or_empty(root, "instance");
  info.api_version = version->get<int>();
  return info;
}

ApiFeatures features_for(int api_version) {
  ApiFeatures f;
  f.api_version = api_version;
  f.generic_parameters = api_version >= 430;
  f.parameter_templates_path = f.generic_parameters ? "/api/parameter/template/" : "/api/part/parameter/template/";
  f.parameters_path = f.generic_parameters ? "/api/parameter/" : "/api/part/parameter/";
  f.generic_attachments = api_version >= 207;
  f.attachments_path = f.generic_attachments ? "/api/attachment/" : "/api/part/attachment/";
  f.part_ordering_by_id = api_version >= 482;
  f.category_parameters = api_version >= 505;
  return f;
}

void check_supported(const ServerInfo& info) {
  if (info.api_version < kMinimumApiVersion) {
    throw InvenTreeError(ErrorKind::kConfig, "InvenTree API version " + std::to_string(info.api_version) +
                                                 " is too old; kibridge needs " + std::to_string(kMinimumApiVersion) +
                                                 " or newer");
  }
}

}  // namespace kibridge::inventree
