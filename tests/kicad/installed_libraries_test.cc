// The installed KiCad library index: the symbol-name parser, the folder scan over fixture
// folders written here, name search, and the cache's one scan per set of roots.
#include "server/kicad/installed_libraries.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <algorithm>
#include <thread>

#include "tests/support/temp_dir.h"

namespace kibridge::kicad {
namespace {

using Names = std::vector<std::string>;

using testing::write_file;

TEST(SymbolNamesTest, TopLevelSymbolsOnlyNotTheirUnits) {
  const std::string text = R"((kicad_symbol_lib
	(version 20241209)
	(generator "kicad_symbol_editor")
	(symbol "R"
		(property "Reference" "R" (at 0 0 0))
		(symbol "R_0_1" (rectangle (start -1 2) (end 1 -2)))
		(symbol "R_1_1" (pin passive line (at 0 3.81 270)))
	)
	(symbol "C_Small" (extends "C") (property "Value" "C_Small"))
))";
  EXPECT_EQ(symbol_names_in(text), (Names{"R", "C_Small"}));
}

TEST(SymbolNamesTest, ParenthesesAndQuotesInsideStringsDoNotCount) {
  // A property value with ")" and an escaped quote must not end the symbol early, or the unit
  // that follows would be taken for a top-level symbol.
  const std::string text =
      "(kicad_symbol_lib (symbol \"Q \\\"x\\\" (NPN)\" (property \"Description\" \"a ) b ((\")"
      " (symbol \"Q_0_1\")) (symbol Bare_Name (symbol \"Bare_Name_0_1\")))";
  EXPECT_EQ(symbol_names_in(text), (Names{"Q \"x\" (NPN)", "Bare_Name"}));
}

TEST(SymbolNamesTest, BrokenOrForeignTextYieldsWhatItCan) {
  EXPECT_TRUE(symbol_names_in("").empty());
  EXPECT_TRUE(symbol_names_in("not a library at all").empty());
  EXPECT_TRUE(symbol_names_in("(kicad_symbol_lib (symbolic \"X\") (symbol").empty());
  EXPECT_EQ(symbol_names_in("(kicad_symbol_lib (symbol \"A\") (symbol \"B\""), (Names{"A", "B"}));
}

TEST(InstalledLibrariesScanTest, ReadsSymbolFilesSymbolFoldersAndFootprintFolders) {
  testing::TempDir dir("kicad-libs");
  write_file(dir.path() / "sym/Device.kicad_sym", "(kicad_symbol_lib (symbol \"R\" (symbol \"R_0_1\")) (symbol \"C\"))");
  write_file(dir.path() / "sym/Extra.kicad_symdir/LED.kicad_sym", "(kicad_symbol_lib (symbol \"LED\"))");
  write_file(dir.path() / "sym/notes.txt", "(kicad_symbol_lib (symbol \"Nope\"))");
  write_file(dir.path() / "fp/Resistor_SMD.pretty/R_0603_1608Metric.kicad_mod", "(footprint \"R_0603_1608Metric\")");
  write_file(dir.path() / "fp/Resistor_SMD.pretty/README.md", "");
  write_file(dir.path() / "fp/loose.kicad_mod", "");
  const LibraryRoots roots{{(dir.path() / "sym").string(), (dir.path() / "missing").string()},
                           {(dir.path() / "fp").string()}};
  const InstalledNames names = scan_roots(roots);
  EXPECT_EQ(names.symbols(), (Names{"Device:C", "Device:R", "Extra:LED"}));
  EXPECT_EQ(names.footprints(), (Names{"Resistor_SMD:R_0603_1608Metric"}));
  EXPECT_EQ(names.roots(), roots);
}

TEST(InstalledLibrariesScanTest, NoFoldersMeansNothingAvailable) {
  const InstalledNames names = scan_roots({{"/nonexistent/kibridge/symbols"}, {"/nonexistent/kibridge/fp"}});
  EXPECT_TRUE(names.symbols().empty());
  EXPECT_TRUE(names.footprints().empty());
}

TEST(InstalledLibrariesScanTest, SettingsFoldersReplaceTheDefaults) {
  EXPECT_EQ(library_roots({}, {}), default_library_roots());
  const LibraryRoots mine = library_roots({" /a ", ""}, {"/b"});
  EXPECT_EQ(mine.symbol_dirs, (Names{"/a"}));
  EXPECT_EQ(mine.footprint_dirs, (Names{"/b"}));
  EXPECT_EQ(library_roots({"  "}, {}).symbol_dirs, default_library_roots().symbol_dirs);
}

TEST(SearchNamesTest, ExactThenPrefixThenSubstringCaseInsensitive) {
  const Names names{"Device:C", "Device:C_Small", "Device:LED", "Device:R", "Device:R_Small", "Sensor:CR2032"};
  EXPECT_EQ(search_names(names, "r", 10), (Names{"Device:R", "Device:R_Small", "Sensor:CR2032"}));
  EXPECT_EQ(search_names(names, "c_s", 10), (Names{"Device:C_Small"}));
  EXPECT_EQ(search_names(names, "DEVICE:L", 10), (Names{"Device:LED"}));
  EXPECT_EQ(search_names(names, "small", 10), (Names{"Device:C_Small", "Device:R_Small"}));
  EXPECT_EQ(search_names(names, "", 2), (Names{"Device:C", "Device:C_Small"}));
  EXPECT_EQ(search_names(names, "r", 2), (Names{"Device:R", "Device:R_Small"}));
  EXPECT_TRUE(search_names(names, "zzz", 10).empty());
}

std::atomic<int> g_scans{0};
InstalledNames counting_scanner(const LibraryRoots& roots) {
  ++g_scans;
  return InstalledNames(roots, {roots.symbol_dirs.front() + ":X"}, {});
}

TEST(InstalledLibrariesTest, ScansOncePerRootsAndAgainWhenTheyChange) {
  g_scans = 0;
  InstalledLibraries libraries(&counting_scanner);
  const LibraryRoots a{{"A"}, {}}, b{{"B"}, {}};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) threads.emplace_back([&] { EXPECT_EQ(libraries.get(a)->symbols(), (Names{"A:X"})); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(g_scans.load(), 1);
  EXPECT_EQ(libraries.get(b)->symbols(), (Names{"B:X"}));
  EXPECT_EQ(g_scans.load(), 2);
  EXPECT_EQ(libraries.get(b)->symbols(), (Names{"B:X"}));
  EXPECT_EQ(g_scans.load(), 2);
}

// The machine's own KiCad, when installed: a known symbol is found, its units are not (one
// library file read here; the whole scan is measured by tools/bench/kicad_libraries_bench).
TEST(InstalledLibrariesScanTest, KicadInstalledHere) {
  const std::filesystem::path device = "/usr/share/kicad/symbols/Device.kicad_sym";
  if (!std::filesystem::exists(device)) GTEST_SKIP() << "KiCad not installed";
  std::ifstream in(device, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const Names symbols = symbol_names_in(text);
  EXPECT_NE(std::find(symbols.begin(), symbols.end(), "R"), symbols.end());
  EXPECT_EQ(std::find(symbols.begin(), symbols.end(), "R_0_1"), symbols.end());
  EXPECT_GT(symbols.size(), 100u);
  const InstalledNames names = scan_roots({{}, {"/usr/share/kicad/footprints"}});
  EXPECT_TRUE(std::binary_search(names.footprints().begin(), names.footprints().end(),
                                 "Resistor_SMD:R_0603_1608Metric"));
}

}  // namespace
}  // namespace kibridge::kicad
