#include "storage/schema.h"

#include <regex>
#include <stdexcept>

namespace kibridge::storage {

std::vector<Migration> parse_migrations(std::string_view schema_sql) {
  static const std::regex kHeader(R"(^-- migration ([0-9]+):[ \t]*(.*)$)");
  std::vector<Migration> migrations;
  size_t pos = 0;
  while (pos < schema_sql.size()) {
    size_t end = schema_sql.find('\n', pos);
    if (end == std::string_view::npos) end = schema_sql.size();
    std::string line(schema_sql.substr(pos, end - pos));
    std::smatch match;
    if (std::regex_match(line, match, kHeader)) {
      Migration m;
      m.version = std::stoi(match[1].str());
      m.description = match[2].str();
      if (m.version != static_cast<int>(migrations.size()) + 1) {
        throw std::runtime_error("schema.sql: migration " + match[1].str() + " is out of order");
      }
      migrations.push_back(std::move(m));
    } else if (!migrations.empty()) {
      migrations.back().sql += line;
      migrations.back().sql += '\n';
    }
    pos = end + 1;
  }
  return migrations;
}

int latest_schema_version() {
  static const int version = static_cast<int>(parse_migrations(kSchemaSql).size());
  return version;
}

}  // namespace kibridge::storage
