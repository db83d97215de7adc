#include "edge/http/http_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

namespace relais::edge {

namespace {

using Clock = std::chrono::steady_clock;

// After a refusal, what the client still sends is read and dropped up to this much, then the connection is
// cut: enough for the refusal to reach a well-behaved client, too little to be a sink for a flood.
constexpr size_t kMaxDrainBytes = 256 * 1024;

// One request's bytes in, the answer's bytes out: what cpp-httplib's routing reads and writes instead of
// a socket, so that it never waits for the network.
class MemoryStream : public httplib::Stream {
 public:
  MemoryStream(std::string_view in, std::string* out, const std::string& remote_ip, int remote_port,
               const std::string& local_ip, int local_port)
      : in_(in),
        out_(out),
        remote_ip_(remote_ip),
        remote_port_(remote_port),
        local_ip_(local_ip),
        local_port_(local_port) {}
  bool is_readable() const override { return read_ < in_.size(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, in_.size() - read_);
    std::memcpy(ptr, in_.data() + read_, n);
    read_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_->append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = remote_ip_;
    port = remote_port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = local_ip_;
    port = local_port_;
  }
  // Not a socket: the library only compares it with FD_SETSIZE, which a real descriptor could pass.
  socket_t socket() const override { return INVALID_SOCKET; }

 private:
  std::string_view in_;
  size_t read_ = 0;
  std::string* out_;
  const std::string& remote_ip_;
  int remote_port_;
  const std::string& local_ip_;
  int local_port_;
};

const char* Reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Error";
  }
}

// A whole answer that closes the connection, for what the transport answers itself.
std::string ClosingAnswer(int status, const std::string& json_body, const std::string& request_id) {
  return "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(json_body.size()) +
         (request_id.empty() ? "" : "\r\nX-Request-Id: " + request_id) + "\r\nConnection: close\r\n\r\n" + json_body;
}

std::string RefusalJson(const FramingRefusal& r, const std::string& request_id) {
  nlohmann::json error = {{"code", r.code}, {"message", r.message}};
  if (!r.field.empty()) error["field"] = r.field;
  if (!request_id.empty()) error["request_id"] = request_id;
  return nlohmann::json{{"error", error}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// 16 hex digits: a request id for the answers the transport makes itself (the router makes its own).
std::string TransportRequestId() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(random()));
  return text;
}

std::string AddressText(const sockaddr_storage& address, int* port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&address);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    *port = ntohs(in->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    *port = ntohs(in6->sin6_port);
  }
  return text;
}

}  // namespace

// The I/O thread's state: the connections it owns and the queues to and from the workers.
class HttpServer::Loop {
 public:
  enum class Phase {
    kReading,   // Receiving a request (or idle between two).
    kWorking,   // A worker has the request; the socket is not watched.
    kWriting,   // Sending the answer.
    kDraining,  // Refused and half-closed: unread bytes are discarded so the client reads the refusal.
  };
  struct Connection {
    int fd = -1;
    uint64_t id = 0;
    Phase phase = Phase::kReading;
    std::string in;
    RequestFramer framer;
    bool admitted = false;
    std::string out;
    size_t sent = 0;
    bool close_after_write = false;
    bool detached = false;  // Hung up while a worker had its request: closed when the answer comes.
    size_t requests = 0;
    size_t drained = 0;
    Clock::time_point deadline;
    Clock::time_point first_byte;
    std::string remote_ip, local_ip;
    int remote_port = 0, local_port = 0;
  };
  struct Job {
    int fd;
    uint64_t id;
    std::string request;
    bool close;
    RequestHead head;
    std::string remote_ip, local_ip;
    int remote_port, local_port;
  };
  struct Done {
    int fd;
    uint64_t id;
    std::string answer;
    bool close;
  };

  explicit Loop(HttpServer* server) : s_(server) {}

  bool Run();

