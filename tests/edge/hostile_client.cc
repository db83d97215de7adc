// relais-hostile: attacks a relais-edge on loopback for a bounded time while a normal client measures its
// answers, then prints one JSON line of figures and exits 1 if a bound was broken.
//
//   relais-hostile --port P --pid PID --attack NAME --seconds S [--key MERCHANT_KEY]
//                  [--max-p99-ms 1000] [--max-rss-mb 300]
//
// Attacks (each checks the answers it provokes, too):
//   none        the normal client alone: the baseline the others are compared with
//   bad-utf8    GET /%FF and ?site=%FF, as fast as possible: 400 invalid_encoding, never a 500 or a crash
//   slowloris   64 connections sending one header line every 500 ms, never finishing: each ends in 408
//               once the server's head timeout passes (the test sets it to 2 s)
//   idle        600 connections that send nothing: past the per-client bound they are turned away (503)
//   chunked     4 clients pushing 200 MB chunked bodies without a credential: 401 before the body
//   gzip-bomb   8 clients sending 60 KB of gzip that inflates to 60 MB (merchant key): 413
//   deep-json   8 clients sending 30,000 nested arrays (merchant key): 400 json_too_deep
//   big-header  8 clients sending a 1 MB header: 431
// The normal client opens a connection from 127.0.0.1, asks GET /healthz and reads the answer, every 20 ms;
// it counts an answer slower than 5 s, or none, as a failure. The attackers connect from 127.0.0.2: another
// client address, as on a real network (the server bounds connections per address). Peak memory is the
// server's highest RSS sampled during this attack (and its lifetime high-water mark, VmHWM).
// Loopback only: it connects to 127.0.0.1 and nowhere else.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/edge/deflate_for_tests.h"

namespace {

using Clock = std::chrono::steady_clock;

int g_port = 0;
std::string g_key;
std::atomic<bool> g_stop{false};
std::atomic<long> g_attack_requests{0}, g_attack_unexpected{0};
std::atomic<long> g_timeouts_seen{0}, g_busy_seen{0};  // 408 and 503 answers the attackers received.
std::mutex g_mutex;
std::string g_unexpected_sample;

// A connection to the server, from 127.0.0.2 for the attackers and 127.0.0.1 for the normal client.
int Connect(bool attacker = true) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  if (attacker) {
    // The port is chosen at connect(), as without bind(): ports in TIME_WAIT stay usable.
    const int on = 1;
    setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    from.sin_addr.s_addr = htonl(INADDR_LOOPBACK + 1);
    if (bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
      close(fd);
      return -1;
    }
  }
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(g_port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int yes = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

// Reads until the peer closes or `timeout_ms` passes; returns what came.
std::string ReadAnswer(int fd, int timeout_ms) {
  std::string in;
  const auto until = Clock::now() + std::chrono::milliseconds(timeout_ms);
  char buffer[8192];
  for (;;) {
    const int left =
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count());
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, left) <= 0) break;
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    in.append(buffer, static_cast<size_t>(n));
    // One answer with a Content-Length is enough.
    const size_t head = in.find("\r\n\r\n");
    const size_t length_at = in.find("Content-Length: ");
    if (head != std::string::npos && length_at != std::string::npos && length_at < head) {
      const size_t length = std::stoul(in.substr(length_at + 16));
      if (in.size() >= head + 4 + length) break;
    }
  }
  return in;
}

int StatusOf(const std::string& answer) {
  if (answer.size() < 12 || answer.compare(0, 5, "HTTP/") != 0) return 0;
  return std::atoi(answer.c_str() + 9);
}

// One request on a new connection: the answer's status must be `expected` and its body hold `needle`.
void Expect(const std::string& request, int expected, const std::string& needle, size_t body_bytes_after = 0,
            const std::string& body_chunk = "") {
  const int fd = Connect();
  if (fd < 0) return;
  std::string answer;
  if (SendAll(fd, request)) {
    for (size_t sent = 0; sent < body_bytes_after && !g_stop; sent += body_chunk.size()) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 0) > 0) break;        // Answered before the body: read it.
      if (!SendAll(fd, body_chunk)) break;  // The server refused and closed: as it should.
    }
    answer = ReadAnswer(fd, 5000);
  }
  close(fd);
  ++g_attack_requests;
  const bool ok = StatusOf(answer) == expected && answer.find(needle) != std::string::npos &&
                  answer.find("EXCEPTION_WHAT") == std::string::npos;
  if (!ok) {
    ++g_attack_unexpected;
    std::lock_guard lock(g_mutex);
    if (g_unexpected_sample.empty()) g_unexpected_sample = answer.substr(0, 300);
  }
}

