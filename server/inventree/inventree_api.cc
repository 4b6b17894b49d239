#include "server/inventree/inventree_api.h"

#include <algorithm>

#include "server/inventree/decode.h"
#include "server/inventree/error_text.h"
#include "server/util/ascii_text.h"

namespace kibridge::inventree {

using nlohmann::json;

namespace {

// The items of a list answer: a bare array (no limit given) or a page's "results".
const json& list_items(const json& answer) {
  if (answer.is_array()) return answer;
  if (answer.is_object()) {
    auto it = answer.find("results");
    if (it != answer.end() && it->is_array()) return *it;
  }
  throw InvenTreeError(ErrorKind::kMalformed, "the answer is not a list");
}

void check_list(const json& answer) { list_items(answer); }

bool is_refusal(const InvenTreeError& e) {
  return e.kind() == ErrorKind::kRejected || e.kind() == ErrorKind::kNotFound;
}

// "InvenTree refused POST /api/parameter/ (HTTP 400): data: This field may not be blank."
InvenTreeError refusal(const std::string& request, const InvenTreeError& e) {
  std::string text = inventree_error_text(e.response_body());
  if (text.empty()) text = e.what();
  return InvenTreeError(e.kind(),
                        "InvenTree refused " + request + " (HTTP " + std::to_string(e.http_status()) + "): " + text,
                        e.http_status(), e.retry_after(), e.response_body());
}

// InvenTree's answer to a POST whose (part, template) pair already has a parameter.
bool is_uniqueness_error(const InvenTreeError& e) {
  return e.kind() == ErrorKind::kRejected && e.response_body().find("must make a unique set") != std::string::npos;
}

// The lower pk wins: the oldest object is the one InvenTree shows first.
void consider(HeldValue& held, int64_t pk, const std::string& value) {
  if (!held.pk || pk < *held.pk) {
    held.pk = pk;
    held.value = value;
  }
}

}  // namespace

ListRequest list_request(Collection collection, const ApiFeatures& f) {
  switch (collection) {
    case Collection::kCategories:
      return {"/api/part/category/", {}};
    case Collection::kParameterTemplates:
      if (f.generic_parameters) return {f.parameter_templates_path, {{"for_model", "part"}}};
      return {f.parameter_templates_path, {}};
    case Collection::kParts:
    case Collection::kPartsWithParameters: {
      Query query{{"pricing", "false"}};
      if (f.part_ordering_by_id) query.emplace_back("ordering", "id");
      if (collection == Collection::kPartsWithParameters) query.emplace_back("parameters", "true");
      return {"/api/part/", query};
    }
    case Collection::kParameters:
      if (f.generic_parameters) {
        return {f.parameters_path, {{"model_type", "part"}, {"template_detail", "false"}, {"updated_by_detail", "false"}}};
      }
      return {f.parameters_path, {{"template_detail", "false"}}};
    case Collection::kDatasheetLinks:
      if (f.generic_attachments) return {f.attachments_path, {{"model_type", "part"}, {"is_link", "true"}}};
      return {f.attachments_path, {}};
    case Collection::kManufacturerParts:
      return {"/api/company/part/manufacturer/", {{"manufacturer_detail", "true"}, {"part_detail", "false"}}};
    case Collection::kCategoryParameters:
      return {f.parameters_path,
              {{"model_type", "part.partcategory"}, {"template_detail", "true"}, {"updated_by_detail", "false"}}};
    case Collection::kSupplierParts:
      return {"/api/company/part/",
              {{"supplier_detail", "true"},
               {"part_detail", "false"},
               {"manufacturer_detail", "false"},
               {"manufacturer_part_detail", "false"}}};
  }
  throw InvenTreeError(ErrorKind::kConfig, "unknown InvenTree list");
}

const std::unordered_set<std::string>& decoded_keys_of(Collection collection) {
  return collection == Collection::kCategoryParameters ? category_parameter_keys() : decoded_keys();
}

const ServerInfo& InventreeApi::server() {
  if (!server_) server_ = client_.server_info();
  return *server_;
}

const ApiFeatures& InventreeApi::features() {
  if (!features_) features_ = features_for(server().api_version);
  return *features_;
}

ListSummary InventreeApi::list(Collection collection, const ListOptions& options,
                               const std::function<void(json& item)>& on_item,
                               const std::function<void(int64_t count)>& on_page) {
  const ListRequest request = list_request(collection, features());
  return client_.list(request.path, request.query, options, on_item, on_page);
}

json InventreeApi::call(Method method, const std::string& path, const Query& query, const json* body, bool list) {
  try {
    return client_.request(method, path, query, body, list ? check_list : nullptr);
  } catch (const InvenTreeError& e) {
    if (!is_refusal(e)) throw;
    throw refusal(std::string(method_name(method)) + " " + path, e);
  }
}

void InventreeApi::check_credentials() { client_.request(Method::kGet, "/api/user/me/"); }

bool InventreeApi::part_exists(int64_t part) {
  try {
    call(Method::kGet, "/api/part/" + std::to_string(part) + "/");
    return true;
  } catch (const InvenTreeError& e) {
    if (e.kind() == ErrorKind::kNotFound) return false;
    throw;
  }
}

HeldValue InventreeApi::find_parameter(int64_t part, int64_t template_id) {
  const ApiFeatures& f = features();
  const std::string part_text = std::to_string(part);
  const std::string template_text = std::to_string(template_id);
  const Query query = f.generic_parameters
                          ? Query{{"model_type", "part"}, {"model_id", part_text}, {"template", template_text}}
                          : Query{{"part", part_text}, {"template", template_text}};
  const json answer = call(Method::kGet, f.parameters_path, query, nullptr, true);
  HeldValue held;
  for (const auto& item : list_items(answer)) {
    const auto p = decode_part_parameter(item);
    if (p && p->part_id == part && p->template_id == template_id) consider(held, p->id, p->data);
  }
  return held;
}

HeldValue InventreeApi::find_datasheet(int64_t part) {
  const ApiFeatures& f = features();
  const std::string part_text = std::to_string(part);
  const Query query =
      f.generic_attachments ? Query{{"model_type", "part"}, {"model_id", part_text}} : Query{{"part", part_text}};
  const json answer = call(Method::kGet, f.attachments_path, query, nullptr, true);
  HeldValue held;
  for (const auto& item : list_items(answer)) {
    const auto a = decode_datasheet_attachment(item);
    if (a && a->part_id == part) consider(held, a->id, a->link);
  }
  return held;
}

SetResult InventreeApi::set(const std::string& path, const HeldValue& held, json post_body, const char* field,
                            const std::string& value) {
  if (held.pk) {
    const json body{{field, value}};
    try {
      call(Method::kPatch, path + std::to_string(*held.pk) + "/", {}, &body);
      return SetResult::kWritten;
    } catch (const InvenTreeError& e) {
      if (e.kind() == ErrorKind::kNotFound) return SetResult::kChangedMeanwhile;  // deleted meanwhile
      throw;
    }
  }
  post_body[field] = value;
  try {
    call(Method::kPost, path, {}, &post_body);
    return SetResult::kWritten;
  } catch (const InvenTreeError& e) {
    if (is_uniqueness_error(e)) return SetResult::kChangedMeanwhile;
    throw;
  }
}

SetResult InventreeApi::set_parameter(int64_t part, int64_t template_id, const HeldValue& held,
                                      const std::string& value) {
  const ApiFeatures& f = features();
  json body = f.generic_parameters ? json{{"model_type", "part.part"}, {"model_id", part}} : json{{"part", part}};
  body["template"] = template_id;
  return set(f.parameters_path, held, std::move(body), "data", value);
}

SetResult InventreeApi::set_datasheet(int64_t part, const HeldValue& held, const std::string& link) {
  const ApiFeatures& f = features();
  json body = f.generic_attachments ? json{{"model_type", "part"}, {"model_id", part}} : json{{"part", part}};
  body["comment"] = "Datasheet";
  return set(f.attachments_path, held, std::move(body), "link", link);
}

std::optional<int64_t> InventreeApi::known_template(const std::string& lower_name) {
  if (!templates_) {
    const std::string& path = features().parameter_templates_path;
    std::map<std::string, int64_t> by_name;
    ListOptions options;
    options.page_size = 1000;
    options.prefetch = false;
    try {
      client_.list(path, {}, options, [&](json& item) {
        const auto t = decode_parameter_template(item);
        auto [it, added] = by_name.emplace(util::ascii_lower(t.name), t.id);
        if (!added) it->second = std::min(it->second, t.id);
      });
    } catch (const InvenTreeError& e) {
      if (!is_refusal(e)) throw;
      throw refusal("GET " + path, e);
    }
    templates_ = std::move(by_name);
  }
  auto it = templates_->find(lower_name);
  if (it == templates_->end()) return std::nullopt;
  return it->second;
}

std::optional<TemplateRef> InventreeApi::find_or_create_template(const std::string& name,
                                                                 const std::string& description,
                                                                 const std::function<bool()>& may_create) {
  const std::string key = util::ascii_lower(name);
  if (auto id = known_template(key)) return TemplateRef{*id, false};
  if (!may_create()) return std::nullopt;
  const ApiFeatures& f = features();
  json body = {{"name", name}, {"description", description}, {"units", ""}, {"checkbox", false}, {"choices", ""}};
  if (f.generic_parameters) body["model_type"] = "part.part";
  try {
    const int64_t id = decode_parameter_template(call(Method::kPost, f.parameter_templates_path, {}, &body)).id;
    (*templates_)[key] = id;
    return TemplateRef{id, true};
  } catch (const InvenTreeError& e) {
    if (e.kind() != ErrorKind::kRejected) throw;
    // Most likely created meanwhile (the name is unique in any letter case): look again.
    templates_.reset();
    if (auto id = known_template(key)) return TemplateRef{*id, false};
    throw;
  }
}

}  // namespace kibridge::inventree
