// An optional value as JSON: the value, or null when absent — how every kibridge API and the
// fake InvenTree write an optional field ("parent": null, "next_pull": null), never by
// leaving the member out. Pure; header-only so the compiler sees through it.
#pragma once

#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

namespace kibridge::util {

template <typename T>
nlohmann::json json_or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// The value converted first (a time as ISO 8601 text, a record as its JSON object).
template <typename T, typename Convert>
nlohmann::json json_or_null(const std::optional<T>& value, Convert&& convert) {
  return value ? nlohmann::json(std::forward<Convert>(convert)(*value)) : nlohmann::json(nullptr);
}

}  // namespace kibridge::util
