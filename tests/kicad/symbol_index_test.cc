// The persisted index of the installed symbol libraries (kicad/symbol_index_file.h and
// scan_roots with an index file, installed_libraries.h): over fixture folders and an index file
// of each test's own, with the file reads counted through the reader seam.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "server/kicad/installed_libraries.h"
#include "server/kicad/symbol_index_file.h"
#include "server/platform/user_dirs.h"
#include "tests/support/temp_dir.h"

// Named after the file: the unity build compiles this folder as one unit (CMakeLists.txt).
namespace kibridge::kicad::symbol_index_test {
namespace {

namespace fs = std::filesystem;
using Names = std::vector<std::string>;

std::atomic<int> g_reads{0};
bool counting_reader(const fs::path& file, std::string& text) {
  ++g_reads;
  return read_symbol_file(file, text);
}

using testing::write_file;

std::string library_of(const std::string& symbols) { return "(kicad_symbol_lib " + symbols + ")"; }

// A symbol folder and an index file of the test's own.
struct Fixture {
  testing::TempDir dir{"symbol-index"};
  fs::path symbols = dir.path() / "symbols";
  fs::path index = dir.path() / "cache/kibridge/kicad-symbol-index.json";
  LibraryRoots roots{{symbols.string()}, {}};

  Fixture() {
    write_file(symbols / "Device.kicad_sym", library_of("(symbol \"R\" (symbol \"R_0_1\")) (symbol \"C\")"));
    write_file(symbols / "Extra.kicad_symdir/LED.kicad_sym", library_of("(symbol \"LED\")"));
  }
  // The names a scan answers, and how many files it read.
  std::pair<Names, int> scan(const fs::path& index_file) {
    g_reads = 0;
    Names names = scan_roots(roots, index_file, &counting_reader).symbols();
    return {names, g_reads.load()};
  }
  std::pair<Names, int> scan() { return scan(index); }
};

TEST(SymbolIndexTest, UnchangedFilesAreNotReadAgainChangedOnesAre) {
  Fixture f;
  EXPECT_EQ(f.scan(), (std::pair<Names, int>{{"Device:C", "Device:R", "Extra:LED"}, 2}));
  EXPECT_TRUE(fs::exists(f.index));
  // Another scan (another process: nothing but the file is shared) reads nothing.
  EXPECT_EQ(f.scan(), (std::pair<Names, int>{{"Device:C", "Device:R", "Extra:LED"}, 0}));

  // A new size: read again.
  write_file(f.symbols / "Device.kicad_sym", library_of("(symbol \"R\") (symbol \"C\") (symbol \"L\")"));
  EXPECT_EQ(f.scan(), (std::pair<Names, int>{{"Device:C", "Device:L", "Device:R", "Extra:LED"}, 1}));

  // The same size, another modification time: read again too.
  const fs::path led = f.symbols / "Extra.kicad_symdir/LED.kicad_sym";
  const auto mtime = fs::last_write_time(led);
  write_file(led, library_of("(symbol \"LEX\")"));
  fs::last_write_time(led, mtime + std::chrono::seconds(5));
  EXPECT_EQ(f.scan(), (std::pair<Names, int>{{"Device:C", "Device:L", "Device:R", "Extra:LEX"}, 1}));
  EXPECT_EQ(f.scan().second, 0);

  // A new file is read, alone.
  write_file(f.symbols / "Power.kicad_sym", library_of("(symbol \"GND\")"));
  EXPECT_EQ(f.scan(), (std::pair<Names, int>{{"Device:C", "Device:L", "Device:R", "Extra:LEX", "Power:GND"}, 1}));
}

TEST(SymbolIndexTest, ARemovedFileDropsOutOfTheAnswerAndTheIndex) {
  Fixture f;
  f.scan();
  fs::remove_all(f.symbols / "Extra.kicad_symdir");
  EXPECT_EQ(f.scan(), (std::pair<Names, int>{{"Device:C", "Device:R"}, 0}));
  const SymbolIndex kept = load_symbol_index(f.index);
  ASSERT_EQ(kept.count(f.symbols.string()), 1u);
  EXPECT_EQ(kept.at(f.symbols.string()).size(), 1u);
  EXPECT_EQ(kept.at(f.symbols.string()).count("Device.kicad_sym"), 1u);
}

TEST(SymbolIndexTest, ACorruptOrForeignIndexIsRebuilt) {
  Fixture f;
  f.scan();
  for (const std::string text : {std::string("{\"kibridge_symbol_index\": 1, \"roots\": {\"x\": {\"y\": {\"size\": "),
                                 std::string("not json"), std::string("[]"),
                                 std::string(R"({"kibridge_symbol_index": 2, "roots": {}})"),
                                 std::string(R"({"kibridge_symbol_index": 1, "roots": {"/a": {"B.kicad_sym": 7}}})"),
                                 std::string(R"({"kibridge_symbol_index": 1, "roots": {"/a": [{"size": 1}]}})")}) {
    write_file(f.index, text);
    EXPECT_FALSE(parse_symbol_index(text)) << text;
    EXPECT_EQ(f.scan(), (std::pair<Names, int>{{"Device:C", "Device:R", "Extra:LED"}, 2})) << text;
    EXPECT_EQ(f.scan().second, 0) << "rebuilt from " << text;
  }
}

TEST(SymbolIndexTest, AnIndexThatCannotBeWrittenStillAnswers) {
  Fixture f;
  // Its folder would have to be a file: no permission trick, so this holds when run as root too.
  write_file(f.dir.path() / "a-file", "");
  const fs::path unwritable = f.dir.path() / "a-file/kicad-symbol-index.json";
  EXPECT_FALSE(save_symbol_index(unwritable, {}));
  EXPECT_EQ(f.scan(unwritable), (std::pair<Names, int>{{"Device:C", "Device:R", "Extra:LED"}, 2}));
  EXPECT_EQ(f.scan(unwritable).second, 2);  // nothing kept: read again
  EXPECT_EQ(f.scan(fs::path()).second, 2);  // no index file at all
}

TEST(SymbolIndexTest, OtherRootsAreKeptWhileTheirFolderExists) {
  Fixture f;
  f.scan();
  const fs::path other = f.dir.path() / "other";
  write_file(other / "Mine.kicad_sym", library_of("(symbol \"X\")"));
  g_reads = 0;
  EXPECT_EQ(scan_roots({{other.string()}, {}}, f.index, &counting_reader).symbols(), (Names{"Mine:X"}));
  EXPECT_EQ(g_reads.load(), 1);
  EXPECT_EQ(load_symbol_index(f.index).size(), 2u);
  EXPECT_EQ(f.scan().second, 0);  // the first roots' entries survived the other scan

  fs::remove_all(other);
  write_file(f.symbols / "Power.kicad_sym", library_of("(symbol \"GND\")"));  // a change, so the index is written
  f.scan();
  const SymbolIndex kept = load_symbol_index(f.index);
  EXPECT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept.count(f.symbols.string()), 1u);
}

TEST(SymbolIndexTest, TheTextRoundTrips) {
  const SymbolIndex index{{"/usr/share/kicad/symbols",
                           {{"Device.kicad_sym", {123, -5, {"R", "C \"quoted\""}}},
                            {"Extra.kicad_symdir/LED.kicad_sym", {0, 1700000000000000000, {}}}}}};
  EXPECT_EQ(parse_symbol_index(symbol_index_text(index)), index);
  EXPECT_EQ(parse_symbol_index(symbol_index_text({})), SymbolIndex{});
}

TEST(SymbolIndexTest, ThePerUserFileIsInTheUsersCacheFolder) {
  const std::string cache = platform::user_dirs().cache;
  if (cache.empty()) {
    EXPECT_TRUE(installed_index_file().empty());
  } else {
    EXPECT_EQ(installed_index_file(), fs::path(cache) / "kicad-symbol-index.json");
  }
}

}  // namespace
}  // namespace kibridge::kicad::symbol_index_test
