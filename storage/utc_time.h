// Times in kibridge's database: ISO 8601 UTC with milliseconds ("2026-08-21T12:34:56.789Z"),
// fixed width, so that SQL compares them correctly as text.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace kibridge::storage {

using TimePoint = std::chrono::system_clock::time_point;

std::string format_utc(TimePoint t);
// nullopt for anything format_utc does not produce, except that whole seconds without
// milliseconds ("2026-08-21T12:34:56Z", how API tokens' times were once stored) are read too.
std::optional<TimePoint> parse_utc(const std::string& text);

}  // namespace kibridge::storage
