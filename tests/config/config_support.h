// Shared by the configuration-file tests: a store's configuration exported as the file, and a
// file's text planned against a store, the two steps `kibridge config export|apply` take.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "server/config/config_file.h"
#include "server/config/config_rules.h"
#include "storage/store.h"

namespace kibridge::testing {

inline std::string export_of(const storage::Store& store) {
  return config::export_config(config::read_stored_config(store), config::load_library_config(store));
}

inline config::ConfigPlan plan_for(const storage::Store& store, const std::string& text) {
  return config::plan_config(nlohmann::json::parse(text), config::read_stored_config(store),
                             store.mirror().categories(), config::load_library_config(store));
}

}  // namespace kibridge::testing
