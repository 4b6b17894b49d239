// Scanning the installed KiCad libraries.
//
// KiCad 9's libraries: 224 symbol files, 213 MB; 155 footprint folders, 15,415 footprints (the
// numbers of a scan are in installed_libraries.h). The symbol scan is one pass per file over its
// bytes with a depth counter: an S-expression parser building a tree would allocate for each of
// the ~10 million atoms for nothing.
#include "server/kicad/installed_libraries.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>

#include "server/kicad/symbol_index_file.h"
#include "server/platform/user_dirs.h"
#include "server/util/ascii_text.h"

namespace kibridge::kicad {

namespace {

namespace fs = std::filesystem;

// symbol_names_in() and what it inlines are not instrumented under ThreadSanitizer: they read
// only the text handed to them, which no other thread sees, so TSan has nothing to find there,
// while instrumenting each byte read of KiCad's 213 MB is most of a cold scan in the TSan
// build. Measured with both this and read_symbol_file's reused buffer: 4.0-4.5 s; without
// this, 10.0 s; with neither, 22-33 s, past the HTTP tests' 10 s client timeouts (one scan of
// /usr/share/kicad, 2 cores at load average 10).
#if defined(__GNUC__) || defined(__clang__)
#define KIBRIDGE_NOT_THREAD_SANITIZED __attribute__((no_sanitize("thread")))
#else
#define KIBRIDGE_NOT_THREAD_SANITIZED
#endif

KIBRIDGE_NOT_THREAD_SANITIZED inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

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

// One symbol file found under a root, as the index keys it.
struct SymbolFile {
  fs::path path;
  std::string key;      // relative to the root, '/'-separated
  std::string library;  // the library nickname its symbols belong to
};

// The symbol files under `root`: `<Library>.kicad_sym` files and the files of KiCad 9's
// library-as-a-folder form, `<Library>.kicad_symdir/<Symbol>.kicad_sym`.
std::vector<SymbolFile> symbol_files_under(const fs::path& root) {
  std::vector<SymbolFile> out;
  for (const auto& entry : entries_of(root)) {
    const fs::path& p = entry.path();
    const std::string library = p.stem().string();
    if (p.extension() == ".kicad_sym" && !is_dir(entry)) {
      out.push_back({p, p.filename().generic_string(), library});
    } else if (p.extension() == ".kicad_symdir" && is_dir(entry)) {
      for (const auto& file : entries_of(p)) {
        if (file.path().extension() != ".kicad_sym") continue;
        out.push_back({file.path(), (p.filename() / file.path().filename()).generic_string(), library});
      }
    }
  }
  return out;
}

// The size and modification time the index compares; nullopt when the file cannot be examined.
std::optional<std::pair<uintmax_t, int64_t>> stamp_of(const fs::path& file) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(file, ec);
  if (ec) return std::nullopt;
  const auto mtime = fs::last_write_time(file, ec);
  if (ec) return std::nullopt;
  return std::make_pair(size, static_cast<int64_t>(mtime.time_since_epoch().count()));
}

bool folder_exists(const std::string& dir) {
  std::error_code ec;
  return fs::is_directory(dir, ec);
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

KIBRIDGE_NOT_THREAD_SANITIZED std::vector<std::string> symbol_names_in(std::string_view text) {
  std::vector<std::string> out;
  int depth = 0;
  size_t i = 0;
  // Indexed through a plain pointer: string_view's operator[] is a call of its own, which would
  // be instrumented (see KIBRIDGE_NOT_THREAD_SANITIZED).
  const char* const t = text.data();
  const size_t n = text.size();
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
      if (++depth != 2 || i + 6 >= n || std::memcmp(t + i, "symbol", 6) != 0 || !is_space(t[i + 6])) continue;
      i += 6;
      while (i < n && is_space(t[i])) ++i;
      if (i < n && t[i] == '"') {
        out.push_back(read_quoted(text, i));
      } else {
        const size_t start = i;
        while (i < n && !is_space(t[i]) && t[i] != '(' && t[i] != ')') ++i;
        if (i > start) out.emplace_back(t + start, i - start);
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

bool read_symbol_file(const fs::path& file, std::string& text) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) return false;
  text.resize(static_cast<size_t>(size));  // keeps the capacity of the scan's larger files
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  return static_cast<bool>(in);
}

InstalledNames scan_roots(const LibraryRoots& roots) { return scan_roots(roots, fs::path(), &read_symbol_file); }

InstalledNames scan_roots(const LibraryRoots& roots, const fs::path& index_file, SymbolFileReader read) {
  const bool persist = !index_file.empty();
  const SymbolIndex before = persist ? load_symbol_index(index_file) : SymbolIndex{};
  SymbolIndex after;
  bool changed = false;  // whether `after` differs from `before`: the file is written only then
  std::vector<std::string> symbols, footprints;
  std::string text;  // each file read, in turn
  for (const auto& root : roots.symbol_dirs) {
    const auto known = before.find(root);
    auto& now = after[root];
    for (const auto& file : symbol_files_under(root)) {
      const auto stamp = stamp_of(file.path);
      if (!stamp) continue;
      const IndexedSymbolFile* was = nullptr;
      if (known != before.end()) {
        const auto it = known->second.find(file.key);
        if (it != known->second.end() && it->second.size == stamp->first && it->second.mtime == stamp->second) {
          was = &it->second;
        }
      }
      IndexedSymbolFile entry;
      if (was != nullptr) {
        entry = *was;
      } else {
        if (!read(file.path, text)) continue;
        entry = {stamp->first, stamp->second, symbol_names_in(text)};
        changed = true;
      }
      for (const auto& name : entry.symbols) symbols.push_back(file.library + ":" + name);
      now.emplace(file.key, std::move(entry));
    }
    // Every file of `now` was found in `known` unless `changed`: equal sizes mean none removed.
    if (known == before.end() ? !now.empty() : known->second.size() != now.size()) changed = true;
    if (now.empty()) after.erase(root);
  }
  if (persist) {
    // Kept for the next process whose settings name them, unless their folder is gone (a test's
    // fixture folder, a KiCad uninstalled): the file must not grow with every folder ever seen.
    for (const auto& [root, files] : before) {
      if (after.count(root) != 0 || std::count(roots.symbol_dirs.begin(), roots.symbol_dirs.end(), root) != 0) continue;
      if (folder_exists(root)) {
        after.emplace(root, files);
      } else {
        changed = true;
      }
    }
    if (changed) save_symbol_index(index_file, after);  // false: not kept, the next scan reads again
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

fs::path installed_index_file() {
  const std::string cache = platform::user_dirs().cache;
  if (cache.empty()) return {};
  return fs::path(cache) / "kicad-symbol-index.json";
}

InstalledNames scan_installed(const LibraryRoots& roots) { return scan_roots(roots, installed_index_file()); }

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
