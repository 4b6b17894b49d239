#include "tests/support/build_paths.h"

namespace kibridge::testing {

const std::string& source_dir() {
  static const std::string dir = KIBRIDGE_SOURCE_DIR;
  return dir;
}

const std::string& kibridge_binary() {
  static const std::string binary = KIBRIDGE_BINARY;
  return binary;
}

}  // namespace kibridge::testing
