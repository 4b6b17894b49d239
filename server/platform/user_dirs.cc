#include "server/platform/user_dirs.h"

#include <cstdlib>

namespace kibridge::platform {

UserDirs posix_user_dirs(const EnvironmentLookup& env) {
  UserDirs dirs;
  const auto home = env("HOME");
  if (const auto xdg = env("XDG_DATA_HOME")) {
    dirs.data = *xdg + "/kibridge";
  } else if (home) {
    dirs.data = *home + "/.local/share/kibridge";
  }
  if (const auto xdg = env("XDG_CONFIG_HOME")) {
    dirs.config = *xdg + "/kibridge";
  } else if (home) {
    dirs.config = *home + "/.config/kibridge";
  }
  if (const auto xdg = env("XDG_CACHE_HOME")) {
    dirs.cache = *xdg + "/kibridge";
  } else if (home) {
    dirs.cache = *home + "/.cache/kibridge";
  }
  dirs.config_hint = "$XDG_CONFIG_HOME/kibridge";
  dirs.kicad_symbols = "/usr/share/kicad/symbols";
  dirs.kicad_footprints = "/usr/share/kicad/footprints";
  return dirs;
}

UserDirs windows_user_dirs(const EnvironmentLookup& env) {
  UserDirs dirs;
  const auto profile = env("USERPROFILE");
  if (const auto local = env("LOCALAPPDATA")) {
    dirs.data = *local + "\\kibridge";
  } else if (profile) {
    dirs.data = *profile + "\\AppData\\Local\\kibridge";
  }
  if (const auto roaming = env("APPDATA")) {
    dirs.config = *roaming + "\\kibridge";
  } else if (profile) {
    dirs.config = *profile + "\\AppData\\Roaming\\kibridge";
  }
  if (!dirs.data.empty()) dirs.cache = dirs.data + "\\cache";
  dirs.config_hint = "%APPDATA%\\kibridge";
  const std::string kicad = env("ProgramFiles").value_or("C:\\Program Files") + "\\KiCad\\9.0\\share\\kicad";
  dirs.kicad_symbols = kicad + "\\symbols";
  dirs.kicad_footprints = kicad + "\\footprints";
  return dirs;
}

std::optional<std::string> environment_variable(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

UserDirs user_dirs() {
#ifdef _WIN32
  return windows_user_dirs(environment_variable);
#else
  return posix_user_dirs(environment_variable);
#endif
}

}  // namespace kibridge::platform
