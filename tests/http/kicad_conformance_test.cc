// KiCad conformance: the checker of kicad_checker.h proven on canned documents (a correct
// library passes, each kind of breakage is caught), then kibridge loaded the way KiCad 8, 9
// and 10 load it, over real HTTP, with the demo catalogue and with awkward hand-made names.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "server/cli/httplib_config.h"
#include "server/demo/demo_catalog.h"
#include "server/http/kicad_routes.h"
#include "server/kicad/settings.h"
#include "tests/http/kicad_checker.h"
#include "tests/http/test_server.h"

namespace kibridge::testing {
namespace {

using conformance::Fetch;
using conformance::HttpAnswer;
using conformance::KicadVersion;
using conformance::load_like_kicad;
using nlohmann::json;

const KicadVersion kVersions[] = {KicadVersion::k8, KicadVersion::k9, KicadVersion::k10};

std::string joined(const conformance::Violations& v) {
  std::string out;
  for (size_t i = 0; i < v.size() && i < 20; ++i) out += "  " + v[i] + "\n";
  if (v.size() > 20) out += "  ... and " + std::to_string(v.size() - 20) + " more\n";
  return out;
}

// ---- The checker on canned documents -------------------------------------------------------

// A small library as a server would serve it, editable per test.
struct CannedLibrary {
  std::string settings = R"({"meta": {"version": 1.0}, "name": "x", "source": {"type": "REST_API",
      "api_version": "v1", "root_url": "http://kicad.test/lib", "token": "t0k",
      "timeout_parts_seconds": 60, "timeout_categories_seconds": 600}})";
  json root = {{"categories", ""}, {"parts", ""}};
  json categories = json::array({{{"id", "1"}, {"name", "Resistors"}, {"description", "R"}},
                                 {{"id", "2"}, {"name", "Capacitors"}, {"description", ""}}});
  std::map<std::string, json> listings;  // category id -> listing
  std::map<std::string, json> details;   // part id -> detail
  std::map<std::string, std::string> raw_bodies;  // path -> body served as is
  std::set<std::string> requested;

  static json part(const std::string& id, const std::string& name, const std::string& symbol) {
    return {{"id", id},
            {"name", name},
            {"description", "desc " + name},
            {"keywords", "kw"},
            {"symbolIdStr", symbol},
            {"exclude_from_bom", "False"},
            {"exclude_from_board", "False"},
            {"exclude_from_sim", "False"},
            {"fields",
             {{"value", {{"value", name}}},
              {"footprint", {{"value", "Resistor_SMD:R_0603_1608Metric"}, {"visible", "False"}}},
              {"datasheet", {{"value", ""}, {"visible", "False"}}},
              {"reference", {{"value", "R"}, {"visible", "True"}}},
              {"description", {{"value", "desc " + name}, {"visible", "False"}}},
              {"keywords", {{"value", "kw"}, {"visible", "False"}}},
              {"InvenTree", {{"value", id}, {"visible", "false"}}}}}};
  }

  CannedLibrary() {
    const std::vector<std::tuple<std::string, std::string, std::string>> parts = {
        {"10", "R_10k", "1"}, {"11", "R_1k", "1"}, {"20", "C_100n", "2"}};
    for (const auto& [id, name, cat] : parts) {
      json p = part(id, name, cat == "1" ? "Device:R" : "Device:C");
      details[id] = p;
      listings[cat].push_back(p);
    }
  }

  // The same change in the listing entry and the detail of part `id`.
  template <typename Fn>
  void edit_part(const std::string& id, Fn&& fn) {
    fn(details[id]);
    for (auto& [cat, listing] : listings) {
      for (auto& entry : listing) {
        if (entry.is_object() && entry.value("id", json()) == id) fn(entry);
      }
    }
  }

  Fetch fetch() {
    return [this](const std::string& url, const std::string& token) -> HttpAnswer {
      if (token != "t0k") return {401, R"({"detail": "bad token"})"};
      const std::string base = "http://kicad.test/lib/v1/";
      if (url.rfind(base, 0) != 0) return {404, "{}"};
      const std::string path = url.substr(base.size());
      requested.insert(path);
      if (raw_bodies.count(path)) return {200, raw_bodies[path]};
      if (path.empty()) return {200, root.dump()};
      if (path == "categories.json") return {200, categories.dump()};
      const std::string listing_prefix = "parts/category/";
      if (path.rfind(listing_prefix, 0) == 0) {
        const std::string id = path.substr(listing_prefix.size(), path.size() - listing_prefix.size() - 5);
        return listings.count(id) ? HttpAnswer{200, listings[id].dump()} : HttpAnswer{404, "[]"};
      }
      const std::string id = path.substr(6, path.size() - 6 - 5);  // parts/<id>.json
      return details.count(id) ? HttpAnswer{200, details[id].dump()} : HttpAnswer{404, R"({"detail": "no"})"};
    };
  }

  conformance::Violations check(KicadVersion version) {
    return load_like_kicad(version, settings, fetch()).violations;
  }
};

