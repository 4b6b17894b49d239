// `kibridge upload FILE --url URL --token T [-o OUT]`: sends a KiCad netlist to a running
// kibridge server (the plugin's upload route) and writes the server's report. Made to be
// KiCad's BOM-plugin command line: `kibridge upload "%I" -o "%O.txt" --url ... --token ...`.
#include <httplib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

#include "server/cli/command_start.h"
#include "server/http/kicad_routes.h"
#include "server/inventree/base_url.h"
#include "server/inventree/errors.h"

namespace kibridge::cli {

namespace {

constexpr const char* kUploadUsage =
    "usage: kibridge upload FILE --url URL --token TOKEN [-o OUT] [--dry-run] [--json]\n"
    "Sends a KiCad intermediate netlist (XML) to a running kibridge server, which imports it:\n"
    "new footprints, symbols, reference prefixes and datasheets are shown to KiCad at once and\n"
    "queued for InvenTree. Writes the server's report to OUT, or to stdout.\n"
    "  --url URL        the server, e.g. http://127.0.0.1:8765 (the KiCad root_url ending in\n"
    "                   /plugin/kicad-library-plugin works too); default $KIBRIDGE_URL\n"
    "  --token TOKEN    an import API token (`kibridge token create NAME --scope import`:\n"
    "                   it may upload netlists and read, nothing else); default $KIBRIDGE_TOKEN\n"
    "  -o, --output OUT write the report to OUT instead of stdout\n"
    "  --dry-run        plan only: the server records the import, changes and queues nothing\n"
    "  --json           the report as JSON instead of text\n"
    "As a KiCad BOM plugin (Schematic Editor > Tools > Generate Legacy Bill of Materials, or\n"
    "File > Export > Netlist in KiCad 5/6), add the command line\n"
    "  kibridge upload \"%I\" -o \"%O.txt\" --url http://127.0.0.1:8765 --token kib_...\n"
    "Exit status: 0 imported, 1 the server refused it or cannot be reached, 2 usage error.\n";

// The server's address without KiCad's path parts: "http://h:8765/plugin/kicad-library-plugin/v1/"
// and "http://h:8765" both name the server at http://h:8765.
inventree::BaseUrl server_address(std::string url) {
  for (const std::string_view suffix : {"/", "/v1", "/upload", "/upload.json", http::kPluginPrefix}) {
    while (url.size() >= suffix.size() && url.compare(url.size() - suffix.size(), suffix.size(), suffix) == 0) {
      url.resize(url.size() - suffix.size());
    }
  }
  try {
    return inventree::parse_base_url(url);
  } catch (const inventree::InvenTreeError&) {
    throw UsageError("--url must be the kibridge server's address, e.g. http://127.0.0.1:8765 (got '" + url + "')");
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read " + path);
  return content.str();
}

// The message of an error answer: kibridge's "detail", the plugin's "error", else the start of
// the body (a proxy's HTML page, say).
std::string error_message(const httplib::Response& res) {
  const auto body = nlohmann::json::parse(res.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_object()) {
    for (const char* key : {"detail", "error"}) {
      if (body.contains(key) && body[key].is_string()) return body[key].get<std::string>();
    }
  }
  return res.body.substr(0, 200);
}

}  // namespace

int run_upload(const std::vector<std::string>& words) {
  CommandStart start(words, {.usage = kUploadUsage, .json = true});
  if (auto done = start.answered()) return *done;
  Args& args = start.args();
  const bool as_json = start.json();
  const std::string url = args.option_or("--url", "", "KIBRIDGE_URL");
  const std::string token = args.option_or("--token", "", "KIBRIDGE_TOKEN");
  std::optional<std::string> output = args.option("-o");
  if (auto long_form = args.option("--output")) output = long_form;
  const bool dry_run = args.flag("--dry-run");
  const auto& files = args.positional();
  args.finish(1);
  if (files.empty()) throw UsageError("which netlist? give the FILE to upload");
  if (url.empty()) throw UsageError("--url is required (or set KIBRIDGE_URL)");
  if (token.empty()) throw UsageError("--token is required (or set KIBRIDGE_TOKEN)");
  const inventree::BaseUrl server = server_address(url);

  const std::string netlist = read_file(files[0]);
  if (netlist.empty()) {
    return command_failed("upload", files[0] +
                                        " is empty; export the netlist again (kicad-cli sch export netlist --format "
                                        "kicadxml) and upload that file");
  }
  httplib::Client client(server.origin());
  client.set_connection_timeout(10);
  client.set_read_timeout(300);  // a huge design is planned while we wait
  client.set_write_timeout(60);
  if (server.https()) client.enable_server_certificate_verification(true);
  const std::string path = server.path_prefix + http::kPluginPrefix + "/upload?format=" + (as_json ? "json" : "text") +
                           (dry_run ? "&dry_run=1" : "");
  const httplib::UploadFormDataItems items = {
      {"file", netlist, std::filesystem::path(files[0]).filename().string(), "application/xml"}};
  const auto res = client.Post(path, {{"Authorization", "Token " + token}}, items);
  if (!res) {
    return command_failed("upload", "cannot reach kibridge at " + server.display() + " (" +
                                        httplib::to_string(res.error()) + "): is `kibridge serve` running at " +
                                        server.display() + "?");
  }
  if (res->status < 200 || res->status >= 300) {
    std::cerr << "kibridge upload: the server answered " << res->status << ": " << error_message(*res) << "\n";
    if (res->status == 401) std::cerr << "kibridge upload: check --token (or KIBRIDGE_TOKEN)\n";
    if (res->status == 403) {
      std::cerr << "kibridge upload: the token may not upload; create one with `kibridge token create NAME --scope "
                   "import`\n";
    }
    return 1;
  }

  std::string report = res->body;
  if (as_json) {
    // Pretty, like `kibridge import --json`.
    const auto body = nlohmann::json::parse(report, nullptr, /*allow_exceptions=*/false);
    if (!body.is_discarded()) report = body.dump(2) + "\n";
  }
  if (!output) {
    std::cout << report;
    return 0;
  }
  std::ofstream out(*output, std::ios::binary | std::ios::trunc);
  out << report;
  out.close();
  if (!out) return command_failed("upload", "cannot write " + *output + ": " + std::strerror(errno));
  std::cerr << "kibridge upload: " << (res->status == 201 ? "imported" : "planned (dry run)") << "; report written to "
            << *output << "\n";
  return 0;
}

}  // namespace kibridge::cli
