#include "server/http/kicad_routes.h"

#include <cstring>
#include <memory>
#include <string_view>

#include "server/http/http_util.h"

namespace kibridge::http {

namespace {

bool accepts_gzip(const httplib::Request& req) {
  return req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
}

// Sends a cached body without copying it: the provider reads straight from the shared
// buffer, which stays alive until the response is written even if the cache drops it.
void send_cached(const httplib::Request& req, httplib::Response& res, int status,
                 std::shared_ptr<const kicad::CachedBody> body) {
  res.status = status;
  res.set_header("Vary", "Accept-Encoding");
  if (accepts_gzip(req)) {
    res.set_header("Content-Encoding", "gzip");
    const std::string& data = body->gzip;
    res.set_content_provider(data.size(), "application/json",
                             [body, &data](size_t offset, size_t length, httplib::DataSink& sink) {
                               return sink.write(data.data() + offset, length);
                             });
    return;
  }
  std::shared_ptr<const std::string> identity = kicad::identity_body(body);
  res.set_content_provider(identity->size(), "application/json",
                           [identity](size_t offset, size_t length, httplib::DataSink& sink) {
                             return sink.write(identity->data() + offset, length);
                           });
}

std::string strip_json_suffix(std::string_view s) {
  if (s.size() >= 5 && s.substr(s.size() - 5) == ".json") s.remove_suffix(5);
  if (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

bool serve_kicad_request(const httplib::Request& req, httplib::Response& res, const ServerContext& ctx) {
  std::string_view path = req.path;
  const size_t prefix_len = std::strlen(kKicadApiPrefix);
  if (path.compare(0, prefix_len, kKicadApiPrefix) != 0) return false;
  std::string_view rest = path.substr(prefix_len);
  if (!rest.empty() && rest.front() != '/') return false;
  if (!rest.empty()) rest.remove_prefix(1);

  if (rest.empty()) {
    const std::string base = "http://" + req.get_header_value("Host") + kKicadApiPrefix + "/";
    send_json(res, 200, nlohmann::json{{"categories", base + "categories.json"}, {"parts", base + "parts/"}});
    return true;
  }
  if (rest == "categories.json" || rest == "categories" || rest == "categories/") {
    send_cached(req, res, 200, ctx.cache.categories());
    return true;
  }
  constexpr std::string_view kListing = "parts/category/";
  constexpr std::string_view kPart = "parts/";
  if (rest.substr(0, kListing.size()) == kListing) {
    const std::string id_text = strip_json_suffix(rest.substr(kListing.size()));
    const auto id = parse_decimal_id(id_text);
    auto body = id ? ctx.cache.listing(*id) : nullptr;
    if (!body) {
      // An empty array, not an error object: KiCad parses a listing whatever its status and
      // an object would abort the whole library load.
      res.status = 404;
      res.set_header("X-Kibridge-Error", "no KiCad category with id '" + id_text + "'");
      res.set_content("[]", "application/json");
      return true;
    }
    send_cached(req, res, 200, std::move(body));
    return true;
  }
  if (rest.substr(0, kPart.size()) == kPart) {
    const std::string id_text = strip_json_suffix(rest.substr(kPart.size()));
    const auto id = parse_decimal_id(id_text);
    auto body = id ? ctx.cache.part(*id) : nullptr;
    if (!body) {
      send_error(res, 404, "no part with id '" + id_text + "'");
      return true;
    }
    send_cached(req, res, 200, std::move(body));
    return true;
  }
  send_error(res, 404, "unknown KiCad API path '" + req.path + "'");
  return true;
}

}  // namespace kibridge::http
