#include "tools/fake-inventree/fake_writes.h"

#include <algorithm>
#include <cctype>

#include "server/util/ascii_text.h"
#include "tools/fake-inventree/fake_shapes.h"

namespace kibridge::fake_inventree {

using nlohmann::json;

namespace {

// DRF's validation errors: {"field": ["message", ...], ...}.
class FieldErrors {
 public:
  void add(const std::string& field, const std::string& message) { errors_[field].push_back(message); }
  bool any() const { return !errors_.empty(); }
  const json& body() const { return errors_; }

 private:
  json errors_ = json::object();
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string invalid_pk(int64_t pk) { return "Invalid pk \"" + std::to_string(pk) + "\" - object does not exist."; }

// DRF CharField: numbers are taken as their text, surrounding whitespace is trimmed.
std::optional<std::string> char_field(const json& body, const char* key, size_t max_length, bool allow_blank,
                                      bool required, FieldErrors& errors) {
  auto it = body.find(key);
  if (it == body.end()) {
    if (required) errors.add(key, "This field is required.");
    return std::nullopt;
  }
  if (it->is_null()) {
    errors.add(key, "This field may not be null.");
    return std::nullopt;
  }
  std::string value;
  if (it->is_string()) {
    value = util::trim(it->get<std::string>());
  } else if (it->is_number()) {
    value = it->dump();
  } else {
    errors.add(key, "Not a valid string.");
    return std::nullopt;
  }
  if (value.empty() && !allow_blank) {
    errors.add(key, "This field may not be blank.");
    return std::nullopt;
  }
  if (value.size() > max_length) {
    errors.add(key, "Ensure this field has no more than " + std::to_string(max_length) + " characters.");
    return std::nullopt;
  }
  return value;
}

// DRF PrimaryKeyRelatedField / IntegerField: an integer, or a string of digits.
std::optional<int64_t> pk_field(const json& body, const char* key, bool required, FieldErrors& errors) {
  auto it = body.find(key);
  if (it == body.end()) {
    if (required) errors.add(key, "This field is required.");
    return std::nullopt;
  }
  if (it->is_null()) {
    errors.add(key, "This field may not be null.");
    return std::nullopt;
  }
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_string()) {
    const std::string s = it->get<std::string>();
    if (!s.empty() && s.size() < 18 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); })) {
      return std::stoll(s);
    }
  }
  errors.add(key, std::string("Incorrect type. Expected pk value, received ") + it->type_name() + ".");
  return std::nullopt;
}

bool is_url(const std::string& s) {
  for (const char* scheme : {"http://", "https://", "ftp://", "ftps://"}) {
    const std::string p = scheme;
    if (s.size() > p.size() && lower(s.substr(0, p.size())) == p && s.find(' ') == std::string::npos) return true;
  }
  return false;
}

template <typename Record>
int64_t next_pk(const std::vector<Record>& records) {
  int64_t max = 0;
  for (const auto& r : records) max = std::max(max, r.id);
  return max + 1;
}

template <typename Record>
Record* find_pk(std::vector<Record>& records, int64_t pk) {
  auto it = std::find_if(records.begin(), records.end(), [pk](const Record& r) { return r.id == pk; });
  return it == records.end() ? nullptr : &*it;
}

bool part_exists(const storage::MirrorSnapshot& data, int64_t pk) {
  return std::any_of(data.parts.begin(), data.parts.end(), [pk](const storage::PartRecord& p) { return p.id == pk; });
}

const storage::ParameterTemplateRecord* find_template(const storage::MirrorSnapshot& data, int64_t pk) {
  auto it = std::find_if(data.templates.begin(), data.templates.end(),
                         [pk](const storage::ParameterTemplateRecord& t) { return t.id == pk; });
  return it == data.templates.end() ? nullptr : &*it;
}

WriteAnswer rejected(const json& body) { return WriteAnswer{400, body, false}; }
WriteAnswer not_found(const std::string& model) {
  return WriteAnswer{404, detail_json("No " + model + " matches the given query."), false};
}

// The model types a generic template or parameter may name (InvenTree's generic parameter endpoints, API 430 on).
bool known_model_type(const std::string& value) {
  static const char* const kModels[] = {"build.build", "company.company", "company.manufacturerpart",
                                        "company.supplierpart", "order.purchaseorder", "order.returnorder",
                                        "order.salesorder", "order.salesordershipment", "order.transferorder",
                                        "part.part", "part.partcategory", "stock.stocklocation"};
  const std::string v = lower(value);
  for (const char* m : kModels) {
    const std::string model = m;
    if (v == model || v == model.substr(model.find('.') + 1)) return true;
  }
  return false;
}

class Writer {
 public:
  Writer(storage::MirrorSnapshot& data, const WriteRequest& request, const json& body)
      : data_(data), request_(request), body_(body), api_(request.api_version) {}

