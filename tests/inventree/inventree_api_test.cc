// InventreeApi (inventree/inventree_api.h): which endpoint and query each list uses on each
// API version, and every push call against the fake InvenTree on both sides of the version
// gates (206: legacy attachments and parameters; 429: generic attachments, legacy parameters;
// 534: generic both).
#include <gtest/gtest.h>

#include "server/inventree/inventree_api.h"
#include "tests/sync/sync_support.h"

namespace kibridge::inventree {
namespace {

using testing::fast_client_options;
using testing::started_fake;

// small_inventree(): template 4 is "KiCad Footprint", part 101 holds a footprint in it,
// parts 101 and 102 have datasheet links, 103 none.
constexpr int64_t kFootprint = 4;

TEST(InventreeApiLists, EndpointsFollowTheApiVersion) {
  const ApiFeatures legacy = features_for(206);
  const ApiFeatures generic = features_for(534);

  EXPECT_EQ(list_request(Collection::kParameterTemplates, legacy).path, "/api/part/parameter/template/");
  EXPECT_TRUE(list_request(Collection::kParameterTemplates, legacy).query.empty());
  EXPECT_EQ(list_request(Collection::kParameterTemplates, generic).path, "/api/parameter/template/");
  EXPECT_EQ(list_request(Collection::kParameterTemplates, generic).query, (Query{{"for_model", "part"}}));

  EXPECT_EQ(list_request(Collection::kParameters, legacy).path, "/api/part/parameter/");
  EXPECT_EQ(list_request(Collection::kParameters, legacy).query, (Query{{"template_detail", "false"}}));
  EXPECT_EQ(list_request(Collection::kParameters, generic).path, "/api/parameter/");
  EXPECT_EQ(list_request(Collection::kParameters, generic).query,
            (Query{{"model_type", "part"}, {"template_detail", "false"}, {"updated_by_detail", "false"}}));

  EXPECT_EQ(list_request(Collection::kDatasheetLinks, legacy).path, "/api/part/attachment/");
  EXPECT_EQ(list_request(Collection::kDatasheetLinks, features_for(207)).path, "/api/attachment/");
  EXPECT_EQ(list_request(Collection::kDatasheetLinks, generic).query,
            (Query{{"model_type", "part"}, {"is_link", "true"}}));

  // Parts are ordered by id from API 482 on, and never carry pricing.
  EXPECT_EQ(list_request(Collection::kParts, features_for(481)).query, (Query{{"pricing", "false"}}));
  EXPECT_EQ(list_request(Collection::kParts, features_for(482)).query,
            (Query{{"pricing", "false"}, {"ordering", "id"}}));
  EXPECT_EQ(list_request(Collection::kPartsWithParameters, generic).query,
            (Query{{"pricing", "false"}, {"ordering", "id"}, {"parameters", "true"}}));
  EXPECT_EQ(list_request(Collection::kParts, generic).path, "/api/part/");

  // Category parameters (API 505+) come with their template's name, and only they keep it.
  EXPECT_FALSE(features_for(504).category_parameters);
  EXPECT_TRUE(features_for(505).category_parameters);
  EXPECT_EQ(list_request(Collection::kCategoryParameters, generic).path, "/api/parameter/");
  EXPECT_EQ(list_request(Collection::kCategoryParameters, generic).query,
            (Query{{"model_type", "part.partcategory"}, {"template_detail", "true"}, {"updated_by_detail", "false"}}));
  EXPECT_TRUE(decoded_keys_of(Collection::kCategoryParameters).count("template_detail"));
  EXPECT_FALSE(decoded_keys_of(Collection::kPartsWithParameters).count("template_detail"));
}

class InventreeApiTest : public ::testing::TestWithParam<int> {
 protected:
  InventreeApiTest() : fake_(started_fake(GetParam())), client_(fast_client_options(*fake_)), api_(client_) {}

