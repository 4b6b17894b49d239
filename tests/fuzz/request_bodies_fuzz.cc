// Fuzz target: the JSON request bodies of the settings and KiCad-category routes, through the
// pure functions those routes call (footprint_mapping_api.cc, settings_api.cc, category_api.cc): parse_json_object() on
// the raw body, validate_setting() for each member named like a setting, and FieldReader's
// string / id / template_ref readers for each member. The routes themselves need a store
// and a socket; everything they decide about a body is decided here.
//
// Contracts checked, besides "no crash, no exception other than the documented ones":
//   - a body that is refused gets a 400 whose body is JSON with a string "detail";
//   - validate_setting() returns a normalised value or an error, never both or neither; a
//     normalised value validates to itself and parse_settings() reads it without a problem;
//   - a string FieldReader accepts is the member's string within the length limit; an id is
//     not negative; an accepted template reference names a template of the configuration;
//   - every error body FieldReader builds has a "detail" and serialises (valid UTF-8).

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/http/http_util.h"
#include "server/config/json_fields.h"
#include "server/util/utf8.h"
#include "storage/limits.h"
#include "server/kicad/library_config.h"
#include "server/kicad/settings.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using nlohmann::json;
using kibridge::fuzz::check;

const kibridge::kicad::LibraryConfig& config() {
  static const kibridge::kicad::LibraryConfig instance(
      kibridge::kicad::KicadSettings{},
      {{1, "Footprint", "", ""}, {2, "Value", "", ""}, {30, "12", "", "a name that looks like an id"}},
      {}, {}, {});
  return instance;
}

void check_settings(const json& body) {
  namespace kicad = kibridge::kicad;
  for (const auto& [key, value] : body.items()) {
    if (kicad::find_setting(key) == nullptr || !value.is_string()) continue;
    const auto result = kicad::validate_setting(key, value.get<std::string>());
    check(result.normalised.has_value() != !result.error.empty(), "validate_setting: both or neither of value and error");
    if (!result.normalised) continue;
    const auto again = kicad::validate_setting(key, *result.normalised);
    check(again.normalised == result.normalised, "validate_setting is not idempotent for " + key);
    std::vector<std::string> problems;
    kicad::parse_settings({{key, *result.normalised}}, &problems);
    check(problems.empty(), "parse_settings refuses what validate_setting stored: " +
                                (problems.empty() ? std::string() : problems.front()));
    (void)json(*result.normalised).dump();  // throws on invalid UTF-8
  }
}

void check_error_body(const kibridge::config::FieldReader& reader) {
  if (reader.ok()) return;
  const json error = reader.error_body();
  check(error.contains("detail") && error["detail"].is_string(), "an error body without a detail");
  (void)error.dump();  // throws on invalid UTF-8
}

// Each member through each reader, a fresh reader per call so that its verdict is that
// member's alone.
void check_fields(const json& body) {
  using kibridge::config::FieldReader;
  for (const auto& [key, value] : body.items()) {
    std::string text = "unchanged";
    FieldReader string_reader(body);
    string_reader.string(key.c_str(), 20, true, false, text);
    if (string_reader.ok()) {
      check(value.is_string() && text == value.get<std::string>() && !text.empty() &&
                kibridge::util::utf8_characters(text) <= 20,
            "FieldReader::string accepted " + value.dump());
    }
    int64_t id = -1;
    FieldReader id_reader(body);
    id_reader.id(key.c_str(), true, id);
    if (id_reader.ok()) check(id >= 0, "FieldReader::id accepted " + value.dump() + " as " + std::to_string(id));
    std::optional<int64_t> ref = -1;
    FieldReader ref_reader(body);
    ref_reader.template_ref(key.c_str(), config(), ref);
    if (ref_reader.ok() && ref) check(config().template_by_id(*ref) != nullptr, "template_ref accepted " + value.dump());
    for (const auto* reader : {&string_reader, &id_reader, &ref_reader}) check_error_body(*reader);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  httplib::Request req;
  req.body.assign(reinterpret_cast<const char*>(data), size);
  httplib::Response res;
  const std::optional<json> body = kibridge::http::parse_json_object(req, res);
  if (!body) {
    check(res.status == 400, "a refused body answered " + std::to_string(res.status));
    const json answer = json::parse(res.body, nullptr, /*allow_exceptions=*/false);
    check(answer.is_object() && answer.contains("detail") && answer["detail"].is_string(),
          "a refused body without a JSON detail: " + res.body);
    return 0;
  }
  check(body->is_object(), "parse_json_object returned no object");
  check_settings(*body);
  check_fields(*body);
  return 0;
}
