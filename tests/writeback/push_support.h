// Shared by the pusher tests: a database mirroring the fake InvenTree's small_inventree(), a
// way to queue outbox changes as an import does, a test clock, and readers of what the fake
// InvenTree holds.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/inventree/client.h"
#include "server/writeback/pusher.h"
#include "storage/store.h"
#include "tests/support/temp_db.h"
#include "tests/sync/sync_support.h"

namespace kibridge::testing {

// small_inventree(): template 4 is "KiCad Footprint", and part 101 holds
// "Resistor_SMD:R_0603_1608Metric" in it; parts 101 and 102 have datasheet link attachments
// (pk 1 and 2, the second commented " Datasheet "), 103 only a photo, 104 a datasheet file.
inline constexpr int64_t kFootprintTemplate = 4;
inline constexpr const char* kPart101Footprint = "Resistor_SMD:R_0603_1608Metric";

inline storage::OutboxChange footprint_change(int64_t part, std::optional<std::string> old_value, std::string new_value,
                                              std::optional<int64_t> template_id = kFootprintTemplate) {
  storage::OutboxChange c;
  c.part_id = part;
  c.field = storage::WritebackField::kFootprint;
  c.template_id = template_id;
  c.template_name = "KiCad Footprint";
  c.old_value = std::move(old_value);
  c.new_value = std::move(new_value);
  return c;
}

inline storage::OutboxChange datasheet_change(int64_t part, std::optional<std::string> old_value, std::string new_value) {
  storage::OutboxChange c;
  c.part_id = part;
  c.field = storage::WritebackField::kDatasheet;
  c.old_value = std::move(old_value);
  c.new_value = std::move(new_value);
  return c;
}

// The values InvenTree (the fake) holds for a part's parameter of a template, by pk.
inline std::vector<std::string> fake_parameters(const fake_inventree::FakeInvenTree& fake, int64_t part,
                                                int64_t template_id) {
  std::vector<storage::PartParameterRecord> found;
  for (const auto& p : fake.data().parameters) {
    if (p.part_id == part && p.template_id == template_id) found.push_back(p);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::vector<std::string> values;
  for (const auto& p : found) values.push_back(p.data);
  return values;
}

inline std::vector<storage::PartAttachmentRecord> fake_attachments(const fake_inventree::FakeInvenTree& fake,
                                                                   int64_t part) {
  std::vector<storage::PartAttachmentRecord> found;
  for (const auto& a : fake.data().attachments) {
    if (a.part_id == part) found.push_back(a);
  }
  return found;
}

inline std::vector<std::string> writes_of(const fake_inventree::FakeInvenTree& fake) { return fake.counters().writes; }

// A store that mirrors the fake (as after a pull), an import path into its outbox, and a
// pusher with a clock the test moves.
class PushFixture : public ::testing::Test {
 protected:
  explicit PushFixture(int api_version = 534) : fake_(started_fake(api_version)), store_(db_.path()) {
    store_.mirror().apply_mirror(expected_pull(small_inventree(), false));
    fake_->reset_counters();
  }

  // Queues `changes` as one import does; returns their entry ids.
  std::vector<int64_t> queue(const std::vector<storage::OutboxChange>& changes) {
    storage::ImportRecord r;
    r.created_at = storage::Clock::now();
    r.actor = "test";
    r.file_name = "board.xml";
    r.content_sha256 = std::string(64, '0');
    r.summary_json = "{}";
    return store_.writeback().record_import(r, changes).outbox_ids;
  }
  int64_t queue_one(const storage::OutboxChange& change) { return queue({change}).at(0); }

  writeback::PusherOptions pusher_options() {
    writeback::PusherOptions o;
    o.now = [this] { return now_; };
    o.random01 = [] { return 0.5; };
    o.log = [this](const std::string& line) { log_.push_back(line); };
    return o;
  }

  // One pass with a client holding `token`.
  writeback::PushSummary push(const std::string& token = kFakeToken, bool user_request = false) {
    inventree::Client client(fast_client_options(*fake_, pauses_, token));
    writeback::Pusher pusher(store_, client, pusher_options());
    return pusher.push_once(user_request);
  }

  storage::OutboxEntry entry(int64_t id) const { return store_.writeback().outbox_entry(id).value(); }

  TempDb db_;
  std::unique_ptr<fake_inventree::FakeInvenTree> fake_;
  storage::Store store_;
  std::shared_ptr<RecordedPauses> pauses_ = std::make_shared<RecordedPauses>();
  // Whole milliseconds: the store keeps times to the millisecond.
  storage::Clock::time_point now_ = std::chrono::floor<std::chrono::milliseconds>(storage::Clock::now());
  std::vector<std::string> log_;
};

}  // namespace kibridge::testing
