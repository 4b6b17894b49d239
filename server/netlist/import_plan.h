#pragma once

// Plans the write-back of a KiCad design to InvenTree: which part each netlist component is,
// and which footprint / symbol / reference prefix / datasheet each part should get. Pure: reads
// the netlist and the PartDirectory, writes nothing, keeps no state; thread-safe as far as the
// PartDirectory is. Nothing throws except std::bad_alloc and whatever the PartDirectory throws.
//
// Matching a component (first rule that yields exactly one part wins; nothing is guessed):
//   1. Identifier field: the first field whose name starts with `id_field_prefix` (ASCII case
//      ignored) and whose value is not blank. Its trimmed text, if it is a positive id in its
//      canonical decimal form (util::parse_decimal_id: "12", not "012" or "+12"), is looked
//      up as a part id. This is the hidden field kibridge and the InvenTree
//      plugin serve with the part's primary key.
//   2. IPN field: a field named "IPN" (case ignored); its trimmed text must equal exactly one
//      part's IPN.
//   3. Name fallback, only when `name_fallback` is on (IMPORT_INVENTREE_ID_FALLBACK): the
//      identifier field's trimmed text must equal exactly one part's name. This serves users who
//      typed a part name into the InvenTree field, as the plugin's fallback does; unlike the
//      plugin it also works for non-numeric text. The component's Value is never used: it is
//      routinely edited ("10k") and would match the wrong part.
//   Components whose ref starts with '#' or whose symbol comes from the `power` library are
//   power/virtual symbols and are skipped. All others that do not match are reported unmatched
//   with the reasons of every rule tried. Components flagged DNP or excluded still count: they
//   carry the designer's choice of footprint and symbol; the flags are shown in the report.
//
// The value a component proposes for each field:
//   footprint  its footprint, trimmed; none when empty.
//   reference  its ref up to the first digit or '?' ("R12" -> "R", "U1A" -> "U", "R?" -> "R").
//   datasheet  its datasheet when it is an http://, https:// or ftp:// URL with a host and no
//              whitespace; KiCad's "~" and empty mean none; other text is reported as ignored.
//   symbol     "lib:part" from <libsource>, except (reported as ignored):
//              - the lib is one of `http_library_nicknames` (ASCII case ignored): the symbol was
//                placed from the kibridge HTTP library itself. Its libsource names the HTTP
//                library, not the underlying symbol InvenTree already stores, and writing it back
//                would make the part's symbol point into the HTTP library (a loop). KiCad 8/9
//                write the symbol-library-table nickname; KiCad 9's HTTP plugin duplicates the
//                base symbol so the part may even read e.g. "InvenTree:R"; KiCad 10 may use the
//                .kicad_httplib file's base name. List every name the library goes by.
//              - the lib is empty: the symbol is not linked to a library (e.g. part="LED_1").
//
// Per matched part and field, over all its components (equal values count once):
//   no value           nothing planned;
//   two or more values a conflict, nothing written;
//   one value, and InvenTree has none or an empty one        -> change (fill);
//   one value equal to InvenTree's                           -> up to date;
//   one value different from InvenTree's non-empty value     -> change if `override_existing`
//                                                               (IMPORT_INVENTREE_OVERRIDE_PARAS),
//                                                               else kept existing.
// Values are compared exactly (case-sensitive). A footprint is compared as KiCad is served it
// (KnownPart::footprint_mappings applied to the stored value), and a change stores the mapped
// value that gives the design's footprint when there is one (PlannedChange::kicad_value says
// what KiCad will show).
//
// Drift: for each matched component, every field KiCad is served for its part now
// (KnownPart::served_fields) that the component also has, with a different value: "value",
// "footprint", "datasheet" and "description" from the component itself (KiCad's "~" counts as
// empty; a description only when the netlist carries one, KiCad 8+), every other served field
// from the component's field of that name (ASCII case ignored). A field the component lacks
// is not drift (it was placed before the field was served; "update symbol from library" adds
// it). The reference prefix is not compared (the component's ref is its own). A field this
// import changes for the component (a PlannedChange naming it) is not drift: the import
// resolves it. Drift is reported only; nothing is written back for it. A schematic value over
// 500 bytes is shown cut to 500 (on a character boundary) with "..." appended.
//
// Not installed: with the names of the KiCad libraries installed where kibridge runs
// (InstalledLibraryNames), every symbol and footprint of the design's components (skipped
// power/virtual ones aside) that those libraries lack, grouped per name with the components
// using it. The symbol is <libsource>'s "lib:part" as for the write-back (not one without a
// library, nor one from the HTTP library itself, whose names are kibridge's own); the
// footprint the component's, trimmed. Names compare exactly. `queued` marks a name this
// import writes to a part. A kind without installed names is not checked (nullopt, not an
// empty list). Reported only: nothing is refused for it.
//
// A change the write-back may not make is reported ignored with the reason instead, so the
// report is final (what it lists as changes is exactly what is queued): the field's rule
// (ImportSettings::fields) refuses it, or the part's own footprint rule
// (KnownPart::footprint_refused) does, or the value is longer than InvenTree holds there.

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "server/netlist/import_report.h"
#include "server/netlist/netlist.h"
#include "server/netlist/part_directory.h"

namespace kibridge::netlist {

// Whether the write-back may write a field, and what InvenTree holds there. The caller decides
// it from its configuration (writeback::field_rules).
struct FieldRule {
  std::string refused;  // non-empty: nothing is written to the field, for this reason
  std::size_t max_characters = std::numeric_limits<std::size_t>::max();  // util::utf8_characters
  std::string holder = "a parameter's data";  // where the value goes, for the reason ("a link")
};

struct ImportSettings {
  std::string id_field_prefix = "InvenTree";  // IMPORT_INVENTREE_ID_IDENTIFIER; empty disables rule 1 and 3
  bool name_fallback = false;                 // IMPORT_INVENTREE_ID_FALLBACK
  bool override_existing = false;             // IMPORT_INVENTREE_OVERRIDE_PARAS
  // Names the kibridge HTTP library has in KiCad (sym-lib-table nickname, .kicad_httplib stem).
  std::vector<std::string> http_library_nicknames = {"InvenTree"};
  // Per field, indexed by WritableField. Default: every field writable, any length.
  std::array<FieldRule, 4> fields;
};

// The KiCad libraries installed where kibridge runs: sorted, unique "Lib:Name" lists (the form
// of kicad::InstalledNames, which outlives the planning call). An empty list: no library of
// that kind is installed, so names of that kind are not checked.
struct InstalledLibraryNames {
  std::span<const std::string> symbols;
  std::span<const std::string> footprints;
};

ImportReport plan_import(const Netlist& netlist, const ImportSettings& settings, const PartDirectory& parts,
                         const InstalledLibraryNames& installed = {});

}  // namespace kibridge::netlist
