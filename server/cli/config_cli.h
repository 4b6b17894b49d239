// What the configuration commands (`categories`, `mappings`, `settings`, `config`) share:
// naming an InvenTree category on the command line and turning a rule's error body
// (server/config/config_rules.h) into the one line a terminal shows.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/records.h"

namespace kibridge::cli {

// A refused value or an unknown name: run_main prints the message and exits 1.
class ConfigRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The messages of a DRF-style error body, "field: message; field: message" — the wording of
// the REST API's answer to the same change.
std::string error_text(const nlohmann::json& error_body);

// The InvenTree category a user named by pk or exact pathstring; throws ConfigRefused (with
// a "did you mean" for a near miss) otherwise.
const storage::CategoryRecord& category_arg(const std::vector<storage::CategoryRecord>& categories,
                                            const std::string& path_or_pk);

// KiCad asks for categories.json once per schematic editor session.
inline constexpr const char* kReloadHint =
    "KiCad reads categories once per session: reopen the schematic editor to see the change";

}  // namespace kibridge::cli
