// The scanner (read_netlist()'s fast path) against the tinyxml2 path it stands in for: whatever
// it accepts must come out exactly as tinyxml2 reads it, and whatever it is not sure of it must
// decline.

#include "server/netlist/netlist_scanner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "server/netlist/netlist_reader.h"
#include "tools/netlist-bench/netlist_generator.h"
#include "tests/support/shared_files.h"

namespace kibridge::netlist {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kNoLimit = 100000;

using kibridge::testing::kicad_netlist_samples;
using kibridge::testing::slurp;

std::vector<fs::path> sample_files() {
  std::vector<fs::path> files;
  if (!fs::exists(kicad_netlist_samples())) return files;
  for (const auto& entry : fs::directory_iterator(kicad_netlist_samples())) {
    if (entry.path().extension() == ".xml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string quoted(const std::optional<std::string>& value) { return value ? "\"" + *value + "\"" : "(none)"; }

// The first difference between two netlists, named by its place; empty when they are equal.
// Compares every member, so that a failure says where the two paths disagree.
std::string difference(const Netlist& a, const Netlist& b) {
  auto differ = [](const std::string& where, const std::string& x, const std::string& y) {
    return x == y ? std::string() : where + ": \"" + x + "\" vs \"" + y + "\"";
  };
  auto fields = [&](const std::string& where, const std::vector<Field>& x, const std::vector<Field>& y) {
    if (x.size() != y.size()) return where + ".fields: " + std::to_string(x.size()) + " vs " + std::to_string(y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      const std::string at = where + ".fields[" + std::to_string(i) + "]";
      if (std::string d = differ(at + ".name", x[i].name, y[i].name); !d.empty()) return d;
      if (std::string d = differ(at + ".value", x[i].value, y[i].value); !d.empty()) return d;
    }
    return std::string();
  };
  if (std::string d = differ("export_version", a.export_version, b.export_version); !d.empty()) return d;
  if (std::string d = differ("design.source", a.design.source, b.design.source); !d.empty()) return d;
  if (std::string d = differ("design.date", a.design.date, b.design.date); !d.empty()) return d;
  if (std::string d = differ("design.tool", a.design.tool, b.design.tool); !d.empty()) return d;
  if (a.components.size() != b.components.size()) {
    return "components: " + std::to_string(a.components.size()) + " vs " + std::to_string(b.components.size());
  }
  for (std::size_t i = 0; i < a.components.size(); ++i) {
    const Component& x = a.components[i];
    const Component& y = b.components[i];
    const std::string at = "components[" + std::to_string(i) + "]";
    for (const auto& [name, u, v] : {std::tuple{".ref", &x.ref, &y.ref}, std::tuple{".value", &x.value, &y.value},
                                     std::tuple{".footprint", &x.footprint, &y.footprint},
                                     std::tuple{".datasheet", &x.datasheet, &y.datasheet},
                                     std::tuple{".description", &x.description, &y.description},
                                     std::tuple{".sheet_names", &x.sheet_names, &y.sheet_names},
                                     std::tuple{".sheet_tstamps", &x.sheet_tstamps, &y.sheet_tstamps}}) {
      if (std::string d = differ(at + name, *u, *v); !d.empty()) return d;
    }
    if (std::string d = fields(at, x.fields, y.fields); !d.empty()) return d;
    if (x.properties.size() != y.properties.size()) return at + ".properties: sizes differ";
    for (std::size_t k = 0; k < x.properties.size(); ++k) {
      const std::string p = at + ".properties[" + std::to_string(k) + "]";
      if (std::string d = differ(p + ".name", x.properties[k].name, y.properties[k].name); !d.empty()) return d;
      if (x.properties[k].value != y.properties[k].value) {
        return p + ".value: " + quoted(x.properties[k].value) + " vs " + quoted(y.properties[k].value);
      }
    }
    if (x.libsource.has_value() != y.libsource.has_value()) return at + ".libsource: present in one only";
    if (x.libsource) {
      if (std::string d = differ(at + ".libsource.lib", x.libsource->lib, y.libsource->lib); !d.empty()) return d;
      if (std::string d = differ(at + ".libsource.part", x.libsource->part, y.libsource->part); !d.empty()) return d;
      if (std::string d = differ(at + ".libsource.description", x.libsource->description, y.libsource->description);
          !d.empty()) {
        return d;
      }
    }
    if (x.tstamps != y.tstamps) return at + ".tstamps differ";
    const ComponentFlags& f = x.flags;
    const ComponentFlags& g = y.flags;
    if (f.dnp != g.dnp || f.exclude_from_bom != g.exclude_from_bom || f.exclude_from_board != g.exclude_from_board ||
        f.exclude_from_sim != g.exclude_from_sim || f.exclude_from_pos_files != g.exclude_from_pos_files) {
      return at + ".flags differ";
    }
  }
  if (a.libparts.size() != b.libparts.size()) {
    return "libparts: " + std::to_string(a.libparts.size()) + " vs " + std::to_string(b.libparts.size());
  }
  for (std::size_t i = 0; i < a.libparts.size(); ++i) {
    const LibPart& x = a.libparts[i];
    const LibPart& y = b.libparts[i];
    const std::string at = "libparts[" + std::to_string(i) + "]";
    if (std::string d = differ(at + ".lib", x.lib, y.lib); !d.empty()) return d;
    if (std::string d = differ(at + ".part", x.part, y.part); !d.empty()) return d;
    if (std::string d = differ(at + ".description", x.description, y.description); !d.empty()) return d;
    if (std::string d = differ(at + ".docs", x.docs, y.docs); !d.empty()) return d;
    if (x.footprint_filters != y.footprint_filters) return at + ".footprint_filters differ";
    if (std::string d = fields(at, x.fields, y.fields); !d.empty()) return d;
  }
  return std::string();
}

// Asserts that the scanner accepts `xml` and builds what the tinyxml2 path builds.
void expect_same_as_tinyxml2(const std::string& xml, const std::string& what) {
  const ReadResult reference = read_netlist_with_tinyxml2(xml);
  ASSERT_TRUE(reference.ok()) << what << ": " << reference.error;
  const std::optional<Netlist> scanned = scan_netlist(xml, kNoLimit);
  ASSERT_TRUE(scanned.has_value()) << what << ": declined";
  EXPECT_EQ(difference(*scanned, *reference.netlist), "") << what;
  EXPECT_TRUE(*scanned == *reference.netlist) << what;  // operator== too, in case a member is new
}

TEST(NetlistScanner, EverySampleTakesTheFastPathAndReadsAsTinyxml2Does) {
  const std::vector<fs::path> files = sample_files();
  if (files.empty()) GTEST_SKIP() << "no samples in " << kicad_netlist_samples();
  for (const fs::path& file : files) expect_same_as_tinyxml2(slurp(file), file.filename().string());
}

TEST(NetlistScanner, GeneratedNetlistReadsAsTinyxml2Does) {
  const netlist_bench::GeneratedNetlist generated =
      netlist_bench::generate_netlist(netlist_bench::GeneratorOptions{500, 3});
  expect_same_as_tinyxml2(generated.xml, "generated");
}

// A netlist around `components` (the content of <components>) and `rest` (more children of
// <export>).
std::string netlist_with(const std::string& components, const std::string& rest = "") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<export version=\"E\">\n  <components>\n" + components +
         "\n  </components>\n" + rest + "\n</export>\n";
}

TEST(NetlistScanner, EdgeCasesReadAsTinyxml2Does) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"entities", netlist_with(R"(<comp ref="R&amp;1"><value>&lt;10k&gt; &quot;a&quot; &apos;b&apos; &amp;amp;</value>)"
                                R"(<fields><field name="&quot;N&quot;">x&gt;y</field></fields></comp>)")},
      {"crlf in text and attributes",
       netlist_with("<comp ref=\"R1\">\r\n<value>a\r\nb\rc\n\rd\r\n\re\n\nf\r</value>\r\n"
                    "<libsource lib=\"L\r\nX\" part=\"P\rQ\" description=\"a\n\rb\"/>\r\n</comp>\r\n")},
      {"tabs and line breaks kept in attribute values",
       netlist_with("<comp ref=\"R1\"><property name=\"a\tb\" value=\" x\n y \"/></comp>")},
      {"whitespace-only text is no text",
       netlist_with("<comp ref=\"R1\"><value> \n\t </value><footprint>\n</footprint><datasheet> a </datasheet>"
                    "<description>\n  two\n  lines\n</description></comp>")},
      {"text after a child element is not the element's text",
       netlist_with("<comp ref=\"R1\"><value><x/>late</value><footprint>early<x/>late</footprint></comp>")},
      {"empty elements", netlist_with("<comp ref=\"R1\"><value/><fields/><libsource/><property name=\"dnp\"/>"
                                      "<sheetpath/><tstamps/></comp><comp ref=\"R2\"/>")},
      {"single quotes and attribute order",
       netlist_with("<comp ref='R1'><libsource description='d \"q\"' part='P' lib='L'/>"
                    "<property value='' name='exclude_from_bom'/><property name = \"dnp\" /></comp>")},
      {"repeated elements", netlist_with("<comp ref=\"R1\"><value>a</value><value>b</value><fields>"
                                         "<field name=\"A\">1</field></fields><fields><field name=\"B\"/></fields>"
                                         "<tstamps>u1 u2</tstamps><tstamp>u3</tstamp><libsource lib=\"x\"/>"
                                         "<libsource part=\"y\"/></comp>")},
      {"unknown elements anywhere", netlist_with("<other><comp ref=\"X\"/></other><comp ref=\"R1\"><unknown a=\"1\">"
                                                 "<value>no</value></unknown><fields><x>y</x></fields></comp>",
                                                 "<nets><net code=\"1\"><node ref=\"R1\"/></net></nets>")},
      {"design and libparts",
       netlist_with("<comp ref=\"R1\"/>",
                    "<design><source>a.kicad_sch</source><source>second</source><date/><tool>t</tool><date>d</date>"
                    "</design><design><tool>second design</tool></design><libparts><libpart lib=\"L\" part=\"P\">"
                    "<description>D</description><docs>~</docs><footprints><fp>R_*</fp><fp/><fp> </fp></footprints>"
                    "<fields><field name=\"Reference\">R</field></fields></libpart><libpart/></libparts>"
                    "<libparts><libpart lib=\"second\"/></libparts><components><comp ref=\"second\"/></components>")},
      {"no declaration, spaces in tags", "<export version = 'D' ><components ><comp ref=\"R1\" ></comp ></components >"
                                         "</export >"},
      {"text around elements", netlist_with("text <comp ref=\"R1\">v<value>a</value>w</comp> more")},
      {"greater-than in text and attributes", netlist_with("<comp ref=\"R>1\"><value>a>b]]></value></comp>")},
      {"non-ASCII text", netlist_with("<comp ref=\"R1\"><value>10 kΩ ±1 %</value></comp>")},
      {"vertical tab and form feed are whitespace to tinyxml2",
       netlist_with("<comp ref=\"R1\"><value>\v\f</value><footprint>\va</footprint></comp>")},
      {"nested unknown elements", netlist_with("<comp ref=\"R1\">" + std::string(10, ' ') + "<a><b><c><d/></c></b></a></comp>")},
  };
  for (const auto& [what, xml] : cases) expect_same_as_tinyxml2(xml, what);
}

