// A background worker: a thread that runs one pass of work, then sleeps until its period has passed, Wake()
// is called or Stop() is. The notifier (sending the outbox) and the carrier poller run on one each.
//
// A pass that throws is logged (one JSON line on stderr, as the server logs) and the loop goes on: the next
// pass tries again, so a database that is briefly busy never stops notifications or tracking.
#ifndef RELAIS_EDGE_BACKGROUND_LOOP_H_
#define RELAIS_EDGE_BACKGROUND_LOOP_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace relais::edge {

class BackgroundLoop {
 public:
  // `name` prefixes the logged errors of `pass` ("notifications", "carrier polling").
  BackgroundLoop(std::string name, std::function<void()> pass);
  ~BackgroundLoop();  // Stops.
  BackgroundLoop(const BackgroundLoop&) = delete;
  BackgroundLoop& operator=(const BackgroundLoop&) = delete;

  // Starts the thread: a pass at once, then one every `period` and after each Wake(). At most once.
  void Start(std::chrono::milliseconds period);
  // Asks for a pass now (or right after the running one), without waiting for the period.
  void Wake();
  // Lets the running pass finish, then ends the thread. Idempotent; no pass runs after it returns.
  void Stop();

 private:
  void Run(std::chrono::milliseconds period);

  const std::string name_;
  const std::function<void()> pass_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_BACKGROUND_LOOP_H_
