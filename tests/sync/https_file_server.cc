// An HTTPS file server for relais-sync's tests, on loopback only (cpp-httplib, the library edge serves
// with).
//
//   https_file_server ROOT PORT CERT KEY
//
// GET /plain/NAME         ROOT/NAME (byte ranges honoured, so downloads can resume);
// GET /cut-once/NAME      half of the body then a dropped connection the first time, then as /plain;
// GET /cut-always/NAME    always drops the connection half-way;
// GET /pages/NAME?page=N  ROOT/NAME-N.json (a paged API).
#include <httplib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <sstream>
#include <string>

namespace {

// The file's bytes, or false when `name` is not a plain file right under `root`.
bool ReadRootFile(const std::string& root, const std::string& name, std::string* bytes) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") return false;
  const std::filesystem::path path = std::filesystem::path(root) / name;
  if (!std::filesystem::is_regular_file(path)) return false;
  std::ifstream in(path, std::ios::binary);
  bytes->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return static_cast<bool>(in) || in.eof();
}

// Sends the first half of what was asked for, then fails the write: cpp-httplib drops the connection.
void ServeHalfThenDrop(std::string body, httplib::Response* res) {
  const size_t size = body.size();
  res->set_content_provider(size, "application/octet-stream",
                            [body = std::move(body)](size_t offset, size_t length, httplib::DataSink& sink) {
                              const size_t half = offset + length / 2;
                              if (offset < half) sink.write(body.data() + offset, half - offset);
                              return false;
                            });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: https_file_server ROOT PORT CERT KEY\n");
    return 2;
  }
  const std::string root = argv[1];
  const int port = std::stoi(argv[2]);
  httplib::SSLServer server(argv[3], argv[4]);
  if (!server.is_valid()) {
    std::fprintf(stderr, "https_file_server: cannot load %s / %s\n", argv[3], argv[4]);
    return 1;
  }
  std::mutex mutex;
  std::map<std::string, int> requests_seen;
  server.Get(R"(/(plain|cut-once|cut-always|pages)/([^/]+))", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string mode = req.matches[1], name = req.matches[2];
    const std::string file = mode == "pages" ? name + "-" + req.get_param_value("page") + ".json" : name;
    std::string body;
    if (!ReadRootFile(root, file, &body)) {
      res.status = 404;
      return;
    }
    int seen = 0;
    {
      const std::lock_guard<std::mutex> lock(mutex);
      seen = requests_seen[req.path]++;
    }
    if (mode == "cut-always" || (mode == "cut-once" && seen == 0)) {
      ServeHalfThenDrop(std::move(body), &res);
    } else {
      res.set_content(body, "application/octet-stream");  // cpp-httplib answers Range requests itself.
    }
  });
  if (!server.listen("127.0.0.1", port)) {
    std::fprintf(stderr, "https_file_server: cannot listen on 127.0.0.1:%d\n", port);
    return 1;
  }
}
