// Reader behaviour on hand-written netlists: what is read, and what is refused and how.

#include "server/netlist/netlist_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace kibridge::netlist {
namespace {

// A KiCad 10-style component exercising every element the reader keeps, plus ones it ignores.
constexpr const char* kFullNetlist = R"(<?xml version="1.0" encoding="UTF-8"?>
<export version="E">
  <design>
    <source>/home/u/board.kicad_sch</source>
    <date>2026-03-03T14:41:53</date>
    <tool>Eeschema 10.0.0</tool>
    <textvar name="V">1</textvar>
  </design>
  <components>
    <comp ref="U3">
      <value>LM358 &amp; friends &#181;</value>
      <footprint>Package_SO:SOIC-8_3.9x4.9mm_P1.27mm</footprint>
      <datasheet>https://www.ti.com/lit/ds/symlink/lm358.pdf</datasheet>
      <description>Dual op amp</description>
      <fields>
        <field name="InvenTree">42</field>
        <field name="MPN"/>
        <field name="Footprint">Package_SO:SOIC-8_3.9x4.9mm_P1.27mm</field>
      </fields>
      <libsource lib="Amplifier_Operational" part="LM358" description="Low-Power, Dual Op Amp"/>
      <property name="InvenTree" value="42"/>
      <property name="Sheetname" value="Amp"/>
      <property name="dnp"/>
      <property name="exclude_from_sim"/>
      <property name="exclude_from_pos_files"/>
      <variants><variant name="H0"><property name="exclude_from_bom" value="1"/></variant></variants>
      <sheetpath names="/Amp/" tstamps="/5b1c-aa/"/>
      <component_classes><class>X</class></component_classes>
      <tstamps>aaaa-2 aaaa-3 aaaa-1</tstamps>
      <units><unit name="A"><pins><pin num="1"/></pins></unit></units>
    </comp>
    <comp ref="R1">
      <value>10k</value>
      <libsource lib="" part="R_1" description=""/>
      <property name="dnp" value=""/>
      <property name="exclude_from_board"/>
      <property name="exclude_from_bom"/>
      <tstamp>5F43BEC2</tstamp>
    </comp>
    <future_element/>
  </components>
  <libparts>
    <libpart lib="Amplifier_Operational" part="LM358">
      <description>Low-Power, Dual Op Amp</description>
      <docs>http://www.ti.com/lit/ds/symlink/lm2904-n.pdf</docs>
      <footprints><fp>SOIC*3.9x4.9mm*P1.27mm*</fp><fp>DIP*W7.62mm*</fp></footprints>
      <fields><field name="Reference">U</field><field name="Footprint"/></fields>
      <pins><pin num="1" name="" type="output"/></pins>
    </libpart>
  </libparts>
  <nets><net code="1" name="GND" class="Default"><node ref="U3" pin="4"/></net></nets>
</export>
)";

