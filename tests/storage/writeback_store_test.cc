// The store's write-back half: import history, the outbox state machine, and the overlay that
// keeps queued values in the mirror across pulls.
#include <gtest/gtest.h>

#include <thread>

#include "storage/store.h"
#include "tests/support/temp_db.h"

namespace kibridge::storage {
namespace {

using testing::TempDb;

constexpr int64_t kFootprintTpl = 7;
constexpr int64_t kSymbolTpl = 8;

// Part 1 has a footprint parameter (pk 100) and a datasheet; part 2 has neither.
MirrorSnapshot base_snapshot() {
  MirrorSnapshot s;
  s.categories = {{10, std::nullopt, "Passives", "Passives", "", false}, {20, std::nullopt, "ICs", "ICs", "", false}};
  s.templates = {{kFootprintTpl, "KiCad Footprint", "", ""}, {kSymbolTpl, "KiCad Symbol", "", ""}};
  PartRecord p1;
  p1.id = 1;
  p1.category_id = 10;
  p1.name = "R 10k";
  p1.ipn = "R-10K";
  PartRecord p2;
  p2.id = 2;
  p2.category_id = 20;
  p2.name = "NE555";
  s.parts = {p1, p2};
  s.parameters = {{100, 1, kFootprintTpl, "Resistor_SMD:R_0603_1608Metric"}};
  s.attachments = {{50, 1, "https://example.com/r.pdf", "datasheet"}};
  return s;
}

OutboxChange change(int64_t part, WritebackField field, std::optional<std::string> old_value, std::string new_value,
                    std::optional<int64_t> tpl = std::nullopt) {
  OutboxChange c;
  c.part_id = part;
  c.field = field;
  c.template_id = tpl;
  c.template_name = tpl ? "KiCad Footprint" : "";
  c.old_value = std::move(old_value);
  c.new_value = std::move(new_value);
  return c;
}

ImportRecord import_record(bool dry_run = false) {
  ImportRecord r;
  r.created_at = Clock::now();
  r.actor = "cli";
  r.file_name = "board.xml";
  r.content_sha256 = std::string(64, 'a');
  r.dry_run = dry_run;
  r.summary_json = R"({"changes":1})";
  return r;
}

std::optional<std::string> parameter(const Store& store, int64_t part, int64_t tpl) {
  auto d = store.mirror().part_details(part);
  if (!d) return std::nullopt;
  for (const auto& p : d->parameters) {
    if (p.template_id == tpl) return p.data;
  }
  return std::nullopt;
}

std::optional<std::string> datasheet(const Store& store, int64_t part) {
  auto d = store.mirror().part_details(part);
  for (const auto& a : d->attachments) {
    if (a.comment == "datasheet" || a.comment == "Datasheet") return a.link;
  }
  return std::nullopt;
}

class WritebackStoreTest : public ::testing::Test {
 protected:
  WritebackStoreTest() : store(db.path()) { store.mirror().apply_mirror(base_snapshot()); }

  // Queues one change and returns its entry id.
  int64_t queue(const OutboxChange& c) {
    auto recorded = store.writeback().record_import(import_record(), {c});
    return recorded.outbox_ids.at(0);
  }