// Every version finds `rule` violated.
::testing::AssertionResult all_versions_flag(CannedLibrary& lib, const std::string& rule) {
  for (KicadVersion v : kVersions) {
    const auto violations = lib.check(v);
    if (!conformance::has_rule(violations, rule)) {
      return ::testing::AssertionFailure() << conformance::version_name(v) << " did not flag [" << rule << "]; got:\n"
                                           << joined(violations);
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(KicadChecker, CorrectLibraryPassesEveryVersion) {
  CannedLibrary lib;
  for (KicadVersion v : kVersions) {
    SCOPED_TRACE(conformance::version_name(v));
    const auto report = load_like_kicad(v, lib.settings, lib.fetch());
    EXPECT_TRUE(report.violations.empty()) << joined(report.violations);
    EXPECT_EQ(report.categories, 2u);
    EXPECT_EQ(report.part_ids, (std::vector<std::string>{"10", "11", "20"}));
  }
}

TEST(KicadChecker, RequestsWhatEachVersionRequests) {
  {
    CannedLibrary lib;
    const auto report = load_like_kicad(KicadVersion::k9, lib.settings, lib.fetch());
    EXPECT_EQ(report.requests, 2u + 2u + 3u);  // root, categories, 2 listings, 3 details
    EXPECT_TRUE(lib.requested.count("parts/20.json"));
  }
  {
    CannedLibrary lib;
    const auto report = load_like_kicad(KicadVersion::k10, lib.settings, lib.fetch());
    EXPECT_EQ(report.requests, 2u + 2u);  // listings carry the fields: no detail requests
    EXPECT_FALSE(lib.requested.count("parts/20.json"));
  }
}

TEST(KicadChecker, CatchesNativeJsonBooleanForVisible) {
  CannedLibrary lib;
  lib.edit_part("11", [](json& p) { p["fields"]["reference"]["visible"] = true; });
  EXPECT_TRUE(all_versions_flag(lib, "bool-string"));
}

TEST(KicadChecker, CatchesUnrecognisedOrNonStringExclusionFlag) {
  CannedLibrary lib;
  lib.edit_part("10", [](json& p) { p["exclude_from_bom"] = "on"; });
  EXPECT_TRUE(all_versions_flag(lib, "bool-string"));
  CannedLibrary numeric;
  numeric.edit_part("10", [](json& p) { p["exclude_from_sim"] = 0; });
  EXPECT_TRUE(all_versions_flag(numeric, "bool-string"));
}

TEST(KicadChecker, CatchesNumericPartId) {
  CannedLibrary lib;
  lib.listings["1"][0]["id"] = 10;
  EXPECT_TRUE(all_versions_flag(lib, "id-string"));
  // KiCad loses the whole category then.
  for (KicadVersion v : kVersions) {
    EXPECT_EQ(load_like_kicad(v, lib.settings, lib.fetch()).part_ids, (std::vector<std::string>{"20"}));
  }
}

TEST(KicadChecker, CatchesNumericCategoryId) {
  CannedLibrary lib;
  lib.categories[1]["id"] = 2;
  EXPECT_TRUE(all_versions_flag(lib, "category-id-string"));
}

TEST(KicadChecker, CatchesDuplicateNameAcrossCategories) {
  CannedLibrary lib;
  lib.edit_part("20", [](json& p) { p["name"] = "R_10k"; });
  EXPECT_TRUE(all_versions_flag(lib, "name-unique"));
}

TEST(KicadChecker, CatchesNamesThatCollideOnlyAfterFixIllegalChars) {
  CannedLibrary lib;
  lib.edit_part("10", [](json& p) { p["name"] = "R:1"; });
  lib.edit_part("20", [](json& p) { p["name"] = "R_1"; });
  EXPECT_TRUE(all_versions_flag(lib, "name-unique"));
  EXPECT_TRUE(all_versions_flag(lib, "name-illegal-chars"));
}

TEST(KicadChecker, CatchesObjectBodyForListing) {
  CannedLibrary lib;
  lib.raw_bodies["parts/category/2.json"] = R"({"detail": "Not found."})";
  EXPECT_TRUE(all_versions_flag(lib, "listing-array"));
  CannedLibrary html;
  html.raw_bodies["parts/category/2.json"] = "<html><body>Login</body></html>";
  EXPECT_TRUE(all_versions_flag(html, "listing-json"));
}

TEST(KicadChecker, CatchesBrokenRoot) {
  CannedLibrary null_value;
  null_value.root["categories"] = nullptr;
  EXPECT_TRUE(all_versions_flag(null_value, "root-keys"));
  CannedLibrary missing;
  missing.root.erase("parts");
  EXPECT_TRUE(all_versions_flag(missing, "root-keys"));
  CannedLibrary array;
  array.raw_bodies[""] = "[]";
  EXPECT_TRUE(all_versions_flag(array, "root-json"));
  // "" is what KiCad's own documentation serves: valid.
  CannedLibrary empty_strings;
  EXPECT_FALSE(conformance::has_rule(empty_strings.check(KicadVersion::k8), "root-keys"));
}

TEST(KicadChecker, CatchesDetailProblemsOnVersionsThatFetchDetails) {
  auto flagged_by_8_and_9 = [](CannedLibrary& lib, const std::string& rule) {
    return conformance::has_rule(lib.check(KicadVersion::k8), rule) &&
           conformance::has_rule(lib.check(KicadVersion::k9), rule);
  };
  CannedLibrary wrong_id;
  wrong_id.details["11"]["id"] = "12";
  EXPECT_TRUE(flagged_by_8_and_9(wrong_id, "detail-id-match"));
  CannedLibrary no_symbol;
  no_symbol.details["11"].erase("symbolIdStr");
  EXPECT_TRUE(flagged_by_8_and_9(no_symbol, "symbol-string"));
  CannedLibrary two_colons;
  two_colons.details["11"]["symbolIdStr"] = "Device:R:x";
  EXPECT_TRUE(flagged_by_8_and_9(two_colons, "symbol-lib-id"));
  CannedLibrary description;
  description.details["11"]["description"] = "something else";
  EXPECT_TRUE(flagged_by_8_and_9(description, "detail-description"));
  CannedLibrary no_description;
  no_description.details["11"].erase("description");
  EXPECT_TRUE(flagged_by_8_and_9(no_description, "detail-description"));
  CannedLibrary renamed;
  renamed.details["11"]["name"] = "R_1k_new";
  EXPECT_TRUE(flagged_by_8_and_9(renamed, "listing-detail-name"));
  CannedLibrary fields_differ;
  fields_differ.details["11"]["fields"]["value"]["value"] = "2k";
  EXPECT_TRUE(flagged_by_8_and_9(fields_differ, "listing-detail-fields"));
  CannedLibrary numeric_value;
  numeric_value.details["11"]["fields"]["value"]["value"] = 1000;
  EXPECT_TRUE(flagged_by_8_and_9(numeric_value, "field-value-string"));
  CannedLibrary field_not_object;
  field_not_object.details["11"]["fields"]["MPN"] = "RC0603";
  EXPECT_TRUE(flagged_by_8_and_9(field_not_object, "field-object"));
  CannedLibrary missing_detail;
  missing_detail.details.erase("11");
  EXPECT_TRUE(flagged_by_8_and_9(missing_detail, "detail-status"));
  // KiCad 10 uses the listing instead and never sees these details.
  EXPECT_TRUE(wrong_id.check(KicadVersion::k10).empty());
}

TEST(KicadChecker, CatchesListingWithoutFieldsOnKicad10Only) {
  CannedLibrary lib;
  lib.listings["2"][0] = {{"id", "20"}, {"name", "C_100n"}, {"description", "desc C_100n"}};
  EXPECT_TRUE(lib.check(KicadVersion::k8).empty()) << joined(lib.check(KicadVersion::k8));
  const auto v10 = lib.check(KicadVersion::k10);
  EXPECT_TRUE(conformance::has_rule(v10, "listing-fields")) << joined(v10);
  EXPECT_TRUE(lib.requested.count("parts/20.json"));  // fetched individually, as KiCad 10 does
}

TEST(KicadChecker, CatchesBadSettingsFile) {
  conformance::Violations v;
  EXPECT_TRUE(conformance::check_settings_file(R"({"meta": {"version": 1}, "source": {"type": "REST_API_TOKEN",
      "api_version": "v1", "root_url": "http://x"}})", v).base_url.empty());
  EXPECT_TRUE(conformance::has_rule(v, "settings-type"));
  v.clear();
  conformance::check_settings_file(R"({"meta": {"version": 1}, "source": {"type": "REST_API",
      "api_version": "v2", "root_url": "", "timeout_parts_seconds": "60"}})", v);
  EXPECT_TRUE(conformance::has_rule(v, "settings-api-version"));
  EXPECT_TRUE(conformance::has_rule(v, "settings-root-url"));
  EXPECT_TRUE(conformance::has_rule(v, "settings-timeout"));
  v.clear();
  conformance::check_settings_file(R"({"source": {}})", v);
  EXPECT_TRUE(conformance::has_rule(v, "settings-meta-version"));
  v.clear();
  const auto ok = conformance::check_settings_file(R"({"meta": {"version": 1.0}, // KiCad allows comments
      "source": {"type": "REST_API", "api_version": "v1", "root_url": "http://h:1/p", "token": "abc"}})", v);
  EXPECT_TRUE(v.empty()) << joined(v);
  EXPECT_EQ(ok.base_url, "http://h:1/p/v1/");
  EXPECT_EQ(ok.token, "abc");
}

