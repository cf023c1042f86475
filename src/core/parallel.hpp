// Internal: running work on a few threads of its own, for the readers and the
// evaluator (not installed).
#pragma once

#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace project8::core::detail {

/// Runs `work(k)` for k in [0, n): inline when n is 1, else on n threads.
/// Waits for all of them, then rethrows the first failure (in k order).
template <class Work>
void in_parallel(std::size_t n, const Work& work) {
  if (n == 1) {
    work(std::size_t{0});
    return;
  }
  std::vector<std::exception_ptr> failures(n);
  {
    std::vector<std::jthread> pool;
    pool.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
      pool.emplace_back([&work, &failures, k] {
        try {
          work(k);
        } catch (...) {
          failures[k] = std::current_exception();
        }
      });
    }
  }
  for (const auto& f : failures) {
    if (f) std::rethrow_exception(f);
  }
}

}  // namespace project8::core::detail
