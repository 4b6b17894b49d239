#include "server/cli/config_cli.h"

#include "server/config/category_tree.h"

namespace kibridge::cli {

std::string error_text(const nlohmann::json& error_body) {
  std::string out;
  for (const auto& [field, messages] : error_body.items()) {
    if (field == "detail" || !messages.is_array()) continue;
    for (const auto& m : messages) out += (out.empty() ? "" : "; ") + field + ": " + m.get<std::string>();
  }
  if (out.empty() && error_body.contains("detail")) out = error_body["detail"].get<std::string>();
  return out;
}

const storage::CategoryRecord& category_arg(const std::vector<storage::CategoryRecord>& categories,
                                            const std::string& path_or_pk) {
  const auto found = config::find_category(categories, path_or_pk);
  if (!found.id) throw ConfigRefused(found.error);
  for (const auto& c : categories) {
    if (c.id == *found.id) return c;
  }
  throw ConfigRefused(found.error);  // not reached: find_category returns ids of `categories`
}

}  // namespace kibridge::cli
