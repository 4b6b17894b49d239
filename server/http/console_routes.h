// The web console's files (console_assets.h): GET / is the console's page (index.html), GET
// /ui/<file> every other file of server/console/.
//
// The files hold no data, so they are served without a token; every call the console makes
// for data carries the user's token (Authorization: Token ..., from sessionStorage) like any
// other client, and is checked as any other request is. All of the console's URLs are
// relative (ui/app.js, api/status), so it works behind a reverse proxy on a sub-path.
//
// Each answer carries a strong ETag (a validator per representation: the gzip form has its
// own), answers If-None-Match with 304, is gzip when the client accepts it, and carries the
// security headers: a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval' (so a
// value the console shows can never run as script), frame-ancestors 'none' (no clickjacking),
// X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer. Cache-Control: no-cache
// makes a browser revalidate each time, which costs a 304 and never serves a stale console
// after an upgrade. A name that is no file of the console is a JSON 404.
//
// The table is compressed and hashed once, at the first registration (a few milliseconds for
// ~100 KB); it is immutable afterwards, so the handlers are safe on any number of threads.
#pragma once

#include <httplib.h>

#include <string>

namespace kibridge::http {

// The Content-Security-Policy of every console answer.
inline constexpr const char* kConsoleContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Whether a request is for a console file and so needs no token: GET or HEAD of "/" or of
// "/ui/<name>" where <name> is one path segment of letters, digits, '-', '_' and one '.' not
// first (so "..", "a/b" and encoded forms of them are never exempt: they need a token as any
// other path does).
bool is_console_request(const std::string& method, const std::string& path);

// Registers GET / and GET /ui/<name>.
void register_console_routes(httplib::Server& server);

}  // namespace kibridge::http
