// SendToPrinter against listeners on 127.0.0.1: one that takes the label, a port nobody listens on, one that
// never reads, one whose queue is full. Every error must name the printer and come within the timeout.
#include "edge/documents/label_printer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BOOST_TEST_MODULE label_printer_test
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "edge/documents/label_zpl.h"

namespace relais::edge {
namespace {

using Clock = std::chrono::steady_clock;

// A TCP socket bound to 127.0.0.1 on a port the system picks; listening with `backlog` unless it is
// negative; `receive_buffer` bytes of SO_RCVBUF when positive (set before listen: accepted sockets inherit
// it).
class LoopbackSocket {
 public:
  explicit LoopbackSocket(int backlog, int receive_buffer = 0) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    if (receive_buffer > 0) setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    if (backlog >= 0) listen(fd_, backlog);
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~LoopbackSocket() { close(fd_); }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;

  int fd() const { return fd_; }
  int port() const { return port_; }
  LabelPrinter Printer(int timeout_ms) const { return LabelPrinter{"127.0.0.1", port_, timeout_ms}; }

 private:
  int fd_;
  int port_ = 0;
};

// What the first connection to `listener` sends until it closes (at most 10 s, so a test cannot hang).
std::string ReceiveOne(int listener) {
  pollfd p{listener, POLLIN, 0};
  if (poll(&p, 1, 10000) != 1) return "no connection";
  const int fd = accept(listener, nullptr, nullptr);
  std::string received;
  char buffer[65536];
  for (;;) {
    pollfd q{fd, POLLIN, 0};
    if (poll(&q, 1, 10000) != 1) break;
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    received.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  return received;
}

// Labels until `bytes`: a printer's batch.
std::string LargeZpl(size_t bytes) {
  LabelLayout layout;
  layout.texts = {{4, 4, 3, false, "Expéditeur"}, {4, 22, 3, true, "Point relais – Consigne"}};
  layout.boxes = {{2, 2, 96, 146, 0.4}};
  layout.barcodes = {LabelBarcode{LabelBarcode::Symbology::kCode128, 15, 90, 20, 0.5, "6M00000000017"}};
  std::string zpl;
  while (zpl.size() < bytes) zpl += LabelZpl(layout, 203);
  return zpl;
}

struct Outcome {
  std::string error;
  double seconds = 0;
};

Outcome Send(const LabelPrinter& printer, const std::string& zpl) {
  const Clock::time_point start = Clock::now();
  Outcome outcome{SendToPrinter(printer, zpl)};
  outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  BOOST_TEST_MESSAGE("after " << outcome.seconds << " s: \"" << outcome.error << "\"");
  return outcome;
}

BOOST_AUTO_TEST_CASE(the_printer_receives_every_byte) {
  const LoopbackSocket listener(8);
  std::future<std::string> received = std::async(std::launch::async, ReceiveOne, listener.fd());
  const std::string zpl = LargeZpl(200 * 1024);
  const Outcome outcome = Send(listener.Printer(5000), zpl);
  BOOST_TEST(outcome.error == "");
  const std::string got = received.get();
  BOOST_TEST(got.size() == zpl.size());
  BOOST_TEST((got == zpl));
}

BOOST_AUTO_TEST_CASE(nothing_listening_is_refused) {
  const LoopbackSocket bound(-1);  // Holds the port, so that nothing else listens on it meanwhile.
  const LabelPrinter printer = bound.Printer(300);
  const Outcome outcome = Send(printer, "^XA^XZ\n");
  BOOST_TEST(outcome.error.find("refused") != std::string::npos, outcome.error);
  BOOST_TEST(outcome.error.find("127.0.0.1:" + std::to_string(printer.port)) != std::string::npos, outcome.error);
  BOOST_TEST(outcome.seconds < 5);
}

// The printer accepts the connection (the system does, for a listener) but never reads: once its small
// receive buffer and ours are full, writing blocks until the deadline.
BOOST_AUTO_TEST_CASE(a_printer_that_stops_reading_times_out) {
  const LoopbackSocket listener(8, 4096);
  const LabelPrinter printer = listener.Printer(300);
  const Outcome outcome = Send(printer, std::string(32 << 20, 'Z'));
  BOOST_TEST(outcome.error.find("stopped taking the label") != std::string::npos, outcome.error);
  BOOST_TEST(outcome.error.find("127.0.0.1:" + std::to_string(printer.port)) != std::string::npos, outcome.error);
  BOOST_TEST(outcome.error.find("300 ms") != std::string::npos, outcome.error);
  BOOST_TEST(outcome.seconds >= 0.25);
  BOOST_TEST(outcome.seconds < 5);
}

// A listener whose queue of connections is full drops new handshakes: the host does not answer.
BOOST_AUTO_TEST_CASE(a_printer_that_does_not_answer_times_out) {
  const LoopbackSocket listener(0);
  std::vector<int> queued;  // Fill the queue (Linux takes backlog + 1) and never accept.
  for (int i = 0; i < 3; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(listener.port()));
    connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    queued.push_back(fd);
  }
  const LabelPrinter printer = listener.Printer(300);
  const Outcome outcome = Send(printer, "^XA^XZ\n");
  BOOST_TEST(outcome.error.find("127.0.0.1:" + std::to_string(printer.port)) != std::string::npos, outcome.error);
  BOOST_TEST(outcome.error.find("within 300 ms") != std::string::npos, outcome.error);
  BOOST_TEST(outcome.seconds >= 0.25);
  BOOST_TEST(outcome.seconds < 5);
  for (const int fd : queued) close(fd);
}

}  // namespace
}  // namespace relais::edge