TEST(KicadChecker, FixIllegalCharsLikeKicad9) {
  EXPECT_EQ(conformance::fix_illegal_chars("a:b\\c<d>e\"f\tg\nh\x01i/j k"), "a_b_c_d_e_f_g_h_i/j k");
}

// ---- kibridge against the checker ---------------------------------------------------------

// GETs through a real HTTP client with KiCad's request headers; httplib inflates gzip as curl
// does for KiCad.
Fetch http_fetch(const TestServer& server) {
  auto client = std::make_shared<httplib::Client>("127.0.0.1", server.port());
  client->set_keep_alive(true);
  client->set_read_timeout(10);
  const std::string prefix = server.url();
  return [client, prefix](const std::string& url, const std::string& token) -> HttpAnswer {
    if (url.rfind(prefix, 0) != 0) return {0, "not this server: " + url};
    httplib::Headers headers{{"Accept", "application/json"},
                             {"Authorization", "Token " + token},
                             {"Accept-Encoding", "gzip,deflate"},
                             {"User-Agent", "KiCad/9.0.7 (Linux;x86_64;64-bit) eeschema/2025-01-01"}};
    auto res = client->Get(url.substr(prefix.size()), headers);
    if (!res) return {0, httplib::to_string(res.error())};
    return {res->status, res->body};
  };
}

