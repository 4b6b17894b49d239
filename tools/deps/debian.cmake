# The third-party targets of the Linux builds, from Debian 12's packages: SQLiteCpp,
# nlohmann_json::nlohmann_json, OpenSSL::SSL/Crypto, ZLIB::ZLIB, kibridge_httplib (cpp-httplib
# 0.41 compiled from Debian's source package, see tools/deps/fetch-sources.sh) and
# kibridge_tinyxml2. Included by CMakeLists.txt; tools/windows/deps.cmake defines the same
# targets for the Windows build. Sets KIBRIDGE_LINK_STATIC (link options of the executables:
# none here).
#
# Shared or static, chosen by the executable being linked. Every executable links Debian's
# shared libraries, but one whose KIBRIDGE_STATIC_LINK property is ON (kibridge_static, the
# single-file build of `make dist`) gets the static archives of the same -dev packages instead,
# and tinyxml2 compiled from its Debian 12 source package (Debian ships no libtinyxml2.a; the
# source is the same 9.0.0 whose header every object is compiled against). The choice is made
# at link time only ($<TARGET_PROPERTY:KIBRIDGE_STATIC_LINK> in the link interfaces below is
# read from the executable being linked), so kibridge_static links the very objects kibridge
# and the tests are built from: `make dist` after `make test` is a link, where a separate
# static configuration compiled every file again (about 7 minutes of CI's 2 cores).
set(kibridge_static_head "$<BOOL:$<TARGET_PROPERTY:KIBRIDGE_STATIC_LINK>>")
set(kibridge_shared_head "$<NOT:${kibridge_static_head}>")

find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(SQLiteCpp REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(PkgConfig REQUIRED)

# cpp-httplib, compiled the way Debian builds its shared library (debian/rules adds
# CPPHTTPLIB_USE_POLL; its meson build enables OpenSSL, zlib and brotli). Without a source tree
# given, the fetch script provides one (it needs the network only the first time).
if(NOT KIBRIDGE_HTTPLIB_SOURCE)
  execute_process(COMMAND ${CMAKE_SOURCE_DIR}/tools/deps/fetch-sources.sh cpp-httplib
    OUTPUT_VARIABLE KIBRIDGE_HTTPLIB_FETCHED OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE fetch_status)
  if(NOT fetch_status EQUAL 0)
    message(FATAL_ERROR "tools/deps/fetch-sources.sh cpp-httplib failed; run it by hand to see why, "
      "or pass -DKIBRIDGE_HTTPLIB_SOURCE=<dir with httplib.h and httplib.cc>")
  endif()
  set(KIBRIDGE_HTTPLIB_SOURCE ${KIBRIDGE_HTTPLIB_FETCHED} CACHE PATH "" FORCE)
endif()
if(NOT EXISTS ${KIBRIDGE_HTTPLIB_SOURCE}/httplib.cc)
  message(FATAL_ERROR "KIBRIDGE_HTTPLIB_SOURCE (${KIBRIDGE_HTTPLIB_SOURCE}) has no httplib.h + httplib.cc; "
    "tools/deps/fetch-sources.sh cpp-httplib prints a directory that has")
endif()
add_library(kibridge_httplib STATIC ${KIBRIDGE_HTTPLIB_SOURCE}/httplib.cc)
target_include_directories(kibridge_httplib SYSTEM PUBLIC ${KIBRIDGE_HTTPLIB_SOURCE})
target_compile_definitions(kibridge_httplib PRIVATE CPPHTTPLIB_USE_POLL)
# PUBLIC: they change the library's classes, so every includer must see the same. The listen
# backlog is kibridge's own choice (http_server.h says why).
target_compile_definitions(kibridge_httplib PUBLIC
  CPPHTTPLIB_OPENSSL_SUPPORT CPPHTTPLIB_ZLIB_SUPPORT CPPHTTPLIB_BROTLI_SUPPORT CPPHTTPLIB_LISTEN_BACKLOG=4096)

# Debian's static archives, for an executable that links statically.
find_library(KIBRIDGE_SSL_A libssl.a REQUIRED)
find_library(KIBRIDGE_CRYPTO_A libcrypto.a REQUIRED)
find_library(KIBRIDGE_Z_A libz.a REQUIRED)
find_library(KIBRIDGE_BROTLIENC_A libbrotlienc.a REQUIRED)
find_library(KIBRIDGE_BROTLIDEC_A libbrotlidec.a REQUIRED)
find_library(KIBRIDGE_BROTLICOMMON_A libbrotlicommon.a REQUIRED)
find_library(KIBRIDGE_SQLITE3_A libsqlite3.a REQUIRED)

pkg_check_modules(BROTLI REQUIRED IMPORTED_TARGET libbrotlienc libbrotlidec)
target_link_libraries(kibridge_httplib PUBLIC
  $<${kibridge_shared_head}:OpenSSL::SSL> $<${kibridge_shared_head}:OpenSSL::Crypto>
  $<${kibridge_shared_head}:ZLIB::ZLIB> $<${kibridge_shared_head}:PkgConfig::BROTLI>
  $<${kibridge_static_head}:${KIBRIDGE_SSL_A}> $<${kibridge_static_head}:${KIBRIDGE_CRYPTO_A}>
  $<${kibridge_static_head}:${KIBRIDGE_Z_A}> $<${kibridge_static_head}:${KIBRIDGE_BROTLIENC_A}>
  $<${kibridge_static_head}:${KIBRIDGE_BROTLIDEC_A}> $<${kibridge_static_head}:${KIBRIDGE_BROTLICOMMON_A}>
  Threads::Threads)
# SQLiteCpp's own link interface names SQLite::SQLite3 (Debian's shared libsqlite3).
set_property(TARGET SQLiteCpp PROPERTY INTERFACE_LINK_LIBRARIES
  "$<${kibridge_shared_head}:SQLite::SQLite3>;$<${kibridge_static_head}:${KIBRIDGE_SQLITE3_A}>;Threads::Threads;dl")

pkg_check_modules(TINYXML2 REQUIRED IMPORTED_TARGET tinyxml2)
add_library(kibridge_tinyxml2 INTERFACE)
target_link_libraries(kibridge_tinyxml2 INTERFACE $<${kibridge_shared_head}:PkgConfig::TINYXML2>)
if(KIBRIDGE_TINYXML2_SOURCE)
  if(NOT EXISTS ${KIBRIDGE_TINYXML2_SOURCE}/tinyxml2.cpp)
    message(FATAL_ERROR "KIBRIDGE_TINYXML2_SOURCE (${KIBRIDGE_TINYXML2_SOURCE}) has no tinyxml2.cpp; "
      "tools/deps/fetch-sources.sh tinyxml2 prints a directory that has")
  endif()
  add_library(kibridge_tinyxml2_source STATIC EXCLUDE_FROM_ALL ${KIBRIDGE_TINYXML2_SOURCE}/tinyxml2.cpp)
  target_include_directories(kibridge_tinyxml2_source SYSTEM PUBLIC ${KIBRIDGE_TINYXML2_SOURCE})
  target_link_libraries(kibridge_tinyxml2 INTERFACE $<${kibridge_static_head}:kibridge_tinyxml2_source>)
endif()
set(KIBRIDGE_LINK_STATIC "")