  using Handler = WriteAnswer (Writer::*)(int64_t pk);
  struct Route {
    Handler handler;
    int64_t pk = 0;  // of a detail route
  };

  // The handler of (method, path) in this API version, if any.
  static std::optional<Route> route(const WriteRequest& request) {
    const int api = request.api_version;
    const std::string parameters = api >= 430 ? "/api/parameter/" : "/api/part/parameter/";
    const std::string templates = parameters + "template/";
    const std::string attachments = api >= 207 ? "/api/attachment/" : "/api/part/attachment/";
    const std::string& m = request.method;
    const std::string& path = request.path;
    const bool update = m == "PATCH" || m == "PUT";
    if (path == parameters && m == "POST") return Route{&Writer::create_parameter};
    if (auto pk = detail_pk(path, parameters)) {
      if (update) return Route{&Writer::update_parameter, *pk};
      if (m == "DELETE") return Route{&Writer::delete_parameter, *pk};
    }
    if (path == templates && m == "POST") return Route{&Writer::create_template};
    if (path == attachments && m == "POST") return Route{&Writer::create_attachment};
    if (auto pk = detail_pk(path, attachments)) {
      if (update) return Route{&Writer::update_attachment, *pk};
      if (m == "DELETE") return Route{&Writer::delete_attachment, *pk};
    }
    return std::nullopt;
  }

  WriteAnswer run(const Route& r) { return (this->*r.handler)(r.pk); }

 private:
  const char* parameter_model() const { return api_ >= 430 ? "Parameter" : "PartParameter"; }
  const char* attachment_model() const { return api_ >= 207 ? "Attachment" : "PartAttachment"; }

  // The part a new parameter or attachment belongs to: model_type + model_id (generic) or part.
  std::optional<int64_t> owner_part(bool generic, bool attachment, FieldErrors& errors) {
    if (!generic) {
      auto part = pk_field(body_, "part", true, errors);
      if (part && !part_exists(data_, *part)) {
        errors.add("part", invalid_pk(*part));
        return std::nullopt;
      }
      return part;
    }
    auto model_type = char_field(body_, "model_type", 100, false, true, errors);
    if (model_type && lower(*model_type) != "part" && lower(*model_type) != "part.part") {
      // The fake holds parts only; any other model is one it cannot store.
      errors.add("model_type", attachment ? "Invalid model type specified" : "Content type not found");
    }
    auto model_id = pk_field(body_, "model_id", true, errors);
    if (model_id && !part_exists(data_, *model_id)) {
      errors.add("model_id", invalid_pk(*model_id));
      return std::nullopt;
    }
    return model_id;
  }

  WriteAnswer parameter_answer(int status, const storage::PartParameterRecord& p) const {
    return WriteAnswer{status, parameter_json(p, find_template(data_, p.template_id), true, true, api_), true};
  }

  std::string uniqueness_message() const {
    return api_ >= 430 ? "The fields model_type, model_id, template must make a unique set."
                       : "The fields part, template must make a unique set.";
  }

  bool taken(int64_t part, int64_t template_id, int64_t except_pk) const {
    return std::any_of(data_.parameters.begin(), data_.parameters.end(), [&](const storage::PartParameterRecord& p) {
      return p.part_id == part && p.template_id == template_id && p.id != except_pk;
    });
  }

  WriteAnswer create_parameter(int64_t) {
    FieldErrors errors;
    auto template_id = pk_field(body_, "template", true, errors);
    if (template_id && find_template(data_, *template_id) == nullptr) errors.add("template", invalid_pk(*template_id));
    auto part = owner_part(api_ >= 430, false, errors);
    auto value = char_field(body_, "data", 500, false, true, errors);
    char_field(body_, "note", 500, true, false, errors);
    if (errors.any()) return rejected(errors.body());
    if (taken(*part, *template_id, 0)) return rejected({{"non_field_errors", {uniqueness_message()}}});
    storage::PartParameterRecord p{next_pk(data_.parameters), *part, *template_id, *value};
    data_.parameters.push_back(p);
    return parameter_answer(201, p);
  }

  WriteAnswer update_parameter(int64_t pk) {
    storage::PartParameterRecord* p = find_pk(data_.parameters, pk);
    if (p == nullptr) return not_found(parameter_model());
    const bool full = request_.method == "PUT";
    FieldErrors errors;
    auto value = char_field(body_, "data", 500, false, full, errors);
    auto template_id = pk_field(body_, "template", full, errors);
    if (template_id && find_template(data_, *template_id) == nullptr) errors.add("template", invalid_pk(*template_id));
    char_field(body_, "note", 500, true, false, errors);
    if (errors.any()) return rejected(errors.body());
    if (template_id && taken(p->part_id, *template_id, p->id)) {
      return rejected({{"non_field_errors", {uniqueness_message()}}});
    }
    if (value) p->data = *value;
    if (template_id) p->template_id = *template_id;
    return parameter_answer(200, *p);
  }

