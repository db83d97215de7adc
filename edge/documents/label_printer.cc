// Raw printing on a TCP socket, every step bounded by one deadline: connect (non-blocking, then poll), write
// (poll for room), then half-close and wait for the printer to have everything. That last step matters: a
// socket closed while the peer has not acknowledged all of its data, or with bytes from the peer unread, may
// be reset, and a reset throws away what the printer had not taken yet -- the end of the label.
//
// Name resolution (getaddrinfo) is the one step the deadline cannot bound; printers are usually configured
// by address, which resolves at once.
#include "edge/documents/label_printer.h"

#include <fcntl.h>
#include <linux/sockios.h>
#include <netdb.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

namespace relais::edge {

namespace {

using Clock = std::chrono::steady_clock;

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

struct AddrInfoDeleter {
  void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

// "10.0.0.7:9100", "[fe80::1]:9100".
std::string Where(const LabelPrinter& printer) {
  const bool v6 = printer.host.find(':') != std::string::npos;
  return (v6 ? "[" + printer.host + "]" : printer.host) + ":" + std::to_string(printer.port);
}

std::string Duration(int ms) { return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms"; }

int RemainingMs(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// Waits for `events` on `fd` until the deadline: true when they came, false on timeout (errno 0) or
// failure (errno set).
bool Await(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int n = poll(&p, 1, RemainingMs(deadline));
    if (n > 0) return true;
    if (n == 0) {
      errno = 0;
      return false;
    }
    if (errno != EINTR) return false;
  }
}

// The system's reason, for staff: refused, unreachable, reset...
std::string Failure(const std::string& where, int error) {
  if (error == ECONNREFUSED)
    return "connection refused by printer " + where + ": is it on, and does it take raw printing on that port?";
  return "printer " + where + ": " + std::strerror(error);
}

// A connected socket to one of the host's addresses in `fd`, or what failed.
std::string Connect(const LabelPrinter& printer, Clock::time_point deadline, int& fd) {
  const std::string where = Where(printer);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(printer.port);
  if (const int rc = getaddrinfo(printer.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    return "printer " + where + ": cannot find the host (" + gai_strerror(rc) + ")";
  const std::unique_ptr<addrinfo, AddrInfoDeleter> addresses(found);
  std::string error = "printer " + where + ": the host has no address";
  for (const addrinfo* a = addresses.get(); a != nullptr; a = a->ai_next) {
    const int s = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (s < 0) return Failure(where, errno);
    if (connect(s, a->ai_addr, a->ai_addrlen) == 0) {
      fd = s;
      return "";
    }
    int status = errno;
    if (status == EINPROGRESS) {
      if (!Await(s, POLLOUT, deadline)) {
        status = errno;
        close(s);
        if (status == 0) return "printer " + where + " did not answer within " + Duration(printer.timeout_ms);
        return Failure(where, status);
      }
      socklen_t length = sizeof status;
      if (getsockopt(s, SOL_SOCKET, SO_ERROR, &status, &length) != 0) status = errno;
      if (status == 0) {
        fd = s;
        return "";
      }
    }
    close(s);
    error = Failure(where, status);  // Try the host's next address, if any.
  }
  return error;
}

std::string WriteAll(int fd, const std::string& data, const std::string& where, Clock::time_point deadline,
                     int timeout_ms) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return Failure(where, errno);
    if (!Await(fd, POLLOUT, deadline)) {
      if (errno != 0) return Failure(where, errno);
      return "printer " + where + " stopped taking the label: " + std::to_string(sent) + " of " +
             std::to_string(data.size()) + " bytes sent within " + Duration(timeout_ms);
    }
  }
  return "";
}

// After our half-close: done once the printer has acknowledged every byte (the kernel's send queue is
// empty) or closed its side, reading whatever it sent so that closing does not reset the connection.
std::string AwaitDelivery(int fd, const std::string& where, Clock::time_point deadline, int timeout_ms) {
  char sink[512];
  for (;;) {
    int unacknowledged = 0;
    if (ioctl(fd, SIOCOUTQ, &unacknowledged) == 0 && unacknowledged == 0) return "";
    pollfd p{fd, POLLIN, 0};
    const int wait_ms = std::min(RemainingMs(deadline), 20);  // Short: the queue empties without an event.
    const int n = poll(&p, 1, wait_ms);
    if (n < 0 && errno != EINTR) return Failure(where, errno);
    if (n > 0) {
      const ssize_t got = recv(fd, sink, sizeof sink, 0);
      if (got == 0) return "";
      if (got < 0 && errno != EINTR && errno != EAGAIN) return Failure(where, errno);
    }
    if (RemainingMs(deadline) == 0)
      return "printer " + where + " did not acknowledge the end of the label within " + Duration(timeout_ms);
  }
}

}  // namespace

std::string SendToPrinter(const LabelPrinter& printer, const std::string& zpl) {
  const std::string where = Where(printer);
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(printer.timeout_ms);
  int fd = -1;
  if (std::string error = Connect(printer, deadline, fd); !error.empty()) return error;
  const Socket connected(fd);  // Closed on every return below.
  if (std::string error = WriteAll(fd, zpl, where, deadline, printer.timeout_ms); !error.empty()) return error;
  if (shutdown(fd, SHUT_WR) != 0) return Failure(where, errno);
  return AwaitDelivery(fd, where, deadline, printer.timeout_ms);
}

}  // namespace relais::edge
