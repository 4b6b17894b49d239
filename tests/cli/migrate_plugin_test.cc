// `kibridge migrate-plugin` against the fake InvenTree with the KiCad plugin installed (the
// demo catalogue's plugin configuration): the dry run shows and writes nothing, --apply
// reproduces the plugin's settings and KiCad categories in one go and a second --apply
// changes nothing, a non-superuser token gets the 403 explanation, an inactive plugin the
// 404 one, and whatever cannot be carried over is named with what to do.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>

#include "server/cli/plugin_migration.h"
#include "server/demo/demo_catalog.h"
#include "storage/store.h"
#include "tests/support/run_kibridge.h"
#include "tests/support/temp_db.h"
#include "tools/fake-inventree/fake_inventree.h"

namespace kibridge::testing {
namespace {

constexpr const char* kSuperuser = "superuser-token";
constexpr const char* kPlainUser = "plain-user-token";

class MigratePluginTest : public ::testing::Test {
 protected:
  MigratePluginTest() : catalog_(demo::make_demo_catalog(60)) {
    fake_inventree::FakeOptions options;
    options.tokens = {kSuperuser, kPlainUser};
    options.superuser_tokens = {kSuperuser};
    options.worker_threads = 2;
    fake_ = std::make_unique<fake_inventree::FakeInvenTree>(options);
    fake_->set_data(catalog_.mirror);
    plugin_ = fake_inventree::plugin_from_catalog(catalog_);
    fake_->set_plugin(plugin_);
    fake_->start();
    // kibridge has pulled this InvenTree (`kibridge sync`), nothing else.
    storage::Store store(db_.path());
    store.mirror().apply_mirror(catalog_.mirror);
    home_ = db_.path() + ".home";
    ::mkdir(home_.c_str(), 0700);
  }
  ~MigratePluginTest() override { std::filesystem::remove_all(home_); }

  KibridgeRun migrate(const std::string& token, const std::string& args = "") const {
    const std::string env = "HOME='" + home_ + "' XDG_CONFIG_HOME='" + home_ + "/config' KIBRIDGE_INVENTREE_TOKEN=" + token;
    return run_kibridge("migrate-plugin --db '" + db_.path() + "' --inventree-url " + fake_->url() + " " + args, env);
  }

  // The KiCad categories kibridge holds, by InvenTree category, ids cleared.
  std::map<int64_t, storage::KicadCategoryRecord> kicad_categories() const {
    storage::Store store(db_.path());
    std::map<int64_t, storage::KicadCategoryRecord> out;
    for (auto k : store.configuration().kicad_categories()) {
      k.id = 0;
      out[k.category_id] = k;
    }
    return out;
  }
  std::map<std::string, std::string> settings() const { return storage::Store(db_.path()).configuration().settings(); }