void AttackThreads(const std::string& attack, std::vector<std::thread>* threads) {
  const std::string auth = "Authorization: Bearer " + g_key + "\r\n";
  if (attack == "bad-utf8") {
    for (int t = 0; t < 2; ++t) {
      threads->emplace_back([auth] {
        while (!g_stop) {
          Expect("GET /%FF HTTP/1.1\r\nHost: x\r\n\r\n", 400, "invalid_encoding");
          Expect("GET /v1/stock/P?site=%FF HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n", 400, "invalid_encoding");
          Expect("GET /v1/relays/nearest?postcode=%C0%AF HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n", 400,
                 "invalid_encoding");
        }
      });
    }
  } else if (attack == "slowloris" || attack == "idle") {
    const int count = attack == "slowloris" ? 64 : 600;
    threads->emplace_back([count, attack] {
      std::vector<int> fds;
      while (!g_stop) {
        while (static_cast<int>(fds.size()) < count && !g_stop) {  // The server may close them: reopen.
          const int fd = Connect();
          if (fd < 0) break;
          ++g_attack_requests;  // Connections opened, and header lines sent below.
          if (attack == "slowloris") SendAll(fd, "POST /v1/orders HTTP/1.1\r\nHost: x\r\n");
          fds.push_back(fd);
        }
        for (size_t i = 0; i < fds.size();) {
          // What the server said before closing, if anything: a timeout (408) or a busy server (503).
          char head[16] = {};
          const ssize_t got = recv(fds[i], head, sizeof head - 1, MSG_DONTWAIT);
          if (got > 0 && std::strncmp(head, "HTTP/1.1 408", 12) == 0) ++g_timeouts_seen;
          if (got > 0 && std::strncmp(head, "HTTP/1.1 503", 12) == 0) ++g_busy_seen;
          const bool alive = got <= 0 && (attack == "idle" || SendAll(fds[i], "X-Slow: 1\r\n"));
          if (alive && attack == "slowloris") ++g_attack_requests;
          char probe;
          const bool closed = !alive || recv(fds[i], &probe, 1, MSG_DONTWAIT | MSG_PEEK) == 0;
          if (closed) {
            close(fds[i]);
            fds.erase(fds.begin() + static_cast<long>(i));
          } else {
            ++i;
          }
        }
        for (int k = 0; k < 5 && !g_stop; ++k) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      for (const int fd : fds) close(fd);
    });
  } else if (attack == "chunked") {
    for (int t = 0; t < 4; ++t) {
      threads->emplace_back([] {
        const std::string chunk = "100000\r\n" + std::string(0x100000, 'x') + "\r\n";
        while (!g_stop) {
          Expect(
              "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              "Transfer-Encoding: chunked\r\n\r\n",
              401, "unauthorized", 200u << 20, chunk);
        }
      });
    }
  } else if (attack == "gzip-bomb") {
    const std::string bomb = relais::testing::Compress(std::string(60u << 20, ' '), 16 + MAX_WBITS);
    for (int t = 0; t < 8; ++t) {
      threads->emplace_back([auth, bomb] {
        while (!g_stop) {
          Expect("POST /v1/orders HTTP/1.1\r\nHost: x\r\n" + auth +
                     "Content-Type: application/json\r\nContent-Encoding: gzip\r\nIdempotency-Key: k\r\n"
                     "Content-Length: " +
                     std::to_string(bomb.size()) + "\r\n\r\n" + bomb,
                 413, "payload_too_large");
        }
      });
    }
  } else if (attack == "deep-json") {
    const std::string deep = std::string(30000, '[') + std::string(30000, ']');
    for (int t = 0; t < 8; ++t) {
      threads->emplace_back([auth, deep] {
        while (!g_stop) {
          Expect("POST /v1/orders HTTP/1.1\r\nHost: x\r\n" + auth +
                     "Content-Type: application/json\r\nIdempotency-Key: k\r\nContent-Length: " +
                     std::to_string(deep.size()) + "\r\n\r\n" + deep,
                 400, "json_too_deep");
        }
      });
    }
  } else if (attack == "big-header") {
    for (int t = 0; t < 8; ++t) {
      threads->emplace_back([] {
        const std::string big = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(1u << 20, 'a') + "\r\n\r\n";
        while (!g_stop) Expect(big, 431, "headers_too_large");
      });
    }
  }
}

// A line of /proc/PID/status in kB ("VmRSS:", "VmHWM:"), or -1.
long StatusKb(int pid, const char* field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string attack = "none";
  int seconds = 3, pid = 0;
  double max_p99_ms = 1000, max_rss_mb = 300;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--port") g_port = std::stoi(value);
    if (flag == "--pid") pid = std::stoi(value);
    if (flag == "--attack") attack = value;
    if (flag == "--seconds") seconds = std::clamp(std::stoi(value), 1, 120);
    if (flag == "--key") g_key = value;
    if (flag == "--max-p99-ms") max_p99_ms = std::stod(value);
    if (flag == "--max-rss-mb") max_rss_mb = std::stod(value);
  }
  if (g_port <= 0 || pid <= 0) {
    std::fprintf(stderr, "usage: relais-hostile --port P --pid PID --attack NAME --seconds S [--key K]\n");
    return 2;
  }
  std::vector<std::thread> threads;
  AttackThreads(attack, &threads);
  std::this_thread::sleep_for(std::chrono::milliseconds(attack == "none" ? 0 : 500));  // Let the attack settle.

  // The normal client.
  std::vector<double> latencies_ms;
  long failures = 0, rss_kb = StatusKb(pid, "VmRSS:");
  const auto end = Clock::now() + std::chrono::seconds(seconds);
  while (Clock::now() < end) {
    const auto start = Clock::now();
    const int fd = Connect(false);
    std::string answer;
    if (fd >= 0) {
      if (SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) answer = ReadAnswer(fd, 5000);
      close(fd);
    }
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (StatusOf(answer) == 200) {
      latencies_ms.push_back(ms);
    } else {
      ++failures;
    }
    rss_kb = std::max(rss_kb, StatusKb(pid, "VmRSS:"));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  g_stop = true;
  for (std::thread& t : threads) t.join();

  std::sort(latencies_ms.begin(), latencies_ms.end());
  const auto pct = [&](double p) {
    return latencies_ms.empty()
               ? 0.0
               : latencies_ms[std::min(latencies_ms.size() - 1, static_cast<size_t>(p * latencies_ms.size()))];
  };
  const bool alive = kill(pid, 0) == 0;
  const long hwm_kb = StatusKb(pid, "VmHWM:");
  const double p99 = pct(0.99);
  std::printf(
      "{\"attack\": \"%s\", \"seconds\": %d, \"normal_answered\": %zu, \"normal_failed\": %ld, \"p50_ms\": %.2f, "
      "\"p99_ms\": %.2f, \"max_ms\": %.2f, \"attack_requests\": %ld, \"attack_unexpected\": %ld, "
      "\"timeouts_seen\": %ld, \"busy_seen\": %ld, \"server_alive\": %s, \"peak_rss_mb\": %.1f, "
      "\"lifetime_hwm_mb\": %.1f}\n",
      attack.c_str(), seconds, latencies_ms.size(), failures, pct(0.5), p99,
      latencies_ms.empty() ? 0.0 : latencies_ms.back(), g_attack_requests.load(), g_attack_unexpected.load(),
      g_timeouts_seen.load(), g_busy_seen.load(), alive ? "true" : "false", rss_kb / 1024.0, hwm_kb / 1024.0);
  bool ok = alive && failures == 0 && !latencies_ms.empty() && p99 <= max_p99_ms && rss_kb / 1024.0 <= max_rss_mb &&
            g_attack_unexpected == 0;
  if (!g_unexpected_sample.empty()) std::fprintf(stderr, "unexpected answer: %s\n", g_unexpected_sample.c_str());
  return ok ? 0 : 1;
}
