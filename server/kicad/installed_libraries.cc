// Scanning the installed KiCad libraries.
//
// Measured on this machine's KiCad 9 (224 symbol files, 213 MB; 155 footprint folders, 15,415
// footprints): see tools/bench/kicad_libraries_bench.cc for the command and the numbers. The
// symbol scan is one pass per file over its bytes with a depth counter: an S-expression
// parser building a tree would allocate for each of the ~10 million atoms for nothing.
#include "server/kicad/installed_libraries.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>

#include "server/platform/user_dirs.h"
#include "server/util/ascii_text.h"

namespace kibridge::kicad {

namespace {

namespace fs = std::filesystem;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The string starting at t[i] == '"'; `i` ends after its closing quote. KiCad escapes '"' and
// '\' with a backslash.
std::string read_quoted(std::string_view t, size_t& i) {
  std::string out;
  for (++i; i < t.size() && t[i] != '"'; ++i) {
    if (t[i] == '\\' && i + 1 < t.size()) ++i;
    out += t[i];
  }
  if (i < t.size()) ++i;
  return out;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) return std::nullopt;
  text.resize(static_cast<size_t>(size));
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!in) return std::nullopt;
  return text;
}

// The entries of `dir` (none when it is missing or unreadable), sorted for a stable order.
std::vector<fs::directory_entry> entries_of(const fs::path& dir) {
  std::vector<fs::directory_entry> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) out.push_back(*it);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
  return out;
}

bool is_dir(const fs::directory_entry& e) {
  std::error_code ec;
  return e.is_directory(ec);
}

void add_symbols_of_file(const fs::path& file, const std::string& library, std::vector<std::string>& out) {
  const auto text = read_file(file);
  if (!text) return;
  for (auto& name : symbol_names_in(*text)) out.push_back(library + ":" + name);
}

void sort_unique(std::vector<std::string>& names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
}

std::vector<std::string> or_default(const std::vector<std::string>& dirs, const std::vector<std::string>& fallback) {
  std::vector<std::string> out;
  for (const auto& d : dirs) {
    std::string t = util::trim(d);
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out.empty() ? fallback : out;
}

bool contains_folded(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() && util::ascii_lower(hay[i + j]) == util::ascii_lower(needle[j])) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

bool starts_folded(std::string_view hay, std::string_view prefix) {
  return prefix.size() <= hay.size() && contains_folded(hay.substr(0, prefix.size()), prefix);
}

bool equals_folded(std::string_view a, std::string_view b) { return a.size() == b.size() && starts_folded(a, b); }

}  // namespace

std::vector<std::string> symbol_names_in(std::string_view t) {
  std::vector<std::string> out;
  int depth = 0;
  size_t i = 0;
  const size_t n = t.size();
  while (i < n) {
    const char c = t[i];
    if (c == '"') {
      // Skipped without copying: only symbol names are kept.
      for (++i; i < n && t[i] != '"'; ++i) {
        if (t[i] == '\\') ++i;
      }
      ++i;
    } else if (c == ')') {
      --depth;
      ++i;
    } else if (c == '(') {
      ++i;
      // Depth 1 is (kicad_symbol_lib ...); its children at depth 2 are the symbols.
      if (++depth != 2 || t.compare(i, 6, "symbol") != 0 || i + 6 >= n || !is_space(t[i + 6])) continue;
      i += 6;
      while (i < n && is_space(t[i])) ++i;
      if (i < n && t[i] == '"') {
        out.push_back(read_quoted(t, i));
      } else {
        const size_t start = i;
        while (i < n && !is_space(t[i]) && t[i] != '(' && t[i] != ')') ++i;
        if (i > start) out.emplace_back(t.substr(start, i - start));
      }
    } else {
      ++i;
    }
  }
  return out;
}

LibraryRoots default_library_roots() {
  // Other places are named by the settings.
  const platform::UserDirs dirs = platform::user_dirs();
  return {{dirs.kicad_symbols}, {dirs.kicad_footprints}};
}

