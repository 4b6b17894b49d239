# The third-party targets of the Windows build (`make windows`), included by CMakeLists.txt when
# the MinGW-w64 toolchain (tools/windows/mingw-w64.cmake) targets Windows. It defines the same
# targets the Linux build gets from Debian's packages — SQLiteCpp, nlohmann_json::nlohmann_json,
# OpenSSL::SSL/Crypto, ZLIB::ZLIB, kibridge_httplib, kibridge_tinyxml2 and, with the tests,
# GTest::gtest/gtest_main — so the rest of CMakeLists.txt does not know which platform it builds.
# Everything is compiled from Debian 12's source packages, prepared by tools/windows/build-deps.sh
# (which says why each is built the way it is).

enable_language(C)
find_package(Threads REQUIRED)

execute_process(COMMAND ${CMAKE_SOURCE_DIR}/tools/windows/build-deps.sh
  OUTPUT_VARIABLE deps_lines OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE deps_status)
if(NOT deps_status EQUAL 0)
  message(FATAL_ERROR "tools/windows/build-deps.sh failed; run it by hand to see why (make deps-windows installs what it needs)")
endif()
string(REPLACE "\n" ";" deps_lines "${deps_lines}")
foreach(line ${deps_lines})
  if(line MATCHES "^([A-Z0-9]+)=(.*)$")
    set(KIBRIDGE_WIN_${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
  endif()
endforeach()
foreach(name OPENSSL SQLITE3 SQLITECPP ZLIB TINYXML2 HTTPLIB NLOHMANN GOOGLETEST)
  if(NOT KIBRIDGE_WIN_${name})
    message(FATAL_ERROR "tools/windows/build-deps.sh printed no ${name}=")
  endif()
endforeach()

# Windows 10 or later: cpp-httplib refuses older targets, and so does kibridge.
add_compile_definitions(_WIN32_WINNT=0x0A00 WIN32_LEAN_AND_MEAN NOMINMAX)
# One self-contained .exe: libstdc++, libgcc and winpthread linked in.
set(KIBRIDGE_LINK_STATIC -static)

# SQLite with the compile options of Debian 12's libsqlite3 (debian/rules of the sqlite3 source
# package), so a database file behaves the same on both platforms.
add_library(kibridge_sqlite3 STATIC ${KIBRIDGE_WIN_SQLITE3}/sqlite3.c)
target_include_directories(kibridge_sqlite3 SYSTEM PUBLIC ${KIBRIDGE_WIN_SQLITE3})
target_compile_definitions(kibridge_sqlite3 PRIVATE
  SQLITE_SECURE_DELETE SQLITE_ENABLE_COLUMN_METADATA SQLITE_ENABLE_FTS3
  SQLITE_ENABLE_FTS3_PARENTHESIS SQLITE_ENABLE_FTS4 SQLITE_ENABLE_FTS5 SQLITE_ENABLE_RTREE=1
  SQLITE_SOUNDEX=1 SQLITE_ENABLE_UNLOCK_NOTIFY SQLITE_OMIT_LOOKASIDE=1 SQLITE_ENABLE_DBSTAT_VTAB
  SQLITE_ENABLE_UPDATE_DELETE_LIMIT=1 SQLITE_ENABLE_JSON1 SQLITE_LIKE_DOESNT_MATCH_BLOBS
  SQLITE_THREADSAFE=1 SQLITE_USE_URI=1 SQLITE_MAX_SCHEMA_RETRY=25 SQLITE_MAX_VARIABLE_NUMBER=250000)

file(GLOB sqlitecpp_sources ${KIBRIDGE_WIN_SQLITECPP}/src/*.cpp)
add_library(SQLiteCpp STATIC ${sqlitecpp_sources})
target_include_directories(SQLiteCpp SYSTEM PUBLIC ${KIBRIDGE_WIN_SQLITECPP}/include)
target_link_libraries(SQLiteCpp PUBLIC kibridge_sqlite3)

set(zlib_sources adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast
  inflate inftrees trees uncompr zutil)
list(TRANSFORM zlib_sources PREPEND ${KIBRIDGE_WIN_ZLIB}/)
list(TRANSFORM zlib_sources APPEND .c)
add_library(kibridge_zlib STATIC ${zlib_sources})
target_include_directories(kibridge_zlib SYSTEM PUBLIC ${KIBRIDGE_WIN_ZLIB})
add_library(ZLIB::ZLIB ALIAS kibridge_zlib)

add_library(kibridge_openssl_crypto STATIC IMPORTED)
set_target_properties(kibridge_openssl_crypto PROPERTIES
  IMPORTED_LOCATION ${KIBRIDGE_WIN_OPENSSL}/lib/libcrypto.a
  INTERFACE_INCLUDE_DIRECTORIES ${KIBRIDGE_WIN_OPENSSL}/include
  INTERFACE_LINK_LIBRARIES "ws2_32;crypt32;bcrypt")
add_library(kibridge_openssl_ssl STATIC IMPORTED)
set_target_properties(kibridge_openssl_ssl PROPERTIES
  IMPORTED_LOCATION ${KIBRIDGE_WIN_OPENSSL}/lib/libssl.a
  INTERFACE_LINK_LIBRARIES kibridge_openssl_crypto)
add_library(OpenSSL::Crypto ALIAS kibridge_openssl_crypto)
add_library(OpenSSL::SSL ALIAS kibridge_openssl_ssl)

add_library(kibridge_nlohmann INTERFACE)
target_include_directories(kibridge_nlohmann SYSTEM INTERFACE ${KIBRIDGE_WIN_NLOHMANN})
add_library(nlohmann_json::nlohmann_json ALIAS kibridge_nlohmann)

add_library(kibridge_tinyxml2 STATIC ${KIBRIDGE_WIN_TINYXML2}/tinyxml2.cpp)
target_include_directories(kibridge_tinyxml2 SYSTEM PUBLIC ${KIBRIDGE_WIN_TINYXML2})

set(KIBRIDGE_HTTPLIB_SOURCE ${KIBRIDGE_WIN_HTTPLIB})
add_library(kibridge_httplib STATIC ${KIBRIDGE_HTTPLIB_SOURCE}/httplib.cc)
target_include_directories(kibridge_httplib SYSTEM PUBLIC ${KIBRIDGE_HTTPLIB_SOURCE})
# As on Linux, minus brotli (tools/windows/build-deps.sh says why).
target_compile_definitions(kibridge_httplib PUBLIC
  CPPHTTPLIB_OPENSSL_SUPPORT CPPHTTPLIB_ZLIB_SUPPORT CPPHTTPLIB_LISTEN_BACKLOG=4096)
target_link_libraries(kibridge_httplib PUBLIC OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB ws2_32 crypt32)

if(KIBRIDGE_TESTS)
  set(gtest_root ${KIBRIDGE_WIN_GOOGLETEST}/googletest)
  add_library(kibridge_gtest STATIC ${gtest_root}/src/gtest-all.cc)
  target_include_directories(kibridge_gtest SYSTEM PUBLIC ${gtest_root}/include PRIVATE ${gtest_root})
  add_library(kibridge_gtest_main STATIC ${gtest_root}/src/gtest_main.cc)
  target_link_libraries(kibridge_gtest_main PUBLIC kibridge_gtest)
  add_library(GTest::gtest ALIAS kibridge_gtest)
  add_library(GTest::gtest_main ALIAS kibridge_gtest_main)
endif()
