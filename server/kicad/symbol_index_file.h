// The file that keeps the symbol names of KiCad's installed symbol libraries between processes
// (installed_libraries.h says why and what it saves): per symbol file, its size, modification
// time and top-level symbol names, so a scan re-reads only the files that are new or changed.
//
// Format: one JSON document, {"kibridge_symbol_index": 1, "roots": {"<root folder>": {"<file,
// relative to the root, '/'-separated>": {"size", "mtime", "symbols": [...]}}}}. JSON because
// nlohmann-json is already linked and a person can read it; the version number lets a later
// kibridge change the format without misreading an older file (an unknown version is ignored).
// "mtime" is std::filesystem::file_time_type ticks: only ever compared with the same
// platform's ticks, never shown.
//
// Errors: none. A cache is an optimisation, so a file that is missing, unreadable, corrupt or
// of another version loads as nothing (everything is re-read), and one that cannot be written
// is simply not kept. Writes are atomic (a temporary file beside it, then a rename), so a
// process never reads another's half-written file; two processes writing at once each leave a
// whole file, the last one's. Nothing here keeps state: safe from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kibridge::kicad {

// One symbol file as last read.
struct IndexedSymbolFile {
  uintmax_t size = 0;
  int64_t mtime = 0;                 // std::filesystem::file_time_type ticks
  std::vector<std::string> symbols;  // symbol_names_in() of its text
  bool operator==(const IndexedSymbolFile&) const = default;
};

// Per root folder, its symbol files by their path relative to it ('/'-separated).
using SymbolIndex = std::map<std::string, std::map<std::string, IndexedSymbolFile>>;

// Pure: the file's text for `index`, and back. parse_symbol_index() returns nullopt for a text
// that is not this format's current version (corrupt, truncated, older or newer).
std::string symbol_index_text(const SymbolIndex& index);
std::optional<SymbolIndex> parse_symbol_index(std::string_view text);

// The index kept in `file`; empty when there is none usable.
SymbolIndex load_symbol_index(const std::filesystem::path& file);
// Replaces `file` (its folder created if needed) atomically; false when it could not.
bool save_symbol_index(const std::filesystem::path& file, const SymbolIndex& index);

}  // namespace kibridge::kicad