class DemoCatalogueConformance : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    demo::seed_demo(server_->store(), demo::kDefaultDemoParts);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // The ids of every part KiCad should see: active, not hidden as a template, in a KiCad
  // category.
  static std::set<std::string> expected_part_ids() {
    const auto settings = kicad::parse_settings(server_->store().configuration().settings());
    std::set<int64_t> kicad_categories;
    for (const auto& k : server_->store().configuration().kicad_categories()) kicad_categories.insert(k.category_id);
    std::set<std::string> ids;
    for (const auto& p : server_->store().mirror().parts()) {
      if (!p.category_id || !kicad_categories.count(*p.category_id)) continue;
      if (settings.hide_inactive_parts && !p.active) continue;
      if (settings.hide_template_parts && p.is_template) continue;
      ids.insert(std::to_string(p.id));
    }
    return ids;
  }

  void load(KicadVersion version) {
    const std::string settings_file = cli::make_httplib_config(server_->url(), server_->read_token());
    const auto report = load_like_kicad(version, settings_file, http_fetch(*server_));
    EXPECT_TRUE(report.violations.empty()) << report.violations.size() << " violations:\n" << joined(report.violations);
    EXPECT_EQ(report.categories, server_->store().configuration().kicad_categories().size());
    const std::set<std::string> loaded(report.part_ids.begin(), report.part_ids.end());
    EXPECT_EQ(loaded.size(), report.part_ids.size()) << "a part is listed twice";
    EXPECT_EQ(loaded, expected_part_ids());
    EXPECT_GT(loaded.size(), 500u);  // the demo catalogue's parts, not an empty library
  }

  static TestServer* server_;
};

