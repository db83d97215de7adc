#include "edge/background_loop.h"

#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>
#include <utility>

namespace relais::edge {

BackgroundLoop::BackgroundLoop(std::string name, std::function<void()> pass)
    : name_(std::move(name)), pass_(std::move(pass)) {}

BackgroundLoop::~BackgroundLoop() { Stop(); }

void BackgroundLoop::Start(std::chrono::milliseconds period) {
  thread_ = std::thread([this, period] { Run(period); });
}

void BackgroundLoop::Run(std::chrono::milliseconds period) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    lock.unlock();
    try {
      pass_();
    } catch (const std::exception& e) {  // Logged; the next pass tries again.
      std::cerr << nlohmann::json{{"level", "error"}, {"message", name_ + ": " + e.what()}}.dump() << "\n";
    }
    lock.lock();
    wake_.wait_for(lock, period, [this] { return stop_ || woken_; });
    woken_ = false;
  }
}

void BackgroundLoop::Wake() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void BackgroundLoop::Stop() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace relais::edge
