// GET /api/kicad/{symbols,footprints}[/check]: installed KiCad names for the console, over
// fixture library folders named by the settings.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/http/test_server.h"
#include "tests/support/temp_dir.h"

namespace kibridge::http {
namespace {

using nlohmann::json;
using testing::json_of;
using testing::send_json_request;
using testing::write_file;

class KicadNamesApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_.path() / "sym/Device.kicad_sym",
          "(kicad_symbol_lib (symbol \"R\" (symbol \"R_0_1\")) (symbol \"R_Small\") (symbol \"C\"))");
    write_file(dir_.path() / "fp/Resistor_SMD.pretty/R_0603_1608Metric.kicad_mod", "(footprint \"R_0603_1608Metric\")");
    server_.store().configuration().set_settings({{"KICAD_SYMBOL_DIRS", (dir_.path() / "sym").string()},
                                                  {"KICAD_FOOTPRINT_DIRS", (dir_.path() / "fp").string()}});
  }
  testing::TempDir dir_{"kicad-names"};
  testing::TestServer server_;
};

TEST_F(KicadNamesApiTest, SearchesInstalledSymbolsAndFootprints) {
  auto reader = server_.reader();
  json body = send_json_request(reader, "GET", "/api/kicad/symbols?search=r&limit=5", "", 200);
  EXPECT_EQ(body["available"], true);
  EXPECT_EQ(body["roots"], json::array({(dir_.path() / "sym").string()}));
  EXPECT_EQ(body["results"], json::array({"Device:R", "Device:R_Small"}));
  body = send_json_request(reader, "GET", "/api/kicad/symbols?limit=1", "", 200);
  EXPECT_EQ(body["results"], json::array({"Device:C"}));
  body = send_json_request(reader, "GET", "/api/kicad/footprints?search=0603", "", 200);
  EXPECT_EQ(body["results"], json::array({"Resistor_SMD:R_0603_1608Metric"}));
}

TEST_F(KicadNamesApiTest, ChecksANameExactly) {
  auto reader = server_.reader();
  EXPECT_EQ(send_json_request(reader, "GET", "/api/kicad/symbols/check?name=Device:R", "", 200),
            (json{{"name", "Device:R"}, {"exists", true}}));
  EXPECT_EQ(send_json_request(reader, "GET", "/api/kicad/symbols/check?name=Device:R_0_1", "", 200)["exists"], false);
  EXPECT_EQ(send_json_request(reader, "GET", "/api/kicad/symbols/check?name=device:r", "", 200)["exists"], false);
  EXPECT_EQ(send_json_request(reader, "GET",
                              "/api/kicad/footprints/check?name=Resistor_SMD:R_0603_1608Metric", "", 200)["exists"],
            true);
}

TEST_F(KicadNamesApiTest, NothingInstalledIsUnknownNotMissing) {
  server_.store().configuration().set_settings({{"KICAD_SYMBOL_DIRS", (dir_.path() / "none").string()}});
  auto reader = server_.reader();
  json body = send_json_request(reader, "GET", "/api/kicad/symbols?search=R", "", 200);
  EXPECT_EQ(body["available"], false);
  EXPECT_EQ(body["results"], json::array());
  EXPECT_TRUE(send_json_request(reader, "GET", "/api/kicad/symbols/check?name=Device:R", "", 200)["exists"].is_null());
  // The footprints still come from their own folder.
  EXPECT_EQ(send_json_request(reader, "GET", "/api/kicad/footprints", "", 200)["available"], true);
}

TEST_F(KicadNamesApiTest, BadInputIs400NamingTheParameter) {
  auto reader = server_.reader();
  for (const char* query : {"limit=0", "limit=201", "limit=abc", "limit=-1"}) {
    const json body = send_json_request(reader, "GET", std::string("/api/kicad/symbols?") + query, "", 400);
    EXPECT_TRUE(body.contains("limit")) << query;
  }
  EXPECT_TRUE(send_json_request(reader, "GET", "/api/kicad/symbols?search=" + std::string(201, 'x'), "", 400)
                  .contains("search"));
  EXPECT_TRUE(send_json_request(reader, "GET", "/api/kicad/symbols/check", "", 400).contains("name"));
  EXPECT_TRUE(send_json_request(reader, "GET", "/api/kicad/footprints/check?name=", "", 400).contains("name"));
  send_json_request(reader, "GET", "/api/kicad/gizmos", "", 404);
}

TEST_F(KicadNamesApiTest, NeedsAToken) {
  auto anonymous = server_.anonymous();
  send_json_request(anonymous, "GET", "/api/kicad/symbols", "", 401);
  send_json_request(anonymous, "GET", "/api/kicad/footprints/check?name=A:B", "", 401);
  auto reader = server_.reader();
  send_json_request(reader, "POST", "/api/kicad/symbols", "{}", 403);
}

}  // namespace
}  // namespace kibridge::http
