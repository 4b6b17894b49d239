#include "server/inventree/error_text.h"

#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/inventree/errors.h"

namespace kibridge::inventree {

namespace {

using Json = nlohmann::ordered_json;  // keeps the server's field order

void flatten(const Json& value, const std::string& path, std::vector<std::string>& parts) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      const bool anonymous = key == "non_field_errors" || key == "detail";
      flatten(item, anonymous ? path : (path.empty() ? key : path + "." + key), parts);
    }
    return;
  }
  if (value.is_array()) {
    std::string messages;
    for (const auto& item : value) {
      if (item.is_object() || item.is_array()) {
        flatten(item, path, parts);  // bulk answers: one entry per item
      } else if (!item.is_null()) {
        if (!messages.empty()) messages += ' ';
        messages += item.is_string() ? item.get<std::string>() : item.dump();
      }
    }
    if (!messages.empty()) parts.push_back(path.empty() ? messages : path + ": " + messages);
    return;
  }
  if (value.is_null()) return;
  const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  parts.push_back(path.empty() ? text : path + ": " + text);
}

}  // namespace

std::string inventree_error_text(const std::string& body) {
  Json parsed;
  try {
    parsed = Json::parse(body);
  } catch (const Json::exception&) {
    return inventree::summarise_body(body);
  }
  std::vector<std::string> parts;
  flatten(parsed, "", parts);
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += "; ";
    out += p;
  }
  return out;
}

}  // namespace kibridge::inventree
