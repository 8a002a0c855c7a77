# `./build.sh package`: a Debian package of what cmake/install.cmake installs (CPack DEB). Its Depends come
# from dpkg-shlibdeps (the libraries the binary really links: libgammu, libsqlite3, libfmt, boost, ...);
# packaging/deb/ holds the maintainer scripts (the smsgw user and its directories; nothing enabled).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME smsgw)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(SMSGW_MAINTAINER "smsgw maintainers <smsgw@localhost>" CACHE STRING "The package's Maintainer field")
set(CPACK_PACKAGE_CONTACT "${SMSGW_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "SMS gateway for election observers' quick counts")
set(CPACK_PACKAGE_DESCRIPTION "smsgw reads coded reports texted by election observers from GSM modems
(libgammu, one sandboxed process per modem), checks them against the election's
codebook, replies, stores everything in SQLite, estimates the result (a
stratified quick count) and exports CSV and xlsx files to headquarters.
The service is installed but not enabled: put the codebook in
/etc/smsgw/codebook, set the modems in /etc/smsgw/smsgw.toml, then
systemctl enable --now smsgw.")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://localhost/smsgw")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# useradd/usermod (passwd) in postinst, /bin/kill (procps) in the unit's ExecReload, the election's time zone
# (tzdata: without /usr/share/zoneinfo the daemon refuses to start, as seen in a clean Debian 12 root);
# gammu-smsd is deliberately not among them (it would fight smsgw for the modems).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "passwd, procps, tzdata")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "sqlite3, rsync, openssh-client")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/deb/postinst
    ${PROJECT_SOURCE_DIR}/packaging/deb/postrm
    ${PROJECT_SOURCE_DIR}/packaging/deb/conffiles)
include(CPack)
