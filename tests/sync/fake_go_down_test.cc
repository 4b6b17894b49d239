// The test double's go-down fault: the server is stopped once per start, never from inside the
// handler that asked, however often go_down() and stop() are called. (Issue 10.9: a kGoDown
// fault stopped the server inside a handler and the teardown stopped it again; under TSan
// httplib's "svr_sock_ != INVALID_SOCKET" assertion fired now and then.)
#include <gtest/gtest.h>
#include <httplib.h>

#include "tools/fake-inventree/fake_inventree.h"

namespace kibridge::fake_inventree {
namespace {

TEST(FakeGoDown, FromAHandlerThenAgainThenStopThenBackUp) {
  FakeInvenTree fake;
  for (int round = 0; round < 10; ++round) {
    fake.start();
    const int port = fake.port();
    fake.set_request_hook([&fake](const std::string&) { fake.go_down(); });
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(2);
    client.Get("/api/");  // the hook takes the server down while this request is served
    fake.go_down();       // a second go_down (a fault and a test both asking) is harmless
    EXPECT_FALSE(fake.running()) << "round " << round;
    EXPECT_FALSE(client.Get("/api/")) << "still accepting connections after go_down, round " << round;
    fake.set_request_hook(nullptr);
    fake.stop();
    fake.start(port);  // and it comes back on the same port
    auto res = client.Get("/api/");
    ASSERT_TRUE(res) << "round " << round;
    EXPECT_EQ(res->status, 200);
    fake.stop();
  }
}

}  // namespace
}  // namespace kibridge::fake_inventree