  WriteAnswer delete_parameter(int64_t pk) {
    if (find_pk(data_.parameters, pk) == nullptr) return not_found(parameter_model());
    std::erase_if(data_.parameters, [pk](const storage::PartParameterRecord& p) { return p.id == pk; });
    return WriteAnswer{204, nullptr, true};
  }

  WriteAnswer create_template(int64_t) {
    FieldErrors errors;
    auto name = char_field(body_, "name", 100, false, true, errors);
    if (name) {
      const std::string wanted = lower(*name);
      for (const auto& t : data_.templates) {
        if (lower(t.name) == wanted) {
          errors.add("name", "Parameter template name must be unique");
          break;
        }
      }
    }
    auto units = char_field(body_, "units", 25, true, false, errors);
    auto description = char_field(body_, "description", 250, true, false, errors);
    char_field(body_, "choices", 5000, true, false, errors);
    if (api_ >= 430) {
      auto it = body_.find("model_type");
      if (it != body_.end() && !it->is_null() && (!it->is_string() || !known_model_type(it->get<std::string>()))) {
        errors.add("model_type", "Content type not found");
      }
    }
    if (errors.any()) return rejected(errors.body());
    storage::ParameterTemplateRecord t{next_pk(data_.templates), *name, units.value_or(""), description.value_or("")};
    data_.templates.push_back(t);
    return WriteAnswer{201, template_json(t, 0, api_), true};
  }

  // A link attachment: the only kind kibridge writes.
  void check_link(const std::optional<std::string>& link, FieldErrors& errors) const {
    if (link && !link->empty() && !is_url(*link)) errors.add("link", "Enter a valid URL.");
  }

  WriteAnswer create_attachment(int64_t) {
    FieldErrors errors;
    auto part = owner_part(api_ >= 207, true, errors);
    auto link = char_field(body_, "link", 2000, true, false, errors);
    check_link(link, errors);
    auto comment = char_field(body_, "comment", 250, true, false, errors);
    if (!errors.any() && link.value_or("").empty()) errors.add("link", "Missing external link");
    if (errors.any()) return rejected(errors.body());
    storage::PartAttachmentRecord a{next_pk(data_.attachments), *part, *link, comment.value_or("")};
    data_.attachments.push_back(a);
    return WriteAnswer{201, attachment_json(a, api_), true};
  }

  WriteAnswer update_attachment(int64_t pk) {
    storage::PartAttachmentRecord* a = find_pk(data_.attachments, pk);
    if (a == nullptr) return not_found(attachment_model());
    FieldErrors errors;
    auto link = char_field(body_, "link", 2000, true, false, errors);
    check_link(link, errors);
    auto comment = char_field(body_, "comment", 250, true, false, errors);
    if (errors.any()) return rejected(errors.body());
    if (link) a->link = *link;
    if (comment) a->comment = *comment;
    return WriteAnswer{200, attachment_json(*a, api_), true};
  }

  WriteAnswer delete_attachment(int64_t pk) {
    if (find_pk(data_.attachments, pk) == nullptr) return not_found(attachment_model());
    std::erase_if(data_.attachments, [pk](const storage::PartAttachmentRecord& a) { return a.id == pk; });
    return WriteAnswer{204, nullptr, true};
  }

  storage::MirrorSnapshot& data_;
  const WriteRequest& request_;
  const json& body_;
  int api_;
};

}  // namespace

std::optional<int64_t> detail_pk(const std::string& path, const std::string& prefix) {
  if (path.size() < prefix.size() + 2 || path.compare(0, prefix.size(), prefix) != 0 || path.back() != '/') {
    return std::nullopt;
  }
  const std::string digits = path.substr(prefix.size(), path.size() - prefix.size() - 1);
  if (digits.empty() || digits.size() > 17 ||
      !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return std::nullopt;
  }
  return std::stoll(digits);
}

std::optional<WriteAnswer> apply_write(storage::MirrorSnapshot& data, const WriteRequest& request) {
  // Route first, so an unknown route is not answered with a validation error.
  auto route = Writer::route(request);
  if (!route) return std::nullopt;
  json body = json::object();
  if (!request.body.empty()) {
    try {
      body = json::parse(request.body);
    } catch (const json::exception& e) {
      return WriteAnswer{400, detail_json(std::string("JSON parse error - ") + e.what()), false};
    }
  }
  if (!body.is_object()) {
    // InvenTree's bulk create takes an array; the fake does not model it.
    return WriteAnswer{400, {{"non_field_errors", {"Invalid data. Expected a dictionary, but got list."}}}, false};
  }
  return Writer(data, request, body).run(*route);
}

}  // namespace kibridge::fake_inventree
