#include "server/http/console_routes.h"

#include <map>
#include <string_view>

#include "server/http/console_assets.h"
#include "server/http/http_util.h"
#include "server/util/ascii_text.h"
#include "server/util/gzip.h"
#include "server/util/sha256.h"

namespace kibridge::http {

namespace {

// One file in the two forms it is sent in; each form has its own strong ETag (RFC 9110 8.8.3:
// a strong validator names the exact bytes sent, and the gzip bytes differ).
struct ServedFile {
  std::string content_type;
  std::string_view identity;
  std::string identity_etag;
  std::string gzip;
  std::string gzip_etag;
};

std::string content_type_of(std::string_view name) {
  const auto ends_with = [name](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  if (ends_with(".html")) return "text/html; charset=utf-8";
  if (ends_with(".css")) return "text/css; charset=utf-8";
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  if (ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";  // CMake admits only the four above
}

const std::map<std::string, ServedFile, std::less<>>& served_files() {
  static const auto* files = [] {
    auto* out = new std::map<std::string, ServedFile, std::less<>>();
    for (size_t i = 0; i < kConsoleAssetCount; ++i) {
      const ConsoleAsset& asset = kConsoleAssets[i];
      ServedFile file;
      file.content_type = content_type_of(asset.name);
      file.identity = asset.body;
      const std::string hash = util::sha256_hex(asset.body).substr(0, 32);
      file.identity_etag = "\"" + hash + "\"";
      util::GzipWriter writer(9);
      writer.append(asset.body);
      file.gzip = writer.finish();
      file.gzip_etag = "\"" + hash + "-gzip\"";
      out->emplace(std::string(asset.name), std::move(file));
    }
    return out;
  }();
  return *files;
}

// RFC 9110 13.1.2: If-None-Match is "*" or a list of entity tags, compared weakly (W/ is
// ignored).
bool none_match(const std::string& header, const std::string& etag) {
  std::string_view rest = header;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view tag = util::trim_view(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

void set_security_headers(httplib::Response& res) {
  res.set_header("Content-Security-Policy", kConsoleContentSecurityPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");  // frame-ancestors for browsers without CSP 2
}

void serve_file(const httplib::Request& req, httplib::Response& res, std::string_view name) {
  set_security_headers(res);
  const auto& files = served_files();
  const auto found = files.find(name);
  if (found == files.end()) return send_error(res, 404, "no console file '" + std::string(name) + "'");
  const ServedFile& file = found->second;
  const bool gzip = accepts_gzip(req);
  const std::string& etag = gzip ? file.gzip_etag : file.identity_etag;
  res.set_header("ETag", etag);
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("Cache-Control", "no-cache");
  if (req.has_header("If-None-Match") && none_match(req.get_header_value("If-None-Match"), etag)) {
    res.status = 304;
    return;
  }
  res.status = 200;
  // A content provider, as kicad_routes.cc sends its cached bodies: httplib would compress a
  // set_content() body a second time for a client that accepts gzip. The bytes live as long as
  // the process (the table is static), so the provider needs no copy.
  const std::string_view body = gzip ? std::string_view(file.gzip) : file.identity;
  if (gzip) res.set_header("Content-Encoding", "gzip");
  res.set_content_provider(body.size(), file.content_type, [body](size_t offset, size_t length, httplib::DataSink& sink) {
    return sink.write(body.data() + offset, length);
  });
}

constexpr std::string_view kUiPrefix = "/ui/";

bool is_file_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  int dots = 0;
  for (char c : name) {
    if (c == '.') {
      ++dots;
    } else if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '-' && c != '_') {
      return false;
    }
  }
  return dots <= 1;
}

}  // namespace

bool is_console_request(const std::string& method, const std::string& path) {
  if (method != "GET" && method != "HEAD") return false;
  if (path == "/") return true;
  const std::string_view p = path;
  return p.substr(0, kUiPrefix.size()) == kUiPrefix && is_file_name(p.substr(kUiPrefix.size()));
}

void register_console_routes(httplib::Server& server) {
  served_files();  // compress and hash now, not on the first request
  server.Get("/", [](const httplib::Request& req, httplib::Response& res) { serve_file(req, res, "index.html"); });
  server.Get("/ui/.*", [](const httplib::Request& req, httplib::Response& res) {
    const std::string_view name = std::string_view(req.path).substr(kUiPrefix.size());
    if (!is_file_name(name)) {
      set_security_headers(res);
      return send_error(res, 404, "no console file '" + std::string(name) + "'");
    }
    serve_file(req, res, name);
  });
}

}  // namespace kibridge::http
