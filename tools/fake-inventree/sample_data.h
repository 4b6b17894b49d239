// Seeds for the fake InvenTree from shared/inventree-samples/: the derived v534-shaped
// Electronics subset (categories, parts, templates and parameters in InvenTree's own JSON).
#pragma once

#include <string>

#include "storage/records.h"

namespace kibridge::fake_inventree {

// Path of the derived sample below `shared_dir` (the repository's ../shared).
std::string derived_sample_path(const std::string& shared_dir);

// Reads the derived sample into mirror records. Throws std::runtime_error when the file is
// missing or not in the expected shape.
storage::MirrorSnapshot load_derived_sample(const std::string& path);

}  // namespace kibridge::fake_inventree
