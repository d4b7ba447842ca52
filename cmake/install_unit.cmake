# Run by `cmake --install`: writes the systemd units with ExecStart naming the
# binary where this install puts it (--prefix given at install time wins
# over the configure-time prefix), under DESTDIR when set.
set(bindir "${CMAKE_INSTALL_PREFIX}/${BINDIR}")
set(dest "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${UNITDIR}")
file(MAKE_DIRECTORY "${dest}")
foreach(f ${UNITS})
  file(READ "${SRCDIR}/${f}" text)
  string(REPLACE "@OOMSCAN_BINDIR@" "${bindir}" text "${text}")
  file(WRITE "${dest}/${f}" "${text}")
  message(STATUS "Installing: ${dest}/${f}")
endforeach()
