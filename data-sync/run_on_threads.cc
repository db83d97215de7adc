#include "data-sync/run_on_threads.h"

#include <exception>
#include <thread>
#include <vector>

namespace relais {

void RunOnThreads(std::span<const std::function<void()>> tasks) {
  std::vector<std::exception_ptr> errors(tasks.size());
  const auto run = [&](size_t i) {
    try {
      tasks[i]();
    } catch (...) {
      errors[i] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (size_t i = 1; i < tasks.size(); ++i) threads.emplace_back(run, i);
  if (!tasks.empty()) run(0);
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace relais
