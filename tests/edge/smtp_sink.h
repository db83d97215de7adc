// tests/edge/smtp_sink.py as a child process, for the tests that send e-mail (notifications, pickup
// requests): its port, and the messages it received.
#ifndef RELAIS_TESTS_EDGE_SMTP_SINK_H_
#define RELAIS_TESTS_EDGE_SMTP_SINK_H_

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace relais::testing {

class SmtpSink {
 public:
  explicit SmtpSink(const std::string& out) : out_(out) {
    int pipe_fds[2];
    BOOST_REQUIRE(pipe(pipe_fds) == 0);
    pid_ = fork();
    BOOST_REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      dup2(pipe_fds[1], STDOUT_FILENO);
      close(pipe_fds[0]);
      execl("/usr/bin/python3", "python3", "tests/edge/smtp_sink.py", out.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(pipe_fds[1]);
    FILE* in = fdopen(pipe_fds[0], "r");
    char line[128] = {};
    BOOST_REQUIRE_MESSAGE(std::fgets(line, sizeof line, in), "the SMTP sink did not start (python3-aiosmtpd?)");
    std::fclose(in);
    port_ = nlohmann::json::parse(line).at("port");
  }
  ~SmtpSink() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  int port() const { return port_; }
  // {mail_from, rcpt_tos, subject, from, to, message_id, body, attachments: [{filename, content_type, size, path}]}.
  std::vector<nlohmann::json> Messages() const {
    std::vector<nlohmann::json> messages;
    std::ifstream in(out_);
    for (std::string line; std::getline(in, line);) messages.push_back(nlohmann::json::parse(line));
    return messages;
  }

 private:
  std::string out_;
  pid_t pid_ = 0;
  int port_ = 0;
};

// Waits up to 15 s for `done`.
template <typename Done>
bool Eventually(Done done) {
  for (int i = 0; i < 300; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

}  // namespace relais::testing

#endif  // RELAIS_TESTS_EDGE_SMTP_SINK_H_