  TempDb db;
  Store store;
};

TEST_F(WritebackStoreTest, DryRunIsRecordedButQueuesAndChangesNothing) {
  auto recorded = store.writeback().record_import(import_record(true),
                                      {change(2, WritebackField::kFootprint, std::nullopt, "Package_DIP:DIP-8", kFootprintTpl)});
  EXPECT_GT(recorded.record.id, 0);
  EXPECT_EQ(recorded.record.queued, 0);
  EXPECT_TRUE(recorded.outbox_ids.empty());
  EXPECT_TRUE(recorded.changes.empty());
  EXPECT_TRUE(store.writeback().outbox_entries().empty());
  EXPECT_EQ(parameter(store, 2, kFootprintTpl), std::nullopt);
  auto history = store.writeback().imports(10);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_TRUE(history[0].dry_run);
  EXPECT_EQ(history[0].file_name, "board.xml");
  EXPECT_EQ(history[0].summary_json, R"({"changes":1})");
}

TEST_F(WritebackStoreTest, ImportQueuesInOrderAndShowsValuesAtOnce) {
  auto recorded = store.writeback().record_import(
      import_record(), {change(2, WritebackField::kFootprint, std::nullopt, "Package_DIP:DIP-8", kFootprintTpl),
                        change(1, WritebackField::kFootprint, "Resistor_SMD:R_0603_1608Metric",
                               "Resistor_SMD:R_0402_1005Metric", kFootprintTpl)});
  ASSERT_EQ(recorded.outbox_ids.size(), 2u);
  EXPECT_LT(recorded.outbox_ids[0], recorded.outbox_ids[1]);
  EXPECT_EQ(recorded.record.queued, 2);
  EXPECT_EQ(parameter(store, 2, kFootprintTpl), "Package_DIP:DIP-8");
  EXPECT_EQ(parameter(store, 1, kFootprintTpl), "Resistor_SMD:R_0402_1005Metric");
  EXPECT_EQ(recorded.changes.parts, (std::set<int64_t>{1, 2}));
  EXPECT_EQ(recorded.changes.categories, (std::set<int64_t>{10, 20}));
  EXPECT_FALSE(recorded.changes.everything);

  auto entries = store.writeback().outbox_entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].state, OutboxState::kPending);
  EXPECT_EQ(entries[0].import_id, recorded.record.id);
  EXPECT_EQ(entries[0].change.old_value, std::nullopt);
  EXPECT_EQ(entries[1].change.old_value, "Resistor_SMD:R_0603_1608Metric");
  EXPECT_EQ(store.writeback().outbox_entries(OutboxState::kDone).size(), 0u);
}

TEST_F(WritebackStoreTest, UnknownTemplateIsQueuedButNotShown) {
  OutboxChange c = change(2, WritebackField::kSymbol, std::nullopt, "Timer:NE555P");
  c.template_name = "KiCad Symbol (new)";
  auto recorded = store.writeback().record_import(import_record(), {c});
  EXPECT_EQ(recorded.outbox_ids.size(), 1u);
  EXPECT_TRUE(recorded.changes.empty());
  EXPECT_EQ(store.writeback().outbox_entry(recorded.outbox_ids[0])->change.template_name, "KiCad Symbol (new)");
}

TEST_F(WritebackStoreTest, PullNeverRevertsAQueuedValue) {
  const int64_t id = queue(change(1, WritebackField::kFootprint, "Resistor_SMD:R_0603_1608Metric",
                                  "Resistor_SMD:R_0402_1005Metric", kFootprintTpl));
  const int64_t created = queue(change(2, WritebackField::kFootprint, std::nullopt, "Package_DIP:DIP-8", kFootprintTpl));
  MirrorSnapshot pulled = base_snapshot();  // InvenTree does not have either change yet
  pulled.read_started_at = Clock::now();
  pulled.parts[1].description = "changed in InvenTree";
  store.mirror().apply_mirror(pulled);
  EXPECT_EQ(parameter(store, 1, kFootprintTpl), "Resistor_SMD:R_0402_1005Metric");
  EXPECT_EQ(parameter(store, 2, kFootprintTpl), "Package_DIP:DIP-8");
  EXPECT_EQ(store.mirror().part_details(2)->part.description, "changed in InvenTree");

  // A conflict is still queued: it stays shown too.
  store.writeback().settle_outbox_entry(id, {OutboxState::kConflict, std::nullopt, "InvenTree holds another value",
                                 "Resistor_SMD:R_0805_2012Metric", std::nullopt});
  pulled.parameters[0].data = "Resistor_SMD:R_0805_2012Metric";
  store.mirror().apply_mirror(pulled);
  EXPECT_EQ(parameter(store, 1, kFootprintTpl), "Resistor_SMD:R_0402_1005Metric");
  (void)created;
}

