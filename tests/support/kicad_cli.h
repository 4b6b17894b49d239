// Real KiCad in tests: writing a small schematic and exporting its intermediate netlist with
// `kicad-cli sch export netlist --format kicadxml` (KiCad 9 from bookworm-backports, installed
// by `make deps`). Tests that need it skip when kicad-cli is not on PATH.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/shared_files.h"
#include "tests/support/temp_dir.h"

namespace kibridge::testing {

namespace fs = std::filesystem;

inline std::optional<fs::path> find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::stringstream dirs(path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (dir.empty()) continue;
    fs::path candidate = fs::path(dir) / program;
    std::error_code ignored;
    if (fs::is_regular_file(candidate, ignored) && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

#define REQUIRE_KICAD_CLI() \
  if (!::kibridge::testing::find_on_path("kicad-cli")) GTEST_SKIP() << "kicad-cli not on PATH (make deps-kicad)"

inline std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Exports `schematic` to <work>/netlist.xml and returns that path, or nullopt with the reason
// in *error. kicad-cli gets a private HOME (it writes settings there) and a time limit.
inline std::optional<fs::path> export_netlist(const fs::path& schematic, const TempDir& work, std::string* error) {
  fs::path home = work.path() / "home";
  fs::create_directories(home);
  fs::path out = work.path() / "netlist.xml";
  fs::path log = work.path() / "kicad-cli.log";
  std::string command = "HOME=" + shell_quote(home.string()) +
                        " XDG_CONFIG_HOME=" + shell_quote((home / ".config").string()) +
                        " XDG_CACHE_HOME=" + shell_quote((home / ".cache").string()) +
                        " timeout 120 kicad-cli sch export netlist --format kicadxml -o " + shell_quote(out.string()) +
                        " " + shell_quote(schematic.string()) + " > " + shell_quote(log.string()) + " 2>&1 < /dev/null";
  int status = std::system(command.c_str());
  if (status != 0 || !fs::exists(out)) {
    if (error) *error = "kicad-cli failed (status " + std::to_string(status) + "): " + slurp(log);
    return std::nullopt;
  }
  return out;
}

// ---- a schematic written by a test ----

struct PlacedSymbol {
  std::string lib_id;  // "Device:R", or "<HTTP library>:<part>" as placed from kibridge
  std::string uuid;
  std::string ref;
  std::string value;
  std::string footprint;
  std::string datasheet;
  std::vector<std::pair<std::string, std::string>> fields;  // hidden fields, e.g. InvenTree
  bool dnp = false;
};

inline std::string schematic_property(const std::string& name, const std::string& value, bool hidden) {
  return "    (property \"" + name + "\" \"" + value + "\" (at 0 0 0) (effects (font (size 1.27 1.27))" +
         (hidden ? " (hide yes)" : "") + "))\n";
}

// A library symbol with two passive pins, the shape KiCad embeds in (lib_symbols ...).
inline std::string two_pin_library_symbol(const std::string& lib_id, const std::string& reference,
                                          const std::string& description) {
  std::string name = lib_id.substr(lib_id.find(':') + 1);
  auto make_pin = [](const std::string& y, const std::string& angle, const std::string& number) {
    const std::string font = "(effects (font (size 1.27 1.27)))";
    return "      (pin passive line (at 0 " + y + " " + angle + ") (length 1.27) (name \"~\" " + font + ") (number \"" +
           number + "\" " + font + "))\n";
  };
  return "  (symbol \"" + lib_id + "\" (exclude_from_sim no) (in_bom yes) (on_board yes)\n" +
         schematic_property("Reference", reference, false) + schematic_property("Value", name, false) +
         schematic_property("Footprint", "", true) + schematic_property("Datasheet", "~", true) +
         schematic_property("Description", description, true) + "    (symbol \"" + name + "_1_1\"\n" +
         make_pin("3.81", "270", "1") + make_pin("-3.81", "90", "2") + "    )\n  )\n";
}

inline constexpr const char* kRootUuid = "6a1f0c52-3b7e-4d4a-9f10-0000000000aa";

inline std::string placed_symbol(const PlacedSymbol& s) {
  std::string text = "  (symbol (lib_id \"" + s.lib_id + "\") (at 50 50 0) (unit 1)\n" +
                     "    (exclude_from_sim no) (in_bom yes) (on_board yes) (dnp " + (s.dnp ? "yes" : "no") + ")\n" +
                     "    (uuid \"" + s.uuid + "\")\n" + schematic_property("Reference", s.ref, false) +
                     schematic_property("Value", s.value, false) + schematic_property("Footprint", s.footprint, true) +
                     schematic_property("Datasheet", s.datasheet, true) + schematic_property("Description", "", true);
  for (const auto& [name, value] : s.fields) text += schematic_property(name, value, true);
  text += std::string("    (instances (project \"kibridge_test\" (path \"/") + kRootUuid + "\" (reference \"" + s.ref +
          "\") (unit 1))))\n  )\n";
  return text;
}

// A one-sheet KiCad 9 schematic placing `symbols`; each distinct lib_id gets a two-pin library
// symbol whose reference prefix is the letters of the first placement's ref.
inline std::string test_schematic(const std::vector<PlacedSymbol>& symbols) {
  std::string text = std::string("(kicad_sch (version 20250114) (generator \"kibridge_tests\") (uuid \"") + kRootUuid +
                     "\") (paper \"A4\")\n (lib_symbols\n";
  std::set<std::string> defined;
  for (const PlacedSymbol& s : symbols) {
    if (!defined.insert(s.lib_id).second) continue;
    std::string prefix;
    for (char c : s.ref) {
      if (c >= '0' && c <= '9') break;
      prefix += c;
    }
    text += two_pin_library_symbol(s.lib_id, prefix, s.lib_id + " for kibridge tests");
  }
  text += " )\n";
  for (const PlacedSymbol& symbol : symbols) text += placed_symbol(symbol);
  text += " (sheet_instances (path \"/\" (page \"1\")))\n)\n";
  return text;
}

}  // namespace kibridge::testing