TEST(NetlistScanner, Declines) {
  const std::string ok_comp = "<comp ref=\"R1\"/>";
  std::string deep;
  for (int i = 0; i < 70; ++i) deep += "<a>";
  for (int i = 0; i < 70; ++i) deep += "</a>";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"mismatched tag", netlist_with("<comp ref=\"R1\"></value>")},
      {"unclosed element", "<export><components>" + ok_comp + "</components>"},
      {"stray closing tag", netlist_with(ok_comp) + "</export>"},
      {"duplicated attribute", netlist_with("<comp ref=\"R1\" ref=\"R2\"/>")},
      {"attributes without separator", netlist_with("<comp ref=\"R1\"a=\"b\"/>")},
      {"attribute without quotes", netlist_with("<comp ref=R1/>")},
      {"attribute without value", netlist_with("<comp ref/>")},
      {"unterminated attribute", netlist_with("<comp ref=\"R1/>")},
      {"space after <", netlist_with("< comp ref=\"R1\"/>")},
      {"space after </", netlist_with("<comp ref=\"R1\"></ comp>")},
      {"slash not closing", netlist_with("<comp ref=\"R1\" / >")},
      {"text before the root", "x" + netlist_with(ok_comp)},
      {"text after the root", netlist_with(ok_comp) + "x"},
      {"second root", netlist_with(ok_comp) + "<export/>"},
      {"CDATA", netlist_with("<comp ref=\"R1\"><value><![CDATA[x]]></value></comp>")},
      {"comment", netlist_with("<!-- c -->" + ok_comp)},
      {"comment before the root", "<!-- c -->" + netlist_with(ok_comp)},
      {"processing instruction", netlist_with("<?pi x?>" + ok_comp)},
      {"declaration not first", "<export><?xml version=\"1.0\"?><components/></export>"},
      {"byte order mark", "\xEF\xBB\xBF" + netlist_with(ok_comp)},
      {"non-ASCII element name", netlist_with("<compé ref=\"R1\"/>" + ok_comp)},
      {"non-ASCII attribute name", netlist_with("<comp ref=\"R1\" é=\"x\"/>")},
      {"< in attribute value", netlist_with("<comp ref=\"R<1\"/>")},
      {"unknown entity", netlist_with("<comp ref=\"R1\"><value>&nbsp;</value></comp>")},
      {"bare ampersand", netlist_with("<comp ref=\"R1\"><value>a & b</value></comp>")},
      {"character reference", netlist_with("<comp ref=\"R1\"><value>&#65;</value></comp>")},
      {"hex character reference in attribute", netlist_with("<comp ref=\"R&#x41;\"/>")},
      {"nesting deeper than 64", netlist_with("<comp ref=\"R1\">" + deep + "</comp>")},
      {"root not export", "<netlist><components/></netlist>"},
      {"no components", "<export version=\"E\"><design/></export>"},
      {"empty root", "<export/>"},
      {"comp without ref", netlist_with("<comp/>")},
      {"comp with empty ref", netlist_with("<comp ref=\"\"/>")},
      {"empty text", ""},
      {"only a declaration", "<?xml version=\"1.0\"?>"},
      {"truncated", netlist_with(ok_comp).substr(0, 60)},
  };
  for (const auto& [what, xml] : cases) {
    EXPECT_FALSE(scan_netlist(xml, kNoLimit).has_value()) << what;
  }
}