TEST_F(WritebackStoreTest, DoneEntryWinsOnlyOverSnapshotsReadBeforeIt) {
  const auto before_push = Clock::now() - std::chrono::seconds(1);
  const int64_t id = queue(change(2, WritebackField::kFootprint, std::nullopt, "Package_DIP:DIP-8", kFootprintTpl));
  store.writeback().settle_outbox_entry(id, {OutboxState::kDone, std::nullopt, "", std::nullopt, std::nullopt});
  EXPECT_TRUE(store.writeback().outbox_entry(id)->settled_at.has_value());

  // Read before the push reached InvenTree: it lacks the value, which must not disappear.
  MirrorSnapshot stale = base_snapshot();
  stale.read_started_at = before_push;
  store.mirror().apply_mirror(stale);
  EXPECT_EQ(parameter(store, 2, kFootprintTpl), "Package_DIP:DIP-8");

  // Read after it: InvenTree's word is final, whatever it says.
  MirrorSnapshot fresh = base_snapshot();
  fresh.read_started_at = Clock::now() + std::chrono::seconds(1);
  fresh.parameters.push_back({555, 2, kFootprintTpl, "Package_SO:SOIC-8"});
  store.mirror().apply_mirror(fresh);
  EXPECT_EQ(parameter(store, 2, kFootprintTpl), "Package_SO:SOIC-8");
}

TEST_F(WritebackStoreTest, LocalRowIsReplacedByInvenTreesRowAfterThePush) {
  const int64_t id = queue(change(2, WritebackField::kFootprint, std::nullopt, "Package_DIP:DIP-8", kFootprintTpl));
  store.writeback().settle_outbox_entry(id, {OutboxState::kDone, std::nullopt, "", std::nullopt, std::nullopt});
  MirrorSnapshot fresh = base_snapshot();
  fresh.read_started_at = Clock::now() + std::chrono::seconds(1);
  fresh.parameters.push_back({556, 2, kFootprintTpl, "Package_DIP:DIP-8"});
  store.mirror().apply_mirror(fresh);
  auto d = store.mirror().part_details(2);
  ASSERT_EQ(d->parameters.size(), 1u);
  EXPECT_EQ(d->parameters[0].id, 556);
}

TEST_F(WritebackStoreTest, SettleRecordsOutcomesAndRefusesSettledEntries) {
  const int64_t id = queue(change(2, WritebackField::kFootprint, std::nullopt, "Package_DIP:DIP-8"));
  const auto later = Clock::now() + std::chrono::minutes(5);
  store.writeback().settle_outbox_entry(id, {OutboxState::kPending, later, "HTTP 503", std::nullopt, 42});
  auto e = store.writeback().outbox_entry(id);
  EXPECT_EQ(e->state, OutboxState::kPending);
  EXPECT_EQ(e->attempts, 1);
  EXPECT_EQ(e->last_error, "HTTP 503");
  ASSERT_TRUE(e->next_attempt_at);
  EXPECT_LE(std::chrono::abs(*e->next_attempt_at - later), std::chrono::milliseconds(1));
  EXPECT_EQ(e->change.template_id, 42);

  store.writeback().settle_outbox_entry(id, {OutboxState::kFailed, std::nullopt, "data: This field may not be blank.",
                                 std::nullopt, std::nullopt});
  e = store.writeback().outbox_entry(id);
  EXPECT_EQ(e->state, OutboxState::kFailed);
  EXPECT_EQ(e->attempts, 2);  // the transient failure, then the final answer
  EXPECT_EQ(e->change.template_id, 42);  // kept when the outcome names none
  EXPECT_FALSE(e->next_attempt_at);
  EXPECT_THROW(store.writeback().settle_outbox_entry(id, {OutboxState::kDone, {}, "", {}, {}}), ConflictError);
  EXPECT_THROW(store.writeback().settle_outbox_entry(9999, {OutboxState::kDone, {}, "", {}, {}}), NotFoundError);
}