  std::vector<storage::PartParameterRecord> parameters_of(int64_t part) const {
    std::vector<storage::PartParameterRecord> found;
    for (const auto& p : fake_->data().parameters) {
      if (p.part_id == part && p.template_id == kFootprint) found.push_back(p);
    }
    return found;
  }
  std::vector<storage::PartAttachmentRecord> attachments_of(int64_t part) const {
    std::vector<storage::PartAttachmentRecord> found;
    for (const auto& a : fake_->data().attachments) {
      if (a.part_id == part) found.push_back(a);
    }
    return found;
  }
  std::string parameters_path() const { return GetParam() >= 430 ? "/api/parameter/" : "/api/part/parameter/"; }

  std::unique_ptr<fake_inventree::FakeInvenTree> fake_;
  Client client_;
  InventreeApi api_;
};

TEST_P(InventreeApiTest, ServerAndFeaturesAreAskedOnce) {
  EXPECT_EQ(api_.server().api_version, GetParam());
  EXPECT_EQ(api_.features().generic_parameters, GetParam() >= 430);
  fake_->reset_counters();
  api_.features();
  api_.server();
  EXPECT_EQ(fake_->counters().requests, 0);
}

TEST_P(InventreeApiTest, ListsReadWhatTheFakeHolds) {
  int64_t parameters = 0;
  api_.list(Collection::kParameters, ListOptions{}, [&](nlohmann::json&) { ++parameters; });
  EXPECT_EQ(parameters, static_cast<int64_t>(fake_->data().parameters.size()));
}

TEST_P(InventreeApiTest, FindsTheParameterOfAPartAndTemplate) {
  const auto held = api_.find_parameter(101, kFootprint);
  ASSERT_EQ(parameters_of(101).size(), 1u);
  EXPECT_EQ(held.pk, parameters_of(101)[0].id);
  EXPECT_EQ(held.value, parameters_of(101)[0].data);
  const auto none = api_.find_parameter(102, kFootprint);
  EXPECT_EQ(none.pk, std::nullopt);
  EXPECT_EQ(none.value, std::nullopt);
}

TEST_P(InventreeApiTest, SetsAParameterByPostThenByPatch) {
  EXPECT_EQ(api_.set_parameter(102, kFootprint, api_.find_parameter(102, kFootprint), "A:B"), SetResult::kWritten);
  ASSERT_EQ(parameters_of(102).size(), 1u);
  EXPECT_EQ(parameters_of(102)[0].data, "A:B");
  const auto held = api_.find_parameter(102, kFootprint);
  EXPECT_EQ(held.value, "A:B");
  fake_->reset_counters();
  EXPECT_EQ(api_.set_parameter(102, kFootprint, held, "C:D"), SetResult::kWritten);
  EXPECT_EQ(fake_->counters().writes,
            std::vector<std::string>{"PATCH " + parameters_path() + std::to_string(*held.pk) + "/"});
  EXPECT_EQ(parameters_of(102)[0].data, "C:D");
}

TEST_P(InventreeApiTest, ParameterChangedMeanwhileIsReportedNotWritten) {
  // A POST meets one someone else created: InvenTree's uniqueness rule refuses it.
  EXPECT_EQ(api_.set_parameter(101, kFootprint, HeldValue{}, "A:B"), SetResult::kChangedMeanwhile);
  EXPECT_NE(parameters_of(101)[0].data, "A:B");
  // A PATCH of one deleted meanwhile.
  const auto held = api_.find_parameter(101, kFootprint);
  fake_->edit([](storage::MirrorSnapshot& s) {
    std::erase_if(s.parameters, [](const auto& p) { return p.part_id == 101 && p.template_id == kFootprint; });
  });
  EXPECT_EQ(api_.set_parameter(101, kFootprint, held, "A:B"), SetResult::kChangedMeanwhile);
  EXPECT_TRUE(parameters_of(101).empty());
}

TEST_P(InventreeApiTest, RefusalNamesTheRequestAndInvenTreesMessage) {
  try {
    api_.set_parameter(103, kFootprint, HeldValue{}, "   ");
    FAIL() << "a blank value was accepted";
  } catch (const InvenTreeError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kRejected);
    EXPECT_EQ(e.http_status(), 400);
    EXPECT_EQ(std::string(e.what()),
              "InvenTree refused POST " + parameters_path() + " (HTTP 400): data: This field may not be blank.");
    EXPECT_NE(e.response_body().find("blank"), std::string::npos) << "the body is kept";
  }
}

TEST_P(InventreeApiTest, FindsAndSetsTheDatasheetLink) {
  const auto held = api_.find_datasheet(101);
  ASSERT_FALSE(attachments_of(101).empty());
  EXPECT_EQ(held.pk, attachments_of(101)[0].id);
  EXPECT_EQ(held.value, attachments_of(101)[0].link);
  EXPECT_EQ(api_.find_datasheet(103).value, std::nullopt) << "a photo is no datasheet";

  EXPECT_EQ(api_.set_datasheet(101, held, "https://example.com/new.pdf"), SetResult::kWritten);
  EXPECT_EQ(api_.find_datasheet(101).value, "https://example.com/new.pdf");
  EXPECT_EQ(api_.set_datasheet(103, api_.find_datasheet(103), "https://example.com/103.pdf"), SetResult::kWritten);
  EXPECT_EQ(api_.find_datasheet(103).value, "https://example.com/103.pdf");
}

TEST_P(InventreeApiTest, TellsWhetherAPartExists) {
  EXPECT_TRUE(api_.part_exists(101));
  EXPECT_FALSE(api_.part_exists(999999));
}

TEST_P(InventreeApiTest, FindsATemplateByNameInAnyCaseAndCreatesOnlyWhenAllowed) {
  int asked = 0;
  auto allow = [&](bool answer) {
    return [&asked, answer] {
      ++asked;
      return answer;
    };
  };
  const auto found = api_.find_or_create_template("kicad footprint", "d", allow(true));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, kFootprint);
  EXPECT_FALSE(found->created);
  EXPECT_EQ(asked, 0) << "may_create is asked only for a missing template";

