# Installation: libmktows, its public and generated headers, the mktows and mktows-server programs
# (and the server's demo configuration),
# a CMake package (find_package(mktows) -> mktows::mktows) and a pkg-config file (mktows.pc).
include(CMakePackageConfigHelpers)

install(TARGETS mktows_lib EXPORT mktowsTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/include/mktows DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_SOURCE_DIR}/gen/soapH.h ${PROJECT_SOURCE_DIR}/gen/soapStub.h
              ${PROJECT_SOURCE_DIR}/gen/mktows_iface.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mktows/gen)
foreach(program mktows mktows-server)
  if(TARGET ${program})
    install(TARGETS ${program} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()
# mktows-server's demo configuration and the fixtures it names (side by side: the config finds them
# relative to itself), with everything docs/operations.md's examples use.
if(TARGET mktows-server)
  install(FILES ${PROJECT_SOURCE_DIR}/data/server/mktows-server.conf
                ${PROJECT_SOURCE_DIR}/data/server/mktows-server-fixtures.json
    DESTINATION ${CMAKE_INSTALL_DATADIR}/mktows)
endif()

install(EXPORT mktowsTargets NAMESPACE mktows:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/mktows)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/mktowsConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/mktowsConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/mktows)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/mktowsConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/mktowsConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/mktowsConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/mktows)
file(RELATIVE_PATH MKTOWS_PC_RELPREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(JOIN " " MKTOWS_GSOAP_CFLAGS ${GSOAPSSL_CFLAGS_OTHER})
configure_file(${PROJECT_SOURCE_DIR}/cmake/mktows.pc.in ${CMAKE_CURRENT_BINARY_DIR}/mktows.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/mktows.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
