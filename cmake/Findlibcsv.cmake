# Findlibcsv: finds Debian's libcsv-dev (RFC 4180 CSV parser) (which ships no CMake package)
# and defines the imported target libcsv::libcsv.
include(FindPackageHandleStandardArgs)
find_path(libcsv_INCLUDE_DIR NAMES csv.h)
find_library(libcsv_LIBRARY NAMES csv)
find_package_handle_standard_args(libcsv REQUIRED_VARS libcsv_LIBRARY libcsv_INCLUDE_DIR)
if(libcsv_FOUND AND NOT TARGET libcsv::libcsv)
  add_library(libcsv::libcsv UNKNOWN IMPORTED)
  set_target_properties(libcsv::libcsv PROPERTIES
    IMPORTED_LOCATION "${libcsv_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${libcsv_INCLUDE_DIR}")
endif()
mark_as_advanced(libcsv_INCLUDE_DIR libcsv_LIBRARY)