TEST_F(WritebackStoreTest, RetryOfConflictOverwritesOnlyTheValueTheUserSaw) {
  const int64_t id = queue(change(1, WritebackField::kFootprint, "Resistor_SMD:R_0603_1608Metric",
                                  "Resistor_SMD:R_0402_1005Metric", kFootprintTpl));
  store.writeback().settle_outbox_entry(id, {OutboxState::kConflict, {}, "", "Resistor_SMD:R_0805_2012Metric", {}});
  EXPECT_EQ(store.writeback().outbox_entry(id)->remote_value, "Resistor_SMD:R_0805_2012Metric");
  auto [entry, changes] = store.writeback().retry_outbox_entry(id);
  EXPECT_EQ(entry.state, OutboxState::kPending);
  EXPECT_EQ(entry.change.old_value, "Resistor_SMD:R_0805_2012Metric");
  EXPECT_EQ(entry.remote_value, std::nullopt);
  EXPECT_EQ(entry.attempts, 0);
  EXPECT_EQ(parameter(store, 1, kFootprintTpl), "Resistor_SMD:R_0402_1005Metric");

  store.writeback().settle_outbox_entry(id, {OutboxState::kDone, {}, "", {}, {}});
  EXPECT_EQ(store.writeback().outbox_entry(id)->attempts, 1) << "a written entry was sent once, not zero times";
  EXPECT_THROW(store.writeback().retry_outbox_entry(id), ConflictError);
  EXPECT_THROW(store.writeback().drop_outbox_entry(id), ConflictError);
  EXPECT_THROW(store.writeback().retry_outbox_entry(4242), NotFoundError);
}

TEST_F(WritebackStoreTest, RetryOfFailedEntryShowsItsValueAgain) {
  const int64_t id = queue(change(2, WritebackField::kFootprint, std::nullopt, "Package_DIP:DIP-8", kFootprintTpl));
  store.writeback().settle_outbox_entry(id, {OutboxState::kFailed, {}, "refused", {}, {}});
  MirrorSnapshot pulled = base_snapshot();
  pulled.read_started_at = Clock::now();
  store.mirror().apply_mirror(pulled);  // failed entries do not hold the mirror
  EXPECT_EQ(parameter(store, 2, kFootprintTpl), std::nullopt);
  auto [entry, changes] = store.writeback().retry_outbox_entry(id);
  EXPECT_EQ(entry.state, OutboxState::kPending);
  EXPECT_EQ(parameter(store, 2, kFootprintTpl), "Package_DIP:DIP-8");
  EXPECT_TRUE(changes.parts.count(2));
}

TEST_F(WritebackStoreTest, DropRestoresWhatInvenTreeWasLastSeenToHold) {
  const int64_t filled = queue(change(2, WritebackField::kFootprint, std::nullopt, "Package_DIP:DIP-8", kFootprintTpl));
  auto [dropped, changes] = store.writeback().drop_outbox_entry(filled);
  EXPECT_EQ(dropped.state, OutboxState::kDropped);
  EXPECT_TRUE(dropped.settled_at.has_value());
  EXPECT_EQ(parameter(store, 2, kFootprintTpl), std::nullopt);
  EXPECT_TRUE(changes.parts.count(2));

  const int64_t conflicted = queue(change(1, WritebackField::kFootprint, "Resistor_SMD:R_0603_1608Metric",
                                          "Resistor_SMD:R_0402_1005Metric", kFootprintTpl));
  store.writeback().settle_outbox_entry(conflicted, {OutboxState::kConflict, {}, "", "Resistor_SMD:R_0805_2012Metric", {}});
  store.writeback().drop_outbox_entry(conflicted);
  EXPECT_EQ(parameter(store, 1, kFootprintTpl), "Resistor_SMD:R_0805_2012Metric");

  // Dropped entries no longer hold the mirror against a pull.
  MirrorSnapshot pulled = base_snapshot();
  pulled.read_started_at = Clock::now();
  store.mirror().apply_mirror(pulled);
  EXPECT_EQ(parameter(store, 1, kFootprintTpl), "Resistor_SMD:R_0603_1608Metric");
}

