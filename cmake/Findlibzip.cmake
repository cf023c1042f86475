# Findlibzip: finds Debian's libzip-dev and defines the imported target libzip::zip.
# (Debian's own libzip CMake package names the zipcmp/zipmerge/ziptool programs, which
# are in other packages, and fails without them; this module needs only the library.)
include(FindPackageHandleStandardArgs)
find_path(libzip_INCLUDE_DIR NAMES zip.h)
find_library(libzip_LIBRARY NAMES zip)
find_package_handle_standard_args(libzip REQUIRED_VARS libzip_LIBRARY libzip_INCLUDE_DIR)
if(libzip_FOUND AND NOT TARGET libzip::zip)
  add_library(libzip::zip UNKNOWN IMPORTED)
  set_target_properties(libzip::zip PROPERTIES
    IMPORTED_LOCATION "${libzip_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${libzip_INCLUDE_DIR}")
endif()
mark_as_advanced(libzip_INCLUDE_DIR libzip_LIBRARY)
