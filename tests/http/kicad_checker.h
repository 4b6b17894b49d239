// A KiCad HTTP-library conformance checker: loads a library the way KiCad 8, 9 and 10 do
// (root, categories.json, every listing, then part details) and checks every response
// against the strict rules all three accept. It knows nothing about kibridge: it sees settings-file text and
// HTTP answers only, so it can be pointed at any server (or at canned documents, which is
// how its own tests prove that it catches what it should).
//
// Every violation is one line "<where>: [<rule>] <what>"; the rule tags are stable so tests
// can ask whether a given rule fired.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kibridge::testing::conformance {

enum class KicadVersion { k8, k9, k10 };
const char* version_name(KicadVersion version);

struct HttpAnswer {
  int status = 0;  // 0: the request failed (as KiCad 8/9 report a transport error)
  std::string body;
};
// GETs an absolute URL as KiCad would (Accept: application/json, Authorization: Token <t>,
// gzip accepted and inflated).
using Fetch = std::function<HttpAnswer(const std::string& url, const std::string& token)>;

using Violations = std::vector<std::string>;

struct CheckOptions {
  // symbolIdStr must be "<lib>:<name>" with exactly one ':' and both sides non-empty. KiCad
  // itself accepts any string (an empty or unknown symbol becomes an empty placeholder), so
  // this is for data meant to give every part a real symbol, such as the demo catalogue.
  bool symbol_needs_library = true;
};

// KiCad 9's LIB_ID::FixIllegalChars for a part name: control characters, ':', '\', '<',
// '>' and '"' become '_'.
std::string fix_illegal_chars(const std::string& name);

// ---- Checks of single documents (each appends to `out`) ----------------------------------

struct SettingsFile {
  std::string base_url;  // "<root_url>/v1/"; empty when KiCad would refuse the file
  std::string token;
};
SettingsFile check_settings_file(const std::string& text, Violations& out);

void check_root(const HttpAnswer& answer, Violations& out);

struct Category {
  std::string id;
  std::string name;
};
std::vector<Category> check_categories(const HttpAnswer& answer, Violations& out);

struct ListedPart {
  std::string id;
  std::string name;          // as KiCad keys it: the name (or the id when absent), raw
  nlohmann::json entry;      // the listing item
};
std::vector<ListedPart> check_listing(const std::string& where, const HttpAnswer& answer, Violations& out);

// The strict rules of a full part object (A8, 8.0-10.0): string id, string symbolIdStr,
// fields object of {value: string, visible?: bool-string}, exclude_* bool-strings.
void check_part_object(const std::string& where, const nlohmann::json& part, const CheckOptions& options,
                       Violations& out);

// parts/<id>.json: 200, a part object whose id is `requested_id`, top-level description and
// keywords equal to the fields', same name and fields as the listing entry.
void check_detail(const std::string& where, const ListedPart& listed, const HttpAnswer& answer,
                  const CheckOptions& options, Violations& out);

// ---- The whole library -------------------------------------------------------------------

struct LoadReport {
  Violations violations;
  size_t categories = 0;
  std::vector<std::string> part_ids;  // every part the version ended up with
  size_t requests = 0;
};

// Reads the settings file, then requests what `version` requests (root, categories.json,
// every listing; then every detail on 8/9; on 10 only listed items without "fields"), and
// checks library-wide rules too (part names unique after FixIllegalChars).
LoadReport load_like_kicad(KicadVersion version, const std::string& settings_file, const Fetch& fetch,
                           const CheckOptions& options = {});

// Whether any violation carries `rule` (e.g. "bool-string").
bool has_rule(const Violations& violations, const std::string& rule);

}  // namespace kibridge::testing::conformance
