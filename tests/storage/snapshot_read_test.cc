// Snapshot reads: every read through one Snapshot sees the database as it was when the snapshot
// was taken, whatever is committed meanwhile (through the same Store or another process), and
// the two readers that make several reads — Library::load and the import planner's
// MirrorPartDirectory — read one snapshot.
#include "storage/snapshot.h"

#include <gtest/gtest.h>

#include "server/kicad/library.h"
#include "server/writeback/mirror_part_directory.h"
#include "server/writeback/writeback_targets.h"
#include "storage/store.h"
#include "tests/http/sample_library.h"
#include "tests/support/temp_db.h"

namespace kibridge::storage {
namespace {

namespace sample = testing::sample;
using kibridge::testing::TempDb;

// The sample mirror with part kR10k renamed and its package changed: a pull that lands while a
// reader holds a snapshot.
MirrorSnapshot renamed_r10k() {
  MirrorSnapshot s = sample::snapshot();
  for (auto& p : s.parts) {
    if (p.id == sample::kR10k) p.name = "R_10k_renamed";
  }
  for (auto& p : s.parameters) {
    if (p.part_id == sample::kR10k && p.template_id == sample::kPackage) p.data = "0805";
  }
  return s;
}

std::string name_of(const std::vector<PartRecord>& parts, int64_t id) {
  for (const auto& p : parts) {
    if (p.id == id) return p.name;
  }
  return "";
}

// A store holding the sample library.
class SnapshotRead : public ::testing::Test {
 protected:
  SnapshotRead() : store(db.path()) { sample::seed(store); }
  TempDb db;
  Store store;
};

TEST_F(SnapshotRead, AWriteCommittedBetweenTwoReadsOfOneSnapshotIsNotSeen) {
  const auto snapshot = store.snapshot();
  EXPECT_EQ(name_of(snapshot->mirror().parts(), sample::kR10k), "R_10k_0603");  // first read

  store.mirror().apply_mirror(renamed_r10k());
  store.configuration().set_settings({{"INVENTREE_URL", "https://other.example.com"}});

  // Second and later reads of the same snapshot: still the state it was taken in.
  EXPECT_EQ(name_of(snapshot->mirror().parts(), sample::kR10k), "R_10k_0603");
  const auto details = snapshot->mirror().part_details(sample::kR10k);
  ASSERT_TRUE(details);
  EXPECT_EQ(details->part.name, "R_10k_0603");
  EXPECT_EQ(snapshot->configuration().settings().at("INVENTREE_URL"), "https://inventree.example.com");
  // The Store's own reads see the write.
  EXPECT_EQ(store.mirror().part_details(sample::kR10k)->part.name, "R_10k_renamed");
  EXPECT_EQ(store.configuration().settings().at("INVENTREE_URL"), "https://other.example.com");
  // A new snapshot sees it too.
  EXPECT_EQ(name_of(store.snapshot()->mirror().parts(), sample::kR10k), "R_10k_renamed");
}

// The snapshot is the state at Store::snapshot(), not at its first read.
TEST_F(SnapshotRead, TheSnapshotIsTakenWhenItIsCreated) {
  const auto snapshot = store.snapshot();
  store.mirror().apply_mirror(renamed_r10k());
  EXPECT_EQ(snapshot->mirror().part_details(sample::kR10k)->part.name, "R_10k_0603");
}

TEST_F(SnapshotRead, AnotherProcessesCommitIsNotSeenEither) {
  const auto snapshot = store.snapshot();
  {
    Store other(db.path());  // `kibridge import` or `kibridge sync` beside `serve`
    other.mirror().apply_mirror(renamed_r10k());
    SyncRunRecord run;
    run.succeeded = true;
    run.inventree_url = "https://pulled.example.com";
    other.sync_state().record_run(run);
  }
  EXPECT_EQ(snapshot->mirror().part_details(sample::kR10k)->part.name, "R_10k_0603");
  EXPECT_FALSE(snapshot->sync_state().last_success());
  EXPECT_TRUE(store.sync_state().last_success());
}

TEST_F(SnapshotRead, AScanReadsTheSnapshot) {
  const auto snapshot = store.snapshot();
  store.mirror().apply_mirror(renamed_r10k());
  std::vector<std::string> names;
  snapshot->mirror().scan_part_details_in_categories({sample::kResistors}, 1, [&](std::vector<PartDetails>& batch) {
    for (const auto& d : batch) names.push_back(d.part.name);
  });
  EXPECT_EQ(names, (std::vector<std::string>{"R_10k_0603", "R_1k_0603", "R_old"}));
}

// Snapshots and the Store's own reads and writes do not wait for one another.
TEST_F(SnapshotRead, SnapshotsDoNotBlockReadsWritesOrEachOther) {
  const auto first = store.snapshot();
  const auto second = store.snapshot();
  EXPECT_EQ(store.mirror().parts().size(), 5u);
  store.configuration().set_settings({{"KICAD_ENABLE_STOCK_COUNT", "true"}});
  EXPECT_EQ(first->mirror().parts().size(), 5u);
  EXPECT_EQ(second->configuration().settings().count("KICAD_ENABLE_STOCK_COUNT"), 0u);
}

// Library::load reads configuration and part names from one snapshot: loaded from a snapshot
// taken before a pull renamed a part and a settings change, it shows neither.
TEST_F(SnapshotRead, LibraryLoadReadsOneSnapshot) {
  const auto snapshot = store.snapshot();
  store.mirror().apply_mirror(renamed_r10k());
  store.configuration().set_settings({{"KICAD_USE_IPN_AS_NAME", "true"}});

  const auto library = kicad::Library::load(*snapshot);
  EXPECT_FALSE(library->config().settings().use_ipn_as_name);
  EXPECT_EQ(library->served_name(sample::part(sample::kR10k, sample::kResistors, "R_10k_0603", "RES-10K", "")),
            "R_10k_0603");
  const auto fresh = kicad::Library::load(store);
  EXPECT_TRUE(fresh->config().settings().use_ipn_as_name);
}

// The planner's view of the parts reads the snapshot it was given, not the store as it is now.
TEST_F(SnapshotRead, ImportPlannerLookupsReadOneSnapshot) {
  store.configuration().set_settings({{"KICAD_FOOTPRINT_PARAMETER", "Package"}});
  const auto snapshot = store.snapshot();
  const kicad::LibraryConfig config = kicad::read_library_config(*snapshot);
  const writeback::MirrorPartDirectory directory(
      *snapshot, writeback::writeback_targets(config.settings(), snapshot->mirror().parameter_templates()), config);
  ASSERT_EQ(directory.find_by_id(sample::kR10k)->footprint, "0603");  // one lookup before the pull

  store.mirror().apply_mirror(renamed_r10k());

  const auto part = directory.find_by_id(sample::kR10k);
  ASSERT_TRUE(part);
  EXPECT_EQ(part->name, "R_10k_0603");
  EXPECT_EQ(part->footprint, "0603");
  EXPECT_EQ(directory.find_by_name("R_10k_0603").size(), 1u);
  EXPECT_TRUE(directory.find_by_name("R_10k_renamed").empty());
}

}  // namespace
}  // namespace kibridge::storage
