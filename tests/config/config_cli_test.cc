// `kibridge categories|mappings|settings|config` as a user runs them on a database file:
// exit codes, what is written, the REST API's wording for refused values, --json and --help.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "server/kicad/settings.h"
#include "storage/store.h"
#include "tests/http/test_server.h"
#include "tests/support/run_kibridge.h"
#include "tests/support/shared_files.h"
#include "tests/support/temp_db.h"
#include "tests/sync/sync_support.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;

class ConfigCliTest : public ::testing::Test {
 protected:
  void SetUp() override { store_.mirror().apply_mirror(small_inventree()); }
  KibridgeRun run(const std::string& args) { return run_kibridge(args + " --db '" + db_.path() + "'"); }
  std::optional<storage::KicadCategoryRecord> kicad_of(int64_t category) {
    for (const auto& k : store_.configuration().kicad_categories()) {
      if (k.category_id == category) return k;
    }
    return std::nullopt;
  }

  TempDb db_;
  storage::Store store_{db_.path()};
};

TEST_F(ConfigCliTest, CategoriesShowsTheTreeWithCountsAndWhatKiCadSees) {
  ASSERT_EQ(run("categories add Electronics").status, 0);
  auto tree = run("categories");
  ASSERT_EQ(tree.status, 0) << tree.err;
  EXPECT_NE(tree.out.find("       2       6       6  via 1    Electronics/Resistors\n"), std::string::npos) << tree.out;
  EXPECT_NE(tree.out.find("       1       0      10  yes      Electronics\n"), std::string::npos) << tree.out;
  EXPECT_NE(tree.out.find("       4       2       2  -        Mechanical\n"), std::string::npos) << tree.out;
  auto as_json = run("categories --json");
  ASSERT_EQ(as_json.status, 0) << as_json.err;
  const auto rows = json::parse(as_json.out)["categories"];
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0]["path"], "Electronics");
  EXPECT_EQ(rows[0]["parts_below"], 10);
  EXPECT_EQ(rows[0]["kicad"]["pk"], kicad_of(1)->id);
  EXPECT_EQ(rows[2]["path"], "Electronics/Resistors");
  EXPECT_EQ(rows[2]["parts"], 6);
  EXPECT_TRUE(rows[2]["kicad"].is_null());
  EXPECT_EQ(rows[2]["listed_in"], 1);
  EXPECT_TRUE(rows[3]["listed_in"].is_null());
}

TEST_F(ConfigCliTest, CategoriesAddSetRemove) {
  auto add = run("categories add Electronics/Resistors 4 --symbol Device:R --reference R --value-template Resistance");
  ASSERT_EQ(add.status, 0) << add.err;
  EXPECT_NE(add.out.find("added Electronics/Resistors"), std::string::npos) << add.out;
  EXPECT_NE(add.err.find("reopen the schematic editor"), std::string::npos) << add.err;
  auto resistors = kicad_of(2);
  ASSERT_TRUE(resistors);
  EXPECT_EQ(resistors->default_symbol, "Device:R");
  EXPECT_EQ(resistors->default_reference, "R");
  EXPECT_EQ(resistors->default_value_parameter_template, 1);
  ASSERT_TRUE(kicad_of(4));
  EXPECT_EQ(kicad_of(4)->default_symbol, "Device:R");

  // set changes only what it is given; an empty value clears.
  auto set = run("categories set 2 --footprint-template 2 --reference ''");
  ASSERT_EQ(set.status, 0) << set.err;
  resistors = kicad_of(2);
  EXPECT_EQ(resistors->default_symbol, "Device:R");
  EXPECT_EQ(resistors->default_reference, "");
  EXPECT_EQ(resistors->footprint_parameter_template, 2);
  EXPECT_EQ(resistors->default_value_parameter_template, 1);

  EXPECT_EQ(run("categories add 2").status, 1);  // already one
  EXPECT_EQ(run("categories set Electronics/Capacitors --symbol X:Y").status, 1);  // not one
  auto removed = run("categories remove Electronics/Resistors Mechanical");
  ASSERT_EQ(removed.status, 0) << removed.err;
  EXPECT_TRUE(store_.configuration().kicad_categories().empty());
}

TEST_F(ConfigCliTest, ANearMissSuggestsThePathAndWritesNothing) {
  auto run_ = run("categories add Mechanical Electronics/resistors");
  EXPECT_EQ(run_.status, 1);
  EXPECT_NE(run_.err.find("did you mean 'Electronics/Resistors'?"), std::string::npos) << run_.err;
  EXPECT_TRUE(store_.configuration().kicad_categories().empty()) << "Mechanical was added before the miss was found";
}

