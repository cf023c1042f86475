/// \file
/// The library's large buffers (internal, included by data/table.hpp): memory
/// handed out uninitialised through a cache of freed large buffers, so that
/// repeated evaluations of millions of persons reuse pages already mapped.
/// data/table.hpp has the public controls (set_buffer_cache_limit(), buffer_cache_size()).
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace project8::data {

namespace detail {
/// Memory for `bytes` (uninitialised): from the cache of freed large buffers
/// when one of the same size class is there. Throws std::bad_alloc.
[[nodiscard]] void* allocate_buffer(std::size_t bytes);
/// Gives back memory from allocate_buffer() of the same `bytes`.
void deallocate_buffer(void* p, std::size_t bytes) noexcept;
}  // namespace detail

/// An allocator that leaves new elements default-initialised (for numbers: not
/// zero-filled), for large result buffers the library writes in full anyway:
/// pages are then first touched by the threads that fill them. Large
/// allocations go through the buffer cache (see set_buffer_cache_limit()).
template <class T>
struct UninitAllocator : std::allocator<T> {
  /// The element type.
  using value_type = T;
  /// The same allocator for another element type.
  template <class U>
  struct rebind {
    using other = UninitAllocator<U>;  ///< The rebound allocator.
  };
  /// The allocator (stateless).
  UninitAllocator() noexcept = default;
  /// Converting constructor (allocators of all element types are equal).
  template <class U>
  explicit UninitAllocator(const UninitAllocator<U>&) noexcept {}
  /// Room for `n` elements (not constructed).
  [[nodiscard]] T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    static_assert(alignof(T) <= alignof(std::max_align_t), "buffers are aligned as malloc aligns");
    return static_cast<T*>(detail::allocate_buffer(n * sizeof(T)));
  }
  /// Gives back room for `n` elements from allocate().
  void deallocate(T* p, std::size_t n) noexcept { detail::deallocate_buffer(p, n * sizeof(T)); }
  /// Constructs with arguments, or default-initialises when there are none.
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    if constexpr (sizeof...(Args) == 0) {
      ::new (static_cast<void*>(p)) U;
    } else {
      ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
  }
};

/// A vector whose resize() does not zero-fill (see UninitAllocator).
template <class T>
using Buffer = std::vector<T, UninitAllocator<T>>;

}  // namespace project8::data
