# Findsqlcipher: finds Debian's libsqlcipher-dev (SQLCipher: SQLite with
# page-level AES encryption; it ships no CMake package) and defines the
# imported target sqlcipher::sqlcipher. Its header is SQLite's own
# <sqlite3.h> in include/sqlcipher/, declaring sqlite3_key() when
# SQLITE_HAS_CODEC is defined (the target defines it).
include(FindPackageHandleStandardArgs)
find_path(sqlcipher_INCLUDE_DIR NAMES sqlcipher/sqlite3.h)
find_library(sqlcipher_LIBRARY NAMES sqlcipher)
find_package_handle_standard_args(sqlcipher REQUIRED_VARS sqlcipher_LIBRARY sqlcipher_INCLUDE_DIR)
if(sqlcipher_FOUND AND NOT TARGET sqlcipher::sqlcipher)
  add_library(sqlcipher::sqlcipher UNKNOWN IMPORTED)
  set_target_properties(sqlcipher::sqlcipher PROPERTIES
    IMPORTED_LOCATION "${sqlcipher_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${sqlcipher_INCLUDE_DIR}/sqlcipher"
    INTERFACE_COMPILE_DEFINITIONS SQLITE_HAS_CODEC)
endif()
mark_as_advanced(sqlcipher_INCLUDE_DIR sqlcipher_LIBRARY)