 private:
  void Watch(Connection& c, uint32_t events) {
    epoll_event e{};
    e.events = events;
    e.data.fd = c.fd;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &e);
  }
  void AcceptAll();
  void OnSocket(int fd, uint32_t events);
  void ReadFrom(Connection& c);
  void Progress(Connection& c);
  void Refuse(Connection& c, const FramingRefusal& refusal);
  void Dispatch(Connection& c);
  void Send(Connection& c, std::string answer, bool close);
  void Flush(Connection& c);
  void AfterAnswer(Connection& c);
  void Close(int fd);
  void TakeDone();
  void Sweep();
  void WorkerMain();

  HttpServer* s_;
  int epoll_ = -1;
  std::optional<Clock::time_point> accept_paused_until_;
  uint64_t next_id_ = 1;
  std::unordered_map<int, std::unique_ptr<Connection>> connections_;
  std::unordered_map<std::string, size_t> per_client_;  // Open connections per client address.
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<Job> jobs_;
  std::vector<Done> done_;
  bool workers_quit_ = false;
};

HttpServer::HttpServer(HttpRouter* router, size_t workers, TransportLimits limits)
    : router_(router), workers_(workers == 0 ? 1 : workers), limits_(limits) {
  router_->AnnounceKeepAlive(limits_.max_requests_per_connection, limits_.idle_timeout);
  // Made before any thread: Stop() may write to it from another thread at any time.
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

HttpServer::~HttpServer() {
  if (listen_fd_ >= 0) close(listen_fd_);
  if (wake_fd_ >= 0) close(wake_fd_);
}

int HttpServer::Bind(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
  int bound_port = -1;
  for (addrinfo* a = found; a && bound_port < 0; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    // A deep queue: a burst of shoppers must wait in it, not have their handshakes dropped.
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
      close(fd);
      continue;
    }
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    AddressText(address, &bound_port);
    listen_fd_ = fd;
  }
  freeaddrinfo(found);
  return bound_port;
}

bool HttpServer::Serve() {
  if (listen_fd_ < 0 || wake_fd_ < 0) return false;
  loop_ = std::make_unique<Loop>(this);
  return loop_->Run();
}

void HttpServer::Stop() {
  stopping_ = true;
  if (wake_fd_ >= 0) {
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = write(wake_fd_, &one, sizeof one);
  }
}

bool HttpServer::Loop::Run() {
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_ < 0) return false;
  for (const int fd : {s_->listen_fd_, s_->wake_fd_}) {
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.fd = fd;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &e);
  }
  std::vector<std::thread> workers;
  for (size_t i = 0; i < s_->workers_; ++i) workers.emplace_back([this] { WorkerMain(); });

  // A stop lets the requests already received finish, then closes what is left, within this bound.
  constexpr auto kDrainLimit = std::chrono::seconds(10);
  std::optional<Clock::time_point> drain_until;
  auto last_sweep = Clock::now();
  epoll_event events[256];
  for (;;) {
    const int n = epoll_wait(epoll_, events, 256, 100);
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == s_->listen_fd_) {
        AcceptAll();
      } else if (fd == s_->wake_fd_) {
        uint64_t count = 0;
        [[maybe_unused]] const ssize_t r = read(s_->wake_fd_, &count, sizeof count);
        TakeDone();
      } else {
        OnSocket(fd, events[i].events);
      }
    }
    const auto now = Clock::now();
    if (now - last_sweep >= std::chrono::milliseconds(100)) {
      Sweep();
      last_sweep = now;
    }
    if (accept_paused_until_ && now >= *accept_paused_until_ && !s_->stopping_) {
      accept_paused_until_.reset();
      epoll_event e{};
      e.events = EPOLLIN;
      e.data.fd = s_->listen_fd_;
      epoll_ctl(epoll_, EPOLL_CTL_ADD, s_->listen_fd_, &e);
    }
    if (s_->stopping_) {
      if (!drain_until) {
        drain_until = now + kDrainLimit;
        epoll_ctl(epoll_, EPOLL_CTL_DEL, s_->listen_fd_, nullptr);
        close(s_->listen_fd_);
        s_->listen_fd_ = -1;
      }
      // Idle connections go now; the others once answered (AfterAnswer closes them while stopping).
      std::vector<int> idle;
      for (const auto& [fd, c] : connections_) {
        if ((c->phase == Phase::kReading && c->in.empty()) || now > *drain_until) idle.push_back(fd);
      }
      for (const int fd : idle) {
        if (connections_.at(fd)->phase != Phase::kWorking) Close(fd);
      }
      bool working = false;
      for (const auto& [fd, c] : connections_) working = working || c->phase == Phase::kWorking;
      if (connections_.empty() || (now > *drain_until && !working)) break;
    }
  }
  {
    std::lock_guard lock(mutex_);
    workers_quit_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& t : workers) t.join();
  std::vector<int> left;
  for (const auto& [fd, c] : connections_) left.push_back(fd);
  for (const int fd : left) Close(fd);
  close(epoll_);
  return true;
}

