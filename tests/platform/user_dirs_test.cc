// The default folders of each platform's convention (both testable on either platform).
#include "server/platform/user_dirs.h"

#include <gtest/gtest.h>

#include <map>

namespace kibridge::platform {
namespace {

EnvironmentLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(UserDirs, PosixPrefersXdgFoldersThenHome) {
  auto dirs = posix_user_dirs(env_of({{"HOME", "/home/u"}}));
  EXPECT_EQ(dirs.data, "/home/u/.local/share/kibridge");
  EXPECT_EQ(dirs.config, "/home/u/.config/kibridge");
  EXPECT_EQ(dirs.cache, "/home/u/.cache/kibridge");
  dirs = posix_user_dirs(
      env_of({{"HOME", "/home/u"}, {"XDG_DATA_HOME", "/d"}, {"XDG_CONFIG_HOME", "/c"}, {"XDG_CACHE_HOME", "/k"}}));
  EXPECT_EQ(dirs.data, "/d/kibridge");
  EXPECT_EQ(dirs.config, "/c/kibridge");
  EXPECT_EQ(dirs.cache, "/k/kibridge");
  dirs = posix_user_dirs(env_of({}));
  EXPECT_EQ(dirs.data, "");
  EXPECT_EQ(dirs.config, "");
  EXPECT_EQ(dirs.cache, "");
  EXPECT_EQ(dirs.config_hint, "$XDG_CONFIG_HOME/kibridge");
}

TEST(UserDirs, WindowsKeepsTheDatabaseLocalAndTheTokenInTheRoamingProfile) {
  auto dirs = windows_user_dirs(env_of({{"LOCALAPPDATA", "C:\\Users\\Ann Lee\\AppData\\Local"},
                                        {"APPDATA", "C:\\Users\\Ann Lee\\AppData\\Roaming"},
                                        {"USERPROFILE", "C:\\Users\\Ann Lee"}}));
  EXPECT_EQ(dirs.data, "C:\\Users\\Ann Lee\\AppData\\Local\\kibridge");
  EXPECT_EQ(dirs.config, "C:\\Users\\Ann Lee\\AppData\\Roaming\\kibridge");
  EXPECT_EQ(dirs.cache, "C:\\Users\\Ann Lee\\AppData\\Local\\kibridge\\cache");
  dirs = windows_user_dirs(env_of({{"USERPROFILE", "C:\\Users\\u"}}));
  EXPECT_EQ(dirs.data, "C:\\Users\\u\\AppData\\Local\\kibridge");
  EXPECT_EQ(dirs.cache, "C:\\Users\\u\\AppData\\Local\\kibridge\\cache");
  EXPECT_EQ(dirs.config, "C:\\Users\\u\\AppData\\Roaming\\kibridge");
  EXPECT_EQ(dirs.config_hint, "%APPDATA%\\kibridge");
  EXPECT_EQ(windows_user_dirs(env_of({})).data, "");
  EXPECT_EQ(windows_user_dirs(env_of({})).cache, "");
}

TEST(UserDirs, KicadLibrariesAreWhereEachPlatformsKicadInstallsThem) {
  auto posix = posix_user_dirs(env_of({}));
  EXPECT_EQ(posix.kicad_symbols, "/usr/share/kicad/symbols");
  EXPECT_EQ(posix.kicad_footprints, "/usr/share/kicad/footprints");
  auto windows = windows_user_dirs(env_of({{"ProgramFiles", "D:\\Apps"}}));
  EXPECT_EQ(windows.kicad_symbols, "D:\\Apps\\KiCad\\9.0\\share\\kicad\\symbols");
  EXPECT_EQ(windows.kicad_footprints, "D:\\Apps\\KiCad\\9.0\\share\\kicad\\footprints");
  EXPECT_EQ(windows_user_dirs(env_of({})).kicad_symbols, "C:\\Program Files\\KiCad\\9.0\\share\\kicad\\symbols");
}

TEST(UserDirs, TheRunningPlatformUsesItsOwnConvention) {
#ifdef _WIN32
  EXPECT_EQ(user_dirs().config_hint, "%APPDATA%\\kibridge");
#else
  EXPECT_EQ(user_dirs().config_hint, "$XDG_CONFIG_HOME/kibridge");
#endif
}

}  // namespace
}  // namespace kibridge::platform