TestServer* DemoCatalogueConformance::server_ = nullptr;

TEST_F(DemoCatalogueConformance, LoadsInKicad8) { load(KicadVersion::k8); }
TEST_F(DemoCatalogueConformance, LoadsInKicad9) { load(KicadVersion::k9); }
TEST_F(DemoCatalogueConformance, LoadsInKicad10WithoutDetailRequests) { load(KicadVersion::k10); }

// Names that would collide or break LIB_IDs in KiCad, served by kibridge: the server must
// make them unique and legal across categories, inactive parts must not take names, and the
// result must satisfy every rule.
TEST(KibridgeConformance, AwkwardNamesStayUniqueAndLegal) {
  TestServer server;
  storage::MirrorSnapshot s;
  s.categories = {{1, std::nullopt, "A", "A", "", false}, {2, std::nullopt, "B", "B", "", false}};
  auto part = [](int64_t id, int64_t category, std::string name, std::string ipn = "") {
    storage::PartRecord p;
    p.id = id;
    p.category_id = category;
    p.name = std::move(name);
    p.ipn = std::move(ipn);
    p.description = "d" + std::to_string(id);
    return p;
  };
  s.parts = {part(1, 1, "10k"),         part(2, 2, "10k"),      part(3, 1, "R:1"),  part(4, 2, "R_1"),
             part(5, 1, "a<b>\"c\\d"),  part(6, 2, "line\nbreak"), part(7, 1, ""),  part(8, 2, "7"),
             part(9, 1, "10k (2)"),      part(10, 2, "x", "IPN:1")};
  server.store().mirror().apply_mirror(s);
  for (int64_t category : {1, 2}) {
    storage::KicadCategoryRecord k;
    k.category_id = category;
    k.default_symbol = "Device:R";
    server.store().configuration().create_kicad_category(k);
  }
  for (KicadVersion v : kVersions) {
    SCOPED_TRACE(conformance::version_name(v));
    const auto report =
        load_like_kicad(v, cli::make_httplib_config(server.url(), server.read_token()), http_fetch(server));
    EXPECT_TRUE(report.violations.empty()) << joined(report.violations);
    EXPECT_EQ(report.part_ids.size(), 10u);
  }
  // The same with KICAD_USE_IPN_AS_NAME, where an IPN can clash with a name.
  server.cache().apply(server.store().configuration().set_settings({{"KICAD_USE_IPN_AS_NAME", "true"}}));
  const auto report = load_like_kicad(KicadVersion::k9, cli::make_httplib_config(server.url(), server.read_token()),
                                      http_fetch(server));
  EXPECT_TRUE(report.violations.empty()) << joined(report.violations);
}

// A library using the library fields (README "Library fields") — field rules (global and per KiCad category, renames,
// exclusions, visibility), renamed supplier fields, the MPN field and the datasheet fallback —
// still loads in KiCad 8, 9 and 10, and serves those fields.
TEST(KibridgeConformance, FieldRulesAndNamedSupplierFieldsLoadInEveryVersion) {
  TestServer server;
  demo::seed_demo(server.store(), 600);
  auto kicad_categories = server.store().configuration().kicad_categories();
  ASSERT_FALSE(kicad_categories.empty());
  for (auto& k : kicad_categories) {
    k.field_rules = R"([{"match":"Voltage","field":"V_Rated","visible":true},{"match":"Current","exclude":true}])";
    server.cache().apply(server.store().configuration().update_kicad_category(k));
  }
  server.cache().apply(server.store().configuration().set_settings(
      {{"KICAD_SUPPLIER_FIELDS", R"({"Mouser":"Mouser_PN","DigiKey":"DigiKey PN"})"},
       {"KICAD_MPN_FIELD", "MPN"},
       {"KICAD_DATASHEET_FROM_LINK", "true"},
       {"KICAD_FIELD_RULES", R"([{"match":"Tolerance","field":"Tol","visible":true},{"match":"Pow*","exclude":true}])"}}));
  for (KicadVersion v : kVersions) {
    SCOPED_TRACE(conformance::version_name(v));
    const auto report =
        load_like_kicad(v, cli::make_httplib_config(server.url(), server.read_token()), http_fetch(server));
    EXPECT_TRUE(report.violations.empty()) << joined(report.violations);
    EXPECT_GT(report.part_ids.size(), 300u);
  }
  // The renamed fields are there (and the excluded ones are not) in what KiCad fetched.
  std::map<std::string, int> seen;
  auto client = server.reader();
  for (const auto& k : kicad_categories) {
    auto res = client.Get(std::string(http::kPluginPrefix) + "/v1/parts/category/" + std::to_string(k.category_id) +
                          ".json");
    ASSERT_TRUE(res && res->status == 200);
    for (const auto& part : json::parse(res->body)) {
      for (const auto& [name, field] : part["fields"].items()) ++seen[name];
    }
  }
  for (const char* name : {"V_Rated", "Tol", "Mouser_PN", "DigiKey PN", "MPN"}) EXPECT_GT(seen[name], 0) << name;
  for (const char* name : {"Voltage", "Tolerance", "Power", "Current"}) EXPECT_EQ(seen[name], 0) << name;
}

