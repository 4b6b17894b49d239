// The store: migrations, the exact diff of apply_mirror and what it reports, and the
// integrity rules of kibridge's own tables.
#include "storage/store.h"

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>

#include "storage/schema.h"
#include "tests/support/temp_db.h"

namespace kibridge::storage {
namespace {

using kibridge::testing::TempDb;

MirrorSnapshot small_mirror() {
  MirrorSnapshot m;
  m.categories = {{1, std::nullopt, "Electronics", "Electronics", "", false},
                  {2, 1, "Resistors", "Electronics/Resistors", "R", false},
                  {3, 1, "Capacitors", "Electronics/Capacitors", "C", false}};
  m.templates = {{1, "Resistance", "ohm", ""}, {2, "Package", "", ""}};
  for (int64_t id = 1; id <= 4; ++id) {
    PartRecord p;
    p.id = id;
    p.category_id = id <= 2 ? 2 : 3;
    p.name = "P" + std::to_string(id);
    p.total_in_stock = p.unallocated_stock = static_cast<double>(id);
    m.parts.push_back(p);
    m.parameters.push_back({id * 10, id, 2, "0603"});
  }
  m.attachments = {{1, 1, "https://x/ds.pdf", "datasheet"}};
  m.manufacturer_parts = {{1, 1, "Yageo", "RC0603"}};
  m.supplier_parts = {{1, 1, 1, "DigiKey", "311-1"}};
  return m;
}

TEST(Schema, MigrationsAreNumberedInOrder) {
  EXPECT_GE(latest_schema_version(), 1);
  EXPECT_THROW(parse_migrations("-- migration 2: skipped one\nSELECT 1;\n"), std::runtime_error);
  auto ms = parse_migrations("-- migration 1: a\nCREATE TABLE a(x);\n-- migration 2: b\nCREATE TABLE b(x);\n");
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[1].description, "b");
  EXPECT_NE(ms[1].sql.find("CREATE TABLE b"), std::string::npos);
}

TEST(Store, CreatesAndMigratesOnceAndReopens) {
  TempDb db;
  {
    Store store(db.path());
    EXPECT_EQ(store.schema_version(), latest_schema_version());
    store.configuration().set_settings({{"KICAD_ENABLE_STOCK_COUNT", "true"}});
  }
  Store again(db.path());  // re-opening applies nothing twice and keeps the data
  EXPECT_EQ(again.schema_version(), latest_schema_version());
  EXPECT_EQ(again.configuration().settings().at("KICAD_ENABLE_STOCK_COUNT"), "true");
}

TEST(Store, RefusesNonDatabasesAndNewerSchemas) {
  TempDb junk;
  std::ofstream(junk.path()) << "this is not an SQLite file, just some text long enough to have a header......";
  EXPECT_THROW(Store s(junk.path()), StorageError);

  TempDb newer;
  {
    Store store(newer.path());
  }
  {
    SQLite::Database raw(newer.path(), SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = 999");
  }
  try {
    Store s(newer.path());
    FAIL() << "a schema from a newer kibridge must be refused";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos);
  }
}

TEST(ApplyMirror, FirstApplyWritesEverythingSecondNothing) {
  TempDb db;
  Store store(db.path());
  EXPECT_TRUE(store.mirror().mirror_empty());
  auto first = store.mirror().apply_mirror(small_mirror());
  EXPECT_TRUE(first.everything);  // new categories and templates
  EXPECT_EQ(first.parts.size(), 4u);
  auto counts = store.mirror().counts();
  EXPECT_EQ(counts.parts, 4);
  EXPECT_EQ(counts.parameters, 4);
  EXPECT_EQ(counts.supplier_parts, 1);
  EXPECT_TRUE(store.mirror().apply_mirror(small_mirror()).empty());  // unchanged rows are not rewritten
}

TEST(ApplyMirror, ReportsExactlyTheChangedPartsAndCategories) {
  TempDb db;
  Store store(db.path());
  store.mirror().apply_mirror(small_mirror());

  auto m = small_mirror();
  m.parts[0].unallocated_stock = 99;  // stock of part 1
  auto c = store.mirror().apply_mirror(m);
  EXPECT_FALSE(c.everything);
  EXPECT_EQ(c.parts, (std::set<int64_t>{1}));
  EXPECT_EQ(c.categories, (std::set<int64_t>{2}));
  EXPECT_EQ(store.mirror().part_details(1)->part.unallocated_stock, 99);

  m.parameters[3].data = "0805";  // parameter of part 4
  c = store.mirror().apply_mirror(m);
  EXPECT_EQ(c.parts, (std::set<int64_t>{4}));
  EXPECT_EQ(c.categories, (std::set<int64_t>{3}));

  m.parts[1].category_id = 3;  // move part 2 from Resistors to Capacitors
  c = store.mirror().apply_mirror(m);
  EXPECT_EQ(c.categories, (std::set<int64_t>{2, 3}));

  m.parts.pop_back();  // part 4 deleted in InvenTree, with its parameter
  m.parameters.pop_back();
  c = store.mirror().apply_mirror(m);
  EXPECT_TRUE(c.parts.count(4));
  EXPECT_FALSE(store.mirror().part_details(4).has_value());
  EXPECT_EQ(store.mirror().counts().parameters, 3);
}

TEST(ApplyMirror, ANameChangeTouchesPartsSharingTheName) {
  TempDb db;
  Store store(db.path());
  auto m = small_mirror();
  m.parts[2].name = "P1";  // part 3 shares part 1's name
  store.mirror().apply_mirror(m);
  m.parts[0].name = "Renamed";  // part 1 releases "P1": part 3's served name may change
  auto c = store.mirror().apply_mirror(m);
  EXPECT_EQ(c.parts, (std::set<int64_t>{1, 3}));
  EXPECT_EQ(c.categories, (std::set<int64_t>{2, 3}));
}

TEST(ApplyMirror, DeletedCategoryTakesItsKicadCategoryAlong) {
  TempDb db;
  Store store(db.path());
  store.mirror().apply_mirror(small_mirror());
  auto [k, changes] = store.configuration().create_kicad_category({0, 3, "Device:C", "", "C", std::nullopt, 2});
  store.configuration().create_footprint_mapping({0, k.id, "0603", "Capacitor_SMD:C_0603_1608Metric"});
  auto m = small_mirror();
  m.categories.pop_back();  // Capacitors gone
  m.templates.pop_back();   // Package gone
  for (auto& p : m.parts) p.category_id = 2;
  m.parameters.clear();
  EXPECT_TRUE(store.mirror().apply_mirror(m).everything);
  EXPECT_TRUE(store.configuration().kicad_categories().empty());
  EXPECT_TRUE(store.configuration().footprint_mappings().empty());
}

TEST(ApplyMirror, FailedApplyChangesNothing) {
  TempDb db;
  Store store(db.path());
  store.mirror().apply_mirror(small_mirror());
  auto m = small_mirror();
  m.parts[0].name = "Changed";
  // Two parameters for the same (part, template) break a uniqueness rule mid-apply.
  m.parameters.push_back({999, 2, 2, "1206"});
  EXPECT_THROW(store.mirror().apply_mirror(m), StorageError);
  EXPECT_EQ(store.mirror().part_details(1)->part.name, "P1");
  EXPECT_EQ(store.mirror().counts().parameters, 4);
}

TEST(PartDetails, CarriesChildRowsInIdOrder) {
  TempDb db;
  Store store(db.path());
  store.mirror().apply_mirror(small_mirror());
  auto d = store.mirror().part_details(1);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->parameters.size(), 1u);
  EXPECT_EQ(d->attachments.at(0).comment, "datasheet");
  EXPECT_EQ(d->manufacturer_parts.at(0).mpn, "RC0603");
  EXPECT_EQ(d->supplier_parts.at(0).manufacturer_part_id, 1);
  auto in = store.mirror().part_details_in_categories({3});
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(in[0].part.id, 3);
  EXPECT_EQ(in[1].parameters.at(0).data, "0603");
  EXPECT_TRUE(store.mirror().part_details_in_categories({}).empty());
}

