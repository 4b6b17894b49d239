// HTTPS to InvenTree: certificates are verified (system store by default, --ca-file for a
// private CA), a failed verification is a TLS error that is not retried, and verification is
// only off when asked for. Certificates are made with the openssl command for each run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "server/inventree/client.h"
#include "tests/sync/sync_support.h"

namespace kibridge::inventree {
namespace {

using testing::fast_client_options;
using testing::RecordedPauses;

// A private CA and a server certificate for localhost / 127.0.0.1 signed by it, plus a second,
// unrelated CA.
class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("openssl version >/dev/null 2>&1") != 0) GTEST_SKIP() << "openssl command not available";
    dir_ = std::filesystem::path(::testing::TempDir()) / ("kibridge-tls-" + std::to_string(::getpid()) + "-" +
                                                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "ext.cnf") << "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n";
    const std::string d = dir_.string();
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    const std::string script =
        "cd '" + d + "' && " +
        "openssl req -x509" + ec + " -keyout ca.key -out ca.pem -days 2 -subj '/CN=kibridge test CA' && " +
        "openssl req -x509" + ec + " -keyout other.key -out other.pem -days 2 -subj '/CN=another CA' && " +
        "openssl req" + ec + " -keyout server.key -out server.csr -subj '/CN=localhost' && " +
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 "
        "-extfile ext.cnf";
    ASSERT_EQ(std::system(("(" + script + ") >/dev/null 2>&1").c_str()), 0) << "certificate generation failed";
    fake_inventree::FakeOptions options;
    options.tls_cert_file = d + "/server.pem";
    options.tls_key_file = d + "/server.key";
    fake_ = testing::started_fake(534, options);
  }
  void TearDown() override {
    fake_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  ErrorKind kind_with(ClientOptions options, std::shared_ptr<RecordedPauses> pauses) {
    try {
      Client(options).server_info();
    } catch (const InvenTreeError& e) {
      EXPECT_EQ(pauses->count(), 0u) << "a TLS failure was retried";
      return e.kind();
    }
    ADD_FAILURE() << "connected";
    return ErrorKind::kCancelled;
  }

  std::filesystem::path dir_;
  std::unique_ptr<fake_inventree::FakeInvenTree> fake_;
};

TEST_F(TlsTest, PrivateCaFileIsTrusted) {
  auto options = fast_client_options(*fake_);
  ASSERT_EQ(options.url.rfind("https://", 0), 0u);
  options.ca_file = (dir_ / "ca.pem").string();
  Client client(options);
  EXPECT_EQ(client.server_info().api_version, 534);
  EXPECT_EQ(client.get("/api/part/", {{"limit", "2"}})["count"], 12);
}

TEST_F(TlsTest, UnknownIssuerIsRefusedAndNotRetried) {
  auto pauses = std::make_shared<RecordedPauses>();
  // The system store does not know the private CA.
  EXPECT_EQ(kind_with(fast_client_options(*fake_, pauses), pauses), ErrorKind::kTls);
  auto other = fast_client_options(*fake_, pauses);
  other.ca_file = (dir_ / "other.pem").string();
  EXPECT_EQ(kind_with(other, pauses), ErrorKind::kTls);
}

TEST_F(TlsTest, VerificationOffAcceptsAnyCertificate) {
  auto options = fast_client_options(*fake_);
  options.verify_tls = false;
  EXPECT_EQ(Client(options).server_info().api_version, 534);
}

TEST_F(TlsTest, UnreadableCaFileIsAConfigurationError) {
  auto options = fast_client_options(*fake_);
  options.ca_file = (dir_ / "missing.pem").string();
  try {
    Client client(options);
    FAIL() << "accepted a missing CA file";
  } catch (const InvenTreeError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kConfig);
  }
}

}  // namespace
}  // namespace kibridge::inventree