TEST_F(WritebackStoreTest, DropKeepsTheValueOfALaterEntry) {
  const int64_t first = queue(change(2, WritebackField::kFootprint, std::nullopt, "Package_DIP:DIP-8", kFootprintTpl));
  queue(change(2, WritebackField::kFootprint, "Package_DIP:DIP-8", "Package_SO:SOIC-8", kFootprintTpl));
  store.writeback().drop_outbox_entry(first);
  EXPECT_EQ(parameter(store, 2, kFootprintTpl), "Package_SO:SOIC-8");
}

TEST_F(WritebackStoreTest, DatasheetIsTheDatasheetAttachment) {
  queue(change(1, WritebackField::kDatasheet, "https://example.com/r.pdf", "https://example.com/r-v2.pdf"));
  EXPECT_EQ(datasheet(store, 1), "https://example.com/r-v2.pdf");
  EXPECT_EQ(store.mirror().part_details(1)->attachments.size(), 1u);
  const int64_t added = queue(change(2, WritebackField::kDatasheet, std::nullopt, "https://example.com/ne555.pdf"));
  EXPECT_EQ(datasheet(store, 2), "https://example.com/ne555.pdf");
  MirrorSnapshot pulled = base_snapshot();
  pulled.read_started_at = Clock::now();
  store.mirror().apply_mirror(pulled);
  EXPECT_EQ(datasheet(store, 1), "https://example.com/r-v2.pdf");
  EXPECT_EQ(datasheet(store, 2), "https://example.com/ne555.pdf");
  store.writeback().drop_outbox_entry(added);
  EXPECT_EQ(datasheet(store, 2), std::nullopt);
}

TEST_F(WritebackStoreTest, ChangesForUnknownPartsAreQueuedWithoutTouchingTheMirror) {
  auto recorded = store.writeback().record_import(import_record(),
                                      {change(77, WritebackField::kFootprint, std::nullopt, "X:Y", kFootprintTpl)});
  EXPECT_EQ(recorded.outbox_ids.size(), 1u);
  EXPECT_TRUE(recorded.changes.empty());
  EXPECT_FALSE(store.mirror().part_details(77));
}

TEST_F(WritebackStoreTest, PauseKeepsTheFirstRefusalTime) {
  EXPECT_FALSE(store.writeback().outbox_pause());
  store.writeback().set_outbox_pause("InvenTree refused the token (401)");
  const auto first = store.writeback().outbox_pause()->paused_at;
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  store.writeback().set_outbox_pause("InvenTree refused the token (403)");
  EXPECT_EQ(store.writeback().outbox_pause()->reason, "InvenTree refused the token (403)");
  EXPECT_EQ(store.writeback().outbox_pause()->paused_at, first);
  store.writeback().set_outbox_pause(std::nullopt);
  EXPECT_FALSE(store.writeback().outbox_pause());
}

TEST_F(WritebackStoreTest, OutboxEntriesOfAnImportAreThatImportsOnlyInQueueOrder) {
  const auto first = store.writeback().record_import(
      import_record(), {change(2, WritebackField::kFootprint, std::nullopt, "Package_DIP:DIP-8", kFootprintTpl),
                        change(1, WritebackField::kDatasheet, std::nullopt, "https://x/r.pdf")});
  const auto second = store.writeback().record_import(
      import_record(), {change(1, WritebackField::kFootprint, std::nullopt, "Resistor_SMD:R_0402", kFootprintTpl)});
  const auto entries = store.writeback().outbox_entries_of_import(first.record.id);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].id, first.outbox_ids[0]);
  EXPECT_EQ(entries[1].id, first.outbox_ids[1]);
  EXPECT_EQ(entries[1].change.new_value, "https://x/r.pdf");
  ASSERT_EQ(store.writeback().outbox_entries_of_import(second.record.id).size(), 1u);
  EXPECT_TRUE(store.writeback().outbox_entries_of_import(12345).empty());
}

