#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <project8/core/error.hpp>
#include <project8/core/file.hpp>
#include <sys/resource.h>
#include <sys/stat.h>

namespace {
namespace fs = std::filesystem;
using namespace project8::core;

/// A fresh folder for one test, removed after it.
class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("project8-file-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  [[nodiscard]] std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }
  fs::path dir_;
};

TEST_F(OutputFileTest, ReplacesTheFileWholeOnlyWhenCommitted) {
  const auto target = dir_ / "out.csv";
  write_file(target, "old\n");
  {
    OutputFile out(target);
    out.write("new\n");
    EXPECT_EQ(read(target), "old\n");  // untouched until commit
    EXPECT_EQ(entries(), 2U);          // the temporary file beside it
  }
  EXPECT_EQ(read(target), "old\n");  // never committed: nothing changed
  EXPECT_EQ(entries(), 1U);          // and the temporary file is gone
  OutputFile out(target);
  out.write("new\n");
  out.commit();
  EXPECT_EQ(read(target), "new\n");
  EXPECT_EQ(entries(), 1U);
}

TEST_F(OutputFileTest, OwnerOnlyUnlessShared) {
  write_file(dir_ / "private.csv", "x");
  EXPECT_EQ(fs::status(dir_ / "private.csv").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  const mode_t old = ::umask(022);
  write_file(dir_ / "shared.md", "x", FileAccess::shared);
  ::umask(old);
  EXPECT_EQ(fs::status(dir_ / "shared.md").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                fs::perms::others_read);
}

TEST_F(OutputFileTest, NeverWritesThroughALink) {
  const auto victim = dir_ / "victim";
  write_file(victim, "precious");
  fs::create_symlink(victim, dir_ / "out.csv");
  try {
    write_file(dir_ / "out.csv", "attack");
    FAIL() << "a link was written through";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("is a symbolic link"), std::string::npos) << e.what();
  }
  EXPECT_EQ(read(victim), "precious");
  EXPECT_THROW(write_file(dir_, "x"), Error);  // a folder is not replaced either
}

TEST_F(OutputFileTest, ADeviceIsWrittenInPlace) {
  EXPECT_NO_THROW(write_file("/dev/null", "nothing"));
  try {
    write_file("/dev/full", std::string(1 << 16, 'x'));
    FAIL() << "a full disk went unnoticed";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "/dev/full: cannot write the file (the disk is full)");
  }
}

TEST_F(OutputFileTest, AFailedWriteLeavesTheOldFile) {
  const auto target = dir_ / "out.csv";
  write_file(target, "old");
  // A file size limit fails writes with EFBIG, as a full disk fails them with ENOSPC.
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto* const handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = saved;
  small.rlim_cur = 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string message;
  try {
    write_file(target, std::string(1 << 20, 'x'));
  } catch (const Error& e) {
    message = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, handler);
  EXPECT_EQ(message, target.string() +
                         ": cannot write the file (the file would be larger than allowed); it is "
                         "left as it was");
  EXPECT_EQ(read(target), "old");
  EXPECT_EQ(entries(), 1U);
}

}  // namespace