// The library fields on a hand-made library whose every part is known, checked in what each
// KiCad version itself fetched: field rules global and per KiCad category (a rename, an
// exclusion, visibility), KICAD_SUPPLIER_FIELDS naming the field as the supplier ({"LCSC":
// "LCSC"}, the primary of two supplier parts), and the datasheet fallback to the part's link.
TEST(KibridgeConformance, LibraryFieldsAsEachVersionReceivesThem) {
  TestServer server;
  storage::MirrorSnapshot s;
  s.categories = {{1, std::nullopt, "Resistors", "Resistors", "", false}, {2, std::nullopt, "ICs", "ICs", "", false}};
  s.templates = {{1, "Resistance", "ohm", ""}, {2, "Tolerance", "%", ""}, {3, "Power", "W", ""}, {4, "Note", "", ""}};
  for (int64_t id : {10, 11, 20}) {
    storage::PartRecord p;
    p.id = id;
    p.category_id = id < 20 ? 1 : 2;
    p.name = "P" + std::to_string(id);
    p.link = "https://vendor.example/p" + std::to_string(id);
    s.parts.push_back(p);
    s.parameters.push_back({id * 10 + 1, id, 1, "10k"});
    s.parameters.push_back({id * 10 + 2, id, 2, "1"});
    s.parameters.push_back({id * 10 + 3, id, 3, "0.1"});
    s.parameters.push_back({id * 10 + 4, id, 4, "internal"});
  }
  s.attachments = {{1, 11, "https://vendor.example/ds11.pdf", "datasheet"}};  // over the link
  s.supplier_parts = {{1, 10, std::nullopt, "LCSC", "C-LOW-ID", false}, {2, 10, std::nullopt, "LCSC", "C-PRIMARY", true}};
  server.store().mirror().apply_mirror(s);
  storage::KicadCategoryRecord resistors;
  resistors.category_id = 1;
  resistors.default_symbol = "Device:R";
  resistors.field_rules = R"([{"match":"Tolerance","field":"Tol","visible":true},{"match":"Power","exclude":true}])";
  server.store().configuration().create_kicad_category(resistors);
  storage::KicadCategoryRecord ics;
  ics.category_id = 2;
  ics.default_symbol = "Device:U";
  server.store().configuration().create_kicad_category(ics);
  server.cache().apply(server.store().configuration().set_settings(
      {{"KICAD_SUPPLIER_FIELDS", R"({"LCSC":"LCSC"})"},
       {"KICAD_DATASHEET_FROM_LINK", "true"},
       {"KICAD_FIELD_RULES", R"([{"match":"Resistance","field":"R_Value"},{"match":"Note","exclude":true}])"}}));

  for (KicadVersion v : kVersions) {
    SCOPED_TRACE(conformance::version_name(v));
    // Every part object KiCad received, from listings and details alike, by id (the last wins:
    // details come after listings).
    std::map<std::string, json> received;
    const Fetch fetch = http_fetch(server);
    const Fetch recording = [&](const std::string& url, const std::string& token) {
      HttpAnswer answer = fetch(url, token);
      const json body = json::parse(answer.body, nullptr, false);
      if (body.is_array()) {
        for (const auto& p : body) {
          if (p.is_object() && p.contains("fields")) received[p.value("id", "")] = p;  // not categories
        }
      } else if (body.is_object() && body.contains("fields")) {
        received[body.value("id", "")] = body;
      }
      return answer;
    };
    const auto report =
        load_like_kicad(v, cli::make_httplib_config(server.url(), server.read_token()), recording);
    EXPECT_TRUE(report.violations.empty()) << joined(report.violations);
    ASSERT_EQ(report.part_ids.size(), 3u);
    ASSERT_EQ(received.size(), 3u);
    const json& p10 = received["10"]["fields"];
    EXPECT_EQ(p10["LCSC"], (json{{"value", "C-PRIMARY"}, {"visible", "False"}}));
    EXPECT_EQ(p10["datasheet"]["value"], "https://vendor.example/p10");  // the link: no attachment
    EXPECT_EQ(p10["Tol"], (json{{"value", "1 %"}, {"visible", "True"}}));  // category rule: renamed, shown
    EXPECT_EQ(p10["R_Value"]["value"], "10k ohm");                          // global rule: renamed
    for (const char* gone : {"Tolerance", "Power", "Resistance", "Note"}) EXPECT_FALSE(p10.contains(gone)) << gone;
    EXPECT_EQ(received["11"]["fields"]["datasheet"]["value"], "https://vendor.example/ds11.pdf");
    EXPECT_FALSE(received["11"]["fields"].contains("LCSC"));  // no LCSC part: no field
    const json& p20 = received["20"]["fields"];  // ICs: no category rules, the global ones apply
    EXPECT_EQ(p20["Tolerance"]["value"], "1 %");
    EXPECT_EQ(p20["Power"]["value"], "0.1 W");
    EXPECT_FALSE(p20.contains("Note"));
    EXPECT_TRUE(p20.contains("R_Value"));
  }
}

