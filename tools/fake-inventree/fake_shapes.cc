#include "tools/fake-inventree/fake_shapes.h"

#include <cstdlib>

#include "server/util/json_optional.h"

namespace kibridge::fake_inventree {

using nlohmann::json;

namespace {

constexpr const char* kUpdated = "2026-08-01 09:12";


// InvenTree's default PART_NAME_FORMAT: "IPN | name | revision", empty parts left out.
std::string full_name(const storage::PartRecord& p) {
  std::string out;
  if (!p.ipn.empty()) out += p.ipn + " | ";
  out += p.name;
  if (!p.revision.empty()) out += " | " + p.revision;
  return out;
}

json data_numeric(const std::string& data) {
  if (data.empty()) return nullptr;
  char* end = nullptr;
  double v = std::strtod(data.c_str(), &end);
  if (end == nullptr || *end != '\0') return nullptr;
  return v;
}

json user_detail() {
  return {{"pk", 1}, {"username", "admin"}, {"first_name", ""}, {"last_name", ""}, {"email", "admin@example.com"}};
}

}  // namespace

json info_json(int api_version, const std::string& software_version) {
  return {{"server", "InvenTree"},
          {"id", nullptr},
          {"version", software_version},
          {"instance", "InvenTree"},
          {"apiVersion", api_version},
          {"worker_running", true},
          {"worker_count", 1},
          {"worker_pending_tasks", 0},
          {"plugins_enabled", false},
          {"plugins_install_disabled", false},
          {"active_plugins", false},
          {"email_configured", false},
          {"debug_mode", false},
          {"docker_mode", false},
          {"default_locale", "en-us"},
          {"customize",
           {{"logo", nullptr},
            {"splash", nullptr},
            {"login_message", nullptr},
            {"navbar_message", nullptr},
            {"disable_theme_storage", false}}},
          {"system_health", nullptr},
          {"database", nullptr},
          {"platform", nullptr},
          {"installer", nullptr},
          {"target", nullptr},
          {"django_admin", nullptr},
          {"settings", {{"sso_registration", false}, {"registration_enabled", false}, {"password_forgotten_enabled", false}}}};
}

json category_json(const storage::CategoryRecord& c, const CategoryFacts& facts) {
  return {{"pk", c.id},
          {"name", c.name},
          {"description", c.description},
          {"default_location", nullptr},
          {"default_keywords", nullptr},
          {"level", facts.level},
          {"parent", util::json_or_null(c.parent_id)},
          {"part_count", facts.part_count},
          {"subcategories", facts.subcategories},
          {"pathstring", c.pathstring},
          {"starred", false},
          {"structural", c.structural},
          {"icon", ""},
          {"parent_default_location", nullptr}};
}

json part_json(const storage::PartRecord& p, const std::string& category_name, bool pricing, int api_version) {
  json j = {{"active", p.active},
            {"assembly", false},
            {"barcode_hash", ""},
            {"category", util::json_or_null(p.category_id)},
            {"category_name", category_name},
            {"component", true},
            {"creation_date", "2024-03-19"},
            {"creation_user", nullptr},
            {"default_expiry", 0},
            {"default_location", nullptr},
            {"description", p.description},
            {"full_name", full_name(p)},
            {"image", nullptr},
            {"IPN", p.ipn},
            {"is_template", p.is_template},
            {"keywords", p.keywords},
            {"link", p.link},
            {"locked", false},
            {"minimum_stock", 0.0},
            {"name", p.name},
            {"pk", p.id},
            {"purchaseable", true},
            {"revision", p.revision},
            {"revision_of", nullptr},
            {"revision_count", 0},
            {"salable", false},
            {"starred", false},
            {"thumbnail", "/static/img/blank_image.thumbnail.png"},
            {"testable", false},
            {"trackable", false},
            {"units", p.units},
            {"variant_of", nullptr},
            {"virtual", false},
            {"responsible", nullptr},
            {"allocated_to_build_orders", 0.0},
            {"allocated_to_sales_orders", p.total_in_stock - p.unallocated_stock},
            {"building", 0.0},
            {"scheduled_to_build", 0.0},
            {"category_default_location", nullptr},
            {"in_stock", p.total_in_stock},
            {"ordering", 0.0},
            {"required_for_build_orders", 0},
            {"required_for_sales_orders", 0},
            {"stock_item_count", p.total_in_stock > 0 ? 1 : 0},
            {"total_in_stock", p.total_in_stock},
            {"external_stock", 0.0},
            {"unallocated_stock", p.unallocated_stock},
            {"variant_stock", 0.0}};
  if (pricing) {
    j["pricing_min"] = nullptr;
    j["pricing_max"] = nullptr;
    j["pricing_updated"] = kUpdated;
  }
  if (api_version >= 486) j["maximum_stock"] = 0.0;
  if (api_version >= 516) j["consumable"] = false;
  return j;
}

json template_json(const storage::ParameterTemplateRecord& t, int64_t parts, int api_version) {
  json j = {{"pk", t.id},         {"name", t.name},      {"units", t.units},
            {"description", t.description}, {"checkbox", false}, {"choices", ""},
            {"selectionlist", nullptr}};
  if (api_version >= 430) {
    j["model_type"] = "part.part";
    j["enabled"] = true;
    if (api_version >= 522) j["unique"] = 0;
  } else {
    j["parts"] = parts;
  }
  return j;
}

json parameter_json(const storage::PartParameterRecord& p, const storage::ParameterTemplateRecord* tpl,
                    bool template_detail, bool updated_by_detail, int api_version) {
  json j = {{"pk", p.id}, {"template", p.template_id}};
  if (api_version >= 430) {
    j["model_type"] = "part.part";
    j["model_id"] = p.part_id;
  } else {
    j["part"] = p.part_id;
  }
  j["data"] = p.data;
  j["data_numeric"] = data_numeric(p.data);
  if (api_version >= 369) {
    j["note"] = "";
    j["updated"] = kUpdated;
    j["updated_by"] = 1;
  }
  if (template_detail) j["template_detail"] = tpl != nullptr ? template_json(*tpl, 0, api_version) : json(nullptr);
  if (updated_by_detail && api_version >= 369) j["updated_by_detail"] = user_detail();
  return j;
}

json category_parameter_json(const storage::CategoryParameterRecord& p, bool template_detail) {
  json j = {{"pk", p.id},
            {"template", p.template_id},
            {"model_type", "part.partcategory"},
            {"model_id", p.category_id},
            {"data", p.data},
            {"data_numeric", nullptr},
            {"note", ""},
            {"updated", kUpdated},
            {"updated_by", 1}};
  if (template_detail) {
    j["template_detail"] = {{"pk", p.template_id},  {"name", p.template_name}, {"units", ""},
                            {"description", ""},    {"model_type", "part.partcategory"},
                            {"checkbox", false},    {"choices", ""},
                            {"selectionlist", nullptr}, {"enabled", true}, {"unique", 0}};
  }
  return j;
}

json attachment_json(const storage::PartAttachmentRecord& a, int api_version) {
  const bool is_link = !a.link.empty();
  json j = {{"pk", a.id},
            {"attachment", is_link ? json(nullptr) : json("/media/attachments/part/" + std::to_string(a.part_id) + "/file.pdf")},
            {"filename", is_link ? json(nullptr) : json("file.pdf")},
            {"link", is_link ? json(a.link) : json(nullptr)},
            {"comment", a.comment},
            {"upload_date", "2024-03-19"}};
  if (api_version >= 207) {
    j["upload_user"] = 1;
    j["user_detail"] = user_detail();
    j["file_size"] = is_link ? 0 : 1024;
    j["model_type"] = "part";
    j["model_id"] = a.part_id;
    j["tags"] = json::array();
  } else {
    j["part"] = a.part_id;
    j["user"] = 1;
  }
  return j;
}

json company_json(int64_t pk, const std::string& name) {
  return {{"pk", pk},          {"name", name},   {"active", true}, {"description", ""},
          {"image", nullptr},  {"thumbnail", nullptr}, {"currency", "USD"}, {"tax_id", ""}};
}

json manufacturer_part_json(const storage::ManufacturerPartRecord& m, int64_t manufacturer_pk, bool manufacturer_detail) {
  json j = {{"pk", m.id},         {"part", m.part_id},     {"manufacturer", manufacturer_pk},
            {"description", ""},  {"MPN", m.mpn},          {"link", ""},
            {"barcode_hash", ""}, {"tags", json::array()}};
  if (manufacturer_detail) j["manufacturer_detail"] = company_json(manufacturer_pk, m.manufacturer);
  return j;
}

json supplier_part_json(const storage::SupplierPartRecord& s, int64_t supplier_pk, bool supplier_detail,
                        int api_version) {
  json j = {{"pk", s.id},
            {"part", s.part_id},
            {"supplier", supplier_pk},
            {"SKU", s.sku},
            {"manufacturer_part", util::json_or_null(s.manufacturer_part_id)},
            {"description", ""},
            {"link", ""},
            {"active", true},
            {"available", 0.0},
            {"pack_quantity", "1"},
            {"in_stock", 0.0},
            {"tags", json::array()}};
  if (api_version >= 456) j["primary"] = s.primary;
  if (supplier_detail) j["supplier_detail"] = company_json(supplier_pk, s.supplier);
  return j;
}

json detail_json(const std::string& detail) { return {{"detail", detail}}; }

}  // namespace kibridge::fake_inventree