  TempDb db_;
  demo::DemoCatalog catalog_;
  fake_inventree::FakePlugin plugin_;
  std::unique_ptr<fake_inventree::FakeInvenTree> fake_;
  std::string home_;
};

TEST_F(MigratePluginTest, DryRunShowsTheChangesAndWritesNothing) {
  const auto run = migrate(kSuperuser);
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("Would change"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("setting KICAD_SYMBOL_PARAMETER: '' -> 'KiCad Symbol'"), std::string::npos) << run.out;
  std::string first_path;
  for (const auto& c : catalog_.mirror.categories) {
    if (c.id == catalog_.kicad_categories.front().category_id) first_path = c.pathstring;
  }
  EXPECT_NE(run.out.find("KiCad category '" + first_path + "' (InvenTree category #" +
                         std::to_string(catalog_.kicad_categories.front().category_id) + "): new"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("mappings add"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find(kSuperuser), std::string::npos) << "token printed";
  EXPECT_TRUE(kicad_categories().empty());
  EXPECT_TRUE(settings().empty());
}

TEST_F(MigratePluginTest, ApplyReproducesThePluginAndASecondApplyChangesNothing) {
  const auto run = migrate(kSuperuser, "--apply");
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("Changed:"), std::string::npos) << run.out;

  std::map<int64_t, storage::KicadCategoryRecord> expected;
  for (auto k : catalog_.kicad_categories) {
    k.id = 0;
    expected[k.category_id] = k;
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(kicad_categories(), expected);
  // Template settings come as pks and are stored by name, as the demo configures them.
  const auto stored = settings();
  for (const auto& [key, value] : catalog_.settings) {
    SCOPED_TRACE(key);
    ASSERT_TRUE(stored.count(key));
    EXPECT_EQ(stored.at(key), value);
  }
  // Settings the plugin holds at their defaults are not written.
  EXPECT_FALSE(stored.count("KICAD_ENABLE_SUBCATEGORY"));

  const auto ids_before = storage::Store(db_.path()).configuration().kicad_categories();
  const auto again = migrate(kSuperuser, "--apply");
  ASSERT_EQ(again.status, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("Nothing to change"), std::string::npos) << again.out;
  EXPECT_EQ(storage::Store(db_.path()).configuration().kicad_categories(), ids_before);
  EXPECT_EQ(settings(), stored);
}

TEST_F(MigratePluginTest, AChangedPluginCategoryUpdatesKibridgesOwn) {
  ASSERT_EQ(migrate(kSuperuser, "--apply").status, 0);
  plugin_.categories.front().default_symbol = "Device:Changed";
  fake_->set_plugin(plugin_);
  const auto run = migrate(kSuperuser, "--apply");
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("default_symbol '" + catalog_.kicad_categories.front().default_symbol +
                         "' -> 'Device:Changed'"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(kicad_categories().at(plugin_.categories.front().category_id).default_symbol, "Device:Changed");
}

TEST_F(MigratePluginTest, NonSuperuserTokenGetsTheSuperuserExplanationAndSettingsStillCarry) {
  const auto run = migrate(kPlainUser, "--apply");
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(run.out.find(cli::kCategoriesNeedSuperuser), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("only a superuser token may read"), std::string::npos) << run.out;
  EXPECT_TRUE(kicad_categories().empty());
  EXPECT_EQ(settings().at("KICAD_SYMBOL_PARAMETER"), "KiCad Symbol");
}

TEST_F(MigratePluginTest, OlderInvenTreeLetsAnyTokenReadTheCategories) {
  fake_->set_api_version(fake_inventree::kSuperuserCategoriesApi - 1);
  const auto run = migrate(kPlainUser, "--apply");
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_EQ(run.out.find(cli::kCategoriesNeedSuperuser), std::string::npos) << run.out;
  EXPECT_EQ(kicad_categories().size(), catalog_.kicad_categories.size());
}

TEST_F(MigratePluginTest, InactiveOrMissingPluginIsSaidAndNothingIsWritten) {
  plugin_.active = false;
  fake_->set_plugin(plugin_);
  auto run = migrate(kSuperuser, "--apply");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_NE(run.err.find("is not active on this InvenTree"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("Plugin 'kicad-library-plugin' is not active"), std::string::npos) << run.err;
  fake_->set_plugin(std::nullopt);
  run = migrate(kSuperuser, "--apply");
  EXPECT_EQ(run.status, 1) << run.out << run.err;
  EXPECT_NE(run.err.find("is not active on this InvenTree"), std::string::npos) << run.err;
  EXPECT_TRUE(kicad_categories().empty());
  EXPECT_TRUE(settings().empty());
}

TEST_F(MigratePluginTest, ReportsWhatCannotBeCarriedOverAndCarriesTheRest) {
  storage::KicadCategoryRecord unknown;
  unknown.id = 99;
  unknown.category_id = 987654;  // not in the mirror: kibridge has not pulled it
  unknown.default_symbol = "Device:Q";
  plugin_.categories.push_back(unknown);
  plugin_.settings["KICAD_VALUE_PARAMETER"] = "424242";  // a template pk the mirror lacks
  plugin_.settings["KICAD_FUTURE_SETTING"] = "x";
  plugin_.settings["KICAD_INCLUDE_IPN"] = "sometimes";
  fake_->set_plugin(plugin_);
  const auto run = migrate(kSuperuser, "--apply");
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("(InvenTree category #987654): the category is not in kibridge's mirror; run `kibridge sync`"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("KICAD_VALUE_PARAMETER: parameter template #424242 is not in kibridge's mirror"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("KICAD_FUTURE_SETTING = 'x': kibridge has no such setting"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("KICAD_INCLUDE_IPN = 'sometimes'"), std::string::npos) << run.out;
  EXPECT_EQ(kicad_categories().size(), catalog_.kicad_categories.size());
  EXPECT_FALSE(settings().count("KICAD_VALUE_PARAMETER"));
  EXPECT_FALSE(settings().count("KICAD_FUTURE_SETTING"));
}

// The planner on its own: how a template pk is stored, and what is left alone.
TEST(PluginMigrationPlan, TemplateByNameOnlyWhenTheNameLeadsBack) {
  std::vector<storage::ParameterTemplateRecord> templates{{5, "KiCad Symbol", "", ""}, {6, "7", "", ""}, {7, "Other", "", ""}};
  const kicad::LibraryConfig config(kicad::KicadSettings{}, templates, {}, {}, {});
  std::vector<inventree::PluginSetting> settings{{"KICAD_SYMBOL_PARAMETER", "5", "common.parametertemplate"},
                                                 {"KICAD_FOOTPRINT_PARAMETER", "6", "common.parametertemplate"},
                                                 {"KICAD_REFERENCE_PARAMETER", "", "common.parametertemplate"}};
  const std::map<std::string, std::string> stored{{"KICAD_REFERENCE_PARAMETER", "Other"}};
  const auto plan = cli::plan_plugin_migration(settings, std::vector<inventree::PluginCategory>{}, "", stored, config);
  EXPECT_EQ(plan.change.settings.at("KICAD_SYMBOL_PARAMETER"), "KiCad Symbol");
  EXPECT_EQ(plan.change.settings.at("KICAD_FOOTPRINT_PARAMETER"), "6");  // the name "7" would mean template 7
  EXPECT_FALSE(plan.change.settings.count("KICAD_REFERENCE_PARAMETER"));  // unset in the plugin: kibridge keeps its own
}

}  // namespace
}  // namespace kibridge::testing
