# A Debian package of the install (CPack): the library, the C API, headers,
# CMake and pkg-config files, the bundled data and the `project8` program,
# under /usr. `make deb` builds it and checks it (tests/package/test_deb.py).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME project8)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "C++20 library, C API (libproject8-c) and the project8 program for Project 8 of\nVietnam's National Target Program 1719: plans, eligibility rules as data,\ntarget tracking across the 2025 unit mergers, budgets and reports.")
set(CPACK_PACKAGE_CONTACT "project8 maintainers <project8@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_LICENSE MIT)
# The shared libraries the program and the C API load, found by dpkg-shlibdeps;
# the headers and the static C++ library need the development packages.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libboost-dev (>= 1.74), nlohmann-json3-dev (>= 3.10), libyaml-cpp-dev (>= 0.7), libsqlcipher-dev, libzip-dev, libexpat1-dev, libutf8proc-dev, libxlsxwriter-dev, libcsv-dev")
include(CPack)
