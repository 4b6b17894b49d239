// The .kicad_httplib file KiCad needs to use a kibridge server.
#pragma once

#include <string>

namespace kibridge::cli {

// `server_url` is where kibridge listens ("http://host:port"); a URL that already ends in the
// plugin path (or in "/v1", which KiCad appends itself) is accepted too. `library`: a named
// library (kicad/libraries.h), whose root_url is /libraries/<library> (KiCad appends /v1);
// "" or "default" for the default library.
std::string make_httplib_config(const std::string& server_url, const std::string& token,
                                const std::string& name = "InvenTree (kibridge)", const std::string& library = "");

}  // namespace kibridge::cli