void HttpServer::Loop::AcceptAll() {
  for (;;) {
    sockaddr_storage remote{};
    socklen_t size = sizeof remote;
    const int fd = accept4(s_->listen_fd_, reinterpret_cast<sockaddr*>(&remote), &size, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: the listening socket stays readable, so stop watching it for a moment
        // rather than spin; connections closing meanwhile make room.
        epoll_ctl(epoll_, EPOLL_CTL_DEL, s_->listen_fd_, nullptr);
        accept_paused_until_ = Clock::now() + std::chrono::milliseconds(100);
      }
      return;  // EAGAIN: all taken.
    }
    s_->counters_.accepted++;
    int remote_port = 0;
    std::string remote_ip = AddressText(remote, &remote_port);
    const size_t per_client = s_->limits_.max_connections_per_client;
    const bool client_full = per_client > 0 && per_client_[remote_ip] >= per_client;
    if (connections_.size() >= s_->limits_.max_connections || client_full) {
      (client_full ? s_->counters_.refused_client : s_->counters_.refused_busy)++;
      const FramingRefusal busy{503, "server_busy",
                                client_full ? "too many connections from this address: close some first"
                                            : "too many connections: try again in a moment",
                                ""};
      const std::string id = TransportRequestId();
      const std::string answer = ClosingAnswer(503, RefusalJson(busy, id), id);
      [[maybe_unused]] const ssize_t n = send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
      close(fd);
      if (per_client_[remote_ip] == 0) per_client_.erase(remote_ip);
      if (s_->refusal_log_) s_->refusal_log_(busy, nullptr, remote_ip, id);
      continue;
    }
    // Headers and body leave in separate writes: without TCP_NODELAY the body would wait for the
    // client's delayed ACK.
    const int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    c->id = next_id_++;
    c->framer = RequestFramer(s_->limits_.framing);
    c->remote_ip = std::move(remote_ip);
    c->remote_port = remote_port;
    ++per_client_[c->remote_ip];
    sockaddr_storage local{};
    size = sizeof local;
    getsockname(fd, reinterpret_cast<sockaddr*>(&local), &size);
    c->local_ip = AddressText(local, &c->local_port);
    c->deadline = Clock::now() + s_->limits_.head_timeout;
    epoll_event e{};
    e.events = EPOLLIN | EPOLLRDHUP;
    e.data.fd = fd;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &e);
    connections_[fd] = std::move(c);
    s_->counters_.open_connections = static_cast<int64_t>(connections_.size());
  }
}

void HttpServer::Loop::OnSocket(int fd, uint32_t events) {
  const auto it = connections_.find(fd);
  if (it == connections_.end()) return;
  Connection& c = *it->second;
  switch (c.phase) {
    case Phase::kReading:
    case Phase::kDraining:
      ReadFrom(c);
      break;
    case Phase::kWriting:
      if (events & (EPOLLERR | EPOLLHUP)) {
        Close(fd);
      } else {
        Flush(c);
      }
      break;
    case Phase::kWorking:  // Its answer comes back through TakeDone.
      if (events & (EPOLLERR | EPOLLHUP)) {
        // Level-triggered hang-ups would wake the loop again and again until then: stop watching.
        epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
        c.detached = true;
      }
      break;
  }
}

