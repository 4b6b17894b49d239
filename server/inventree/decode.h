// Decoding of InvenTree list items into kibridge's mirror records. Pure functions.
//
// Lenient where InvenTree itself varies between versions (nullable strings become "", absent
// optional fields take the model default, quantities may be numbers or numeric strings);
// strict about identity: an item without an integer pk or without the key that ties it to
// its part throws InvenTreeError(kMalformed) naming the field.
//
// Exact about numbers: an id is a JSON integer from 0 to INT64_MAX (a larger one is malformed,
// never wrapped into another id); a quantity is a finite number or a string in JSON number
// syntax ("12.5", "1e3"), anything else — "nan", "inf", " 0x10" — counts as absent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "storage/records.h"

namespace kibridge::inventree {

// Every key the decoders below read, at any depth (for parse_list_stream's filter).
const std::unordered_set<std::string>& decoded_keys();

// decoded_keys() plus "template_detail", for the category parameter list only: the part lists
// embed a template_detail in every parameter, and keeping those would cost the pull memory and
// time for nothing.
const std::unordered_set<std::string>& category_parameter_keys();

// The "pk" of any list item; throws InvenTreeError(kMalformed) when it has no integer one.
int64_t decode_pk(const nlohmann::json& item);

// /api/part/category/ item.
storage::CategoryRecord decode_category(const nlohmann::json& item);

// /api/part/ item. Stock totals: total_in_stock (v101+, else in_stock) and
// unallocated_stock (else the total).
storage::PartRecord decode_part(const nlohmann::json& item);

// /api/parameter/template/ or /api/part/parameter/template/ item.
storage::ParameterTemplateRecord decode_parameter_template(const nlohmann::json& item);

// A part parameter: generic (/api/parameter/, model_type + model_id; also the objects
// embedded by /api/part/?parameters=true) or legacy (/api/part/parameter/, "part").
// nullopt for a generic parameter of another model type (a category's, a company's).
std::optional<storage::PartParameterRecord> decode_part_parameter(const nlohmann::json& item);

// A part category's parameter (/api/parameter/?model_type=part.partcategory, API 505+), with
// its template's name from "template_detail". nullopt for a parameter of another model, or
// without a template name (InvenTree 1.5+ omits a detail block the user may not view).
std::optional<storage::CategoryParameterRecord> decode_category_parameter(const nlohmann::json& item);

// The part parameters embedded in a part item of /api/part/?parameters=true (its
// "parameters" array; none when absent), decoded as decode_part_parameter does.
std::vector<storage::PartParameterRecord> decode_embedded_parameters(const nlohmann::json& part_item);

// An attachment of the generic (/api/attachment/) or legacy (/api/part/attachment/) API.
// nullopt unless it is a link attachment of a part whose comment is "datasheet" (any case,
// surrounding blanks ignored): the only attachments the KiCad plugin serves.
std::optional<storage::PartAttachmentRecord> decode_datasheet_attachment(const nlohmann::json& item);

// /api/company/part/manufacturer/ item (with manufacturer_detail for the company name).
storage::ManufacturerPartRecord decode_manufacturer_part(const nlohmann::json& item);

// /api/company/part/ item (with supplier_detail for the company name).
storage::SupplierPartRecord decode_supplier_part(const nlohmann::json& item);

}  // namespace kibridge::inventree
