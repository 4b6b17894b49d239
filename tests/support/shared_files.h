// Reading files in tests: whole files, and the shared reference data beside the repository
// (`../shared`, present in CI and on the team's machines, absent from a user's clone: tests
// that need it skip when it is missing).
#pragma once

#include "tests/support/build_paths.h"
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kibridge::testing {

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// ../shared/kicad-netlists: real intermediate netlists from KiCad 5 to 10.
inline std::filesystem::path kicad_netlist_samples() {
  return std::filesystem::path(source_dir()) / ".." / "shared" / "kicad-netlists";
}

}  // namespace kibridge::testing
