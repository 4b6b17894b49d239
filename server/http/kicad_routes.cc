#include "server/http/kicad_routes.h"

#include <memory>
#include <string_view>

#include "server/http/http_util.h"

namespace kibridge::http {

namespace {

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

// The id text of `path` after `route_prefix` (".json" and one trailing '/' removed).
std::string id_text_after(const std::string& path, std::string_view route_prefix) {
  std::string_view s = std::string_view(path).substr(route_prefix.size());
  if (s.size() >= 5 && s.substr(s.size() - 5) == ".json") s.remove_suffix(5);
  if (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return std::string(s);
}

void serve_root(const httplib::Request& req, httplib::Response& res) {
  const std::string base = "http://" + req.get_header_value("Host") + kKicadApiPrefix + "/";
  send_json(res, 200, nlohmann::json{{"categories", base + "categories.json"}, {"parts", base + "parts/"}});
}

// Sends the cached body `lookup` finds for the id at the end of the path, or lets
// `not_found` answer (with the id's text) when the id is not one or names nothing.
template <typename Lookup, typename NotFound>
void serve_by_id(const httplib::Request& req, httplib::Response& res, std::string_view route_prefix,
                 const Lookup& lookup, const NotFound& not_found) {
  const std::string id_text = id_text_after(req.path, route_prefix);
  const auto id = parse_decimal_id(id_text);
  std::shared_ptr<const kicad::CachedBody> body = id ? lookup(*id) : nullptr;
  if (!body) return not_found(id_text);
  send_cached(req, res, 200, std::move(body));
}

}  // namespace

void register_kicad_api(httplib::Server& server, const ServerContext& ctx) {
  const std::string v1 = kKicadApiPrefix;
  // Handlers read the id from the whole path (not the captured segment), so "<id>",
  // "<id>.json" and "<id>/" mean the same and anything after them is part of the id (and
  // makes it unknown).
  const std::string listing_prefix = v1 + "/parts/category/";
  const std::string part_prefix = v1 + "/parts/";
  const auto listing = [&ctx, listing_prefix](const httplib::Request& req, httplib::Response& res) {
    serve_by_id(
        req, res, listing_prefix, [&ctx](int64_t id) { return ctx.cache.listing(id); },
        [&res](const std::string& id_text) {
          // An empty array, not an error object: KiCad parses a listing whatever its status
          // and an object would abort the whole library load.
          res.status = 404;
          res.set_header("X-Kibridge-Error", "no KiCad category with id '" + id_text + "'");
          res.set_content("[]", "application/json");
        });
  };
  const auto part = [&ctx, part_prefix](const httplib::Request& req, httplib::Response& res) {
    serve_by_id(
        req, res, part_prefix, [&ctx](int64_t id) { return ctx.cache.part(id); },
        [&res](const std::string& id_text) { send_error(res, 404, "no part with id '" + id_text + "'"); });
  };
  // Path-parameter patterns first (see the header); the regex patterns after them take
  // only what these do not.
  server.Get(listing_prefix + ":id", listing);
  server.Get(part_prefix + ":id", part);
  server.Get(v1 + "/?", [](const httplib::Request& req, httplib::Response& res) { serve_root(req, res); });
  server.Get(v1 + R"(/categories(\.json|/)?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    send_cached(req, res, 200, ctx.cache.categories());
  });
  server.Get(listing_prefix + ".*", listing);  // deeper paths: an unknown id
  server.Get(part_prefix + ".*", part);
  server.Get(v1 + "/.*", [](const httplib::Request& req, httplib::Response& res) {
    send_error(res, 404, "unknown KiCad API path '" + req.path + "'");
  });
}

}  // namespace kibridge::http