TEST_F(WritebackStoreTest, FindsPartsByIpnAndName) {
  EXPECT_EQ(store.mirror().part_ids_with_ipn("R-10K"), std::vector<int64_t>{1});
  EXPECT_TRUE(store.mirror().part_ids_with_ipn("").empty());  // part 2 has an empty IPN: never a match
  EXPECT_EQ(store.mirror().part_ids_named("NE555"), std::vector<int64_t>{2});
  EXPECT_TRUE(store.mirror().part_ids_named("ne555").empty());
}

TEST_F(WritebackStoreTest, HistoryIsNewestFirstAndSurvivesReopening) {
  store.writeback().record_import(import_record(true), {});
  ImportRecord second = import_record(false);
  second.actor = "alice";
  store.writeback().record_import(second, {});
  Store reopened(db.path());
  auto history = reopened.writeback().imports(10);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].actor, "alice");
  EXPECT_EQ(reopened.writeback().import_record(history[1].id)->actor, "cli");
  EXPECT_FALSE(reopened.writeback().import_record(12345));
  EXPECT_EQ(reopened.writeback().imports(1).size(), 1u);
}

}  // namespace
}  // namespace kibridge::storage

namespace kibridge::storage {
namespace {

TEST(StoreGeneration, CountsOnlyCommitsOfOtherConnections) {
  testing::TempDb db;
  Store server(db.path());
  Store other(db.path());  // as another process would open it
  EXPECT_EQ(server.commits_by_others(), 0);
  server.configuration().set_settings({{"KICAD_ENABLE_STOCK_COUNT", "true"}});
  EXPECT_EQ(server.commits_by_others(), 0);
  other.configuration().set_settings({{"KICAD_ENABLE_STOCK_COUNT", "false"}});
  other.tokens().create_api_token("cli", "read", std::string(64, 'b'));
  server.configuration().set_settings({{"KICAD_HIDE_TEMPLATE_PARTS", "true"}});
  EXPECT_EQ(server.commits_by_others(), 2);
  EXPECT_EQ(server.commits_by_others(), 0);
  EXPECT_EQ(other.commits_by_others(), 2);  // the server's two settings writes
  EXPECT_THROW(other.configuration().delete_setting("NO_SUCH_SETTING"), NotFoundError);  // rolled back: not counted
  EXPECT_EQ(server.commits_by_others(), 0);
}

// The pull history and schedule change nothing KiCad is served: another process's writes of
// them do not make a server reload.
TEST(StoreGeneration, PullHistoryWritesAreNotCounted) {
  testing::TempDb db;
  Store server(db.path());
  Store other(db.path());
  SyncRunRecord failed;
  failed.error_kind = "network";
  other.sync_state().record_run(failed);
  other.sync_state().set_schedule({"https://inventree.example.com", 600, std::nullopt, Clock::now()});
  other.sync_state().clear_schedule();
  EXPECT_EQ(server.commits_by_others(), 0);
  EXPECT_EQ(server.sync_state().last_run()->error_kind, "network");
}

}  // namespace
}  // namespace kibridge::storage

namespace kibridge::storage {
namespace {

TEST(DatasheetComment, IsTheWordInAnyCaseWithBlanksAround) {
  EXPECT_TRUE(is_datasheet_comment("datasheet"));
  EXPECT_TRUE(is_datasheet_comment(" DataSheet\r\n"));
  EXPECT_FALSE(is_datasheet_comment("datasheets"));
  EXPECT_FALSE(is_datasheet_comment("data sheet"));
  EXPECT_FALSE(is_datasheet_comment(""));
}

}  // namespace
}  // namespace kibridge::storage
