// The write side of the fake InvenTree, as InvenTree's REST API behaves: creating, changing
// and deleting part parameters and parameter templates
// (generic endpoints from API 430, legacy /api/part/parameter/... before) and link
// attachments (generic /api/attachment/ from API 207, /api/part/attachment/ before), with
// InvenTree's validation errors keyed by field (DRF style), its uniqueness rules and its 404s.
//
// Pure functions over the served MirrorSnapshot, so the rules test without a server. New
// objects get the pk max+1 of their kind. Not modelled: bulk (array) creates, file uploads,
// template units/choices/checkbox validation, part locking.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "storage/records.h"

namespace kibridge::fake_inventree {

struct WriteRequest {
  std::string method;  // "POST", "PUT", "PATCH", "DELETE"
  std::string path;    // "/api/parameter/" or "/api/parameter/17/" (no query)
  std::string body;    // JSON text as received
  int api_version = 534;
};

struct WriteAnswer {
  int status = 200;
  nlohmann::json body;   // null: no body (204)
  bool applied = false;  // `data` was changed
};

// Applies a write to `data` and returns InvenTree's answer, or nullopt when (method, path) is
// no write route of this API version (the caller answers 404 or 405). A rejected write leaves
// `data` unchanged.
std::optional<WriteAnswer> apply_write(storage::MirrorSnapshot& data, const WriteRequest& request);

// The pk at the end of `path` when it is `prefix` + digits + "/", e.g. ("/api/part/12/",
// "/api/part/") -> 12.
std::optional<int64_t> detail_pk(const std::string& path, const std::string& prefix);

}  // namespace kibridge::fake_inventree
