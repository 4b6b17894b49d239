// The KiCad libraries installed on this machine, as `Library:Name` sets, so the console can
// complete a category's default symbol and footprint and warn about a name KiCad will not find.
//
// Where they come from: symbol libraries are `<root>/<Library>.kicad_sym` files whose top-level
// `(symbol "Name" ...)` entries are the library's symbols (the nested `Name_0_1` are units of
// them, not symbols); footprint libraries are `<root>/<Library>.pretty/` folders holding one
// `<Name>.kicad_mod` per footprint. The roots are the settings KICAD_SYMBOL_DIRS /
// KICAD_FOOTPRINT_DIRS, else KiCad's own install folders (default_symbol_roots()).
//
// Why cached and built once: KiCad 9's symbol libraries are 224 files, 213 MB, ~20,000
// symbols; a scan reads all of it. The footprints are only a directory listing (155 folders,
// 15,415 files). The index is built on first use, on a thread of its own, and kept until the
// roots change; a request that finds it still building waits for that one build rather than
// starting another.
//
// Why persisted too: an InstalledLibraries lives as long as its process, and many processes
// need the index: each `kibridge import` and `kibridge status`, and every test process whose
// server imports or answers /api/diagnostics/. Rereading 213 MB each time made a dry-run
// import of a tiny netlist take 3.0 s instead of 0.12 s, ctest 126 s -> 168 s, and under TSan
// outlasted the HTTP tests' client timeouts. The symbol files change only when KiCad is
// updated, so, as KiCad's own fp-info-cache does for footprint libraries, the names read from
// each file are kept in a per-user file (symbol_index_file.h; platform::UserDirs::cache) with
// the file's size and modification time, and a scan re-reads only files whose size or time
// differ. Measured on KiCad 9's libraries (2 shared cores at load average 8-10, median of 5):
// a scan with nothing recorded 1.3 s (1.25 s without writing the 356 KB index), with all
// recorded 0.19 s (224 stats, the index parsed, the footprints listed); `kibridge import
// --dry-run` of a 2-component netlist 1.9 s before, 0.33 s now (0.19 s with no libraries).
// The footprints stay a plain listing: reading 155 folders' entries is the same work as
// checking 15,415 recorded stamps would be.
//
// Layers: the parser (symbol_names_in) is pure; scan_roots() walks folders through
// std::filesystem, so tests hand it tiny fixture folders. Nothing here throws on an unreadable
// or missing folder: such a root is skipped, and "no library found" is an answer
// (InstalledNames::available() false), not an error.
#pragma once

#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kibridge::kicad {

// The names of the top-level symbols of one `.kicad_sym` file's text, in file order. A text
// that is not an S-expression library yields what it can (never throws): a broken file must
// not hide the other libraries.
std::vector<std::string> symbol_names_in(std::string_view kicad_sym_text);

// Where to look: folders of `*.kicad_sym` files and folders of `*.pretty` folders.
struct LibraryRoots {
  std::vector<std::string> symbol_dirs;
  std::vector<std::string> footprint_dirs;
  bool operator==(const LibraryRoots&) const = default;
};

// KiCad's install folders on this platform (Debian's package: /usr/share/kicad/symbols and
// /usr/share/kicad/footprints).
LibraryRoots default_library_roots();

// The roots named by the settings (comma-separated folder lists; empty = KiCad's defaults).
LibraryRoots library_roots(const std::vector<std::string>& symbol_dirs, const std::vector<std::string>& footprint_dirs);

// One scan's result: sorted, unique `Library:Name` strings (std::binary_search finds one).
// No library of a kind found (an empty list) means names of that kind cannot be checked.
class InstalledNames {
 public:
  InstalledNames(LibraryRoots roots, std::vector<std::string> symbols, std::vector<std::string> footprints);

  const LibraryRoots& roots() const { return roots_; }
  const std::vector<std::string>& symbols() const { return symbols_; }
  const std::vector<std::string>& footprints() const { return footprints_; }
 private:
  LibraryRoots roots_;
  std::vector<std::string> symbols_;
  std::vector<std::string> footprints_;
};

// Up to `limit` of the sorted `names` that contain `text` (ASCII case-insensitive), best
// first: the whole name equal to the text, then names whose symbol part (after ':') or whole
// name starts with it, then the rest, each group in name order. An empty text matches all.
std::vector<std::string> search_names(const std::vector<std::string>& names, std::string_view text, size_t limit);

// How a scan reads a symbol file: its whole text into `text` (one buffer reused for every file
// of a scan: fresh 15 MB buffers cost more than the reading under TSan); false when it cannot.
// A seam so tests count the reads (read_symbol_file is the real one).
using SymbolFileReader = bool (*)(const std::filesystem::path& file, std::string& text);
bool read_symbol_file(const std::filesystem::path& file, std::string& text);

// Reads every library under `roots` (missing or unreadable folders and files are skipped).
InstalledNames scan_roots(const LibraryRoots& roots);

// scan_roots(), keeping the symbol files' names in `index_file` (symbol_index_file.h) between
// scans and processes: a symbol file whose size and modification time are those recorded is
// not read again; a new or changed one is read (through `read`) and recorded; a removed one
// drops out. The index's entries for roots not asked for are kept while their folder exists
// (another process's settings may name them). `index_file` "" keeps nothing. A missing,
// corrupt or unwritable index costs time, never the answer.
InstalledNames scan_roots(const LibraryRoots& roots, const std::filesystem::path& index_file,
                          SymbolFileReader read = &read_symbol_file);

// The per-user index file (platform::UserDirs::cache), "" when the environment names no home.
std::filesystem::path installed_index_file();
// scan_roots(roots, installed_index_file()): what InstalledLibraries scans with.
InstalledNames scan_installed(const LibraryRoots& roots);

// The cache: one index, built on first use for the roots asked for, rebuilt when they change.
// Thread-safety: any number of threads. get() blocks while the index it needs is being built
// (once: concurrent callers share that build).
class InstalledLibraries {
 public:
  using Scanner = InstalledNames (*)(const LibraryRoots&);
  // `scanner` is scan_installed except in tests (InstalledLibrariesTest counts the scans).
  explicit InstalledLibraries(Scanner scanner = &scan_installed) : scanner_(scanner) {}

  std::shared_ptr<const InstalledNames> get(const LibraryRoots& roots);
  // get() without waiting: the index when its build has finished, else null (and the build
  // for `roots` is started if none is). For answers polled often (GET /api/status) that must
  // not wait seconds for a first scan of KiCad's 213 MB of symbols.
  std::shared_ptr<const InstalledNames> ready(const LibraryRoots& roots);

 private:
  // The build for `roots`, started when there is none for them.
  std::shared_future<std::shared_ptr<const InstalledNames>> build_for(const LibraryRoots& roots);

  Scanner scanner_;
  std::mutex mutex_;
  LibraryRoots roots_;  // of build_, guarded by mutex_
  std::shared_future<std::shared_ptr<const InstalledNames>> build_;
};

}  // namespace kibridge::kicad
