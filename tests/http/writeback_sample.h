// The sample library (sample_library.h) set up for write-back: parameter templates for the
// footprint, symbol and reference that the KICAD_*_PARAMETER settings name, and the Mechanical
// category served to KiCad without a footprint parameter of its own, so the footprint KiCad is
// served for its screw (part 301) is the KICAD_FOOTPRINT_PARAMETER value an import writes.
//
// hole_netlist() is a KiCad 9 netlist placing that part as H1 (matched by its InvenTree field)
// plus X1, whose InvenTree id no part has; importing it plans three changes for part 301:
// footprint, symbol and reference prefix, none of which InvenTree has yet.
#pragma once

#include <string>

#include "storage/store.h"
#include "tests/http/sample_library.h"

namespace kibridge::testing::sample {

inline constexpr int64_t kFootprintTemplate = 11;
inline constexpr int64_t kSymbolTemplate = 12;
inline constexpr int64_t kReferenceTemplate = 13;

inline constexpr const char* kHoleFootprint = "MountingHole:MountingHole_3.2mm_M3";
inline constexpr const char* kHoleSymbol = "Mechanical:MountingHole_Pad";

inline storage::MirrorSnapshot writeback_snapshot() {
  storage::MirrorSnapshot s = snapshot();
  s.templates.push_back({kFootprintTemplate, "KiCad Footprint", "", ""});
  s.templates.push_back({kSymbolTemplate, "KiCad Symbol", "", ""});
  s.templates.push_back({kReferenceTemplate, "KiCad Reference", "", ""});
  return s;
}

// Fills an empty store like seed(), plus the write-back configuration above.
inline void seed_writeback(storage::Store& store) {
  seed(store);
  store.mirror().apply_mirror(writeback_snapshot());
  storage::KicadCategoryRecord mechanical;
  mechanical.category_id = kMechanical;
  mechanical.default_symbol = "Mechanical:MountingHole";
  mechanical.default_reference = "H";
  store.configuration().create_kicad_category(mechanical);
  store.configuration().set_settings({{"KICAD_FOOTPRINT_PARAMETER", std::to_string(kFootprintTemplate)},
                      {"KICAD_SYMBOL_PARAMETER", std::to_string(kSymbolTemplate)},
                      {"KICAD_REFERENCE_PARAMETER", std::to_string(kReferenceTemplate)}});
}

inline std::string hole_netlist(const std::string& footprint = kHoleFootprint) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<export version="E">
  <design>
    <source>/home/u/board/board.kicad_sch</source>
    <date>2026-03-03T14:41:53</date>
    <tool>Eeschema 9.0.0</tool>
  </design>
  <components>
    <comp ref="H1">
      <value>MountingHole</value>
      <footprint>)" +
         footprint + R"(</footprint>
      <fields>
        <field name="InvenTree">301</field>
      </fields>
      <libsource lib="Mechanical" part="MountingHole_Pad" description="Mounting hole with connection"/>
      <sheetpath names="/" tstamps="/"/>
    </comp>
    <comp ref="X1">
      <value>Thing</value>
      <fields>
        <field name="InvenTree">999</field>
      </fields>
      <libsource lib="Device" part="R" description="Resistor"/>
      <sheetpath names="/" tstamps="/"/>
    </comp>
  </components>
</export>
)";
}

}  // namespace kibridge::testing::sample
