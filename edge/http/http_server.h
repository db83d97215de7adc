// HttpServer: relais-edge's transport. One thread owns every socket (epoll): it accepts, reads each request
// under deadlines and size limits (RequestFramer), and only a *complete* request goes to a worker, which
// runs cpp-httplib's routing on bytes already in memory and writes the answer into memory; the I/O thread
// sends it. A worker therefore never waits for a client: slow senders, slow readers and idle keep-alive
// connections cost a socket and a few kilobytes, never a worker (cpp-httplib 0.11's own loop gives each
// connection a worker for as long as the client keeps it, with no deadline for the headers).
//
// What is bounded, and how it is refused (each a JSON error, then the connection is closed):
//   connections (max_connections): over it, 503 at once;  requests waiting for a worker (max_queued): 503;
//   head (request line + headers) and body: 431 / 413, whatever the transfer or content encoding;
//   time to send the head (head_timeout) and the rest (body_timeout), from the request's first byte: 408;
//   idle keep-alive (idle_timeout) and a client that does not read its answer (write_timeout): closed.
// `admit` runs when a head is complete, before any body byte is read or "100 Continue" is sent: it may
// refuse (an unknown credential, say), so a body nobody will read is never received.
//
// Thread-safety: Bind, then Serve on one thread; Stop from any thread (Serve returns once the requests
// in flight are answered). The router must outlive the server.
#ifndef RELAIS_EDGE_HTTP_HTTP_SERVER_H_
#define RELAIS_EDGE_HTTP_HTTP_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "edge/http/request_framing.h"

namespace relais::edge {

// cpp-httplib's routing, reachable for one request held in memory: process_request is protected in the
// library, and the library's socket loop (process_and_close_socket) is what this transport replaces.
class HttpRouter : public httplib::Server {
 public:
  using httplib::Server::process_request;
  // Sets the Keep-Alive header the library writes, so that it tells the transport's real limits.
  void AnnounceKeepAlive(size_t max_requests, std::chrono::milliseconds idle) {
    keep_alive_max_count_ = max_requests;
    keep_alive_timeout_sec_ = static_cast<time_t>(std::chrono::duration_cast<std::chrono::seconds>(idle).count());
  }
};

struct TransportLimits {
  size_t max_connections = 512;  // Open sockets; the process needs a few more descriptors than this.
  // Open sockets from one client address: a single client cannot take every slot. Behind a reverse proxy
  // every connection comes from the proxy's address: set 0 (no per-client bound; the proxy keeps its own).
  size_t max_connections_per_client = 128;
  size_t max_queued = 256;  // Complete requests waiting for a worker.
  size_t max_requests_per_connection = 1000;
  std::chrono::milliseconds head_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{5'000};
  std::chrono::milliseconds write_timeout{10'000};
  FramingLimits framing;
};

// The transport's own counters, for /metrics.
struct TransportCounters {
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> refused_busy{0};       // 503: too many connections or queued requests.
  std::atomic<uint64_t> refused_client{0};     // 503: too many connections from one client address.
  std::atomic<uint64_t> refused_admission{0};  // Refused on the head by the admission (401 before the body).
  std::atomic<uint64_t> refused_framing{0};    // 4xx/5xx from the framer (sizes, encodings, smuggling).
  std::atomic<uint64_t> timed_out{0};          // 408 or closed: head, body or write deadline.
  std::atomic<uint64_t> worker_faults{0};      // An exception escaped the router: answered 500.
  std::atomic<int64_t> open_connections{0};
};

class HttpServer {
 public:
  // A refusal sent before the body is read: status and JSON error.
  using Admission = std::function<std::optional<FramingRefusal>(const RequestHead&)>;
  // Called on the I/O thread for every answer the transport makes itself (a refusal, a timeout, a busy
  // server): the refusal, the head when it was read (else null), the client's address and the answer's
  // request id (also sent as X-Request-Id). For the access log and the metrics.
  using RefusalLog = std::function<void(const FramingRefusal&, const RequestHead*, const std::string& remote,
                                        const std::string& request_id)>;
  // Called for a request the router itself failed on (an exception outside any handler): returns the
  // answer's JSON body; the transport sends it as a 500.
  using FaultReport = std::function<std::string(const RequestHead&, const std::string& what)>;

  HttpServer(HttpRouter* router, size_t workers, TransportLimits limits);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void set_admission(Admission admit) { admit_ = std::move(admit); }
  void set_fault_report(FaultReport report) { fault_report_ = std::move(report); }
  void set_refusal_log(RefusalLog log) { refusal_log_ = std::move(log); }

  // Binds host:port (0: any free port) with a deep listen queue. Returns the port, or -1.
  int Bind(const std::string& host, int port);
  // Serves until Stop(). Returns false if it could not start.
  bool Serve();
  void Stop();

  const TransportCounters& counters() const { return counters_; }

 private:
  class Loop;
  HttpRouter* router_;
  size_t workers_;
  TransportLimits limits_;
  Admission admit_;
  FaultReport fault_report_;
  RefusalLog refusal_log_;
  TransportCounters counters_;
  int listen_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: Stop() and finished requests wake the I/O thread.
  std::atomic<bool> stopping_{false};
  std::unique_ptr<Loop> loop_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_HTTP_SERVER_H_
