// Where the bundled data lies (bundled_data_dir()): found from the library's
// own location first, so that an installed prefix can be moved.
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <dlfcn.h>
#include <project8/core/error.hpp>
#include <project8/geo/registry.hpp>

// Set by CMake: the data folder relative to the installed library's folder
// and to the installed program's folder, the prefix's data folder, and the
// source tree's (for the build tree).
#ifndef PROJECT8_DATA_FROM_LIBDIR
#define PROJECT8_DATA_FROM_LIBDIR "../share/project8"
#endif
#ifndef PROJECT8_DATA_FROM_BINDIR
#define PROJECT8_DATA_FROM_BINDIR "../share/project8"
#endif
#ifndef PROJECT8_INSTALL_DATA_DIR
#define PROJECT8_INSTALL_DATA_DIR ""
#endif
#ifndef PROJECT8_SOURCE_DATA_DIR
#define PROJECT8_SOURCE_DATA_DIR ""
#endif

namespace project8::geo {

namespace {

namespace fs = std::filesystem;

/// The folder of the file this code was loaded from: the shared library, or
/// the program it is linked into (empty when unknown).
fs::path own_folder() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&bundled_data_dir), &info) == 0 || info.dli_fname == nullptr) {
    return {};
  }
  std::error_code ec;
  // For the main program glibc gives argv[0], which may be relative or a bare
  // name: the kernel's link names the file itself.
  const bool main_program = info.dli_fname == std::string(program_invocation_name) ||
                            std::string(info.dli_fname).find('/') == std::string::npos;
  const fs::path file = main_program ? fs::read_symlink("/proc/self/exe", ec)
                                     : fs::weakly_canonical(info.dli_fname, ec);
  if (ec) return {};
  return file.parent_path();
}

bool holds_data(const fs::path& dir) {
  std::error_code ec;
  return !dir.empty() && fs::is_directory(dir / "geo", ec);
}

}  // namespace

std::string bundled_data_dir() {
  if (const char* env = std::getenv("PROJECT8_DATA_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  if (const fs::path here = own_folder(); !here.empty()) {
    for (const char* relative : {PROJECT8_DATA_FROM_LIBDIR, PROJECT8_DATA_FROM_BINDIR, "data"}) {
      const fs::path dir = (here / relative).lexically_normal();
      if (holds_data(dir)) return dir.string();
    }
  }
  for (const char* dir : {PROJECT8_INSTALL_DATA_DIR, PROJECT8_SOURCE_DATA_DIR}) {
    if (*dir != '\0' && holds_data(dir)) return dir;
  }
  throw core::NotFoundError(
      "bundled data not found: set PROJECT8_DATA_DIR to the folder holding geo/ and plans/");
}

}  // namespace project8::geo