TEST_F(ConfigCliTest, RefusedValuesReadAsTheRestApiSaysThem) {
  TestServer server;
  server.cache().apply(server.store().mirror().apply_mirror(small_inventree()));
  auto admin = server.client(server.admin_token());
  const std::string too_long(21, 'R');
  auto rest = admin.Post("/plugin/kicad-library-plugin/api/category/",
                         json{{"category", 2}, {"default_reference", too_long}}.dump(), "application/json");
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->status, 400);
  const std::string rest_detail = json::parse(rest->body)["detail"];
  EXPECT_EQ(rest_detail, "default_reference: Ensure this field has no more than 20 characters.");
  auto cli = run("categories add 2 --reference " + too_long);
  EXPECT_EQ(cli.status, 1);
  EXPECT_NE(cli.err.find(rest_detail), std::string::npos) << cli.err;

  rest = admin.Put("/api/settings/KICAD_ENABLE_STOCK_COUNT", R"({"value": "maybe"})", "application/json");
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->status, 400);
  cli = run("settings set KICAD_ENABLE_STOCK_COUNT maybe");
  EXPECT_EQ(cli.status, 1);
  EXPECT_NE(cli.err.find(json::parse(rest->body)["detail"].get<std::string>()), std::string::npos) << cli.err;

  cli = run("categories add 2 --value-template Nope");
  EXPECT_EQ(cli.status, 1);
  EXPECT_NE(cli.err.find("default_value_parameter_template: No parameter template with id or name 'Nope'."),
            std::string::npos)
      << cli.err;
  EXPECT_TRUE(store_.configuration().kicad_categories().empty());
}

TEST_F(ConfigCliTest, AddAllEnablesEveryCategoryHoldingParts) {
  auto all = run("categories add --all");
  ASSERT_EQ(all.status, 0) << all.err;
  std::vector<int64_t> selected;
  for (const auto& k : store_.configuration().kicad_categories()) selected.push_back(k.category_id);
  std::sort(selected.begin(), selected.end());
  EXPECT_EQ(selected, (std::vector<int64_t>{2, 3, 4}));  // Electronics holds no part itself
  auto again = run("categories add --all");
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("already"), std::string::npos) << again.out;
  EXPECT_EQ(store_.configuration().kicad_categories().size(), 3u);

  TempDb empty;
  auto none = run_kibridge("categories add --all --db '" + empty.path() + "'");
  EXPECT_EQ(none.status, 1);
  EXPECT_NE(none.err.find("kibridge sync"), std::string::npos) << none.err;
}

TEST_F(ConfigCliTest, MappingsListAddRemove) {
  EXPECT_EQ(run("mappings add Electronics/Resistors 0603 Resistor_SMD:R_0603").status, 1);  // not a KiCad category
  ASSERT_EQ(run("categories add Electronics/Resistors").status, 0);
  auto add = run("mappings add Electronics/Resistors 0603 Resistor_SMD:R_0603");
  ASSERT_EQ(add.status, 0) << add.err;
  auto twice = run("mappings add 2 0603 Resistor_SMD:R_0603_Other");
  EXPECT_EQ(twice.status, 1);
  EXPECT_NE(twice.err.find("already maps '0603'"), std::string::npos) << twice.err;
  EXPECT_EQ(run("mappings add 2 '' Resistor_SMD:R").status, 1);  // blank value
  auto list = run("mappings list --json");
  ASSERT_EQ(list.status, 0) << list.err;
  const auto mappings = json::parse(list.out);
  ASSERT_EQ(mappings.size(), 1u);
  EXPECT_EQ(mappings[0]["category"], "Electronics/Resistors");
  EXPECT_EQ(mappings[0]["parameter_value"], "0603");
  EXPECT_EQ(mappings[0]["kicad_footprint"], "Resistor_SMD:R_0603");
  EXPECT_EQ(run("mappings list Electronics/Resistors").out, "Electronics/Resistors\t0603\t-> Resistor_SMD:R_0603\n");
  EXPECT_EQ(run("mappings remove 2 0402").status, 1);
  ASSERT_EQ(run("mappings remove 2 0603").status, 0);
  EXPECT_TRUE(store_.configuration().footprint_mappings().empty());
}

