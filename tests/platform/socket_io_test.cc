// Which hosts are loopback literals (decides whether plain http to InvenTree is warned about).
#include "server/platform/socket_io.h"

#include <gtest/gtest.h>

#include "server/inventree/base_url.h"

namespace kibridge::platform {
namespace {

TEST(IpLiteralIsLoopback, LoopbackLiterals) {
  EXPECT_EQ(ip_literal_is_loopback("127.0.0.1"), true);
  EXPECT_EQ(ip_literal_is_loopback("127.255.0.9"), true);
  EXPECT_EQ(ip_literal_is_loopback("::1"), true);
  EXPECT_EQ(ip_literal_is_loopback("::ffff:127.0.0.2"), true);
}

TEST(IpLiteralIsLoopback, OtherLiteralsAndNames) {
  EXPECT_EQ(ip_literal_is_loopback("10.0.0.1"), false);
  EXPECT_EQ(ip_literal_is_loopback("128.0.0.1"), false);
  EXPECT_EQ(ip_literal_is_loopback("::2"), false);
  EXPECT_EQ(ip_literal_is_loopback("::ffff:10.0.0.1"), false);
  EXPECT_EQ(ip_literal_is_loopback("1::1"), false);
  EXPECT_EQ(ip_literal_is_loopback("inventree.lab"), std::nullopt);
  EXPECT_EQ(ip_literal_is_loopback("127.1"), std::nullopt);  // only the dotted quad is a literal
  EXPECT_EQ(ip_literal_is_loopback(""), std::nullopt);
}

TEST(IpLiteralIsLoopback, BaseUrlUsesIt) {
  inventree::BaseUrl url;
  url.host = "localhost";
  EXPECT_TRUE(url.loopback());
  url.host = "127.0.0.1";
  EXPECT_TRUE(url.loopback());
  url.host = "::1";
  EXPECT_TRUE(url.loopback());
  url.host = "192.168.1.5";
  EXPECT_FALSE(url.loopback());
  url.host = "127.1";
  EXPECT_FALSE(url.loopback());
}

}  // namespace
}  // namespace kibridge::platform
