#include "server/cli/httplib_config.h"

#include <nlohmann/json.hpp>

#include "server/kicad/libraries.h"

namespace kibridge::cli {

std::string make_httplib_config(const std::string& server_url, const std::string& token, const std::string& name,
                                const std::string& library) {
  std::string root = server_url;
  while (!root.empty() && root.back() == '/') root.pop_back();
  if (root.size() >= 3 && root.compare(root.size() - 3, 3, "/v1") == 0) root.resize(root.size() - 3);
  // The library's path without the "/v1/" KiCad appends itself.
  std::string prefix = kicad::library_path(library);
  prefix.resize(prefix.size() - 4);
  if (root.size() < prefix.size() || root.compare(root.size() - prefix.size(), prefix.size(), prefix) != 0) {
    root += prefix;
  }
  nlohmann::ordered_json config = {
      {"meta", {{"version", 1.0}}},
      {"name", name},
      {"description", "InvenTree parts served by kibridge"},
      {"source",
       {{"type", "REST_API"},
        {"api_version", "v1"},
        {"root_url", root},
        {"token", token},
        {"timeout_parts_seconds", 60},
        {"timeout_categories_seconds", 600}}}};
  return config.dump(2) + "\n";
}

}  // namespace kibridge::cli
