// The schema compiled into the binary from schema.sql, split into its forward migrations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kibridge::storage {

extern const char* const kSchemaSql;

struct Migration {
  int version = 0;          // becomes PRAGMA user_version once applied
  std::string description;  // the text after "-- migration N:"
  std::string sql;
};

// Splits schema text at "-- migration N: description" lines. Throws std::runtime_error when
// the versions are not 1, 2, 3, ... in order (a schema.sql editing mistake).
std::vector<Migration> parse_migrations(std::string_view schema_sql);

// The newest schema version this binary knows.
int latest_schema_version();

}  // namespace kibridge::storage
