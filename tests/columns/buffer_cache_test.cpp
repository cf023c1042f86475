#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <project8/core/date.hpp>
#include <project8/data/csv.hpp>
#include <project8/data/table.hpp>
#include <project8/rules/evaluate.hpp>
#include <project8/rules/rule_set.hpp>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace project8;

namespace {

/// Restores the default limit (and empties the cache) when a test ends.
struct CacheGuard {
  CacheGuard() { data::set_buffer_cache_limit(0); }
  CacheGuard(const CacheGuard&) = delete;
  CacheGuard& operator=(const CacheGuard&) = delete;
  ~CacheGuard() {
    data::set_buffer_cache_limit(0);
    data::set_buffer_cache_limit(std::size_t{1} << 30U);
  }
};

constexpr std::size_t kMiB = std::size_t{1} << 20U;

/// A population CSV of `n` rows; `seed` changes every value.
std::string population(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::string out =
      "sex,ethnicity,pregnant,anc_visits,delivery,commune_region,village_especially_difficult\n";
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = rng();
    out += (r & 1U) ? "F," : "M,";
    out += std::to_string((r >> 8U) % 54 + 1) + ',';
    out += (r >> 20U) % 3 == 0 ? "true," : "false,";
    out += ((r >> 24U) % 11 == 0 ? std::string() : std::to_string((r >> 30U) % 7)) + ',';
    out += (r >> 34U) % 4 == 0 ? "normal," : "none,";
    out += ((r >> 40U) % 13 == 0 ? std::string() : std::to_string((r >> 44U) % 3 + 1)) + ',';
    out += (r >> 50U) % 5 == 0 ? "\n" : ((r >> 54U) % 2 ? "1\n" : "0\n");
  }
  return out;
}

}  // namespace