  EXPECT_EQ(api_.find_or_create_template("KiCad Symbol", "d", allow(false)), std::nullopt);
  EXPECT_EQ(asked, 1);

  fake_->reset_counters();
  const auto created = api_.find_or_create_template("KiCad Symbol", "KiCad symbol (library:symbol)", allow(true));
  ASSERT_TRUE(created);
  EXPECT_TRUE(created->created);
  EXPECT_EQ(fake_->counters().writes.size(), 1u);
  bool in_fake = false;
  for (const auto& t : fake_->data().templates) in_fake = in_fake || (t.id == created->id && t.name == "KiCad Symbol");
  EXPECT_TRUE(in_fake);
  // Known from now on, without asking InvenTree again.
  fake_->reset_counters();
  const auto again = api_.find_or_create_template("KICAD SYMBOL", "d", allow(true));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, created->id);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(fake_->counters().requests, 0);
}

TEST_P(InventreeApiTest, TemplateCreatedMeanwhileIsFoundAgain) {
  // Another client creates it after this one read the names.
  ASSERT_EQ(api_.find_or_create_template("KiCad Symbol", "d", [] { return false; }), std::nullopt);
  fake_->edit([](storage::MirrorSnapshot& s) {
    storage::ParameterTemplateRecord t;
    t.id = 77;
    t.name = "KiCad Symbol";
    s.templates.push_back(t);
  });
  const auto found = api_.find_or_create_template("KiCad Symbol", "d", [] { return true; });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, 77);
  EXPECT_FALSE(found->created);
}

TEST_P(InventreeApiTest, CredentialsAreChecked) {
  EXPECT_NO_THROW(api_.check_credentials());
  Client refused(fast_client_options(*fake_, nullptr, "revoked-token"));
  InventreeApi api(refused);
  try {
    api.check_credentials();
    FAIL() << "a revoked token was accepted";
  } catch (const InvenTreeError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kCredentials);
  }
}

INSTANTIATE_TEST_SUITE_P(ApiVersions, InventreeApiTest, ::testing::Values(206, 429, 534),
                         [](const auto& info) { return "Api" + std::to_string(info.param); });

}  // namespace
}  // namespace kibridge::inventree
