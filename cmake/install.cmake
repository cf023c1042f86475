# Install and export rules (fmt's shape): headers, the library, the CLI and a
# CMake package so that consumers write find_package(project8 CONFIG REQUIRED).
include(CMakePackageConfigHelpers)
set(PROJECT8_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/project8)

install(TARGETS project8 EXPORT project8Targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        FILE_SET HEADERS DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET project8_c)
  install(TARGETS project8_c EXPORT project8Targets
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          FILE_SET HEADERS DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endif()
if(TARGET project8_cli)
  install(TARGETS project8_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(EXPORT project8Targets NAMESPACE project8:: DESTINATION ${PROJECT8_CMAKE_DIR})
export(EXPORT project8Targets NAMESPACE project8::
       FILE ${PROJECT_BINARY_DIR}/project8Targets.cmake)

configure_package_config_file(cmake/project8Config.cmake.in
  ${PROJECT_BINARY_DIR}/project8Config.cmake INSTALL_DESTINATION ${PROJECT8_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/project8ConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/project8Config.cmake
              ${PROJECT_BINARY_DIR}/project8ConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/Findutf8proc.cmake
              ${PROJECT_SOURCE_DIR}/cmake/Findlibcsv.cmake
              ${PROJECT_SOURCE_DIR}/cmake/Findxlsxwriter.cmake
              ${PROJECT_SOURCE_DIR}/cmake/Findlibzip.cmake
              ${PROJECT_SOURCE_DIR}/cmake/Findsqlcipher.cmake
        DESTINATION ${PROJECT8_CMAKE_DIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/project8
        OPTIONAL)

# pkg-config files, relocatable: the prefix is found from the .pc file's own folder.
file(RELATIVE_PATH PC_PREFIX_FROM_PCDIR ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" PC_PREFIX_FROM_PCDIR "${PC_PREFIX_FROM_PCDIR}")
set(PC_DL_LIBS "")
foreach(_lib IN LISTS CMAKE_DL_LIBS)
  string(APPEND PC_DL_LIBS " -l${_lib}")
endforeach()
configure_file(cmake/project8.pc.in ${PROJECT_BINARY_DIR}/project8.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/project8.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(TARGET project8_c)
  configure_file(cmake/project8-c.pc.in ${PROJECT_BINARY_DIR}/project8-c.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/project8-c.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
