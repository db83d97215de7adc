#define BOOST_TEST_MODULE background_loop
#include "edge/background_loop.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>

using relais::edge::BackgroundLoop;
using namespace std::chrono_literals;

namespace {

// Waits up to 10 s for `passes` to reach `at_least`: a loaded test machine may be slow, never this slow.
bool Reaches(const std::atomic<int>& passes, int at_least) {
  for (int i = 0; i < 1000 && passes < at_least; ++i) std::this_thread::sleep_for(10ms);
  return passes >= at_least;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_pass_at_start_then_one_per_wake_without_waiting_for_the_period) {
  std::atomic<int> passes = 0;
  BackgroundLoop loop("test", [&] { ++passes; });
  loop.Start(1h);
  BOOST_TEST(Reaches(passes, 1));
  loop.Wake();
  BOOST_TEST(Reaches(passes, 2));
  loop.Wake();
  BOOST_TEST(Reaches(passes, 3));
  loop.Stop();
  const int stopped_at = passes;
  loop.Wake();  // Nothing runs after Stop.
  std::this_thread::sleep_for(50ms);
  BOOST_TEST(passes == stopped_at);
  loop.Stop();  // Idempotent.
}

BOOST_AUTO_TEST_CASE(the_period_brings_the_next_pass) {
  std::atomic<int> passes = 0;
  BackgroundLoop loop("test", [&] { ++passes; });
  loop.Start(10ms);
  BOOST_TEST(Reaches(passes, 5));
}

BOOST_AUTO_TEST_CASE(a_pass_that_throws_is_logged_and_the_loop_goes_on) {
  std::atomic<int> passes = 0;
  BackgroundLoop loop("test", [&] {
    if (++passes == 1) throw std::runtime_error("database is locked");
  });
  loop.Start(1h);
  BOOST_TEST(Reaches(passes, 1));
  loop.Wake();
  BOOST_TEST(Reaches(passes, 2));
}

BOOST_AUTO_TEST_CASE(stop_waits_for_the_running_pass_and_destruction_stops) {
  std::atomic<bool> in_pass = false, finished = false;
  {
    BackgroundLoop loop("test", [&] {
      in_pass = true;
      std::this_thread::sleep_for(100ms);
      finished = true;
    });
    loop.Start(1h);
    for (int i = 0; i < 1000 && !in_pass; ++i) std::this_thread::sleep_for(1ms);
  }  // The destructor stops: it returns only once the pass is over.
  BOOST_TEST(finished.load());
  BackgroundLoop never_started("test", [] {});  // Stopping a loop that never started is fine.
}
