#include "server/cli/sync_flags.h"

#include <cctype>
#include <fstream>
#include <iostream>
#include <ostream>

#include "server/cli/command_start.h"
#include "server/inventree/base_url.h"
#include "server/inventree/errors.h"
#include "server/inventree/token_source.h"

namespace kibridge::cli {

const char* const kSyncFlagsUsage =
    "  --inventree-url URL  InvenTree server (default $KIBRIDGE_INVENTREE_URL)\n"
    "  --token-file FILE    file holding the InvenTree API token, readable by you alone\n"
    "                       (default: the $KIBRIDGE_INVENTREE_TOKEN variable, else\n"
    "                       $XDG_CONFIG_HOME/kibridge/inventree-token, on Windows\n"
    "                       %APPDATA%\\kibridge\\inventree-token)\n"
    "  --ca-file FILE       PEM certificate(s) of a private CA for HTTPS (default: system store)\n"
    "  --no-verify-tls      do not verify the server's certificate (insecure; warns every run)\n"
    "  --page-size N        parts per InvenTree request (default 500)\n"
    "  --list-page-size N   items per request of the other lists (default 2000)\n"
    "  --embed-parameters   read parameters embedded in the part pages (parameters=true)\n"
    "  --timeout SECONDS    read timeout per request (default 60)\n"
    "  --retries N          attempts per request before a pull fails (default 6)\n";

std::chrono::milliseconds parse_interval(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  const std::string unit = text.substr(digits);
  if (digits == 0 || digits > 7 || (unit != "" && unit != "s" && unit != "m" && unit != "h")) {
    throw UsageError("--sync-interval expects seconds or a number with s, m or h (e.g. 300, 90s, 5m), got '" + text + "'");
  }
  const long long n = std::stoll(text.substr(0, digits));
  const long long seconds = unit == "h" ? n * 3600 : unit == "m" ? n * 60 : n;
  if (seconds < 10) throw UsageError("--sync-interval must be at least 10 seconds");
  return std::chrono::seconds(seconds);
}

std::optional<InvenTreeFlags> parse_sync_flags(Args& args, std::ostream& warnings) {
  const std::string url = args.option_or("--inventree-url", "", "KIBRIDGE_INVENTREE_URL");
  const auto token_file = args.option("--token-file");
  const auto ca_file = args.option("--ca-file");
  const bool no_verify = args.flag("--no-verify-tls");
  const auto page_size = args.int_option("--page-size", 1, 10000);
  const auto list_page_size = args.int_option("--list-page-size", 1, 100000);
  const bool embed = args.flag("--embed-parameters");
  const auto timeout = args.int_option("--timeout", 1, 3600);
  const auto retries = args.int_option("--retries", 1, 20);
  if (url.empty()) {
    if (token_file || ca_file || no_verify) throw UsageError("--inventree-url is needed with the InvenTree options");
    return std::nullopt;
  }

  InvenTreeFlags flags;
  inventree::ClientOptions& client = flags.connection.client;
  client.url = url;
  const inventree::BaseUrl base = inventree::parse_base_url(url);  // a bad URL is an error now
  if (ca_file) {
    if (!std::ifstream(*ca_file)) {
      throw inventree::InvenTreeError(inventree::ErrorKind::kConfig, "CA file " + *ca_file + " cannot be read");
    }
    client.ca_file = *ca_file;
  }
  client.verify_tls = !no_verify;
  if (timeout) client.read_timeout = std::chrono::seconds(*timeout);
  if (retries) client.retry.max_attempts = static_cast<int>(*retries);
  if (page_size) flags.pull.page_size = static_cast<int>(*page_size);
  if (list_page_size) flags.pull.list_page_size = static_cast<int>(*list_page_size);
  flags.pull.embed_parameters = embed;
  flags.connection.token_lookup = inventree::token_lookup_from_environment(token_file);
  const auto token = inventree::load_token(*flags.connection.token_lookup);  // fail at start, not at the first pull

  if (no_verify && base.https()) {
    warnings << "WARNING: TLS certificate verification is OFF (--no-verify-tls): anyone between kibridge and "
             << base.host << " can read the InvenTree token (" << token.source
             << ") and change the data. Use --ca-file for a private CA instead.\n";
  } else if (no_verify) {
    warnings << "WARNING: --no-verify-tls has no effect on the plain-http URL " << base.display() << "\n";
  }
  if (!base.https() && !base.loopback()) {
    warnings << "WARNING: " << base.display()
             << " is plain http: the InvenTree token travels unencrypted. Prefer https.\n";
  }
  return flags;
}

std::optional<InvenTreeCommand> parse_inventree_command(const std::vector<std::string>& words, const char* usage) {
  CommandStart start(words, {.usage = std::string(usage) + kSyncFlagsUsage, .db = true});
  if (start.answered()) return std::nullopt;
  auto flags = parse_sync_flags(start.args(), std::cerr);
  start.args().finish();
  if (!flags) throw UsageError("--inventree-url is required (or set KIBRIDGE_INVENTREE_URL)");
  return InvenTreeCommand{start.db_path(), std::move(*flags)};
}

inventree::ClientOptions command_client_options(const InvenTreeCommand& command, const std::string& command_name) {
  inventree::ClientOptions options = command.inventree.connection.resolve();
  options.on_retry = [command_name](const inventree::RetryNotice& n) {
    std::cerr << "kibridge " << command_name << ": retry " << n.retry << " of " << n.request << ": " << n.message << "\n";
  };
  return options;
}

}  // namespace kibridge::cli
