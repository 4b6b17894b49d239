// Part search over the mirror (SQLite FTS5, table part_search of schema.sql migration 6): what
// the console's Parts page types, turned into a safe FTS5 query.
//
// The user's text is never FTS5 syntax: it is cut at blanks into terms, each term becomes a
// quoted string with a trailing `*` (a prefix query; a `"` inside is doubled, which is FTS5's
// only escape inside a string; a one-character term is a whole token, not a prefix), and the
// terms are ANDed. So `AND`, `NOT`, `name:x`, `(`, `*`,
// `"` and `NEAR` typed by a user are searched for as text, never interpreted. A term the index
// tokenizer would drop entirely (only punctuation, e.g. "-" or "%") is left out: an empty
// phrase matches nothing and would empty every search it is part of.
// Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kibridge::storage {

// At most this many terms are used (the rest are ignored): each term is one index lookup.
inline constexpr size_t kMaxSearchTerms = 16;

// The FTS5 MATCH expression for `text`; "" when it holds no searchable term.
std::string part_search_query(std::string_view text);

}  // namespace kibridge::storage