void HttpServer::Loop::ReadFrom(Connection& c) {
  char buffer[16 * 1024];
  for (;;) {
    const ssize_t n = recv(c.fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      if (c.phase == Phase::kDraining) {  // Discarded, up to a bound: the refusal is already on its way.
        c.drained += static_cast<size_t>(n);
        if (c.drained > kMaxDrainBytes) {
          Close(c.fd);
          return;
        }
        continue;
      }
      if (c.in.empty()) {
        c.first_byte = Clock::now();
        c.deadline = c.first_byte + s_->limits_.head_timeout;
      }
      c.in.append(buffer, static_cast<size_t>(n));
      const int fd = c.fd;
      Progress(c);
      if (!connections_.contains(fd) || c.phase != Phase::kReading) return;  // Closed, refused or dispatched.
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n < 0 && errno == EINTR) continue;
    Close(c.fd);  // The peer closed (or failed) before sending a whole request: nothing to answer.
    return;
  }
}

void HttpServer::Loop::Progress(Connection& c) {
  RequestFramer::State state = c.framer.Advance(c.in);
  if (state == RequestFramer::State::kRefused) {
    s_->counters_.refused_framing++;
    Refuse(c, c.framer.refusal());
    return;
  }
  if (c.framer.head_done() && !c.admitted) {
    c.admitted = true;
    if (s_->admit_) {
      if (const std::optional<FramingRefusal> refusal = s_->admit_(c.framer.head())) {
        s_->counters_.refused_admission++;
        Refuse(c, *refusal);
        return;
      }
    }
    c.deadline = c.first_byte + s_->limits_.body_timeout;
    state = c.framer.Advance(c.in);  // The body bytes already here.
    if (state == RequestFramer::State::kRefused) {
      s_->counters_.refused_framing++;
      Refuse(c, c.framer.refusal());
      return;
    }
    if (state == RequestFramer::State::kBody && c.framer.head().expects_continue) {
      static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
      // A few bytes on an idle socket; if even these cannot leave, the client is gone or hostile.
      if (send(c.fd, kContinue, sizeof kContinue - 1, MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof kContinue - 1)) {
        Close(c.fd);
        return;
      }
    }
  }
  if (state == RequestFramer::State::kComplete) Dispatch(c);
}

void HttpServer::Loop::Refuse(Connection& c, const FramingRefusal& refusal) {
  const std::string id = TransportRequestId();
  if (s_->refusal_log_) s_->refusal_log_(refusal, c.framer.head_done() ? &c.framer.head() : nullptr, c.remote_ip, id);
  Send(c, ClosingAnswer(refusal.status, RefusalJson(refusal, id), id), true);
}

void HttpServer::Loop::Dispatch(Connection& c) {
  {
    std::lock_guard lock(mutex_);
    if (jobs_.size() >= s_->limits_.max_queued) {
      s_->counters_.refused_busy++;
      Refuse(c, {503, "server_busy", "the server is saturated: try again in a moment", ""});
      return;
    }
    ++c.requests;
    const bool close =
        !c.framer.head().keep_alive || c.requests >= s_->limits_.max_requests_per_connection || s_->stopping_;
    jobs_.push_back({c.fd, c.id, c.framer.normalized(), close, c.framer.head(), c.remote_ip, c.local_ip, c.remote_port,
                     c.local_port});
  }
  work_ready_.notify_one();
  c.in.erase(0, c.framer.consumed());  // What follows is the next request, pipelined: read after this one.
  c.framer.Reset();
  c.admitted = false;
  c.phase = Phase::kWorking;
  Watch(c, 0);
}

void HttpServer::Loop::Send(Connection& c, std::string answer, bool close) {
  c.out = std::move(answer);
  c.sent = 0;
  c.close_after_write = close;
  c.phase = Phase::kWriting;
  c.deadline = Clock::now() + s_->limits_.write_timeout;
  Flush(c);
}

void HttpServer::Loop::Flush(Connection& c) {
  while (c.sent < c.out.size()) {
    const ssize_t n = send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (n > 0) {
      c.sent += static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      Watch(c, EPOLLOUT);
      return;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      Close(c.fd);
      return;
    }
  }
  AfterAnswer(c);
}

