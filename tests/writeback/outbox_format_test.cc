// The outbox renderings: every JSON member and its null cases, and the table a user reads.
#include "server/writeback/outbox_format.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "storage/utc_time.h"

namespace kibridge::writeback {
namespace {

storage::Clock::time_point at(const char* utc) { return *storage::parse_utc(utc); }

storage::OutboxEntry pending_footprint() {
  storage::OutboxEntry e;
  e.id = 7;
  e.import_id = 3;
  e.change.part_id = 301;
  e.change.field = storage::WritebackField::kFootprint;
  e.change.template_id = 11;
  e.change.template_name = "KiCad Footprint";
  e.change.new_value = "MountingHole:MountingHole_3.2mm_M3";
  e.created_at = at("2026-03-03T10:00:00.000Z");
  e.updated_at = at("2026-03-03T10:00:01.000Z");
  return e;
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

TEST(OutboxFormat, PendingEntryJson) {
  const auto j = outbox_entry_json(pending_footprint());
  EXPECT_EQ(j, nlohmann::json::parse(R"({
    "id": 7, "import_id": 3, "part_id": 301, "field": "footprint", "template_id": 11,
    "template_name": "KiCad Footprint", "old_value": null,
    "new_value": "MountingHole:MountingHole_3.2mm_M3", "state": "pending", "attempts": 0,
    "next_attempt_at": null, "last_error": null, "remote_value": null,
    "created_at": "2026-03-03T10:00:00.000Z", "updated_at": "2026-03-03T10:00:01.000Z",
    "settled_at": null})"));
}

TEST(OutboxFormat, ConflictAndRetryingEntriesCarryTheirDetails) {
  auto e = pending_footprint();
  e.import_id.reset();
  e.change.template_id.reset();
  e.change.old_value = "";
  e.state = storage::OutboxState::kConflict;
  e.remote_value = "Other:Footprint";
  auto j = outbox_entry_json(e);
  EXPECT_TRUE(j["import_id"].is_null());
  EXPECT_TRUE(j["template_id"].is_null());
  EXPECT_EQ(j["old_value"], "");  // an empty value InvenTree holds is not "none"
  EXPECT_EQ(j["state"], "conflict");
  EXPECT_EQ(j["remote_value"], "Other:Footprint");

  e = pending_footprint();
  e.attempts = 2;
  e.last_error = "HTTP 503";
  e.next_attempt_at = at("2026-03-03T10:05:00.000Z");
  j = outbox_entry_json(e);
  EXPECT_EQ(j["attempts"], 2);
  EXPECT_EQ(j["last_error"], "HTTP 503");
  EXPECT_EQ(j["next_attempt_at"], "2026-03-03T10:05:00.000Z");

  e = pending_footprint();
  e.state = storage::OutboxState::kDone;
  e.settled_at = at("2026-03-03T10:06:00.000Z");
  EXPECT_EQ(outbox_entry_json(e)["settled_at"], "2026-03-03T10:06:00.000Z");
}

TEST(OutboxFormat, PauseAndListJson) {
  EXPECT_TRUE(outbox_pause_json(std::nullopt).is_null());
  const storage::OutboxPause pause{"InvenTree refused the token", at("2026-03-03T11:00:00.000Z")};
  EXPECT_EQ(outbox_pause_json(pause),
            nlohmann::json::parse(R"({"reason": "InvenTree refused the token", "since": "2026-03-03T11:00:00.000Z"})"));
  const auto list = outbox_list_json({pending_footprint()}, pause);
  EXPECT_EQ(list["paused"]["reason"], "InvenTree refused the token");
  ASSERT_EQ(list["entries"].size(), 1u);
  EXPECT_EQ(list["entries"][0]["id"], 7);
  EXPECT_TRUE(outbox_list_json({}, std::nullopt)["entries"].is_array());
}

TEST(OutboxFormat, TableShowsEachEntryAndWhatNeedsAttention) {
  auto pending = pending_footprint();
  auto conflict = pending_footprint();
  conflict.id = 8;
  conflict.change.field = storage::WritebackField::kSymbol;
  conflict.change.old_value = "Device:R";
  conflict.change.new_value = "Mechanical:MountingHole_Pad";
  conflict.state = storage::OutboxState::kConflict;
  conflict.remote_value = "Mechanical:MountingHole";
  auto failed = pending_footprint();
  failed.id = 9;
  failed.state = storage::OutboxState::kFailed;
  failed.last_error = "InvenTree: 'data' is too long";

  const std::string table = outbox_table({pending, conflict, failed}, std::nullopt);
  EXPECT_EQ(table.rfind("ID", 0), 0u) << table;
  EXPECT_TRUE(contains(table, "(none) -> \"MountingHole:MountingHole_3.2mm_M3\"")) << table;
  EXPECT_TRUE(contains(table, "\"Device:R\" -> \"Mechanical:MountingHole_Pad\"")) << table;
  EXPECT_TRUE(contains(table, "InvenTree holds \"Mechanical:MountingHole\"")) << table;
  EXPECT_TRUE(contains(table, "InvenTree: 'data' is too long")) << table;
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 4) << table;  // header + 3
  // Columns line up: every row's state starts where the header's does.
  const size_t state_column = table.find("STATE");
  EXPECT_EQ(table.find("pending"), table.find('\n') + 1 + state_column) << table;

  EXPECT_FALSE(contains(table, "PAUSED"));
  const std::string paused = outbox_table({pending}, storage::OutboxPause{"401 from InvenTree", at("2026-03-03T11:00:00.000Z")});
  EXPECT_EQ(paused.rfind("PAUSED since 2026-03-03T11:00:00.000Z: 401 from InvenTree\n", 0), 0u) << paused;
  EXPECT_EQ(outbox_table({}, std::nullopt), "(no outbox entries)\n");
}

}  // namespace
}  // namespace kibridge::writeback