TEST(BufferCache, KeepsFreedLargeBuffersAndHandsThemOutAgain) {
  const CacheGuard guard;
  data::set_buffer_cache_limit(64 * kMiB);
  const void* first = nullptr;
  {
    data::Buffer<std::int64_t> a;
    a.reserve(2'000'000);  // 16 MB
    first = a.data();
  }
  EXPECT_EQ(data::buffer_cache_size(),
            16 * kMiB);  // rounded up to whole MiB: 16,000,000 bytes -> 16 MiB
  {
    data::Buffer<std::int64_t> b;
    b.reserve(1'999'000);  // same size class
    EXPECT_EQ(static_cast<const void*>(b.data()), first);
    EXPECT_EQ(data::buffer_cache_size(), 0U);
    data::Buffer<std::uint8_t> small(1000);  // small buffers never enter the cache
    data::Buffer<std::uint8_t> under(kMiB - 1);
  }
  EXPECT_EQ(data::buffer_cache_size(), 16 * kMiB);
  {
    data::Buffer<std::int64_t> amounts;  // 150,000 persons' amounts, 1.2 MB: kept, as 2 MiB
    amounts.reserve(150'000);
  }
  EXPECT_EQ(data::buffer_cache_size(), 18 * kMiB);
  {
    data::Buffer<std::int64_t> again;
    again.reserve(160'000);  // the same size class
    EXPECT_EQ(data::buffer_cache_size(), 16 * kMiB);
  }
  EXPECT_EQ(data::buffer_cache_size(), 18 * kMiB);
  {
    data::Buffer<std::uint8_t> big;
    big.reserve(100 * kMiB);  // larger than the limit: freed, not kept
  }
  EXPECT_EQ(data::buffer_cache_size(), 18 * kMiB);
  {
    data::Buffer<std::uint8_t> x, y, z;
    x.reserve(30 * kMiB);
    y.reserve(30 * kMiB);
    z.reserve(30 * kMiB);
  }
  EXPECT_LE(data::buffer_cache_size(), 64 * kMiB);  // the oldest went first
  EXPECT_EQ(data::set_buffer_cache_limit(0), 64 * kMiB);
  EXPECT_EQ(data::buffer_cache_size(), 0U);
  {
    data::Buffer<std::int64_t> c;
    c.reserve(2'000'000);
  }
  EXPECT_EQ(data::buffer_cache_size(), 0U);  // off
}

TEST(BufferCache, ReusedMemoryGivesTheTablesAndResultsFreshMemoryGives) {
  // Buffers the cache hands out hold whatever was there before: a reader or
  // evaluator that counted on zeroed memory would differ from a run with the
  // cache off. Sizes are above the cache's 8 MiB threshold.
  const CacheGuard guard;
  const auto rules = rules::RuleSet::load(std::filesystem::path(PROJECT8_SOURCE_DIR) /
                                          "data/rules/safe-motherhood.yaml");
  const auto dir =
      std::filesystem::temp_directory_path() / ("p8-cache-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir / name;
  };
  const std::size_t n = 1'200'000;
  const auto a = write("a.csv", population(n, 1));
  const auto b = write("b.csv", population(n, 2));
  const auto day = core::make_date(2025, 6, 30);
  // Fresh memory only.
  const auto fresh_table = rules::read_population(rules, b);
  const auto fresh = rules::evaluate(rules, fresh_table, day);
  // With the cache on: read and evaluate another population, drop it, then b.
  data::set_buffer_cache_limit(std::size_t{1} << 30U);
  {
    const auto other = rules::read_population(rules, a);
    (void)rules::evaluate(rules, other, day);
  }
  ASSERT_GT(data::buffer_cache_size(), 0U);
  const auto reused_table = rules::read_population(rules, b);
  const auto reused = rules::evaluate(rules, reused_table, day);
  ASSERT_EQ(reused_table.rows(), fresh_table.rows());
  for (std::size_t c = 0; c < fresh_table.columns().size(); ++c) {
    const auto& x = fresh_table.column(c);
    const auto& y = reused_table.column(c);
    ASSERT_EQ(x.missing_count(), y.missing_count()) << c;
    for (std::size_t r = 0; r < n; ++r) {
      ASSERT_EQ(x.is_valid(r), y.is_valid(r));
      if (!x.is_valid(r)) continue;
      switch (x.type()) {
        case data::ColumnType::enumeration:
          ASSERT_EQ(x.code_at(r), y.code_at(r));
          break;
        case data::ColumnType::boolean:
          ASSERT_EQ(x.bool_data()[r], y.bool_data()[r]);
          break;
        case data::ColumnType::string:
          break;
        default:
          ASSERT_EQ(x.int64_data()[r], y.int64_data()[r]);
      }
    }
  }
  ASSERT_EQ(fresh.packages.size(), reused.packages.size());
  for (std::size_t p = 0; p < fresh.packages.size(); ++p) {
    EXPECT_TRUE(std::equal(fresh.packages[p].eligible.begin(), fresh.packages[p].eligible.end(),
                           reused.packages[p].eligible.begin()));
    EXPECT_TRUE(std::equal(fresh.packages[p].amount.begin(), fresh.packages[p].amount.end(),
                           reused.packages[p].amount.begin()));
    EXPECT_TRUE(fresh.packages[p].reason == reused.packages[p].reason);
  }
  std::filesystem::remove_all(dir);
}

TEST(BufferCache, AChildForkedWhileAnotherThreadUsesTheCacheCanUseItToo) {
  // A fork while another thread holds the cache's lock must not leave the
  // child's copy locked: the child allocates and frees large buffers and exits.
  const CacheGuard guard;
  data::set_buffer_cache_limit(256 * kMiB);
  std::atomic<bool> stop{false};
  std::thread busy([&] {
    while (!stop) {
      data::Buffer<std::int64_t> b;
      b.reserve(1'500'000 + (std::rand() % 3) * 200'000);
    }
  });
  int hung = 0;
  for (int k = 0; k < 40; ++k) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      for (int i = 0; i < 4; ++i) {
        data::Buffer<std::int64_t> b;
        b.reserve(1'500'000);
      }
      (void)data::buffer_cache_size();
      ::_exit(0);
    }
    int status = 0;
    bool done = false;
    for (int waited = 0; waited < 1000 && !done; ++waited) {  // up to 10 s
      done = ::waitpid(child, &status, WNOHANG) == child;
      if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!done) {
      ++hung;
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      break;  // one is enough to know
    } else {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
  }
  stop = true;
  busy.join();
  EXPECT_EQ(hung, 0);
}

TEST(BufferCache, LargeBlocksAreWholeHugePagesAligned) {
  // From 4 MiB on, blocks are 2 MiB-aligned whole huge pages (the kernel is
  // asked for huge pages; whether it gives them is its choice).
  const CacheGuard guard;  // empty: the next block is fresh
  data::set_buffer_cache_limit(64 * kMiB);
  {
    data::Buffer<std::uint8_t> a;
    a.reserve(5 * kMiB + 1);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(a.data()) % (2 * kMiB), 0U);
  }
  EXPECT_EQ(data::buffer_cache_size(), 6 * kMiB);  // rounded up to a whole huge page
  {
    data::Buffer<std::uint8_t> b;
    b.reserve(3 * kMiB + 1);  // under 4 MiB: whole MiB, malloc's alignment
  }
  EXPECT_EQ(data::buffer_cache_size(), 10 * kMiB);
}
