// RequestFramer: finds where one HTTP/1.1 request ends in the bytes a client sent, before any worker or
// handler sees it, and refuses what would cost memory or a worker: an oversized head, a body over the limit
// whatever its transfer or content encoding, framing that smuggles (Content-Length and Transfer-Encoding
// together, two different lengths), bytes that are not UTF-8 in the path, the query or a header value.
//
// Bytes are fed as they arrive; the framer keeps its place, so a client sending one byte at a time costs
// linear work. When the request is complete, normalized() is the same request as the application should
// read it: the request line and headers, without Transfer-Encoding, Content-Encoding and Expect, with a
// Content-Length, then the body de-chunked and inflated (gzip or deflate). The HTTP library behind it
// therefore never reads a chunk, a compressed stream or an unbounded body.
//
// Limits: the head (request line + headers) up to `max_head_bytes`; the body up to `max_body_bytes` as
// received on the wire *and* after decompression. A refusal carries the HTTP status and a JSON error code.
// Not thread-safe; one framer per connection, Reset() between the requests of a keep-alive connection.
#ifndef RELAIS_EDGE_HTTP_REQUEST_FRAMING_H_
#define RELAIS_EDGE_HTTP_REQUEST_FRAMING_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace relais::edge {

struct FramingLimits {
  size_t max_head_bytes = 16 * 1024;
  size_t max_body_bytes = 64 * 1024;
  size_t max_headers = 100;
  size_t max_import_bytes = 0;            // The body limit of `import_paths` (file uploads), when larger.
  std::vector<std::string> import_paths;  // Exact paths.
};

// Why a request is refused before it reaches the application: the status to answer with, a stable error
// code, a sentence for the client, and the field at fault ("path", "query.site", "header.X-Foo"...) if any.
struct FramingRefusal {
  int status = 400;
  std::string code;
  std::string message;
  std::string field;
};

// What is known once the head has arrived: enough to authenticate and route before reading a body.
struct RequestHead {
  std::string method;
  std::string target;                                        // As sent (still percent-encoded).
  std::string path;                                          // Percent-decoded, valid UTF-8.
  std::vector<std::pair<std::string, std::string>> headers;  // Names as sent, values trimmed.
  bool expects_continue = false;                             // Expect: 100-continue.
  bool keep_alive = true;                                    // HTTP/1.1 without Connection: close.

  // The first value of header `name` (case-insensitive), "" when absent.
  std::string Header(std::string_view name) const;
};

class RequestFramer {
 public:
  enum class State {
    kHead,      // Waiting for the end of the headers.
    kBody,      // Head parsed (head() is valid); waiting for the body.
    kComplete,  // normalized() is the whole request; consumed() bytes of the input belong to it.
    kRefused,   // refusal() says why; the connection should answer it and close.
  };

  explicit RequestFramer(FramingLimits limits = {}) : limits_(limits), body_limit_(limits_.max_body_bytes) {}

  // Reads more of `input` (everything received on the connection since the request began, the earlier
  // bytes included: the framer remembers how far it has read). Returns the new state. It stops when the
  // head is complete (kBody), even if body bytes are there: call again to read the body, after deciding
  // on the head alone (a credential, say).
  State Advance(std::string_view input);

  // Starts over for the next request.
  void Reset();

  State state() const { return state_; }
  const RequestHead& head() const { return head_; }  // kBody and kComplete.
  const FramingRefusal& refusal() const { return refusal_; }
  const std::string& normalized() const { return normalized_; }  // kComplete.
  size_t consumed() const { return consumed_; }                  // kComplete: bytes of input used.
  bool head_done() const { return state_ == State::kBody || state_ == State::kComplete; }

 private:
  State Refuse(int status, std::string code, std::string message, std::string field = "");
  State ParseHead(std::string_view head_text);
  State AdvanceChunked(std::string_view input);
  State Finish(size_t consumed);

  FramingLimits limits_;
  size_t body_limit_;  // This request's: max_body_bytes, or max_import_bytes for an import path.
  State state_ = State::kHead;
  RequestHead head_;
  FramingRefusal refusal_;
  size_t scanned_ = 0;     // kHead: bytes already searched for the blank line.
  size_t body_start_ = 0;  // Offset of the body in the input.
  size_t content_length_ = 0;
  bool chunked_ = false;
  std::string content_encoding_;  // "", "gzip" or "deflate".
  // Chunked decoding: where the next chunk-size line starts, and the body decoded so far.
  size_t chunk_at_ = 0;
  std::string body_;
  std::string normalized_;
  size_t consumed_ = 0;
};

// Whether `text` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool IsValidUtf8(std::string_view text);

// `text` with %XX sequences decoded (and '+' as a space when `plus_is_space`), as cpp-httplib decodes
// paths and query values. A malformed escape is kept as it is.
std::string PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_REQUEST_FRAMING_H_
