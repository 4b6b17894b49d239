# CMake toolchain of the Windows build (`make windows`): Debian's MinGW-w64 cross compiler for
# x86-64 with the posix thread model (g++-mingw-w64-x86-64-posix), which std::thread, std::mutex
# and std::condition_variable need; the win32 model has none of them in GCC 12.
#
# Tests run under Wine (Debian's wine64): CMAKE_CROSSCOMPILING_EMULATOR makes ctest, and
# gtest's test discovery, start each Windows executable through it.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc-posix)
set(CMAKE_CXX_COMPILER x86_64-w64-mingw32-g++-posix)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# Debian's wine64 loader itself: the `wine` wrapper adds a warning about the missing 32-bit
# Wine to every run, which only 32-bit programs need.
find_program(KIBRIDGE_WINE NAMES wine64 wine PATHS /usr/lib/wine)
if(KIBRIDGE_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${KIBRIDGE_WINE})
endif()