TEST(NetlistScanner, DeclinesMoreComponentsThanTheLimitSoTinyxml2WordsTheRefusal) {
  const std::string xml = netlist_with("<comp ref=\"R1\"/><comp ref=\"R2\"/><comp ref=\"R3\"/>");
  EXPECT_TRUE(scan_netlist(xml, 3).has_value());
  EXPECT_FALSE(scan_netlist(xml, 2).has_value());
  ReadLimits limits;
  limits.max_components = 2;
  const ReadResult result = read_netlist(xml, limits);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error, read_netlist_with_tinyxml2(xml, limits).error);
  EXPECT_NE(result.error.find("more than 2 components"), std::string::npos) << result.error;
}

// Small deterministic generator, so the damage is the same on every run.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  std::size_t below(std::size_t bound) { return static_cast<std::size_t>(next() % bound); }

 private:
  std::uint64_t state_;
};

// One to three random edits: delete, insert or replace a byte (drawn mostly from the characters
// that matter to XML), truncate, or duplicate a tag.
std::string damage(std::string xml, Random& random) {
  static const std::string kBytes = "<>/=\"'&;#!?-[] \t\r\nabxyz0\xC3\xA9";
  const std::size_t edits = 1 + random.below(3);
  for (std::size_t e = 0; e < edits && !xml.empty(); ++e) {
    const std::size_t at = random.below(xml.size());
    const char byte = kBytes[random.below(kBytes.size())];
    switch (random.below(5)) {
      case 0:
        xml.erase(at, 1);
        break;
      case 1:
        xml.insert(at, 1, byte);
        break;
      case 2:
        xml[at] = byte;
        break;
      case 3:
        if (random.below(8) == 0) xml.resize(at);
        break;
      default: {
        const std::size_t open = xml.find('<', at);
        if (open == std::string::npos) break;
        const std::size_t close = xml.find('>', open);
        if (close == std::string::npos) break;
        xml.insert(open, xml.substr(open, close - open + 1));
        break;
      }
    }
  }
  return xml;
}

