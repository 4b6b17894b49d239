#include "tools/fake-inventree/sample_data.h"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "server/inventree/decode.h"

namespace kibridge::fake_inventree {

std::string derived_sample_path(const std::string& shared_dir) {
  return shared_dir + "/inventree-samples/derived/api-v534-shaped_electronics-subset.json";
}

storage::MirrorSnapshot load_derived_sample(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  nlohmann::json doc = nlohmann::json::parse(in);
  storage::MirrorSnapshot s;
  for (const auto& c : doc.at("categories")) s.categories.push_back(inventree::decode_category(c));
  for (const auto& t : doc.at("parameter_templates")) s.templates.push_back(inventree::decode_parameter_template(t));
  for (const auto& p : doc.at("parts")) s.parts.push_back(inventree::decode_part(p));
  for (const auto& p : doc.at("parameters")) {
    if (auto parameter = inventree::decode_part_parameter(p)) s.parameters.push_back(std::move(*parameter));
  }
  return s;
}

}  // namespace kibridge::fake_inventree
