// The cache of freed large buffers (see set_buffer_cache_limit()): a short
// list of blocks by size class, oldest first, under one mutex. Only buffers of
// 1 MiB or more come here (a million persons' amounts are 8 MB); the rest go
// straight to malloc. Blocks from 4 MiB on are huge-page aligned (fresh_block).
#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

#include <project8/data/table.hpp>
#include <pthread.h>
#include <sys/mman.h>

namespace project8::data {

namespace {

constexpr std::size_t kLarge = std::size_t{1} << 20U;  // smaller buffers are malloc's
constexpr std::size_t kClass = std::size_t{1} << 20U;  // sizes are rounded up to whole MiB,
constexpr std::size_t kHuge = std::size_t{2} << 20U;   // and from 4 MiB on to whole huge pages

std::size_t size_class(std::size_t bytes) noexcept {
  const std::size_t step = bytes >= 2 * kHuge ? kHuge : kClass;
  return (bytes + step - 1) / step * step;
}

struct Cache {
  std::mutex mutex;
  std::vector<std::pair<std::size_t, void*>> blocks;  // (size class, block), oldest first
  std::size_t held = 0;
  std::size_t limit = std::size_t{1} << 30U;

  /// Frees the oldest blocks until at most `keep` bytes are held (mutex held).
  void trim(std::size_t keep) noexcept {
    std::size_t drop = 0;
    while (held > keep && drop < blocks.size()) {
      held -= blocks[drop].first;
      std::free(blocks[drop].second);
      ++drop;
    }
    blocks.erase(blocks.begin(), blocks.begin() + static_cast<std::ptrdiff_t>(drop));
  }
};

Cache& cache() {
  // Never destroyed: buffers may be freed during exit. A fork while another
  // thread holds the mutex would leave the child's copy locked forever: the
  // mutex is held across fork() and released on both sides, as malloc does.
  static Cache* c = [] {
    auto* made = new Cache();
    ::pthread_atfork([] { cache().mutex.lock(); }, [] { cache().mutex.unlock(); },
                     [] { cache().mutex.unlock(); });
    return made;
  }();
  return *c;
}

/// A new block of `size` bytes (a size class). From 4 MiB on it is aligned
/// to 2 MiB and asks the kernel for huge pages, as numpy does for its large
/// arrays: the first touch then faults in and zeroes 2 MiB at a time (a
/// first evaluation of 15 M persons, or one with the cache off, measured
/// 158-173 -> 67-128 ms per call) and a result column spans a few hundred
/// pages instead of tens of thousands.
void* fresh_block(std::size_t size) noexcept {
  if (size < 2 * kHuge) return std::malloc(size);
  void* p = std::aligned_alloc(kHuge, size);  // size is a whole number of huge pages
#if defined(MADV_HUGEPAGE)
  if (p != nullptr) (void)::madvise(p, size, MADV_HUGEPAGE);  // a hint: fine if refused
#endif
  return p;
}

}  // namespace

std::size_t set_buffer_cache_limit(std::size_t bytes) {
  Cache& c = cache();
  const std::scoped_lock lock(c.mutex);
  const std::size_t previous = c.limit;
  c.limit = bytes;
  c.trim(bytes);
  return previous;
}

std::size_t buffer_cache_size() noexcept {
  Cache& c = cache();
  const std::scoped_lock lock(c.mutex);
  return c.held;
}

namespace detail {

void* allocate_buffer(std::size_t bytes) {
  if (bytes < kLarge) {
    void* p = std::malloc(std::max<std::size_t>(bytes, 1));
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  const std::size_t size = size_class(bytes);
  {
    Cache& c = cache();
    const std::scoped_lock lock(c.mutex);
    for (auto it = c.blocks.rbegin(); it != c.blocks.rend();
         ++it) {  // the most recently freed first
      if (it->first == size) {
        void* p = it->second;
        c.held -= size;
        c.blocks.erase(std::next(it).base());
        return p;
      }
    }
  }
  void* p = fresh_block(size);
  if (p == nullptr) {
    // Out of memory: give back what the cache holds and try once more.
    {
      Cache& c = cache();
      const std::scoped_lock lock(c.mutex);
      c.trim(0);
    }
    p = fresh_block(size);
    if (p == nullptr) throw std::bad_alloc();
  }
  return p;
}

void deallocate_buffer(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) return;
  if (bytes < kLarge) {
    std::free(p);
    return;
  }
  const std::size_t size = size_class(bytes);
  Cache& c = cache();
  const std::scoped_lock lock(c.mutex);
  if (size > c.limit) {
    std::free(p);
    return;
  }
  try {
    c.blocks.emplace_back(size, p);
  } catch (...) {  // no room to remember it: just free it
    std::free(p);
    return;
  }
  c.held += size;
  c.trim(c.limit);
}

}  // namespace detail

}  // namespace project8::data