TEST(NetlistScanner, DamagedSamplesAreReadAsTinyxml2ReadsThemOrDeclined) {
  const fs::path sample = kicad_netlist_samples() / "kicad9.0.3-E_KiABOM_test-project2.xml";
  if (!fs::exists(sample)) GTEST_SKIP() << "sample absent: " << sample;
  const std::string original = slurp(sample);
  Random random(20261121);
  std::size_t accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string xml = damage(original, random);
    const ReadResult reference = read_netlist_with_tinyxml2(xml);
    // The scanner expects text that passed the byte checks (valid UTF-8, no NUL, no DOCTYPE),
    // which the reference path makes first.
    if (!reference.ok() && (reference.error.rfind("the netlist ", 0) == 0 || reference.error.rfind("DOCTYPE", 0) == 0)) {
      continue;
    }
    const std::optional<Netlist> scanned = scan_netlist(xml, kNoLimit);
    if (!scanned) continue;
    ++accepted;
    ASSERT_TRUE(reference.ok()) << "scanner accepted what tinyxml2 refuses (" << reference.error << ") in mutation "
                                << i;
    ASSERT_EQ(difference(*scanned, *reference.netlist), "") << "mutation " << i;
    ASSERT_TRUE(*scanned == *reference.netlist) << "mutation " << i;
  }
  // Most single-byte damage lands in text or values, which both paths read alike; if nothing
  // were accepted the test would compare nothing.
  EXPECT_GT(accepted, 300u);
}

}  // namespace
}  // namespace kibridge::netlist
