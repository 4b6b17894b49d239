// The InvenTree server address as the user gives it ("https://inventree.example.com",
// "http://10.0.0.5:8000/inventree/"), split into what the HTTP client needs.
#pragma once

#include <string>

namespace kibridge::inventree {

struct BaseUrl {
  std::string scheme;       // "http" or "https"
  std::string host;         // without brackets for IPv6 literals
  int port = 0;             // explicit or the scheme's default
  std::string path_prefix;  // "" or "/inventree" (no trailing slash); prepended to "/api/..."

  bool https() const { return scheme == "https"; }
  // "scheme://host:port" (IPv6 literals in brackets), without the path prefix.
  std::string origin() const;
  // origin() + path_prefix: how the server is named in messages and status.
  std::string display() const;
  // Whether the host is this machine: "localhost", an IPv4 address in 127.0.0.0/8 or ::1
  // (also IPv4-mapped), decided by parsing the address. A name such as "127.example.com" is
  // not loopback: anyone can point it anywhere. Plain http to a loopback host is not warned
  // about (the token never leaves the machine).
  bool loopback() const;
};

// Accepts http and https URLs with an optional port and path. A trailing "/" or "/api" is
// dropped, so the address of the API root works as well as the site's. Throws
// InvenTreeError(kConfig) for anything else (no scheme, other schemes, credentials in the
// URL, a query or fragment). The message quotes the URL with any "user:password@" replaced
// by "***@", so a password typed into the URL is never printed or logged.
BaseUrl parse_base_url(const std::string& url);

}  // namespace kibridge::inventree