TEST(KicadCategories, ReferencesAndUniquenessAreChecked) {
  TempDb db;
  Store store(db.path());
  store.mirror().apply_mirror(small_mirror());
  EXPECT_THROW(store.configuration().create_kicad_category({0, 77, "", "", "", std::nullopt, std::nullopt}), NotFoundError);
  EXPECT_THROW(store.configuration().create_kicad_category({0, 2, "", "", "", 55, std::nullopt}), NotFoundError);
  auto [k, c] = store.configuration().create_kicad_category({0, 2, "Device:R", "", "R", 1, 2});
  EXPECT_TRUE(c.everything);
  EXPECT_THROW(store.configuration().create_kicad_category({0, 2, "", "", "", std::nullopt, std::nullopt}), ConflictError);
  k.default_symbol = "Device:R_Small";
  store.configuration().update_kicad_category(k);
  EXPECT_EQ(store.configuration().kicad_category(k.id)->default_symbol, "Device:R_Small");
  auto [m, mc] = store.configuration().create_footprint_mapping({0, k.id, "0603", "Resistor_SMD:R_0603_1608Metric"});
  EXPECT_THROW(store.configuration().create_footprint_mapping({0, k.id, "0603", "Other"}), ConflictError);
  EXPECT_THROW(store.configuration().create_footprint_mapping({0, 12345, "0805", "Other"}), NotFoundError);
  store.configuration().delete_kicad_category(k.id);
  EXPECT_FALSE(store.configuration().footprint_mapping(m.id).has_value());  // mappings go with their category
  EXPECT_THROW(store.configuration().delete_kicad_category(k.id), NotFoundError);
}

