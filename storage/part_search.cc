// Part search: the FTS5 query built from user text, the index's upkeep inside the mirror's
// write transactions, and MirrorReader::search_parts.
#include "storage/part_search.h"

#include <cstdint>
#include <set>
#include <vector>

#include "storage/mirror_store.h"
#include "storage/store_internal.h"

namespace kibridge::storage {

namespace {

// How many bytes of `term` unicode61 keeps in tokens: ASCII letters and digits, and every
// non-ASCII byte (it tokenizes letters and digits of every script).
size_t token_bytes(std::string_view term) {
  size_t n = 0;
  for (unsigned char c : term) {
    if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++n;
  }
  return n;
}

// The indexed text of parts, one row per part: name, IPN, description with keywords,
// manufacturers with MPNs, parameter values; of the parts whose ids are the JSON array bound
// to its one parameter.
constexpr const char* kFreshRows =
    "SELECT p.id AS id, p.name AS name, p.ipn AS ipn, p.description || ' ' || p.keywords AS description, "
    "(SELECT group_concat(m.manufacturer || ' ' || m.mpn, ' ') FROM manufacturer_part m WHERE m.part_id = p.id) "
    "AS manufacturer, "
    "(SELECT group_concat(pp.data, ' ') FROM part_parameter pp WHERE pp.part_id = p.id) AS parameters "
    "FROM part p WHERE p.id IN (SELECT value FROM json_each(?))";

// Past this many matches a search comes in part-id order instead of by rank: bm25 costs
// ~2.5 ms per 1,000 matches (measured on the 100,000-part demo: 72,000 matches of "res" took
// 100-230 ms to rank, 16,500 of "0603" 23-40 ms), and a search that broad is narrowed by
// typing more, not by paging through it.
constexpr int64_t kRankedMatches = 5000;

}  // namespace

std::string part_search_query(std::string_view text) {
  std::string out;
  size_t terms = 0;
  size_t i = 0;
  while (i < text.size() && terms < kMaxSearchTerms) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    const size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') ++i;
    const std::string_view term = text.substr(start, i - start);
    const size_t kept = token_bytes(term);
    if (kept == 0) continue;
    if (!out.empty()) out += ' ';
    out += '"';
    for (char c : term) {
      if (c == '"') out += '"';
      out += c;
    }
    // One character is a whole token, not a prefix: "r" or "1%" as a prefix is most of the
    // catalogue (95,000 of 100,000 demo parts for "1", 80 ms to count).
    out += kept == 1 ? "\"" : "\"*";
    ++terms;
  }
  return out;
}

void refresh_part_search(SQLite::Database& db, const std::set<int64_t>& parts) {
  if (parts.empty()) return;
  const std::string ids = json_array(parts);
  SQLite::Statement gone(db,
                         "DELETE FROM part_search WHERE rowid IN (SELECT value FROM json_each(?)) "
                         "AND rowid NOT IN (SELECT id FROM part)");
  gone.bind(1, ids);
  gone.exec();
  // Only rows whose text differs are rewritten: a pull that changed every part's stock (a
  // touched part, as the KiCad cache sees it) compares 100,000 rows in ~0.5 s and writes none,
  // where rewriting them all would take ~3 s.
  SQLite::Statement differing(db, std::string("SELECT f.id FROM (") + kFreshRows +
                                      ") f LEFT JOIN part_search s ON s.rowid = f.id WHERE s.rowid IS NULL "
                                      "OR s.name IS NOT f.name OR s.ipn IS NOT f.ipn OR s.description IS NOT "
                                      "f.description OR s.manufacturer IS NOT f.manufacturer OR s.parameters IS "
                                      "NOT f.parameters");
  differing.bind(1, ids);
  std::vector<int64_t> stale;
  while (differing.executeStep()) stale.push_back(differing.getColumn(0).getInt64());
  if (stale.empty()) return;
  const std::string stale_ids = json_array(stale);
  SQLite::Statement del(db, "DELETE FROM part_search WHERE rowid IN (SELECT value FROM json_each(?))");
  del.bind(1, stale_ids);
  del.exec();
  SQLite::Statement add(db, std::string("INSERT INTO part_search (rowid, name, ipn, description, manufacturer, "
                                        "parameters) ") + kFreshRows);
  add.bind(1, stale_ids);
  add.exec();
}

PartSearchPage MirrorReader::search_parts(const std::string& text, int64_t limit, int64_t offset) const {
  const std::string query = part_search_query(text);
  if (query.empty()) return {};
  return source_.read([&](SQLite::Database& db) {
    PartSearchPage page;
    SQLite::Statement count(db, "SELECT count(*) FROM part_search WHERE part_search MATCH ?");
    count.bind(1, query);
    if (count.executeStep()) page.count = count.getColumn(0).getInt64();
    // bm25 weights per column: a hit in the name or IPN counts most, then MPNs, then the
    // description, then parameter values (a "0603" matches thousands of parameters).
    const bool ranked = page.count <= kRankedMatches;
    SQLite::Statement st(db, std::string("SELECT p.id, p.name, p.ipn, p.description, p.category_id, c.pathstring FROM "
                                         "(SELECT rowid AS id, ") +
                                 (ranked ? "bm25(part_search, 10.0, 10.0, 2.0, 5.0, 1.0)" : "rowid") +
                                 " AS score FROM part_search WHERE part_search MATCH ? ORDER BY score, rowid "
                                 "LIMIT ? OFFSET ?) s JOIN part p ON p.id = s.id "
                                 "LEFT JOIN category c ON c.id = p.category_id ORDER BY s.score, s.id");
    st.bind(1, query);
    st.bind(2, limit);
    st.bind(3, offset);
    while (st.executeStep()) {
      PartSearchHit hit;
      hit.id = st.getColumn(0).getInt64();
      hit.name = st.getColumn(1).getString();
      hit.ipn = st.getColumn(2).getString();
      hit.description = st.getColumn(3).getString();
      hit.category_id = optional_int(st.getColumn(4));
      hit.category_path = st.getColumn(5).getString();
      page.results.push_back(std::move(hit));
    }
    return page;
  });
}

}  // namespace kibridge::storage
