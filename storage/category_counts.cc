// Part counts per category, for the category tree `kibridge categories` shows.
#include "storage/store_internal.h"

namespace kibridge::storage {

std::map<int64_t, int64_t> Store::part_counts_by_category() const {
  return read([](SQLite::Database& db) {
    std::map<int64_t, int64_t> out;
    SQLite::Statement st(db, "SELECT category_id, COUNT(*) FROM part WHERE category_id IS NOT NULL GROUP BY category_id");
    while (st.executeStep()) out.emplace(st.getColumn(0).getInt64(), st.getColumn(1).getInt64());
    return out;
  });
}

}  // namespace kibridge::storage
