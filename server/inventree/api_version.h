// What an InvenTree server says about itself at GET /api/, and which endpoints and query
// options its API version implies. Pure functions; the version gates are those of InvenTree's
// own api_version.py (its API changelog), and inventree_api.h explains each one.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace kibridge::inventree {

struct ServerInfo {
  std::string server;    // "InvenTree"
  std::string version;   // software version, e.g. "1.4.0" or "1.5.0 dev"
  std::string instance;  // instance name
  int api_version = 0;   // "apiVersion"
};

// Parses the /api/ root object. Throws InvenTreeError(kMalformed) when it is not an object
// with an integer "apiVersion" (e.g. a proxy's HTML page, or not an InvenTree server).
ServerInfo parse_server_info(const nlohmann::json& root);

// The endpoints and options to use against one API version.
struct ApiFeatures {
  int api_version = 0;
  // v430 replaced /api/part/parameter/... by the generic /api/parameter/... endpoints.
  bool generic_parameters = false;
  std::string parameter_templates_path;  // list endpoint, with trailing slash
  std::string parameters_path;
  // v207 moved every attachment to the generic /api/attachment/ (model_type + model_id).
  bool generic_attachments = false;
  std::string attachments_path;
  // v482: the part list can be ordered by id, which keeps limit/offset pages stable.
  bool part_ordering_by_id = false;
  // v505 (InvenTree 1.4): part categories carry parameters (model_type part.partcategory).
  bool category_parameters = false;
};

ApiFeatures features_for(int api_version);

// The oldest API version kibridge talks to: the one inventree-python also refuses below
// (InvenTree 0.15, 2024). Older servers lack fields the mirror depends on.
constexpr int kMinimumApiVersion = 206;

// Throws InvenTreeError(kConfig) when `info` is older than kMinimumApiVersion, saying so.
void check_supported(const ServerInfo& info);

}  // namespace kibridge::inventree
