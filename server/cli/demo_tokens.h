// The tokens of `kibridge serve --demo`, fit for where they are kept.
//
// KiCad's `.kicad_httplib` lies next to the database and is read by KiCad, so it carries a
// `read` token (token "demo-kicad"): whoever can read the file can browse parts, not change
// configuration. The `admin` token ("demo") is printed for the user and kept in a second file
// for the next start. Both files are written with mode 0600 (owner only), also when an older
// kibridge left them 0644.
//
// A restart keeps both tokens: a KiCad that is open keeps its library working. Only the
// tokens' hashes are in the database, so a token is kept when its file still holds a token
// whose hash the database knows under that name; otherwise (first start, file deleted, token
// revoked) that token is made anew. `rotate` makes both anew.
//
// Errors: storage errors propagate; a file that cannot be written throws std::runtime_error
// naming it.
#pragma once

#include <string>

#include "storage/store.h"

namespace kibridge::cli {

struct DemoTokens {
  std::string admin_token;
  std::string read_token;
  std::string httplib_path;      // <db>.kicad_httplib, holding read_token
  std::string admin_token_path;  // <db>.admin-token, holding admin_token
  bool admin_reused = false;     // kept from the previous start
  bool read_reused = false;
};

// Names of the demo tokens in the database.
inline constexpr const char* kDemoAdminTokenName = "demo";
inline constexpr const char* kDemoReadTokenName = "demo-kicad";

// Makes sure both demo tokens exist (see above) and (re)writes both files, the
// `.kicad_httplib` pointing at `server_url`.
DemoTokens ensure_demo_tokens(storage::Store& store, const std::string& server_url, bool rotate);

}  // namespace kibridge::cli
