# The third-party targets of the Linux builds, from Debian 12's packages: SQLiteCpp,
# nlohmann_json::nlohmann_json, OpenSSL::SSL/Crypto, ZLIB::ZLIB, kibridge_httplib (cpp-httplib
# 0.41 compiled from Debian's source package, see tools/deps/fetch-sources.sh) and
# kibridge_tinyxml2. Included by CMakeLists.txt; tools/windows/deps.cmake defines the same
# targets for the Windows build. Sets KIBRIDGE_LINK_STATIC (link options of the executables).

if(KIBRIDGE_STATIC)
  # Before any find_package: the Find modules cache the first library they find. Static
  # OpenSSL/zlib/SQLite archives come from the -dev packages; glibc stays dynamic (getaddrinfo
  # and NSS need it to be).
  set(OPENSSL_USE_STATIC_LIBS TRUE)
  set(ZLIB_USE_STATIC_LIBS TRUE)
  find_library(SQLite3_LIBRARY NAMES libsqlite3.a REQUIRED)
endif()

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

if(KIBRIDGE_STATIC)
  if(NOT EXISTS ${KIBRIDGE_TINYXML2_SOURCE}/tinyxml2.cpp)
    message(FATAL_ERROR "KIBRIDGE_STATIC needs KIBRIDGE_TINYXML2_SOURCE (tinyxml2.h + tinyxml2.cpp); "
      "tools/dist/build-static.sh sets it")
  endif()
  find_library(KIBRIDGE_BROTLIENC libbrotlienc.a REQUIRED)
  find_library(KIBRIDGE_BROTLIDEC libbrotlidec.a REQUIRED)
  find_library(KIBRIDGE_BROTLICOMMON libbrotlicommon.a REQUIRED)
  target_link_libraries(kibridge_httplib PUBLIC OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB
    ${KIBRIDGE_BROTLIENC} ${KIBRIDGE_BROTLIDEC} ${KIBRIDGE_BROTLICOMMON} Threads::Threads)
  add_library(kibridge_tinyxml2 STATIC ${KIBRIDGE_TINYXML2_SOURCE}/tinyxml2.cpp)
  target_include_directories(kibridge_tinyxml2 SYSTEM PUBLIC ${KIBRIDGE_TINYXML2_SOURCE})
  set(KIBRIDGE_LINK_STATIC -static-libstdc++ -static-libgcc)
else()
  pkg_check_modules(BROTLI REQUIRED IMPORTED_TARGET libbrotlienc libbrotlidec)
  target_link_libraries(kibridge_httplib PUBLIC OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB PkgConfig::BROTLI Threads::Threads)
  pkg_check_modules(TINYXML2 REQUIRED IMPORTED_TARGET tinyxml2)
  add_library(kibridge_tinyxml2 INTERFACE)
  target_link_libraries(kibridge_tinyxml2 INTERFACE PkgConfig::TINYXML2)
  set(KIBRIDGE_LINK_STATIC "")
endif()
