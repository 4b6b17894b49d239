// The fake InvenTree's write side answers as InvenTree does (parameter, template and attachment
// writes, DRF validation errors): the tests of the pusher are only as good as the fake's
// faithfulness.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/inventree/client.h"
#include "tests/sync/sync_support.h"
#include "tools/fake-inventree/fake_writes.h"

namespace kibridge::testing {
namespace {

using fake_inventree::apply_write;
using fake_inventree::WriteAnswer;
using fake_inventree::WriteRequest;
using nlohmann::json;

WriteAnswer write(storage::MirrorSnapshot& data, const std::string& method, const std::string& path, const json& body,
                  int api = 534) {
  auto answer = apply_write(data, WriteRequest{method, path, body.is_null() ? "" : body.dump(), api});
  if (!answer) {
    ADD_FAILURE() << method << " " << path << " is no write route";
    return {};
  }
  return *answer;
}

json parameter_body(int64_t part, int64_t tpl, const std::string& data) {
  return {{"model_type", "part.part"}, {"model_id", part}, {"template", tpl}, {"data", data}};
}

TEST(FakeWrites, ParameterCreateAssignsTheNextPkAndAnswersTheObject) {
  auto data = small_inventree();
  int64_t max_pk = 0;
  for (const auto& p : data.parameters) max_pk = std::max(max_pk, p.id);
  auto answer = write(data, "POST", "/api/parameter/", parameter_body(102, 4, "  Resistor_SMD:R_0402  "));
  EXPECT_EQ(answer.status, 201);
  EXPECT_TRUE(answer.applied);
  EXPECT_EQ(answer.body["pk"], max_pk + 1);
  EXPECT_EQ(answer.body["model_type"], "part.part");
  EXPECT_EQ(answer.body["model_id"], 102);
  EXPECT_EQ(answer.body["data"], "Resistor_SMD:R_0402") << "DRF trims whitespace";
  EXPECT_EQ(answer.body["template_detail"]["name"], "KiCad Footprint");
  EXPECT_EQ(data.parameters.back(), (storage::PartParameterRecord{max_pk + 1, 102, 4, "Resistor_SMD:R_0402"}));
}

TEST(FakeWrites, ParameterValidationErrorsAreInvenTrees) {
  auto data = small_inventree();
  const auto before = data.parameters;
  auto duplicate = write(data, "POST", "/api/parameter/", parameter_body(101, 4, "x"));
  EXPECT_EQ(duplicate.status, 400);
  EXPECT_EQ(duplicate.body,
            json::parse(R"({"non_field_errors": ["The fields model_type, model_id, template must make a unique set."]})"));
  auto blank = write(data, "POST", "/api/parameter/", parameter_body(102, 4, " "));
  EXPECT_EQ(blank.body, json::parse(R"({"data": ["This field may not be blank."]})"));
  auto too_long = write(data, "POST", "/api/parameter/", parameter_body(102, 4, std::string(501, 'x')));
  EXPECT_EQ(too_long.body, json::parse(R"({"data": ["Ensure this field has no more than 500 characters."]})"));
  EXPECT_EQ(write(data, "POST", "/api/parameter/", parameter_body(102, 4, std::string(500, 'x'))).status, 201);
  data.parameters.pop_back();
  auto no_part = write(data, "POST", "/api/parameter/", parameter_body(999, 4, "x"));
  EXPECT_EQ(no_part.status, 400);
  EXPECT_TRUE(no_part.body.contains("model_id")) << no_part.body;
  auto no_template = write(data, "POST", "/api/parameter/", {{"model_type", "part"}, {"model_id", 102}, {"data", "x"}});
  EXPECT_EQ(no_template.body, json::parse(R"({"template": ["This field is required."]})"));
  auto bad_model = write(data, "POST", "/api/parameter/", {{"model_type", "nonsense"}, {"model_id", 102}, {"template", 4}, {"data", "x"}});
  EXPECT_EQ(bad_model.body, json::parse(R"({"model_type": ["Content type not found"]})"));
  EXPECT_EQ(data.parameters, before) << "a refused write changes nothing";
}

TEST(FakeWrites, ParameterUpdateAndDelete) {
  auto data = small_inventree();
  const int64_t pk = data.parameters.front().id;
  auto patched = write(data, "PATCH", "/api/parameter/" + std::to_string(pk) + "/", {{"data", "47k"}});
  EXPECT_EQ(patched.status, 200);
  EXPECT_EQ(patched.body["data"], "47k");
  EXPECT_EQ(data.parameters.front().data, "47k");
  auto blank = write(data, "PATCH", "/api/parameter/" + std::to_string(pk) + "/", {{"data", ""}});
  EXPECT_EQ(blank.status, 400);
  auto missing = write(data, "PATCH", "/api/parameter/99999/", {{"data", "x"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body["detail"], "No Parameter matches the given query.");
  auto deleted = write(data, "DELETE", "/api/parameter/" + std::to_string(pk) + "/", nullptr);
  EXPECT_EQ(deleted.status, 204);
  EXPECT_NE(data.parameters.front().id, pk);
}

TEST(FakeWrites, LegacyParametersUsePartAndTheirOwnPaths) {
  auto data = small_inventree();
  EXPECT_FALSE(apply_write(data, WriteRequest{"POST", "/api/parameter/", "{}", 429}).has_value());
  auto created = write(data, "POST", "/api/part/parameter/", {{"part", 102}, {"template", 4}, {"data", "x"}}, 429);
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(created.body["part"], 102);
  EXPECT_FALSE(created.body.contains("model_id"));
  auto duplicate = write(data, "POST", "/api/part/parameter/", {{"part", 102}, {"template", 4}, {"data", "y"}}, 429);
  EXPECT_EQ(duplicate.body, json::parse(R"({"non_field_errors": ["The fields part, template must make a unique set."]})"));
  auto no_part = write(data, "POST", "/api/part/parameter/", {{"part", 999}, {"template", 4}, {"data", "y"}}, 429);
  EXPECT_EQ(no_part.body, json::parse(R"({"part": ["Invalid pk \"999\" - object does not exist."]})"));
}

TEST(FakeWrites, TemplateNamesAreUniqueInAnyCase) {
  auto data = small_inventree();
  auto taken = write(data, "POST", "/api/parameter/template/", {{"name", "kicad footprint"}, {"units", ""}});
  EXPECT_EQ(taken.status, 400);
  EXPECT_EQ(taken.body, json::parse(R"({"name": ["Parameter template name must be unique"]})"));
  auto created = write(data, "POST", "/api/parameter/template/",
                       {{"name", "KiCad Symbol"}, {"units", ""}, {"model_type", "part.part"}, {"description", "d"}});
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(created.body["pk"], 5);
  EXPECT_EQ(created.body["model_type"], "part.part");
  EXPECT_EQ(data.templates.back(), (storage::ParameterTemplateRecord{5, "KiCad Symbol", "", "d"}));
  auto bad_model = write(data, "POST", "/api/parameter/template/", {{"name", "X"}, {"model_type", "spaceship"}});
  EXPECT_EQ(bad_model.body, json::parse(R"({"model_type": ["Content type not found"]})"));
}

TEST(FakeWrites, LinkAttachmentsAreCreatedAndPatched) {
  auto data = small_inventree();
  auto created = write(data, "POST", "/api/attachment/",
                       {{"model_type", "part"}, {"model_id", 103}, {"link", "https://example.com/d.pdf"}, {"comment", "Datasheet"}});
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(created.body["pk"], 5);
  EXPECT_EQ(created.body["link"], "https://example.com/d.pdf");
  EXPECT_EQ(created.body["model_id"], 103);
  EXPECT_EQ(data.attachments.back(), (storage::PartAttachmentRecord{5, 103, "https://example.com/d.pdf", "Datasheet"}));
  auto patched = write(data, "PATCH", "/api/attachment/1/", {{"link", "https://example.com/new.pdf"}});
  EXPECT_EQ(patched.status, 200);
  EXPECT_EQ(data.attachments.front().link, "https://example.com/new.pdf");
  EXPECT_EQ(data.attachments.front().comment, "datasheet");
  auto not_a_url = write(data, "PATCH", "/api/attachment/1/", {{"link", "not a url"}});
  EXPECT_EQ(not_a_url.body, json::parse(R"({"link": ["Enter a valid URL."]})"));
  auto no_link = write(data, "POST", "/api/attachment/", {{"model_type", "part"}, {"model_id", 103}});
  EXPECT_EQ(no_link.status, 400);
  auto legacy = write(data, "POST", "/api/part/attachment/", {{"part", 103}, {"link", "https://example.com/l.pdf"}}, 206);
  EXPECT_EQ(legacy.status, 201);
  EXPECT_EQ(legacy.body["part"], 103);
}

TEST(FakeWrites, OverHttpWritesAreServedCountedAndForbiddenWithoutTheRole) {
  auto fake = started_fake();
  inventree::Client client(fast_client_options(*fake));
  json body = parameter_body(102, 4, "Resistor_SMD:R_0402");
  auto created = client.request(inventree::Method::kPost, "/api/parameter/", {}, &body);
  EXPECT_EQ(created["data"], "Resistor_SMD:R_0402");
  // A following read sees it, filtered by part and template, with and without limit.
  auto listed = client.get("/api/parameter/", {{"model_type", "part"}, {"model_id", "102"}, {"template", "4"}});
  ASSERT_TRUE(listed.is_array());
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["pk"], created["pk"]);
  auto paged = client.get("/api/parameter/", {{"model_type", "part"}, {"model_id", "102"}, {"template", "4"}, {"limit", "10"}});
  EXPECT_EQ(paged["count"], 1);
  auto by_name = client.get("/api/parameter/template/", {{"name", "KiCad Footprint"}});
  ASSERT_EQ(by_name.size(), 1u);
  EXPECT_EQ(by_name[0]["pk"], 4);
  EXPECT_EQ(client.get("/api/parameter/template/", {{"name", "kicad footprint"}}).size(), 0u) << "name= is exact";
  auto part = client.get("/api/part/102/");
  EXPECT_EQ(part["pk"], 102);
  EXPECT_EQ(fake->counters().writes, std::vector<std::string>{"POST /api/parameter/"});
  EXPECT_EQ(fake->counters().requests_by_method["POST"], 1);

  inventree::Client forbidden(fast_client_options(*fake, nullptr, "forbidden-token"));
  try {
    forbidden.request(inventree::Method::kPatch, "/api/parameter/1000/", {}, &body);
    ADD_FAILURE() << "no error";
  } catch (const inventree::InvenTreeError& e) {
    EXPECT_EQ(e.kind(), inventree::ErrorKind::kCredentials);
    EXPECT_EQ(e.http_status(), 403);
  }
  try {
    client.get("/api/part/999/");
    ADD_FAILURE() << "no error";
  } catch (const inventree::InvenTreeError& e) {
    EXPECT_EQ(e.kind(), inventree::ErrorKind::kNotFound);
  }
  EXPECT_EQ(fake->counters().writes.size(), 1u);
}

TEST(FakeWrites, ActThenStatusAppliesTheWriteAndAnswersTheFault) {
  auto fake = started_fake();
  fake_inventree::Fault fault{fake_inventree::FaultKind::kActThenStatus, "/api/parameter/", 0, 1, 502};
  fault.method = "POST";
  fake->add_fault(fault);
  inventree::Client client(fast_client_options(*fake));
  json body = parameter_body(102, 4, "x");
  try {
    client.request(inventree::Method::kPost, "/api/parameter/", {}, &body);
    ADD_FAILURE() << "no error";
  } catch (const inventree::InvenTreeError& e) {
    EXPECT_EQ(e.http_status(), 502);
  }
  EXPECT_EQ(fake->counters().writes, std::vector<std::string>{"POST /api/parameter/"});
  // The fault was for POST only: reads pass.
  EXPECT_EQ(client.get("/api/parameter/", {{"model_id", "102"}, {"template", "4"}}).size(), 1u);
}

}  // namespace
}  // namespace kibridge::testing
