// The messages a newcomer meets on the way, each saying what to do: the S-expression netlist,
// a port already in use, --db naming a folder or a path into a missing one, kibridge given its
// own address as InvenTree's, an HTML error page from InvenTree, an empty upload, an upload
// with no server listening, a .kicad_httplib URL without a scheme, and demo-seed's limit.
#include "tests/support/build_paths.h"
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/demo/demo_catalog.h"
#include "server/inventree/client.h"
#include "server/inventree/errors.h"
#include "server/netlist/netlist_reader.h"
#include "server/inventree/error_text.h"
#include "tests/http/test_server.h"
#include "tests/support/run_kibridge.h"
#include "tests/support/kicad_cli.h"
#include "tests/support/temp_db.h"

namespace kibridge {
namespace {

namespace fs = std::filesystem;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A loopback socket holding a port; closed when it goes away.
class HeldPort {
 public:
  explicit HeldPort(bool listening) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (listening) listen(fd_, 1);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~HeldPort() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(NewcomerMessages, SExpressionNetlistSaysToExportTheXmlOne) {
  const auto result = netlist::read_netlist("(export (version \"E\")\n  (design (source \"b.kicad_sch\")))\n");
  EXPECT_FALSE(result.error.empty());
  EXPECT_TRUE(has(result.error, "--format kicadxml")) << result.error;
  EXPECT_FALSE(has(result.error, "malformed XML")) << result.error;
}

TEST(NewcomerMessages, PortInUseAsksWhetherKibridgeIsAlreadyRunning) {
  testing::TempDb db;
  HeldPort taken(/*listening=*/true);
  const auto run = testing::run_kibridge("serve --db '" + db.path() + "' --listen 127.0.0.1:" +
                                         std::to_string(taken.port()));
  EXPECT_EQ(run.status, 1) << run.err;
  EXPECT_TRUE(has(run.err, "cannot listen on 127.0.0.1:" + std::to_string(taken.port()))) << run.err;
  EXPECT_TRUE(has(run.err, "already running")) << run.err;
}

TEST(NewcomerMessages, DbThatIsAFolderOrInAMissingFolderSaysWhat) {
  testing::TempDir dir("newcomer");
  auto run = testing::run_kibridge("status --db '" + dir.path().string() + "'");
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(has(run.err, "is a directory")) << run.err;
  EXPECT_TRUE(has(run.err, (dir.path() / "kibridge.sqlite").string())) << run.err;

  const fs::path missing = dir.path() / "no-such-folder" / "parts.sqlite";
  run = testing::run_kibridge("status --db '" + missing.string() + "'");
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(has(run.err, "does not exist")) << run.err;
  EXPECT_TRUE(has(run.err, "mkdir -p")) << run.err;
  EXPECT_FALSE(fs::exists(missing.parent_path()));
}

TEST(NewcomerMessages, KibridgeGivenItsOwnAddressAsInvenTreeRecognisesItself) {
  testing::TestServer server;
  inventree::ClientOptions options;
  options.url = server.url();
  options.token = "inv-some-inventree-token";
  options.sleep = [](std::chrono::milliseconds) {};
  inventree::Client client(options);
  try {
    client.server_info();
    ADD_FAILURE() << "kibridge answered as InvenTree";
  } catch (const inventree::InvenTreeError& e) {
    EXPECT_EQ(e.kind(), inventree::ErrorKind::kConfig) << e.what();
    EXPECT_TRUE(has(e.what(), "is a kibridge server, not InvenTree")) << e.what();
  }
}

TEST(NewcomerMessages, HtmlErrorPageBecomesOneLineWithItsTitle) {
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>\n  InvenTree is under maintenance\n</title>\n</head>\n<body>\n";
  for (int i = 0; i < 200; ++i) page += "<p>We will be back soon.</p>\n";
  page += "</body></html>\n";
  EXPECT_EQ(inventree::summarise_body(page), "HTML page 'InvenTree is under maintenance'");
  EXPECT_EQ(inventree::inventree_error_text(page), "HTML page 'InvenTree is under maintenance'");
  const std::string untitled = "<html><body>Bad gateway</body></html>";
  EXPECT_EQ(inventree::summarise_body(untitled),
            "an HTML page (" + std::to_string(untitled.size()) + " bytes) without a title");
  EXPECT_EQ(inventree::summarise_body("upstream\nconnect error"), "upstream connect error");
}

TEST(NewcomerMessages, EmptyUploadIsRefusedBeforeSending) {
  testing::TempDir dir("newcomer");
  const fs::path empty = dir.path() / "board.xml";
  std::ofstream(empty).close();
  HeldPort nobody(/*listening=*/false);  // nothing answers: the check must come first
  const auto run = testing::run_kibridge("upload '" + empty.string() + "' --url http://127.0.0.1:" +
                                         std::to_string(nobody.port()) + " --token kib_x");
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(has(run.err, "is empty")) << run.err;
  EXPECT_TRUE(has(run.err, "--format kicadxml")) << run.err;
}

TEST(NewcomerMessages, UploadWithNoServerAsksWhetherServeIsRunning) {
  testing::TempDir dir("newcomer");
  const fs::path netlist = dir.path() / "board.xml";
  std::ofstream(netlist) << "<export version=\"E\"><components/></export>\n";
  HeldPort nobody(/*listening=*/false);
  const std::string url = "http://127.0.0.1:" + std::to_string(nobody.port());
  const auto run = testing::run_kibridge("upload '" + netlist.string() + "' --url " + url + " --token kib_x");
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(has(run.err, "is `kibridge serve` running at " + url + "?")) << run.err;
}

TEST(NewcomerMessages, HttplibConfigNeedsTheScheme) {
  auto run = testing::run_kibridge("httplib-config --url 127.0.0.1:8765 --token kib_x");
  EXPECT_EQ(run.status, 2);
  EXPECT_TRUE(has(run.err, "http://127.0.0.1:8765")) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
  run = testing::run_kibridge("httplib-config --url http://127.0.0.1:8765 --token kib_x");
  EXPECT_EQ(run.status, 0) << run.err;
}

TEST(NewcomerMessages, DemoSeedHelpAndReadmeGiveTheCatalogueLimit) {
  const int max = demo::max_demo_parts();
  const auto help = testing::run_kibridge("demo-seed --help");
  EXPECT_TRUE(has(help.out, "up to " + std::to_string(max))) << help.out;
  const auto over = testing::run_kibridge("demo-seed --db /dev/null/x --parts " + std::to_string(max + 1));
  EXPECT_EQ(over.status, 2) << over.err;

  std::ifstream readme(kibridge::testing::source_dir() + "/README.md");
  std::stringstream text;
  text << readme.rdbuf();
  std::string grouped = std::to_string(max);  // 204005 -> 204,005
  for (int i = static_cast<int>(grouped.size()) - 3; i > 0; i -= 3) grouped.insert(static_cast<size_t>(i), ",");
  EXPECT_TRUE(has(text.str(), "N up to " + grouped)) << "README's demo-seed limit differs from " << grouped;
}

}  // namespace
}  // namespace kibridge
