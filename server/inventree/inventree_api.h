// InventreeApi: everything kibridge reads from and writes to InvenTree, as typed calls over a
// Client. It is the one place that knows InvenTree's REST shapes — which endpoint, which
// query, which request body — and picks them by the server's API version (api_version.h);
// the pull (sync/puller.h) and the push (writeback/pusher.h) name only what they want.
//
// Why one place: InvenTree moved the objects kibridge touches between endpoints over its API
// versions, and each move changed paths, filters and bodies together:
//   - API 207 moved part attachments from /api/part/attachment/ (filter and body "part") to
//     the generic /api/attachment/ (model_type "part" + model_id).
//   - API 430 moved parameters and their templates from /api/part/parameter/... to the
//     generic /api/parameter/... : a parameter is filtered by model_type "part" + model_id
//     and created with model_type "part.part"; templates are listed with for_model=part and
//     created with model_type "part.part". Before, both used "part".
//   - API 482 lets the part list be ordered by id, which keeps limit/offset pages stable.
//   - API 505 puts parameters on part categories (model_type "part.partcategory"); before,
//     there is nothing to list (features().category_parameters says whether to ask).
// tools/fake-inventree/fake_inventree.cc serves both sides of each gate, and the tests in
// tests/inventree/inventree_api_test.cc and tests/sync/puller_test.cc run against both.
//
// Contract: every call may send requests (the Client retries transient failures itself) and
// throws InvenTreeError (errors.h) when it fails; nothing is partially returned. The push
// calls (find_*, set_*, find_or_create_template, part_exists) word a refusal — kRejected or
// kNotFound — as "InvenTree refused <METHOD path> (HTTP <status>): <InvenTree's message>"
// (error_text.h), keeping its kind, status and body, so the caller can show it as it is.
// The server's API version is asked for once, at the first call that needs it (GET /api/),
// and template names once per InventreeApi (find_or_create_template): make one per pull or
// push pass so both are fresh.
//
// Thread-safety: like the Client it uses, one thread at a time. The Client must outlive it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "server/inventree/api_version.h"
#include "server/inventree/client.h"

namespace kibridge::inventree {

// The lists the pull reads, each decoded by its decode.h function.
enum class Collection {
  kCategories,           // decode_category
  kParameterTemplates,   // decode_parameter_template (part templates only)
  kParts,                // decode_part; without pricing, ordered by id where the API can
  kPartsWithParameters,  // the same, each part with its parameters (decode_embedded_parameters)
  kParameters,           // decode_part_parameter (part parameters only, without details)
  kDatasheetLinks,       // decode_datasheet_attachment (part link attachments)
  kManufacturerParts,    // decode_manufacturer_part, with the manufacturer's name
  kSupplierParts,        // decode_supplier_part, with the supplier's name
  kCategoryParameters,   // decode_category_parameter, with template names (API 505+ only)
};

// The endpoint and query of one list.
struct ListRequest {
  std::string path;  // "/api/part/"
  Query query;
};

// Pure: where `collection` is listed on a server with `features`.
ListRequest list_request(Collection collection, const ApiFeatures& features);
// The keys the decoder of `collection`'s items reads (ListOptions::keep_keys).
const std::unordered_set<std::string>& decoded_keys_of(Collection collection);

// What InvenTree holds for one write-back target of one part: the parameter of a template,
// or the part's datasheet link.
struct HeldValue {
  std::optional<int64_t> pk;         // the parameter or attachment holding it
  std::optional<std::string> value;  // nullopt: InvenTree holds none
};

// What set_parameter and set_datasheet did.
enum class SetResult {
  kWritten,
  // The object changed meanwhile (the PATCHed one was deleted, or a POST met one created
  // by someone else, or by an earlier POST whose answer was lost): nothing was written;
  // read again and decide anew.
  kChangedMeanwhile,
};

struct TemplateRef {
  int64_t id = 0;
  bool created = false;  // created by this call
};

class InventreeApi {
 public:
  explicit InventreeApi(Client& client) : client_(client) {}
  InventreeApi(const InventreeApi&) = delete;
  InventreeApi& operator=(const InventreeApi&) = delete;

  // GET /api/, once; the features of its API version.
  const ServerInfo& server();
  const ApiFeatures& features();

  // --- The pull.
  // Pages through `collection` (Client::list): each item to on_item as it is parsed, each
  // page's count to on_page.
  ListSummary list(Collection collection, const ListOptions& options,
                   const std::function<void(nlohmann::json& item)>& on_item,
                   const std::function<void(int64_t count)>& on_page = nullptr);

  // --- The push.
  // GET /api/user/me/: throws kCredentials unless InvenTree accepts the token (GET /api/
  // answers anyone). Its errors are the Client's, unworded.
  void check_credentials();
  // GET /api/part/<part>/: false when InvenTree has no such part (404).
  bool part_exists(int64_t part);

  // The part's parameter of the template (the lowest pk, should InvenTree hold several).
  // The answer is checked against the filters: a server that ignored one cannot make
  // another part's value look like this part's.
  HeldValue find_parameter(int64_t part, int64_t template_id);
  // The link of the part's first (lowest pk) link attachment commented "datasheet".
  HeldValue find_datasheet(int64_t part);

  // Makes InvenTree hold `value`: PATCHes held.pk when set, else POSTs a new object (a
  // datasheet link attachment is commented "Datasheet").
  SetResult set_parameter(int64_t part, int64_t template_id, const HeldValue& held, const std::string& value);
  SetResult set_datasheet(int64_t part, const HeldValue& held, const std::string& link);

  // The part parameter template named `name` (any letter case; the lowest pk of several).
  // When there is none and may_create() says so, one is created (with `description`, no
  // units, no choices: InvenTree would check every value against them); should InvenTree
  // refuse that because it was created meanwhile, the names are read again. nullopt: no
  // such template, and none may be created. may_create is asked only when needed.
  std::optional<TemplateRef> find_or_create_template(const std::string& name, const std::string& description,
                                                     const std::function<bool()>& may_create);

 private:
  // A push request; a list answer is checked to be one (else fetched again).
  nlohmann::json call(Method method, const std::string& path, const Query& query = {},
                      const nlohmann::json* body = nullptr, bool list = false);
  SetResult set(const std::string& path, const HeldValue& held, nlohmann::json post_body, const char* field,
                const std::string& value);
  std::optional<int64_t> known_template(const std::string& lower_name);

  Client& client_;
  std::optional<ServerInfo> server_;
  std::optional<ApiFeatures> features_;
  std::optional<std::map<std::string, int64_t>> templates_;  // lower-case name -> pk
};

}  // namespace kibridge::inventree