TEST(NetlistReader, ReadsDesignComponentsAndLibparts) {
  ReadResult result = read_netlist(kFullNetlist);
  ASSERT_TRUE(result.ok()) << result.error;
  const Netlist& netlist = *result.netlist;
  EXPECT_EQ(netlist.export_version, "E");
  EXPECT_EQ(netlist.design.source, "/home/u/board.kicad_sch");
  EXPECT_EQ(netlist.design.date, "2026-03-03T14:41:53");
  EXPECT_EQ(netlist.design.tool, "Eeschema 10.0.0");
  ASSERT_EQ(netlist.components.size(), 2u);

  const Component& u3 = netlist.components[0];
  EXPECT_EQ(u3.ref, "U3");
  EXPECT_EQ(u3.value, "LM358 & friends \xC2\xB5");
  EXPECT_EQ(u3.footprint, "Package_SO:SOIC-8_3.9x4.9mm_P1.27mm");
  EXPECT_EQ(u3.datasheet, "https://www.ti.com/lit/ds/symlink/lm358.pdf");
  EXPECT_EQ(u3.description, "Dual op amp");
  ASSERT_EQ(u3.fields.size(), 3u);
  EXPECT_EQ(u3.fields[0].name, "InvenTree");
  EXPECT_EQ(u3.fields[0].value, "42");
  EXPECT_EQ(u3.fields[1].name, "MPN");
  EXPECT_EQ(u3.fields[1].value, "");
  EXPECT_EQ(u3.fields[2].name, "Footprint");
  ASSERT_TRUE(u3.libsource.has_value());
  EXPECT_EQ(u3.libsource->lib, "Amplifier_Operational");
  EXPECT_EQ(u3.libsource->part, "LM358");
  EXPECT_EQ(u3.libsource->description, "Low-Power, Dual Op Amp");
  EXPECT_EQ(u3.sheet_names, "/Amp/");
  EXPECT_EQ(u3.sheet_tstamps, "/5b1c-aa/");
  EXPECT_EQ(u3.tstamps, (std::vector<std::string>{"aaaa-2", "aaaa-3", "aaaa-1"}));

  // Direct <property> children only: the variant's override is not the component's own flag.
  ASSERT_EQ(u3.properties.size(), 5u);
  EXPECT_EQ(u3.properties[1].name, "Sheetname");
  EXPECT_EQ(u3.properties[1].value, "Amp");
  EXPECT_EQ(u3.properties[2].name, "dnp");
  EXPECT_FALSE(u3.properties[2].value.has_value());
  EXPECT_TRUE(u3.flags.dnp);
  EXPECT_TRUE(u3.flags.exclude_from_sim);
  EXPECT_TRUE(u3.flags.exclude_from_pos_files);
  EXPECT_FALSE(u3.flags.exclude_from_bom);
  EXPECT_FALSE(u3.flags.exclude_from_board);

  const Component& r1 = netlist.components[1];
  EXPECT_EQ(r1.footprint, "");
  EXPECT_TRUE(r1.fields.empty());
  EXPECT_EQ(r1.libsource->lib, "");
  EXPECT_EQ(r1.libsource->part, "R_1");
  EXPECT_EQ(r1.tstamps, (std::vector<std::string>{"5F43BEC2"}));
  // A user field called "dnp" carries a value and is not KiCad's flag.
  EXPECT_FALSE(r1.flags.dnp);
  EXPECT_TRUE(r1.flags.exclude_from_board);
  EXPECT_TRUE(r1.flags.exclude_from_bom);

  ASSERT_EQ(netlist.libparts.size(), 1u);
  const LibPart& libpart = netlist.libparts[0];
  EXPECT_EQ(libpart.lib, "Amplifier_Operational");
  EXPECT_EQ(libpart.part, "LM358");
  EXPECT_EQ(libpart.docs, "http://www.ti.com/lit/ds/symlink/lm2904-n.pdf");
  EXPECT_EQ(libpart.footprint_filters, (std::vector<std::string>{"SOIC*3.9x4.9mm*P1.27mm*", "DIP*W7.62mm*"}));
  ASSERT_EQ(libpart.fields.size(), 2u);
  EXPECT_EQ(libpart.fields[0].value, "U");
}

TEST(NetlistReader, FindFieldIgnoresAsciiCase) {
  ReadResult result = read_netlist(kFullNetlist);
  ASSERT_TRUE(result.ok()) << result.error;
  const Component& u3 = result.netlist->components[0];
  ASSERT_NE(u3.find_field("inventree"), nullptr);
  EXPECT_EQ(u3.find_field("INVENTREE")->value, "42");
  EXPECT_EQ(u3.find_field("InvenTre"), nullptr);
}

TEST(NetlistReader, KeepsWhitespaceInsideValues) {
  ReadResult result =
      read_netlist(R"(<export version="E"><components><comp ref="D1"><value> White </value>)"
                   R"(<fields><field name="MPN">HSMW-C170 </field></fields></comp></components></export>)");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.netlist->components[0].value, " White ");
  EXPECT_EQ(result.netlist->components[0].fields[0].value, "HSMW-C170 ");
}

TEST(NetlistReader, AcceptsEmptyComponentList) {
  ReadResult result = read_netlist(R"(<export version="D"><components/></export>)");
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.netlist->export_version, "D");
  EXPECT_TRUE(result.netlist->components.empty());
  EXPECT_TRUE(result.netlist->libparts.empty());
}

// ---- refused input ----

std::string error_of(std::string_view xml, const ReadLimits& limits = ReadLimits{}) {
  ReadResult result = read_netlist(xml, limits);
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(result.netlist.has_value());
  return result.error;
}

TEST(NetlistReader, RefusesMismatchedTagsWithLineNumber) {
  std::string error = error_of("<export>\n<components>\n<comp ref=\"R1\"></value>\n</components></export>");
  EXPECT_NE(error.find("malformed XML"), std::string::npos) << error;
  EXPECT_NE(error.find("line 3"), std::string::npos) << error;
}

TEST(NetlistReader, RefusesTruncatedNetlist) {
  const std::string xml = kFullNetlist;
  // Cut between elements, inside an attribute, inside text, and just before the last '>'.
  for (std::size_t cut : {xml.find("<libparts>"), xml.find("lib=\"Amp") + 7, xml.find("Dual op") + 3, xml.rfind('>')}) {
    SCOPED_TRACE(cut);
    std::string error = error_of(xml.substr(0, cut));
    EXPECT_NE(error.find("malformed XML"), std::string::npos) << error;
    EXPECT_NE(error.find("probably truncated"), std::string::npos) << error;
  }
}