LibraryRoots library_roots(const std::vector<std::string>& symbol_dirs, const std::vector<std::string>& footprint_dirs) {
  const LibraryRoots defaults = default_library_roots();
  return {or_default(symbol_dirs, defaults.symbol_dirs), or_default(footprint_dirs, defaults.footprint_dirs)};
}

InstalledNames::InstalledNames(LibraryRoots roots, std::vector<std::string> symbols, std::vector<std::string> footprints)
    : roots_(std::move(roots)), symbols_(std::move(symbols)), footprints_(std::move(footprints)) {
  sort_unique(symbols_);
  sort_unique(footprints_);
}

std::vector<std::string> search_names(const std::vector<std::string>& names, std::string_view text, size_t limit) {
  // Three ranks, each kept in name order; only `limit` of each are needed.
  std::vector<std::string> ranked[3];
  for (const auto& name : names) {
    if (!contains_folded(name, text)) continue;
    const size_t colon = name.find(':');
    const std::string_view item = colon == std::string::npos ? std::string_view(name) : std::string_view(name).substr(colon + 1);
    int rank = 2;
    if (equals_folded(name, text) || equals_folded(item, text)) {
      rank = 0;
    } else if (starts_folded(name, text) || starts_folded(item, text)) {
      rank = 1;
    }
    if (ranked[rank].size() < limit) ranked[rank].push_back(name);
  }
  std::vector<std::string> out;
  for (auto& group : ranked) {
    for (auto& name : group) {
      if (out.size() == limit) return out;
      out.push_back(std::move(name));
    }
  }
  return out;
}

InstalledNames scan_roots(const LibraryRoots& roots) {
  std::vector<std::string> symbols, footprints;
  for (const auto& root : roots.symbol_dirs) {
    for (const auto& entry : entries_of(root)) {
      const fs::path& p = entry.path();
      const std::string library = p.stem().string();
      if (p.extension() == ".kicad_sym" && !is_dir(entry)) {
        add_symbols_of_file(p, library, symbols);
      } else if (p.extension() == ".kicad_symdir" && is_dir(entry)) {
        // KiCad 9's library-as-a-folder form: one file per symbol.
        for (const auto& file : entries_of(p)) {
          if (file.path().extension() == ".kicad_sym") add_symbols_of_file(file.path(), library, symbols);
        }
      }
    }
  }
  for (const auto& root : roots.footprint_dirs) {
    for (const auto& entry : entries_of(root)) {
      if (entry.path().extension() != ".pretty" || !is_dir(entry)) continue;
      const std::string library = entry.path().stem().string();
      for (const auto& file : entries_of(entry.path())) {
        if (file.path().extension() == ".kicad_mod") footprints.push_back(library + ":" + file.path().stem().string());
      }
    }
  }
  return InstalledNames(roots, std::move(symbols), std::move(footprints));
}

std::shared_ptr<const InstalledNames> InstalledLibraries::get(const LibraryRoots& roots) {
  return build_for(roots).get();  // outside the lock: callers for other roots are not held up
}

std::shared_ptr<const InstalledNames> InstalledLibraries::ready(const LibraryRoots& roots) {
  const auto build = build_for(roots);
  if (build.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return nullptr;
  return build.get();
}

std::shared_future<std::shared_ptr<const InstalledNames>> InstalledLibraries::build_for(const LibraryRoots& roots) {
  std::shared_future<std::shared_ptr<const InstalledNames>> build, replaced;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!build_.valid() || !(roots_ == roots)) {
      roots_ = roots;
      replaced = std::move(build_);  // a superseded build is waited for outside the lock
      const Scanner scanner = scanner_;
      build_ = std::async(std::launch::async, [scanner, roots] {
                 return std::shared_ptr<const InstalledNames>(std::make_shared<InstalledNames>(scanner(roots)));
               }).share();
    }
    build = build_;
  }
  return build;
}

}  // namespace kibridge::kicad
