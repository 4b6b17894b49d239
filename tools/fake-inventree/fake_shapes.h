// The JSON shapes the fake InvenTree answers with, per API version, as InvenTree's REST API
// serialises them: the /api/ root, categories, parts with their
// stock annotations, parameter templates and parameters (generic from API 430, legacy
// before), attachments (generic from API 207), manufacturer and supplier parts. Pure functions
// of the mirror records plus what the fake derives from them (category levels and counts).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "storage/records.h"

namespace kibridge::fake_inventree {

// What a category serialises beyond its record.
struct CategoryFacts {
  int level = 0;
  int64_t part_count = 0;     // parts in it and all its subcategories
  int64_t subcategories = 0;  // direct and indirect descendants
};

nlohmann::json info_json(int api_version, const std::string& software_version);

nlohmann::json category_json(const storage::CategoryRecord& c, const CategoryFacts& facts);

// `category_name` is "" for a part without category. `pricing` adds pricing_min/max/updated
// (InvenTree's default; ?pricing=false drops them).
nlohmann::json part_json(const storage::PartRecord& p, const std::string& category_name, bool pricing,
                         int api_version);

// `parts` is the number of parts using the template (legacy serializer only).
nlohmann::json template_json(const storage::ParameterTemplateRecord& t, int64_t parts, int api_version);

// `tpl` may be null (a parameter whose template is gone); template_detail is then null.
nlohmann::json parameter_json(const storage::PartParameterRecord& p, const storage::ParameterTemplateRecord* tpl,
                              bool template_detail, bool updated_by_detail, int api_version);

// A record with an empty link is served as a file attachment.
// A part category's parameter (API 505+), its template as a category template.
nlohmann::json category_parameter_json(const storage::CategoryParameterRecord& p, bool template_detail);
nlohmann::json attachment_json(const storage::PartAttachmentRecord& a, int api_version);

nlohmann::json company_json(int64_t pk, const std::string& name);
nlohmann::json manufacturer_part_json(const storage::ManufacturerPartRecord& m, int64_t manufacturer_pk,
                                      bool manufacturer_detail);
// `primary` from API 456 on (InvenTree 1.2), absent before.
nlohmann::json supplier_part_json(const storage::SupplierPartRecord& s, int64_t supplier_pk, bool supplier_detail,
                                  int api_version);

// InvenTree's error bodies.
nlohmann::json detail_json(const std::string& detail);

}  // namespace kibridge::fake_inventree
