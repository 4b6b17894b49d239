#include "server/http/import_api.h"

#include <optional>
#include <regex>
#include <string>

#include "server/http/http_util.h"
#include "server/http/kicad_routes.h"
#include "server/http/netlist_upload.h"
#include "server/util/ascii_text.h"
#include "server/writeback/outbox_format.h"

namespace kibridge::http {

namespace {

using nlohmann::json;

constexpr int kDefaultHistoryLimit = 50;
constexpr int kMaxHistoryLimit = 1000;

std::string lower(std::string text) { return util::ascii_lower(std::move(text)); }

// A query flag as people write them; nullopt for anything else.
std::optional<bool> parse_flag(const std::string& text) {
  const std::string t = lower(text);
  if (t == "1" || t == "true" || t == "yes" || t == "on") return true;
  if (t.empty() || t == "0" || t == "false" || t == "no" || t == "off") return false;
  return std::nullopt;
}

// How one of the two import routes differs from the other.
struct RouteStyle {
  // The plugin's clients read {"error": ...}; kibridge's own read {"detail": ...}.
  bool plugin_error_key;
  // The plugin's route takes a raw body only when it says it is XML: anything else there is
  // most likely a form that lost its file field. /api/imports takes any non-multipart body,
  // since `curl --data-binary @netlist.xml` labels it as a form.
  bool raw_body_needs_xml_type;
  const char* missing_message;
};

constexpr RouteStyle kPluginRoute{true, true, "No file uploaded: send the netlist XML as multipart field 'file'"};
constexpr RouteStyle kApiRoute{false, false,
                               "No netlist: send the netlist XML as the request body (or as multipart field 'file')"};

void send_import_error(httplib::Response& res, const RouteStyle& style, int status, const std::string& message) {
  json body{{"detail", message}};
  if (style.plugin_error_key) body["error"] = message;
  send_json(res, status, body);
}

std::string too_large_message(size_t max_bytes) {
  return "netlist too large: this server takes at most " + std::to_string(max_bytes) + " bytes";
}

void handle_import(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader,
                   const ServerContext& ctx, const writeback::ImportLimits& limits, const RouteStyle& style) {
  // The body is read before anything else is checked: an unread body would be parsed as the
  // connection's next request.
  const bool raw_ok =
      !style.raw_body_needs_xml_type || lower(req.get_header_value("Content-Type")).find("xml") != std::string::npos;
  UploadedNetlist upload = read_uploaded_netlist(req, res, reader, limits.max_bytes, raw_ok);

  const auto dry_run = parse_flag(req.get_param_value("dry_run"));
  if (!dry_run) return send_import_error(res, style, 400, "dry_run: expected 1, true, yes, 0, false or no");
  const std::string format = req.has_param("format") ? lower(req.get_param_value("format")) : "json";
  if (format != "json" && format != "text") return send_import_error(res, style, 400, "format: expected json or text");

  switch (upload.status) {
    case UploadedNetlist::Status::kOk:
      break;
    // The plugin answered a missing file with 204 and {"error"}, but a 204 has no body, so the
    // message never arrived and the upload looked successful. A client error is a 400.
    case UploadedNetlist::Status::kMissing:
      return send_import_error(res, style, 400, style.missing_message);
    case UploadedNetlist::Status::kTooLarge:
      return send_import_error(res, style, 413, too_large_message(limits.max_bytes));
    case UploadedNetlist::Status::kUnreadable:
      return send_import_error(res, style, 400,
                               "the request body could not be read (broken off or malformed multipart)");
  }

  writeback::ImportRequest request;
  request.xml = std::move(upload.xml);
  request.file_name = req.has_param("file_name") ? req.get_param_value("file_name") : upload.file_name;
  const auto principal = ctx.auth.authenticate(bearer_token(req));
  request.actor = principal ? principal->token_name : "";
  request.dry_run = *dry_run;
  request.installed_libraries = ctx.installed_libraries.get();

  writeback::ImportOutcome outcome;
  try {
    outcome = writeback::import_netlist(ctx.store, request, limits);
  } catch (const writeback::ImportError& e) {
    const bool too_large = e.kind() == writeback::ImportError::Kind::kTooLarge;
    return send_import_error(res, style, too_large ? 413 : 422, e.what());
  } catch (const storage::ValidationError& e) {
    return send_store_error(res, e, "file");  // e.g. a file_name over its limit: 400 naming it
  }
  if (!request.dry_run) {
    ctx.changed(outcome.changes);
    if (!outcome.outbox_ids.empty()) ctx.outbox_changed();
    res.set_header("Location", "/api/imports/" + std::to_string(outcome.record.id));
  }
  const int status = request.dry_run ? 200 : 201;
  if (format == "text") {
    res.status = status;
    res.set_content(writeback::outcome_text(outcome), "text/plain; charset=utf-8");
  } else {
    send_json(res, status, writeback::outcome_json(outcome));
  }
}

}  // namespace

namespace {
// The netlist-upload routes; is_netlist_upload matches the same patterns.
const std::string& plugin_upload_pattern() {
  static const std::string pattern = std::string(kPluginPrefix) + R"(/upload(?:\.json)?/?)";
  return pattern;
}
constexpr const char* kImportsPattern = "/api/imports/?";
}  // namespace

bool is_netlist_upload(const std::string& method, const std::string& path) {
  static const std::regex plugin(plugin_upload_pattern());
  static const std::regex imports(kImportsPattern);
  return method == "POST" && (std::regex_match(path, plugin) || std::regex_match(path, imports));
}

void register_import_api(httplib::Server& server, const ServerContext& ctx, const writeback::ImportLimits& limits) {
  const auto post = [&server, &ctx, limits](const std::string& pattern, const RouteStyle& style) {
    server.Post(pattern, [&ctx, limits, &style](const httplib::Request& req, httplib::Response& res,
                                                const httplib::ContentReader& reader) {
      handle_import(req, res, reader, ctx, limits, style);
    });
  };
  post(plugin_upload_pattern(), kPluginRoute);
  post(kImportsPattern, kApiRoute);

  server.Get("/api/imports/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    int limit = kDefaultHistoryLimit;
    if (req.has_param("limit")) {
      const auto value = parse_decimal_id(req.get_param_value("limit"));
      if (!value || *value < 1 || *value > kMaxHistoryLimit) {
        return send_field_error(res, "limit",
                                "Expected an integer from 1 to " + std::to_string(kMaxHistoryLimit) + ".");
      }
      limit = static_cast<int>(*value);
    }
    json out = json::array();
    for (const auto& record : ctx.store.writeback().imports(limit)) out.push_back(writeback::import_record_json(record));
    send_json(res, 200, out);
  });
  server.Get(R"(/api/imports/(\d+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const auto id = path_id(req, res, "import");
    if (!id) return;
    const auto record = ctx.store.writeback().import_record(*id);
    if (!record) return send_error(res, 404, "no import with id " + std::to_string(*id));
    json out = writeback::import_record_json(*record);
    json entries = json::array();
    for (const auto& entry : ctx.store.writeback().outbox_entries_of_import(record->id)) {
      entries.push_back(writeback::outbox_entry_json(entry));
    }
    out["outbox"] = entries;
    send_json(res, 200, out);
  });
}

}  // namespace kibridge::http