// Two libraries from one server (kicad/libraries.h): the demo's KiCad categories split between
// the default library and a named one ("ics"), each .kicad_httplib loaded as KiCad 8, 9 and 10
// load it. Each library passes every rule on its own, serves its own categories, and between
// them they serve every part the single library served, each part once.
TEST(KibridgeConformance, ASecondNamedLibraryLoadsInEveryVersion) {
  TestServer server;
  demo::seed_demo(server.store(), 600);
  const auto single = load_like_kicad(KicadVersion::k9, cli::make_httplib_config(server.url(), server.read_token()),
                                      http_fetch(server));
  ASSERT_TRUE(single.violations.empty()) << joined(single.violations);
  server.cache().apply(server.store().configuration().create_library({0, "ics", "Integrated circuits"}).second);
  auto kicad_categories = server.store().configuration().kicad_categories();
  ASSERT_GE(kicad_categories.size(), 2u);
  size_t moved = 0;
  for (size_t i = 0; i < kicad_categories.size(); i += 2, ++moved) {
    kicad_categories[i].library = "ics";
    server.cache().apply(server.store().configuration().update_kicad_category(kicad_categories[i]));
  }
  for (KicadVersion v : kVersions) {
    SCOPED_TRACE(conformance::version_name(v));
    const auto fallback =
        load_like_kicad(v, cli::make_httplib_config(server.url(), server.read_token()), http_fetch(server));
    const auto ics =
        load_like_kicad(v, cli::make_httplib_config(server.url(), server.read_token(), "ICs", "ics"), http_fetch(server));
    EXPECT_TRUE(fallback.violations.empty()) << joined(fallback.violations);
    EXPECT_TRUE(ics.violations.empty()) << joined(ics.violations);
    EXPECT_EQ(ics.categories, moved);
    EXPECT_EQ(fallback.categories, kicad_categories.size() - moved);
    EXPECT_FALSE(ics.part_ids.empty());
    EXPECT_FALSE(fallback.part_ids.empty());
    std::multiset<std::string> both(fallback.part_ids.begin(), fallback.part_ids.end());
    both.insert(ics.part_ids.begin(), ics.part_ids.end());
    EXPECT_EQ(both, std::multiset<std::string>(single.part_ids.begin(), single.part_ids.end()));
  }
}

}  // namespace
}  // namespace kibridge::testing
