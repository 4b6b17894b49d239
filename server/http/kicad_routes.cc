#include "server/http/kicad_routes.h"

#include <memory>
#include <string_view>

#include "server/http/http_util.h"
#include "server/kicad/libraries.h"

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
std::string id_text_after(std::string_view path, std::string_view route_prefix) {
  std::string_view s = path.substr(route_prefix.size());
  if (s.size() >= 5 && s.substr(s.size() - 5) == ".json") s.remove_suffix(5);
  if (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return std::string(s);
}

// `library_root`: the library's path without its trailing '/'.
void serve_root(const httplib::Request& req, httplib::Response& res, std::string_view library_root) {
  const std::string base = "http://" + req.get_header_value("Host") + std::string(library_root) + "/";
  send_json(res, 200, nlohmann::json{{"categories", base + "categories.json"}, {"parts", base + "parts/"}});
}

// Sends the cached body `lookup` finds for `id_text`, or lets `not_found` answer (with the
// id's text) when the id is not one or names nothing.
template <typename Lookup, typename NotFound>
void serve_by_id(const httplib::Request& req, httplib::Response& res, const std::string& id_text,
                 const Lookup& lookup, const NotFound& not_found) {
  const auto id = parse_decimal_id(id_text);
  std::shared_ptr<const kicad::CachedBody> body = id ? lookup(*id) : nullptr;
  if (!body) return not_found(id_text);
  send_cached(req, res, 200, std::move(body));
}

// parts/category/<id>.json of `library`.
void serve_listing(const ServerContext& ctx, int64_t library, const httplib::Request& req, httplib::Response& res,
                   const std::string& id_text) {
  serve_by_id(
      req, res, id_text, [&](int64_t id) { return ctx.cache.listing(id, library); },
      [&res](const std::string& id_text) {
        // An empty array, not an error object: KiCad parses a listing whatever its status
        // and an object would abort the whole library load.
        res.status = 404;
        res.set_header("X-Kibridge-Error", "no KiCad category with id '" + id_text + "'");
        res.set_content("[]", "application/json");
      });
}

// parts/<id>.json of `library`.
void serve_part(const ServerContext& ctx, int64_t library, const httplib::Request& req, httplib::Response& res,
                const std::string& id_text) {
  serve_by_id(
      req, res, id_text, [&](int64_t id) { return ctx.cache.part(id, library); },
      [&res](const std::string& id_text) { send_error(res, 404, "no part with id '" + id_text + "'"); });
}

constexpr std::string_view kListingRoute = "/parts/category/";
constexpr std::string_view kPartRoute = "/parts/";

// Every request under /libraries/: the library is the path segment after it, the route what
// follows its "/v1". One lookup of the name, then the same handlers as the default library's.
void serve_named_library(const ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::string_view path = req.path;
  const std::string_view after = path.substr(std::string_view(kicad::kNamedLibrariesRoot).size());
  const std::string_view name = after.substr(0, after.find('/'));
  const std::string_view tail = after.substr(name.size());
  const auto library = ctx.cache.library_id(name);
  if (!library) return send_error(res, 404, "no library named '" + std::string(name) + "'");
  if (!tail.starts_with("/v1") || (tail.size() > 3 && tail[3] != '/')) {
    return send_error(res, 404, "unknown KiCad API path '" + req.path + "'");
  }
  const std::string_view rest = tail.substr(3);
  if (rest.empty() || rest == "/") return serve_root(req, res, path.substr(0, path.size() - rest.size()));
  if (rest == "/categories" || rest == "/categories.json" || rest == "/categories/") {
    auto body = ctx.cache.categories(*library);
    if (!body) return send_error(res, 404, "no library named '" + std::string(name) + "'");
    return send_cached(req, res, 200, std::move(body));
  }
  if (rest.starts_with(kListingRoute)) return serve_listing(ctx, *library, req, res, id_text_after(rest, kListingRoute));
  if (rest.starts_with(kPartRoute)) return serve_part(ctx, *library, req, res, id_text_after(rest, kPartRoute));
  send_error(res, 404, "unknown KiCad API path '" + req.path + "'");
}

}  // namespace

void register_kicad_api(httplib::Server& server, const ServerContext& ctx) {
  const std::string v1 = kKicadApiPrefix;
  // Handlers read the id from the whole path (not the captured segment), so "<id>",
  // "<id>.json" and "<id>/" mean the same and anything after them is part of the id (and
  // makes it unknown).
  const std::string listing_prefix = v1 + std::string(kListingRoute);
  const std::string part_prefix = v1 + std::string(kPartRoute);
  const auto listing = [&ctx, listing_prefix](const httplib::Request& req, httplib::Response& res) {
    serve_listing(ctx, kicad::Libraries::kDefault, req, res, id_text_after(req.path, listing_prefix));
  };
  const auto part = [&ctx, part_prefix](const httplib::Request& req, httplib::Response& res) {
    serve_part(ctx, kicad::Libraries::kDefault, req, res, id_text_after(req.path, part_prefix));
  };
  // Path-parameter patterns first (see the header); the regex patterns after them take
  // only what these do not.
  server.Get(listing_prefix + ":id", listing);
  server.Get(part_prefix + ":id", part);
  server.Get(v1 + "/?", [](const httplib::Request& req, httplib::Response& res) { serve_root(req, res, kKicadApiPrefix); });
  server.Get(v1 + R"(/categories(\.json|/)?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    send_cached(req, res, 200, ctx.cache.categories());
  });
  server.Get(listing_prefix + ".*", listing);  // deeper paths: an unknown id
  server.Get(part_prefix + ".*", part);
  server.Get(v1 + "/.*", [](const httplib::Request& req, httplib::Response& res) {
    send_error(res, 404, "unknown KiCad API path '" + req.path + "'");
  });

  // Named libraries: KiCad's two frequent requests by path-parameter pattern, as above; the
  // rest (root, categories, deeper or unknown paths, unknown libraries) by one pattern.
  const auto named = [&ctx](const httplib::Request& req, httplib::Response& res) { serve_named_library(ctx, req, res); };
  const std::string libraries = std::string(kicad::kNamedLibrariesRoot) + ":name/v1";
  server.Get(libraries + std::string(kListingRoute) + ":id", named);
  server.Get(libraries + std::string(kPartRoute) + ":id", named);
  server.Get(std::string(kicad::kNamedLibrariesRoot) + ".*", named);
}

}  // namespace kibridge::http