TEST(NetlistReader, RefusesEmptyBody) {
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
  EXPECT_NE(error_of("  \n ").find("empty"), std::string::npos);
}

TEST(NetlistReader, RefusesJson) {
  EXPECT_NE(error_of(R"({"components": []})").find("malformed XML"), std::string::npos);
}

TEST(NetlistReader, RefusesOtherXmlDocuments) {
  std::string error = error_of("<?xml version=\"1.0\"?>\n<html><body/></html>");
  EXPECT_NE(error.find("not a KiCad netlist"), std::string::npos) << error;
  EXPECT_NE(error.find("<html>"), std::string::npos) << error;

  error = error_of(R"(<export version="E"><design/><nets/></export>)");
  EXPECT_NE(error.find("no <components>"), std::string::npos) << error;
}

TEST(NetlistReader, RefusesEntityExpansionDoctype) {
  std::string xml =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE export [\n"
      "  <!ENTITY a \"aaaaaaaaaa\">\n"
      "  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
      "  <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
      "]>\n"
      "<export version=\"E\"><components><comp ref=\"R1\"><value>&c;</value></comp></components></export>\n";
  std::string error = error_of(xml);
  EXPECT_NE(error.find("DOCTYPE"), std::string::npos) << error;
  EXPECT_NE(error.find("line 2"), std::string::npos) << error;
}

TEST(NetlistReader, RefusesExternalEntityDoctype) {
  std::string error = error_of(
      "<!DOCTYPE export SYSTEM \"file:///etc/passwd\">"
      "<export version=\"E\"><components/></export>");
  EXPECT_NE(error.find("DOCTYPE"), std::string::npos) << error;
}

TEST(NetlistReader, RefusesOtherDeclarationsAtDocumentLevel) {
  std::string error = error_of("<!doctype export><export version=\"E\"><components/></export>");
  EXPECT_NE(error.find("<!...>"), std::string::npos) << error;
}

TEST(NetlistReader, RefusesSecondRootElement) {
  std::string error = error_of(R"(<export><components/></export><export><components/></export>)");
  EXPECT_NE(error.find("more than one top-level element"), std::string::npos) << error;
}

TEST(NetlistReader, RefusesBodyOverSizeLimit) {
  ReadLimits limits;
  limits.max_bytes = 64;
  std::string error = error_of(kFullNetlist, limits);
  EXPECT_NE(error.find("limit of 64 bytes"), std::string::npos) << error;
}

TEST(NetlistReader, DefaultSizeLimitIs64MiB) {
  std::string huge(64u * 1024u * 1024u + 1u, ' ');
  std::string error = error_of(huge);
  EXPECT_NE(error.find("limit of 67108864 bytes"), std::string::npos) << error;
}

TEST(NetlistReader, RefusesTooManyComponents) {
  ReadLimits limits;
  limits.max_components = 1;
  std::string error = error_of(kFullNetlist, limits);
  EXPECT_NE(error.find("more than 1 components"), std::string::npos) << error;
}

TEST(NetlistReader, RefusesComponentWithoutRef) {
  std::string error = error_of("<export>\n<components>\n<comp>\n<value>1</value></comp></components></export>");
  EXPECT_NE(error.find("without a ref"), std::string::npos) << error;
  EXPECT_NE(error.find("line 3"), std::string::npos) << error;
}

TEST(NetlistReader, RefusesInvalidUtf8WithLineNumber) {
  std::string error = error_of(
      "<export>\n<components>\n<comp ref=\"R1\"><value>10k\xA6</value></comp>"
      "</components></export>");
  EXPECT_NE(error.find("UTF-8"), std::string::npos) << error;
  EXPECT_NE(error.find("line 3"), std::string::npos) << error;
  // Overlong encoding of '/' and a UTF-16 surrogate are not UTF-8 either.
  EXPECT_NE(error_of("<export><components/>\xC0\xAF</export>").find("UTF-8"), std::string::npos);
  EXPECT_NE(error_of("<export><components/>\xED\xA0\x80</export>").find("UTF-8"), std::string::npos);
}

TEST(NetlistReader, RefusesNulBytes) {
  std::string xml = "<export>\n<components/></export>";
  xml += '\0';
  xml += "<garbage";
  std::string error = error_of(xml);
  EXPECT_NE(error.find("NUL byte"), std::string::npos) << error;
  EXPECT_NE(error.find("line 2"), std::string::npos) << error;
}

TEST(NetlistReader, RefusesAbsurdNesting) {
  std::string xml = "<export><components>";
  for (int i = 0; i < 2000; ++i) xml += "<a>";
  for (int i = 0; i < 2000; ++i) xml += "</a>";
  xml += "</components></export>";
  std::string error = error_of(xml);
  EXPECT_NE(error.find("nested too deeply"), std::string::npos) << error;
}

}  // namespace
}  // namespace kibridge::netlist