TEST(Settings, SetAndResetAreTransactional) {
  TempDb db;
  Store store(db.path());
  store.configuration().set_settings({{"A", "1"}, {"B", "2"}});
  EXPECT_EQ(store.configuration().settings().size(), 2u);
  store.configuration().delete_setting("A");
  EXPECT_EQ(store.configuration().settings().count("A"), 0u);
  EXPECT_THROW(store.configuration().delete_setting("A"), NotFoundError);
}

TEST(Tokens, NamesAreUniqueAndRevocable) {
  TempDb db;
  Store store(db.path());
  store.tokens().create_api_token("kicad", "read", std::string(64, 'a'));
  EXPECT_THROW(store.tokens().create_api_token("kicad", "admin", std::string(64, 'b')), ConflictError);
  ASSERT_EQ(store.tokens().api_tokens().size(), 1u);
  EXPECT_EQ(store.tokens().api_tokens()[0].scope, "read");
  store.tokens().delete_api_token("kicad");
  EXPECT_TRUE(store.tokens().api_tokens().empty());
  EXPECT_THROW(store.tokens().delete_api_token("kicad"), NotFoundError);
}

TEST(Tokens, RevokingByNameNeverTakesATokenWhoseIdLooksLikeIt) {
  TempDb db;
  Store store(db.path());
  const auto first = store.tokens().create_api_token("ci", "read", std::string(64, 'a'));
  store.tokens().create_api_token(std::to_string(first.id), "read", std::string(64, 'b'));  // named like the first's id
  store.tokens().delete_api_token(std::to_string(first.id));
  ASSERT_EQ(store.tokens().api_tokens().size(), 1u);
  EXPECT_EQ(store.tokens().api_tokens()[0].name, "ci");
  store.tokens().delete_api_token(std::to_string(first.id));  // now only the id matches
  EXPECT_TRUE(store.tokens().api_tokens().empty());
}

}  // namespace
}  // namespace kibridge::storage

namespace kibridge::storage {
namespace {

// The store refuses strings longer than storage/limits.h allows, whoever writes them (the REST
// API, the CLI, an import), and keeps what it had. (Issue 10.5.)
TEST(StoreLimits, OversizedStringsAreRefusedAndNothingChanges) {
  TempDb db;
  Store store(db.path());
  store.mirror().apply_mirror(small_mirror());
  EXPECT_THROW(store.configuration().set_settings({{"KICAD_ENABLE_STOCK_COUNT_FORMAT", std::string(10 * 1024 * 1024, 'x')}}),
               StorageError);
  EXPECT_THROW(store.configuration().set_settings({{"KICAD_ENABLE_STOCK_COUNT", "true"}, {"INVENTREE_URL", std::string(2001, 'h')}}),
               StorageError);
  EXPECT_TRUE(store.configuration().settings().empty());
  EXPECT_THROW(store.tokens().create_api_token(std::string(101, 'n'), "read", std::string(64, 'a')), StorageError);
  EXPECT_TRUE(store.tokens().api_tokens().empty());
  KicadCategoryRecord k;
  k.category_id = 2;
  k.default_symbol = std::string(201, 's');
  EXPECT_THROW(store.configuration().create_kicad_category(k), StorageError);
  EXPECT_TRUE(store.configuration().kicad_categories().empty());
  k.default_symbol = "Device:R";
  const auto created = store.configuration().create_kicad_category(k).first;
  FootprintMappingRecord m;
  m.kicad_category_id = created.id;
  m.parameter_value = "0603";
  m.kicad_footprint = std::string(201, 'f');
  EXPECT_THROW(store.configuration().create_footprint_mapping(m), StorageError);
  EXPECT_TRUE(store.configuration().footprint_mappings().empty());
}

// A token's creation time is a time like every other stored one: kept to the millisecond, and
// read back from databases that stored it in whole seconds.
TEST(ApiTokens, CreationTimeIsATimePoint) {
  TempDb db;
  const auto before = std::chrono::system_clock::now() - std::chrono::milliseconds(1);
  {
    Store store(db.path());
    const ApiTokenRecord created = store.tokens().create_api_token("laptop", "read", std::string(64, 'a'));
    EXPECT_GE(created.created_at, before);
    EXPECT_LE(created.created_at, std::chrono::system_clock::now());
    EXPECT_EQ(store.tokens().api_tokens().at(0).created_at, created.created_at);
  }
  {
    SQLite::Database raw(db.path(), SQLite::OPEN_READWRITE);
    raw.exec("INSERT INTO api_token (name, scope, token_hash, created_at) VALUES ('old', 'admin', '" +
             std::string(64, 'b') + "', '2026-01-02T03:04:05Z')");
  }
  Store store(db.path());
  const auto old = store.tokens().api_token_with_hash(std::string(64, 'b'));
  ASSERT_TRUE(old);
  EXPECT_EQ(format_utc(old->created_at), "2026-01-02T03:04:05.000Z");
}

}  // namespace
}  // namespace kibridge::storage
