// The folders kibridge keeps its files in when not told otherwise, by each platform's convention:
//
//   data    the default database           Linux  $XDG_DATA_HOME/kibridge, else ~/.local/share/kibridge
//                                          Windows %LOCALAPPDATA%\kibridge (kept on this machine:
//                                                  a roaming profile would copy a database around)
//   config  the default InvenTree token    Linux  $XDG_CONFIG_HOME/kibridge, else ~/.config/kibridge
//           file                           Windows %APPDATA%\kibridge
//   cache   files kibridge can rebuild     Linux  $XDG_CACHE_HOME/kibridge, else ~/.cache/kibridge
//           (the index of KiCad's          Windows %LOCALAPPDATA%\kibridge\cache (of this machine,
//           installed symbols)                     so never in the roaming profile)
//   kicad_symbols, kicad_footprints        Linux  /usr/share/kicad/{symbols,footprints} (Debian's
//           KiCad's own libraries,                 kicad-symbols and kicad-footprints packages)
//           for the name checks            Windows %ProgramFiles%\KiCad\9.0\share\kicad\{symbols,footprints}
//           (kicad/installed_libraries.h)          (KiCad's installer default)
//
// Both conventions are pure functions of the environment, so either can be tested on either
// platform; user_dirs() applies the one of the platform kibridge was built for.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace kibridge::platform {

struct UserDirs {
  std::string data;    // "" when the environment names no home at all
  std::string config;  // likewise
  std::string cache;   // likewise; what is kept there may be deleted at any time
  // How `config` is described to a user who has to create a file there (the environment
  // variable form, as the platform's documentation writes it).
  std::string config_hint;
  std::string kicad_symbols;     // KiCad's installed symbol libraries (*.kicad_sym)
  std::string kicad_footprints;  // and footprint libraries (*.pretty)
};

// Looks up an environment variable; nullopt when it is unset or empty.
using EnvironmentLookup = std::function<std::optional<std::string>(const char* name)>;

UserDirs posix_user_dirs(const EnvironmentLookup& env);
UserDirs windows_user_dirs(const EnvironmentLookup& env);

// The folders of the running platform, from the process environment.
UserDirs user_dirs();
// The process environment as an EnvironmentLookup.
std::optional<std::string> environment_variable(const char* name);

}  // namespace kibridge::platform
