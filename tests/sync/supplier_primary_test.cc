// The supplier part InvenTree marks `primary` (API >= 456), from the fake InvenTree through
// the pull's decoding into the mirror (supplier_part.is_primary) and into the field
// KICAD_SUPPLIER_FIELDS names: of two supplier parts of one supplier, the primary one wins;
// before API 456 there is no flag and the lowest id wins.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/kicad/library.h"
#include "server/sync/sync_job.h"
#include "storage/store.h"
#include "storage/sync_state_store.h"
#include "tests/support/temp_db.h"
#include "tests/sync/sync_support.h"

namespace kibridge::sync {
namespace {

constexpr int64_t kCapacitor = 107;  // small_inventree(): supplier part 3, LCSC "C14663"

class SupplierPrimaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_ = testing::started_fake();
    // A second LCSC supplier part of the same part, with a higher id, marked primary.
    fake_->edit([](storage::MirrorSnapshot& s) {
      s.supplier_parts.push_back({4, kCapacitor, std::nullopt, "LCSC", "C-PRIMARY", true});
    });
    store_ = std::make_unique<storage::Store>(db_.path());
    // Only the named field is asked for: the plugin's Manufacturer_n/SPN_n fields stay off.
    store_->configuration().set_settings({{"KICAD_SUPPLIER_FIELDS", R"({"LCSC": "LCSC"})"}});
  }

  void pull() {
    inventree::Connection connection;
    connection.client = testing::fast_client_options(*fake_);
    PullOptions options;
    const auto out = SyncJob(*store_, &store_->sync_state(), connection, options, [](const std::string&) {}).run();
    ASSERT_TRUE(out.succeeded) << out.error_message;
  }

  // The mirror's supplier parts of the capacitor: id -> primary.
  std::map<int64_t, bool> mirrored() {
    std::map<int64_t, bool> out;
    const auto d = store_->mirror().part_details(kCapacitor);
    EXPECT_TRUE(d);
    if (d) {
      for (const auto& sp : d->supplier_parts) out[sp.id] = sp.primary;
    }
    return out;
  }

  nlohmann::json served() {
    const auto library = kicad::Library::load(*store_);
    const auto part = kicad::render_part(*store_, *library, kCapacitor);
    EXPECT_TRUE(part);
    return nlohmann::json::parse(part ? part->body : "{}");
  }

  testing::TempDb db_;
  std::unique_ptr<fake_inventree::FakeInvenTree> fake_;
  std::unique_ptr<storage::Store> store_;
};

TEST_F(SupplierPrimaryTest, ThePrimarySupplierPartReachesTheMirrorAndWinsTheField) {
  pull();
  EXPECT_EQ(mirrored(), (std::map<int64_t, bool>{{3, false}, {4, true}}));
  const auto part = served();
  EXPECT_EQ(part["fields"]["LCSC"]["value"], "C-PRIMARY") << part["fields"].dump();
  EXPECT_EQ(part["fields"]["LCSC"]["visible"], "False");
  EXPECT_FALSE(part["fields"].contains("SPN_1_1"));  // KICAD_ENABLE_MANUFACTURER_DATA is off
}

TEST_F(SupplierPrimaryTest, BeforeApi456ThereIsNoFlagAndTheLowestIdWins) {
  fake_->set_api_version(450);
  pull();
  EXPECT_EQ(mirrored(), (std::map<int64_t, bool>{{3, false}, {4, false}}));
  EXPECT_EQ(served()["fields"]["LCSC"]["value"], "C14663");
  // InvenTree upgraded: the next pull brings the flag and the field follows it.
  fake_->set_api_version(534);
  pull();
  EXPECT_EQ(mirrored()[4], true);
  EXPECT_EQ(served()["fields"]["LCSC"]["value"], "C-PRIMARY");
}

}  // namespace
}  // namespace kibridge::sync
