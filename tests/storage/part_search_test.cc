// Part search: the FTS5 query built from user text (never FTS5 syntax), the index kept in step
// with every write of the mirror (pulls, write-back values), ranking, and the migration that
// indexes an existing mirror.
#include "storage/part_search.h"

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/schema.h"
#include "storage/store.h"
#include "tests/support/temp_db.h"

namespace kibridge::storage {
namespace {

PartRecord part(int64_t id, const char* name, const char* ipn, const char* description) {
  PartRecord p;
  p.id = id;
  p.category_id = 10;
  p.name = name;
  p.ipn = ipn;
  p.description = description;
  return p;
}

MirrorSnapshot snapshot() {
  MirrorSnapshot s;
  s.categories = {{10, std::nullopt, "Passives", "Electronics/Passives", "", false}};
  s.templates = {{7, "Package", "", ""}, {8, "Resistance", "ohm", ""}};
  s.parts = {part(1, "R_10k_0603", "RES-10K", "Thick film resistor"),
             part(2, "C_100n_0603", "CAP-100N", "MLCC capacitor"),
             part(3, "NE555", "IC-555", "Timer, \"classic\" (DIP-8)"),
             part(4, "Header 0603 spacer", "", "")};
  s.parts[2].category_id = std::nullopt;
  s.parameters = {{100, 1, 7, "0603"}, {101, 1, 8, "10k"}, {102, 2, 7, "0603"}};
  s.manufacturer_parts = {{200, 1, "Yageo", "RC0603FR-0710KL"}, {201, 3, "Texas Instruments", "NE555P"}};
  return s;
}

std::vector<int64_t> ids(const PartSearchPage& page) {
  std::vector<int64_t> out;
  for (const auto& hit : page.results) out.push_back(hit.id);
  return out;
}

std::vector<int64_t> search(const Store& store, const std::string& text) {
  return ids(store.mirror().search_parts(text, 50, 0));
}

TEST(PartSearchQueryTest, EveryTermIsAQuotedPrefix) {
  EXPECT_EQ(part_search_query("r 10k"), "\"r\" \"10k\"*");  // one character: a whole token
  EXPECT_EQ(part_search_query("  ne555\t"), "\"ne555\"*");
  EXPECT_EQ(part_search_query("a\"b"), "\"a\"\"b\"*");
  EXPECT_EQ(part_search_query("name:x OR (y) NOT z*"), "\"name:x\"* \"OR\"* \"(y)\" \"NOT\"* \"z*\"");
  EXPECT_EQ(part_search_query("- % \" ()"), "");
  EXPECT_EQ(part_search_query(""), "");
  EXPECT_EQ(part_search_query("Widerstände"), "\"Widerstände\"*");
  EXPECT_EQ(part_search_query("1% (r)"), "\"1%\" \"(r)\"");  // one token character each
  std::string many;
  for (int i = 0; i < 40; ++i) many += "t" + std::to_string(i) + " ";
  const std::string query = part_search_query(many);
  EXPECT_EQ(std::count(query.begin(), query.end(), '*'), static_cast<long>(kMaxSearchTerms));
}

TEST(PartSearchTest, FindsByNameIpnDescriptionMpnManufacturerAndParameterValue) {
  testing::TempDb db;
  Store store(db.path());
  store.mirror().apply_mirror(snapshot());
  EXPECT_EQ(search(store, "ne55"), (std::vector<int64_t>{3}));           // name prefix (and MPN)
  EXPECT_EQ(search(store, "cap-100"), (std::vector<int64_t>{2}));        // IPN
  EXPECT_EQ(search(store, "thick film"), (std::vector<int64_t>{1}));     // description, both terms
  EXPECT_EQ(search(store, "RC0603FR"), (std::vector<int64_t>{1}));       // MPN
  EXPECT_EQ(search(store, "yageo"), (std::vector<int64_t>{1}));          // manufacturer
  EXPECT_EQ(search(store, "10k"), (std::vector<int64_t>{1}));            // parameter and name
  EXPECT_TRUE(search(store, "resistor capacitor").empty());             // every term required
  const auto page = store.mirror().search_parts("timer", 10, 0);
  ASSERT_EQ(page.results.size(), 1u);
  EXPECT_EQ(page.results[0].name, "NE555");
  EXPECT_EQ(page.results[0].ipn, "IC-555");
  EXPECT_FALSE(page.results[0].category_id);
  EXPECT_EQ(page.results[0].category_path, "");
  EXPECT_EQ(store.mirror().search_parts("thick", 10, 0).results.at(0).category_path, "Electronics/Passives");
}

TEST(PartSearchTest, NameOutranksParameterValuesAndPagesCountEveryMatch) {
  testing::TempDb db;
  Store store(db.path());
  store.mirror().apply_mirror(snapshot());
  // "0603" is in the names of 1, 2 and 4 and a parameter of 1 and 2; part 4 has it only in its
  // name, and a shorter name than 1 and 2 would not win by length alone.
  const auto all = store.mirror().search_parts("0603", 50, 0);
  EXPECT_EQ(all.count, 3);
  ASSERT_EQ(all.results.size(), 3u);
  const auto first = store.mirror().search_parts("0603", 1, 0);
  const auto second = store.mirror().search_parts("0603", 2, 1);
  EXPECT_EQ(first.count, 3);
  ASSERT_EQ(first.results.size(), 1u);
  EXPECT_EQ(first.results[0].id, all.results[0].id);
  EXPECT_EQ(ids(second), (std::vector<int64_t>{all.results[1].id, all.results[2].id}));
  // A term found only in parameter values ranks below one found in the name.
  auto s = snapshot();
  s.parts.push_back(part(5, "Spacer", "", ""));
  s.parameters.push_back({103, 5, 7, "Spacer-kit"});
  store.mirror().apply_mirror(s);
  const auto spacers = search(store, "spacer");
  EXPECT_EQ(spacers.size(), 2u);
  EXPECT_EQ(spacers.front(), 5);  // name "Spacer" and its parameter beat part 4's long name
}

TEST(PartSearchTest, UserTextIsNeverFtsSyntax) {
  testing::TempDb db;
  Store store(db.path());
  store.mirror().apply_mirror(snapshot());
  for (const char* text : {"\"", "\"\"", "ne555\"", "AND", "OR NOT", "NEAR(a b)", "name:ne555", "*", "^ne", "(",
                           "ne555 -", "{name ipn}:x", "a:b:c", "\x01", "ne*5"}) {
    EXPECT_NO_THROW(store.mirror().search_parts(text, 10, 0)) << text;
  }
  EXPECT_TRUE(search(store, "name:ne555").empty());  // a column filter would have found it
  EXPECT_EQ(search(store, "(DIP-8)"), (std::vector<int64_t>{3}));
  EXPECT_EQ(search(store, "\"classic\""), (std::vector<int64_t>{3}));
  EXPECT_TRUE(search(store, "- %").empty());
}

TEST(PartSearchTest, FollowsPullsAndWriteBackValues) {
  testing::TempDb db;
  Store store(db.path());
  auto s = snapshot();
  store.mirror().apply_mirror(s);
  // A later pull renames one part, changes a parameter and an MPN, deletes another part.
  s.parts[0].name = "R_22k_0603";
  s.parameters[1].data = "22k";
  s.manufacturer_parts[0].mpn = "RC0603FR-0722KL";
  s.parts.erase(s.parts.begin() + 1);
  s.parameters.erase(s.parameters.begin() + 2);
  store.mirror().apply_mirror(s);
  EXPECT_TRUE(search(store, "0710").empty());  // the old MPN
  EXPECT_TRUE(search(store, "R_10k").empty());  // the old name (a phrase: r, then 10k)
  EXPECT_EQ(search(store, "22k"), (std::vector<int64_t>{1}));
  EXPECT_EQ(search(store, "RC0603FR-0722"), (std::vector<int64_t>{1}));
  EXPECT_TRUE(search(store, "MLCC").empty());
  // A write-back value is in the mirror at once, and so in the search.
  OutboxChange c;
  c.part_id = 3;
  c.field = WritebackField::kFootprint;
  c.template_id = 7;
  c.template_name = "Package";
  c.new_value = "Package_DIP:DIP-8_W7.62mm";
  ImportRecord r;
  r.created_at = std::chrono::system_clock::now();
  r.actor = "cli";
  r.content_sha256 = std::string(64, 'a');
  r.summary_json = "{}";
  store.writeback().record_import(r, {c});
  EXPECT_EQ(search(store, "W7.62mm"), (std::vector<int64_t>{3}));
}

// A database of schema 5 with a mirror gets its index filled by migration 6.
TEST(PartSearchTest, MigrationIndexesAnExistingMirror) {
  testing::TempDb db;
  {
    SQLite::Database raw(db.path(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (const auto& m : parse_migrations(kSchemaSql)) {
      if (m.version > 5) break;
      raw.exec(m.sql);
    }
    raw.exec("PRAGMA user_version = 5");
    raw.exec("INSERT INTO part (id, name, ipn, description) VALUES (9, 'LM317', 'REG-317', 'Adjustable regulator')");
    raw.exec("INSERT INTO part_parameter (id, part_id, template_id, data) VALUES (1, 9, 1, 'TO-220')");
  }
  Store store(db.path());
  EXPECT_GE(store.schema_version(), 6);
  EXPECT_EQ(search(store, "to-220 adjust"), (std::vector<int64_t>{9}));
}

}  // namespace
}  // namespace kibridge::storage
