# Installation (`make install`, honouring PREFIX and DESTDIR) and the Debian package (`make deb`,
# CPack's DEB generator): the binary, the systemd units, the README and an example environment
# file. Included from the top-level CMakeLists.txt.
include(GNUInstallDirs)

set(KIBRIDGE_PACKAGING_DIR ${CMAKE_SOURCE_DIR}/tools/packaging)
set(KIBRIDGE_BIN_DIR ${CMAKE_INSTALL_FULL_BINDIR})
set(KIBRIDGE_DOC_DIR ${CMAKE_INSTALL_FULL_DOCDIR})
# The units name the installed binary by its absolute path, so they follow the prefix.
configure_file(${KIBRIDGE_PACKAGING_DIR}/kibridge.service.in ${CMAKE_BINARY_DIR}/packaging/kibridge.service @ONLY)
configure_file(${KIBRIDGE_PACKAGING_DIR}/kibridge-user.service.in ${CMAKE_BINARY_DIR}/packaging/user/kibridge.service @ONLY)

# systemd looks for units under <prefix>/lib/systemd (also /usr/local/lib/systemd), never
# under a multiarch libdir.
install(TARGETS kibridge RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_BINARY_DIR}/packaging/kibridge.service DESTINATION lib/systemd/system)
install(FILES ${CMAKE_BINARY_DIR}/packaging/user/kibridge.service DESTINATION lib/systemd/user)
install(FILES ${KIBRIDGE_PACKAGING_DIR}/kibridge.sysusers DESTINATION lib/sysusers.d RENAME kibridge.conf)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${KIBRIDGE_PACKAGING_DIR}/kibridge.env.example
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kibridge)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "kibridge maintainers <kibridge@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "KiCad HTTP symbol library served from a local SQLite mirror of InvenTree")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
# kibridge_<version>_<arch>.deb, the Debian file name `apt install ./kibridge_*.deb` expects.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The debug info of a RelWithDebInfo build would make the package ten times larger.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SECTION electronics)
# Library dependencies from the binary's NEEDED entries (dpkg-shlibdeps); passwd for useradd.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "passwd")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "systemd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${KIBRIDGE_PACKAGING_DIR}/postinst ${KIBRIDGE_PACKAGING_DIR}/prerm ${KIBRIDGE_PACKAGING_DIR}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
