# What `cmake --install build [--strip]` puts where (FHS, as a Debian package would): the program, the
# systemd units, the example config (as the config) and codebook, the man pages, bash completion, README.
include(GNUInstallDirs)

# systemd reads units from /lib/systemd/system (Debian 12) and /usr/local/lib/systemd/system.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(default_unit_dir /lib/systemd/system)
else()
  set(default_unit_dir ${CMAKE_INSTALL_PREFIX}/lib/systemd/system)
endif()
set(SMSGW_SYSTEMD_UNIT_DIR ${default_unit_dir} CACHE PATH "Where the systemd units are installed")

# The units and the config in systemd/ name /usr/bin/smsgw and /etc/smsgw (the package's places); an
# install elsewhere gets copies naming where it put things, so the unit, the config and the files agree.
set(SMSGW_CONFIG_DIR ${CMAKE_INSTALL_FULL_SYSCONFDIR}/smsgw)
set(staged ${PROJECT_BINARY_DIR}/install-staging)
foreach(file smsgw.service smsgw-push.service smsgw-push.path smsgw-push.timer smsgw.toml)
  file(READ ${PROJECT_SOURCE_DIR}/systemd/${file} text)
  string(REPLACE "/usr/bin/smsgw" "${CMAKE_INSTALL_FULL_BINDIR}/smsgw" text "${text}")
  string(REPLACE "/etc/smsgw" "${SMSGW_CONFIG_DIR}" text "${text}")
  file(WRITE ${staged}/${file}.new "${text}")
  configure_file(${staged}/${file}.new ${staged}/${file} COPYONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/systemd/${file})
endforeach()

# Debian wants man pages (and the changelog) gzipped, reproducibly (-n: no name or time stamp in the archive).
find_program(GZIP gzip REQUIRED)
set(man_pages man/smsgw.1 man/smsgw.toml.5 packaging/deb/changelog)
set(man_gz)
foreach(page ${man_pages})
  get_filename_component(name ${page} NAME)
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/man/${name}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND ${GZIP} -9nc ${PROJECT_SOURCE_DIR}/${page} > ${PROJECT_BINARY_DIR}/man/${name}.gz
    DEPENDS ${PROJECT_SOURCE_DIR}/${page} VERBATIM)
  list(APPEND man_gz ${PROJECT_BINARY_DIR}/man/${name}.gz)
endforeach()
add_custom_target(smsgw_man ALL DEPENDS ${man_gz})

install(TARGETS smsgw RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${staged}/smsgw.service ${staged}/smsgw-push.service ${staged}/smsgw-push.path
              ${staged}/smsgw-push.timer
        DESTINATION ${SMSGW_SYSTEMD_UNIT_DIR})
install(FILES ${staged}/smsgw.toml DESTINATION ${SMSGW_CONFIG_DIR})
install(DIRECTORY codebooks/example/ DESTINATION ${CMAKE_INSTALL_DATADIR}/smsgw/example-codebook)
install(FILES ${PROJECT_BINARY_DIR}/man/smsgw.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_BINARY_DIR}/man/smsgw.toml.5.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES completion/smsgw.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME smsgw)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_BINARY_DIR}/man/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