TEST_F(ConfigCliTest, SettingsListGetSetReset) {
  auto list = run("settings list --json");
  ASSERT_EQ(list.status, 0) << list.err;
  const auto settings = json::parse(list.out)["settings"];
  ASSERT_EQ(settings.size(), kicad::all_settings().size());
  for (const auto& s : settings) {
    EXPECT_FALSE(s["description"].get<std::string>().empty()) << s["key"];
    EXPECT_TRUE(s.contains("default") && s.contains("type")) << s["key"];
  }
  auto text = run("settings");
  ASSERT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("KICAD_INCLUDE_IPN = \"dont_include\" (default)\n    Send the IPN as a field\n    choice "
                          "dont_include|include_hidden|include_visible|include_as_value, default \"dont_include\"\n"),
            std::string::npos)
      << text.out;

  EXPECT_EQ(run("settings get KICAD_ENABLE_STOCK_COUNT").out, "false\n");
  ASSERT_EQ(run("settings set KICAD_ENABLE_STOCK_COUNT yes").status, 0);
  EXPECT_EQ(store_.configuration().settings().at("KICAD_ENABLE_STOCK_COUNT"), "true");  // normalised as the API does
  EXPECT_EQ(json::parse(run("settings get KICAD_ENABLE_STOCK_COUNT --json").out)["is_set"], true);
  ASSERT_EQ(run("settings set KICAD_FOOTPRINT_PARAMETER 'KiCad Footprint'").status, 0);
  EXPECT_EQ(run("settings set KICAD_FOOTPRINT_PARAMETER Nope").status, 1);
  EXPECT_EQ(store_.configuration().settings().at("KICAD_FOOTPRINT_PARAMETER"), "KiCad Footprint");
  ASSERT_EQ(run("settings reset KICAD_ENABLE_STOCK_COUNT").status, 0);
  EXPECT_EQ(store_.configuration().settings().count("KICAD_ENABLE_STOCK_COUNT"), 0u);
  EXPECT_EQ(run("settings reset KICAD_ENABLE_STOCK_COUNT").status, 0);  // idempotent
  auto unknown = run("settings get NO_SUCH_SETTING");
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("unknown setting 'NO_SUCH_SETTING'"), std::string::npos) << unknown.err;
}

TEST_F(ConfigCliTest, ConfigExportApplyDryRunAndIdempotence) {
  ASSERT_EQ(run("categories add Electronics/Resistors --symbol Device:R").status, 0);
  ASSERT_EQ(run("mappings add 2 0603 Resistor_SMD:R_0603").status, 0);
  ASSERT_EQ(run("settings set KICAD_ENABLE_STOCK_COUNT true").status, 0);
  const std::string file = db_.path() + ".config.json";
  ASSERT_EQ(run("config export '" + file + "'").status, 0);
  EXPECT_EQ(slurp(file), run("config export").out);

  TempDb fresh;
  storage::Store(fresh.path()).mirror().apply_mirror(small_inventree());
  const std::string on_fresh = " --db '" + fresh.path() + "'";
  auto dry = run_kibridge("config apply '" + file + "' --dry-run" + on_fresh);
  ASSERT_EQ(dry.status, 0) << dry.err;
  EXPECT_EQ(dry.out,
            "+ category Electronics/Resistors: default_symbol \"Device:R\"\n"
            "+ mapping Electronics/Resistors \"0603\" -> \"Resistor_SMD:R_0603\"\n"
            "~ setting KICAD_ENABLE_STOCK_COUNT: \"false\" -> \"true\"\n"
            "dry run: 3 change(s), nothing written\n");
  EXPECT_EQ(run_kibridge("config export" + on_fresh).out.find("Electronics"), std::string::npos);
  auto apply = run_kibridge("config apply '" + file + "'" + on_fresh);
  ASSERT_EQ(apply.status, 0) << apply.err;
  EXPECT_NE(apply.out.find("applied 3 change(s)"), std::string::npos) << apply.out;
  EXPECT_EQ(run_kibridge("config export" + on_fresh).out, slurp(file));
  EXPECT_EQ(run_kibridge("config apply '" + file + "'" + on_fresh).out,
            "no changes: the database holds this configuration already\n");

  std::ofstream(file) << "{\"kibridge_config\": 1, \"kicad_categories\": [{\"category\": \"Mechanicl\"}],\n"
                         " \"footprint_mappings\": [], \"settings\": {}}";
  auto bad = run_kibridge("config apply '" + file + "'" + on_fresh);
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("kicad_categories[0]: no InvenTree category with the path 'Mechanicl'; did you mean "
                         "'Mechanical'?"),
            std::string::npos)
      << bad.err;
  std::ofstream(file) << "{not json";
  EXPECT_EQ(run_kibridge("config apply '" + file + "'" + on_fresh).status, 1);
  EXPECT_EQ(run_kibridge("config export" + on_fresh).out.find("Mechanical"), std::string::npos);
  std::filesystem::remove(file);
}

TEST_F(ConfigCliTest, HelpAndUsageErrors) {
  for (const char* command : {"categories", "mappings", "settings", "config"}) {
    auto help = run_kibridge(std::string(command) + " --help");
    EXPECT_EQ(help.status, 0) << command;
    EXPECT_EQ(help.out.rfind(std::string("usage: kibridge ") + command, 0), 0u) << help.out;
  }
  EXPECT_NE(run_kibridge("--help").out.find("categories"), std::string::npos);
  for (const char* bad : {"categories frobnicate", "categories add", "categories add --all 2", "categories set 2",
                          "categories --jsn", "mappings add 2 0603", "settings set KICAD_ENABLE_STOCK_COUNT",
                          "config apply", "config export --dry-run"}) {
    EXPECT_EQ(run(bad).status, 2) << bad;
  }
}

}  // namespace
}  // namespace kibridge::testing
