// Reading typed fields out of a JSON request body, collecting DRF-style errors
// ({"field": ["message"]}) so one response lists every problem at once.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "server/kicad/library_config.h"

namespace kibridge::config {

class FieldReader {
 public:
  explicit FieldReader(const nlohmann::json& body) : body_(body) {}

  bool has(const char* name) const { return body_.contains(name); }
  // A string of at most max_length characters (a limit of storage/limits.h); `required`
  // reports a missing field.
  void string(const char* name, size_t max_length, bool required, bool allow_empty, std::string& out);
  // A primary key: a JSON integer or a string of digits.
  void id(const char* name, bool required, int64_t& out);
  // A parameter template by id (integer or digits) or name, or null; resolved against
  // `config`. Unknown ids and names are errors.
  void template_ref(const char* name, const kicad::LibraryConfig& config, std::optional<int64_t>& out);

  void add_error(const std::string& field, const std::string& message) { errors_[field].push_back(message); }
  bool ok() const { return errors_.empty(); }
  // {"detail": "<first problem>", "<field>": [...], ...}
  nlohmann::json error_body() const;

 private:
  const nlohmann::json& body_;
  nlohmann::json errors_ = nlohmann::json::object();
};

}  // namespace kibridge::config
