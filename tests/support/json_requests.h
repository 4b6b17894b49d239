// JSON over HTTP for the API tests: parse a body, check an error answer's shape, and send a
// request expecting a status — one definition for every test file that talks to kibridge's
// REST routes.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

namespace kibridge::testing {

// The body as JSON; a discarded value (is_discarded()) when it is not JSON.
inline nlohmann::json json_of(const std::string& body) {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

// An error answer as kibridge promises them: the status, Content-Type application/json and
// a JSON object body with a string "detail" (never an HTML page).
inline ::testing::AssertionResult is_json_error(const httplib::Result& res, int status) {
  if (!res) return ::testing::AssertionFailure() << "no response: " << httplib::to_string(res.error());
  if (res->status != status) {
    return ::testing::AssertionFailure() << "status " << res->status << ", expected " << status << "; body " << res->body;
  }
  if (res->get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    return ::testing::AssertionFailure() << "Content-Type '" << res->get_header_value("Content-Type") << "'";
  }
  const auto body = json_of(res->body);
  if (!body.is_object() || !body.contains("detail") || !body["detail"].is_string()) {
    return ::testing::AssertionFailure() << "body is not {\"detail\": \"...\"}: " << res->body;
  }
  return ::testing::AssertionSuccess();
}

// Sends `method` `path`, with `body` as application/json for POST, PUT and PATCH (GET and
// DELETE send no body).
inline httplib::Result send_request(httplib::Client& client, const std::string& method, const std::string& path,
                                    const std::string& body = "") {
  if (method == "POST") return client.Post(path, body, "application/json");
  if (method == "PUT") return client.Put(path, body, "application/json");
  if (method == "PATCH") return client.Patch(path, body, "application/json");
  if (method == "DELETE") return client.Delete(path);
  return client.Get(path);
}

// send_request(), expecting `status` — and, for a status of 400 or more, an error answer as
// is_json_error() describes. Returns the JSON body.
inline nlohmann::json send_json_request(httplib::Client& client, const std::string& method, const std::string& path,
                                        const std::string& body, int status) {
  httplib::Result res = send_request(client, method, path, body);
  EXPECT_TRUE(res) << method << " " << path;
  if (!res) return nlohmann::json();
  EXPECT_EQ(res->status, status) << method << " " << path << " " << body << ": " << res->body;
  if (status >= 400) {
    EXPECT_TRUE(is_json_error(res, status));
  }
  return json_of(res->body);
}

}  // namespace kibridge::testing
