#include "server/kicad/symbol_index_file.h"

#include <fstream>
#include <iterator>
#include <random>
#include <system_error>

#include <nlohmann/json.hpp>

namespace kibridge::kicad {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kVersionKey = "kibridge_symbol_index";
constexpr int kVersion = 1;

// A name no other writer picks: several processes may save at the same moment.
fs::path temporary_beside(const fs::path& file) {
  std::random_device random;
  const uint64_t tag = (uint64_t{random()} << 32) ^ random();
  return fs::path(file).concat(".tmp-" + std::to_string(tag));
}

}  // namespace

std::string symbol_index_text(const SymbolIndex& index) {
  json roots = json::object();
  for (const auto& [root, files] : index) {
    json entries = json::object();
    for (const auto& [name, f] : files) {
      entries[name] = {{"size", f.size}, {"mtime", f.mtime}, {"symbols", f.symbols}};
    }
    roots[root] = std::move(entries);
  }
  // A path not in UTF-8 (a Windows code page) is written with replacement characters: it then
  // never matches and that file is re-read each time, which is slower but still right.
  return json{{kVersionKey, kVersion}, {"roots", std::move(roots)}}.dump(-1, ' ', false,
                                                                        json::error_handler_t::replace);
}

std::optional<SymbolIndex> parse_symbol_index(std::string_view text) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;
  const auto version = doc.find(kVersionKey);
  if (version == doc.end() || *version != kVersion) return std::nullopt;
  const auto roots = doc.find("roots");
  if (roots == doc.end() || !roots->is_object()) return std::nullopt;
  SymbolIndex out;
  try {
    for (const auto& [root, files] : roots->items()) {
      if (!files.is_object()) return std::nullopt;
      auto& entries = out[root];
      for (const auto& [name, f] : files.items()) {
        entries[name] = {f.at("size").get<uintmax_t>(), f.at("mtime").get<int64_t>(),
                         f.at("symbols").get<std::vector<std::string>>()};
      }
    }
  } catch (const json::exception&) {
    return std::nullopt;  // a field missing or of the wrong type: not this format
  }
  return out;
}

SymbolIndex load_symbol_index(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_symbol_index(text).value_or(SymbolIndex{});
}

bool save_symbol_index(const fs::path& file, const SymbolIndex& index) {
  std::error_code ec;
  if (file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
  const fs::path temporary = temporary_beside(file);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << symbol_index_text(index);
    out.close();
    if (!out) {
      fs::remove(temporary, ec);
      return false;
    }
  }
  fs::rename(temporary, file, ec);  // replaces `file` in one step, on Windows too
  if (ec) {
    fs::remove(temporary, ec);
    return false;
  }
  return true;
}

}  // namespace kibridge::kicad
