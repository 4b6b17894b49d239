// Streaming parse of one InvenTree list response — a page {"count": N, "results": [...]} or,
// without `limit`, a bare array — handing each item to a callback as soon as it is complete.
//
// Only the keys in `keep` (at any depth inside an item) are materialised; every other value
// is skipped while scanning (json_scanner.h), so a 500-part page never exists as a whole DOM and the fields
// kibridge does not mirror (pricing, images, user and template details, ...) cost no memory.
// Pure function; errors are InvenTreeError(kMalformed), also for a member given twice in the
// envelope or in an item (only kept members are checked). Items before the error have
// already been handed over when it is thrown.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <string>
#include <unordered_set>

#include <nlohmann/json.hpp>

namespace kibridge::inventree {

struct ListStreamResult {
  bool paginated = true;  // false: a bare array
  int64_t count = 0;      // the page's "count" (the array's length when bare)
  int64_t items = 0;      // items handed to on_item
};

// `keep` may be null: every key is kept.
ListStreamResult parse_list_stream(std::string_view body, const std::unordered_set<std::string>* keep,
                                   const std::function<void(nlohmann::json& item)>& on_item);

}  // namespace kibridge::inventree
