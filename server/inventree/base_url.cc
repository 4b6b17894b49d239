#include "server/inventree/base_url.h"

#include <algorithm>
#include <cctype>

#include "server/inventree/errors.h"
#include "server/platform/socket_io.h"
#include "server/util/ascii_text.h"

namespace kibridge::inventree {

namespace {

// The URL with everything from after "://" up to its last '@' replaced by "***": the userinfo
// ("user:password@"), also when a careless password holds a '/' and so seems to end the
// authority early.
std::string redacted(const std::string& url) {
  const size_t sep = url.find("://");
  const size_t start = sep == std::string::npos ? 0 : sep + 3;
  const size_t at = url.rfind('@');
  if (at == std::string::npos || at < start) return url;
  return url.substr(0, start) + "***" + url.substr(at);
}

[[noreturn]] void bad(const std::string& url, const std::string& why) {
  throw InvenTreeError(ErrorKind::kConfig, "invalid InvenTree URL '" + redacted(url) + "': " + why);
}

}  // namespace

bool BaseUrl::loopback() const {
  if (util::equals_ignore_case(host, "localhost")) return true;
  // Only the dotted-quad form is an IPv4 literal ("127.1" and "0x7f.0.0.1" are not loopback
  // here; they are merely warned about).
  return platform::ip_literal_is_loopback(host).value_or(false);
}

std::string BaseUrl::origin() const {
  bool ipv6 = host.find(':') != std::string::npos;
  return scheme + "://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string BaseUrl::display() const { return origin() + path_prefix; }

BaseUrl parse_base_url(const std::string& url) {
  BaseUrl out;
  size_t sep = url.find("://");
  if (sep == std::string::npos) bad(url, "expected http://host or https://host");
  out.scheme = url.substr(0, sep);
  out.scheme = util::ascii_lower(out.scheme);
  if (out.scheme != "http" && out.scheme != "https") bad(url, "only http and https are supported");
  std::string rest = url.substr(sep + 3);
  // Credentials first: whatever else is wrong, say that they do not belong there.
  if (rest.substr(0, rest.find_first_of("/?#")).find('@') != std::string::npos) {
    bad(url, "credentials do not belong in the URL: put the InvenTree token in KIBRIDGE_INVENTREE_TOKEN or a token "
             "file (--token-file)");
  }
  if (rest.find_first_of("?#") != std::string::npos) bad(url, "a query or fragment is not allowed");
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "" : rest.substr(slash);
  if (authority.empty()) bad(url, "no host");

  std::string port_text;
  if (authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) bad(url, "unterminated IPv6 address");
    out.host = authority.substr(1, close - 1);
    std::string after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') bad(url, "unexpected text after the IPv6 address");
      port_text = after.substr(1);
    }
  } else {
    size_t colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  if (out.host.empty()) bad(url, "no host");
  if (port_text.empty()) {
    out.port = out.https() ? 443 : 80;
  } else {
    if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(), [](unsigned char c) { return std::isdigit(c); })) {
      bad(url, "the port is not a number");
    }
    out.port = std::stoi(port_text);
    if (out.port < 1 || out.port > 65535) bad(url, "the port is out of range");
  }

  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, "/api") == 0) path.resize(path.size() - 4);
  while (!path.empty() && path.back() == '/') path.pop_back();
  out.path_prefix = path;
  return out;
}

}  // namespace kibridge::inventree