void HttpServer::Loop::AfterAnswer(Connection& c) {
  std::string().swap(c.out);
  c.sent = 0;
  if (c.close_after_write || s_->stopping_) {
    // Half-close and discard what the client still sends, briefly: closing with unread bytes would reset
    // the connection and could destroy the answer before the client reads it.
    shutdown(c.fd, SHUT_WR);
    c.phase = Phase::kDraining;
    c.in.clear();
    c.drained = 0;
    c.deadline = Clock::now() + std::chrono::seconds(2);
    Watch(c, EPOLLIN | EPOLLRDHUP);
    ReadFrom(c);
    return;
  }
  c.phase = Phase::kReading;
  c.deadline = Clock::now() + (c.in.empty() ? s_->limits_.idle_timeout : s_->limits_.head_timeout);
  if (!c.in.empty()) c.first_byte = Clock::now();
  Watch(c, EPOLLIN | EPOLLRDHUP);
  const int fd = c.fd;
  if (!c.in.empty()) Progress(c);  // A pipelined request already here.
  if (connections_.contains(fd) && c.phase == Phase::kReading) ReadFrom(c);
}

void HttpServer::Loop::Close(int fd) {
  epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
  close(fd);
  if (const auto it = connections_.find(fd); it != connections_.end()) {
    const auto client = per_client_.find(it->second->remote_ip);
    if (client != per_client_.end() && --client->second == 0) per_client_.erase(client);
  }
  connections_.erase(fd);
  s_->counters_.open_connections = static_cast<int64_t>(connections_.size());
}

void HttpServer::Loop::TakeDone() {
  std::vector<Done> done;
  {
    std::lock_guard lock(mutex_);
    done.swap(done_);
  }
  for (Done& d : done) {
    const auto it = connections_.find(d.fd);
    if (it == connections_.end() || it->second->id != d.id) continue;
    if (it->second->detached) {
      Close(d.fd);
      continue;
    }
    Send(*it->second, std::move(d.answer), d.close);
  }
}

void HttpServer::Loop::Sweep() {
  const auto now = Clock::now();
  std::vector<int> expired;
  for (const auto& [fd, c] : connections_) {
    if (c->phase != Phase::kWorking && now > c->deadline) expired.push_back(fd);
  }
  for (const int fd : expired) {
    Connection& c = *connections_.at(fd);
    if (c.phase == Phase::kReading && !c.in.empty()) {
      s_->counters_.timed_out++;
      Refuse(c, {408, "request_timeout", "the request did not arrive in time", ""});
    } else {
      if (c.phase == Phase::kWriting) s_->counters_.timed_out++;
      Close(fd);
    }
  }
}

void HttpServer::Loop::WorkerMain() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return workers_quit_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    std::string answer;
    bool close = job.close;
    try {
      MemoryStream stream(job.request, &answer, job.remote_ip, job.remote_port, job.local_ip, job.local_port);
      bool closed = false;
      if (!s_->router_->process_request(stream, job.close, closed, nullptr)) close = true;
      close = close || closed;
    } catch (const std::exception& e) {
      // Past every handler (the access log, the error handler): answer 500 unless the answer already left.
      s_->counters_.worker_faults++;
      if (answer.empty()) {
        answer = ClosingAnswer(500, s_->fault_report_ ? s_->fault_report_(job.head, e.what()) : "{}", "");
      }
      close = true;
    } catch (...) {
      s_->counters_.worker_faults++;
      if (answer.empty()) answer = ClosingAnswer(500, s_->fault_report_ ? s_->fault_report_(job.head, "?") : "{}", "");
      close = true;
    }
    if (answer.empty()) close = true;  // Nothing to send (the library saw no request): just close.
    {
      std::lock_guard lock(mutex_);
      done_.push_back({job.fd, job.id, std::move(answer), close});
    }
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = write(s_->wake_fd_, &one, sizeof one);
  }
}

}  // namespace relais::edge
