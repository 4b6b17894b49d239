// The web console's files (server/console/), compiled into the binary at build time the way
// schema.sql is: a kibridge executable serves its console with nothing beside it on disk and
// nothing fetched at run time, and a console always matches the server it came with.
//
// server/http/CMakeLists.txt generates the table from every file of server/console/ (a changed
// or added file there re-runs CMake). The files are text (HTML, CSS, JavaScript, SVG): each is
// embedded as a raw string literal, which CMake refuses to generate for a file containing the
// literal's closing delimiter.
#pragma once

#include <cstddef>
#include <string_view>

namespace kibridge::http {

struct ConsoleAsset {
  std::string_view name;  // file name in server/console/, e.g. "app.js"
  std::string_view body;
};

extern const ConsoleAsset kConsoleAssets[];
extern const size_t kConsoleAssetCount;

}  // namespace kibridge::http
