// Where the test executable finds the source tree and the kibridge executable it tests.
//
// Both are baked into one translation unit (build_paths.cc, the only file compiled with the
// paths as definitions), not into every test file: a definition that differs per worktree or
// build directory would make every test file's object differ too, so ccache could share none
// of them between checkouts. With one file carrying the paths, a second checkout recompiles
// that file alone.
#pragma once

#include <string>

namespace kibridge::testing {

// The repository's root (README.md, schema.sql, ../shared beside it).
const std::string& source_dir();

// The kibridge executable built beside the tests (CLI and process tests run it).
const std::string& kibridge_binary();

}  // namespace kibridge::testing
