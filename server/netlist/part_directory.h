#pragma once

// The read-only view of InvenTree parts that the import planner matches netlist components
// against. kibridge implements it over the local SQLite mirror; tests use an in-memory map.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kibridge::netlist {

// A part as InvenTree holds it now, with the current values of the four things an import can
// write. For each of them nullopt means InvenTree has no such parameter (or, for the datasheet,
// no datasheet attachment); an empty string means the parameter exists with an empty value.
struct KnownPart {
  std::int64_t id = 0;
  std::string name;
  std::string ipn;                       // empty when the part has none
  // As stored in the parameter KiCad's footprint is served from: "Lib:Footprint", or a value
  // `footprint_mappings` turns into one ("0603").
  std::optional<std::string> footprint;
  std::optional<std::string> symbol;     // "Lib:Symbol"
  std::optional<std::string> reference;  // reference designator prefix, e.g. "R"
  std::optional<std::string> datasheet;  // URL
  // The footprint mappings of the part's KiCad category (stored value -> KiCad footprint,
  // exact and case-sensitive, as the plugin applies them): KiCad is served
  // footprint_mappings[footprint] when there is one, else `footprint` itself.
  std::map<std::string, std::string> footprint_mappings;
  // When the part's KiCad category names its own footprint template, whether an import may
  // write it there: "" when it may, else why not (the template does not exist). nullopt: the
  // footprint rule of the import settings applies (ImportSettings::fields).
  std::optional<std::string> footprint_refused;
  // Every field KiCad is served for the part now (parts/<id>.json's "fields": "value",
  // "footprint", "datasheet", parameters, supplier fields, ...), name -> value, in served
  // order. The drift report (import_plan.h) compares a component's fields against them; empty
  // when the directory does not know what is served.
  std::vector<std::pair<std::string, std::string>> served_fields;
};

// Implementations must return consistent answers for the duration of one planning call and be
// callable from the planner's thread; the planner calls each lookup at most once per distinct key.
class PartDirectory {
 public:
  virtual ~PartDirectory() = default;

  // The part with this primary key, or nullopt.
  virtual std::optional<KnownPart> find_by_id(std::int64_t id) const = 0;

  // All parts whose IPN equals `ipn` exactly. InvenTree may allow duplicate IPNs, so more than
  // one result is possible; the planner then refuses to choose.
  virtual std::vector<KnownPart> find_by_ipn(std::string_view ipn) const = 0;

  // All parts whose name equals `name` exactly (names repeat across revisions and variants).
  virtual std::vector<KnownPart> find_by_name(std::string_view name) const = 0;
};

}  // namespace kibridge::netlist
