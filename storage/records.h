// Plain records that cross the storage boundary. They mirror InvenTree's objects (keyed by
// InvenTree's primary keys) and kibridge's own configuration rows. No SQL lives outside
// storage/, so everything the rest of kibridge reads or writes is one of these structs.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/utc_time.h"

namespace kibridge::storage {

// --- The InvenTree mirror -----------------------------------------------------------------

struct CategoryRecord {
  int64_t id = 0;                    // InvenTree PartCategory pk
  std::optional<int64_t> parent_id;  // nullopt for a top-level category
  std::string name;
  std::string pathstring;            // "Electronics/Passives/Resistors"
  std::string description;
  bool structural = false;
  bool operator==(const CategoryRecord&) const = default;
};

struct PartRecord {
  int64_t id = 0;                      // InvenTree Part pk
  std::optional<int64_t> category_id;  // nullopt: part without category
  std::string name;
  std::string ipn;
  std::string description;
  std::string keywords;
  std::string revision;
  std::string units;
  std::string link;
  bool active = true;
  bool is_template = false;
  double total_in_stock = 0;
  double unallocated_stock = 0;
  bool operator==(const PartRecord&) const = default;
};

struct ParameterTemplateRecord {
  int64_t id = 0;  // InvenTree ParameterTemplate pk
  std::string name;
  std::string units;
  std::string description;
  bool operator==(const ParameterTemplateRecord&) const = default;
};

struct PartParameterRecord {
  int64_t id = 0;  // InvenTree Parameter pk
  int64_t part_id = 0;
  int64_t template_id = 0;
  std::string data;
  bool operator==(const PartParameterRecord&) const = default;
};

// A link attachment of a part; the datasheet is the one whose comment is "datasheet".
// The datasheet rule (as the InvenTree plugin has it): the comment, trimmed, is "datasheet" in
// any letter case. Storage's SQL applies the same rule as lower(trim(comment)) = 'datasheet'.
bool is_datasheet_comment(std::string_view comment);

struct PartAttachmentRecord {
  int64_t id = 0;
  int64_t part_id = 0;
  std::string link;
  std::string comment;
  bool operator==(const PartAttachmentRecord&) const = default;
};

struct ManufacturerPartRecord {
  int64_t id = 0;
  int64_t part_id = 0;
  std::string manufacturer;  // company name
  std::string mpn;
  bool operator==(const ManufacturerPartRecord&) const = default;
};

struct SupplierPartRecord {
  int64_t id = 0;
  int64_t part_id = 0;
  std::optional<int64_t> manufacturer_part_id;
  std::string supplier;  // company name
  std::string sku;
  bool primary = false;  // InvenTree's SupplierPart.primary (API >= 456; false before)
  bool operator==(const SupplierPartRecord&) const = default;
};

// A parameter of a part category (InvenTree API 505+, InvenTree 1.4). kibridge reads the ones
// named by the KICAD_CATEGORY_*_PARAMETER settings as that category's KiCad defaults
// (kicad/library_config.h). The template is kept by name: templates made for categories are not
// in the part template list the mirror holds.
struct CategoryParameterRecord {
  int64_t id = 0;  // InvenTree Parameter pk
  int64_t category_id = 0;
  int64_t template_id = 0;
  std::string template_name;
  std::string data;
  bool operator==(const CategoryParameterRecord&) const = default;
};

// A part with everything rendering it needs.
struct PartDetails {
  PartRecord part;
  std::vector<PartParameterRecord> parameters;  // ordered by parameter id
  std::vector<PartAttachmentRecord> attachments;
  std::vector<ManufacturerPartRecord> manufacturer_parts;
  std::vector<SupplierPartRecord> supplier_parts;
};

// How many rows each mirror table holds (or a pull read).
struct MirrorCounts {
  int64_t categories = 0;
  int64_t parts = 0;
  int64_t parameter_templates = 0;
  int64_t parameters = 0;
  int64_t attachments = 0;
  int64_t manufacturer_parts = 0;
  int64_t supplier_parts = 0;
};

// --- kibridge's configuration --------------------------------------------------------------

// The plugin's "SelectedCategory": an InvenTree category shown to KiCad, with its defaults.
struct KicadCategoryRecord {
  int64_t id = 0;           // kibridge's own pk (the plugin's SelectedCategory pk)
  int64_t category_id = 0;  // InvenTree category pk
  std::string default_symbol;
  std::string default_footprint;
  std::string default_reference;
  std::optional<int64_t> default_value_parameter_template;
  std::optional<int64_t> footprint_parameter_template;
  // This category's field rules (kicad/field_rules.h) as their canonical JSON text; "" none.
  std::string field_rules;
  // The named library it belongs to (LibraryRecord::name); "" for the default library.
  std::string library;
  bool operator==(const KicadCategoryRecord&) const = default;
};

// A named KiCad library: a set of KiCad categories served as a library of its own under
// /libraries/<name>/v1/. The default library (KiCad categories with no library) has no row.
struct LibraryRecord {
  int64_t id = 0;
  std::string name;  // limits::library_name_error; never "default"
  std::string description;
  bool operator==(const LibraryRecord&) const = default;
};

// Maps a footprint parameter value ("0603") to a KiCad footprint, per KiCad category.
struct FootprintMappingRecord {
  int64_t id = 0;
  int64_t kicad_category_id = 0;
  std::string parameter_value;
  std::string kicad_footprint;
  bool operator==(const FootprintMappingRecord&) const = default;
};

struct ApiTokenRecord {
  int64_t id = 0;
  std::string name;
  std::string scope;       // "read", "import" or "admin"
  std::string token_hash;  // lowercase hex SHA-256 of the token
  TimePoint created_at;
};

// Everything one complete read of InvenTree produced (or the demo generator made). Applying
// it makes the mirror equal to it; see MirrorStore::apply_mirror.
struct MirrorSnapshot {
  // When the pass that read it began (see MirrorStore::apply_mirror); the epoch when unknown.
  std::chrono::system_clock::time_point read_started_at{};
  std::vector<CategoryRecord> categories;
  std::vector<ParameterTemplateRecord> templates;
  std::vector<PartRecord> parts;
  std::vector<PartParameterRecord> parameters;
  std::vector<PartAttachmentRecord> attachments;
  std::vector<ManufacturerPartRecord> manufacturer_parts;
  std::vector<SupplierPartRecord> supplier_parts;
  std::vector<CategoryParameterRecord> category_parameters;  // empty before API 505
};

}  // namespace kibridge::storage
