// RequestFramer (edge/http/request_framing.h): where a request ends, what it becomes for the router, and
// what is refused before any worker sees it.
#define BOOST_TEST_MODULE request_framing
#include "edge/http/request_framing.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/edge/deflate_for_tests.h"

namespace {

using relais::edge::FramingLimits;
using relais::edge::IsValidUtf8;
using relais::edge::RequestFramer;
using relais::testing::Compress;
using State = RequestFramer::State;

// Feeds `bytes` at once (or `step` bytes at a time), going past the head as the transport does.
RequestFramer Frame(const std::string& bytes, size_t step = 0, FramingLimits limits = {}) {
  RequestFramer framer(limits);
  if (step == 0) step = bytes.size();
  for (size_t end = std::min(step, bytes.size());; end = std::min(end + step, bytes.size())) {
    State state = framer.Advance(std::string_view(bytes).substr(0, end));
    if (state == State::kBody) state = framer.Advance(std::string_view(bytes).substr(0, end));
    if (state == State::kComplete || state == State::kRefused || end == bytes.size()) break;
  }
  return framer;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_chunked_gzip_body_becomes_one_plain_body_however_the_bytes_arrive) {
  const std::string json = R"({"customer_id": "c", "lines": []})";
  const std::string gz = Compress(json, 16 + MAX_WBITS);
  std::string chunked;
  for (size_t at = 0; at < gz.size(); at += 7) {
    const std::string part = gz.substr(at, 7);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", part.size());
    chunked += std::string(size) + ";ext=1\r\n" + part + "\r\n";
  }
  const std::string request =
      "POST /v1/orders?x=1 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n"
      "Expect: 100-continue\r\nAuthorization: Bearer k\r\n\r\n" +
      chunked + "0\r\nTrailer: x\r\n\r\nGET /next HTTP/1.1\r\n";
  const RequestFramer whole = Frame(request);
  BOOST_REQUIRE(whole.state() == State::kComplete);
  BOOST_TEST(whole.head().expects_continue);
  BOOST_TEST(whole.head().Header("authorization") == "Bearer k");
  BOOST_TEST(whole.normalized() ==
             "POST /v1/orders?x=1 HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer k\r\n"
             "Content-Length: " +
                 std::to_string(json.size()) + "\r\n\r\n" + json);
  BOOST_TEST(whole.consumed() == request.find("GET /next"));  // The pipelined request is the next one's.
  for (const size_t step : {1, 2, 3, 5, 64}) {
    const RequestFramer piecewise = Frame(request, step);
    BOOST_TEST((piecewise.state() == State::kComplete), "step " << step);
    BOOST_TEST(piecewise.normalized() == whole.normalized(), "step " << step);
    BOOST_TEST(piecewise.consumed() == whole.consumed(), "step " << step);
  }
}

BOOST_AUTO_TEST_CASE(deflate_bodies_and_content_length_bodies) {
  const std::string body = "{\"a\": 1}";
  const std::string zl = Compress(body, MAX_WBITS);
  const RequestFramer deflated = Frame(
      "PUT /x HTTP/1.1\r\nContent-Encoding: deflate\r\nContent-Length: " + std::to_string(zl.size()) + "\r\n\r\n" + zl);
  BOOST_REQUIRE(deflated.state() == State::kComplete);
  BOOST_TEST(deflated.normalized().ends_with("Content-Length: 8\r\n\r\n" + body));
  // Waiting for the rest of a declared body.
  BOOST_TEST((Frame("POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\n12345").state() == State::kBody));
  const RequestFramer get = Frame("GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n");
  BOOST_TEST(get.normalized() == "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n");
  BOOST_TEST(get.head().keep_alive);
  BOOST_TEST(!Frame("GET / HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n").head().keep_alive);
  BOOST_TEST(!Frame("GET / HTTP/1.0\r\n\r\n").head().keep_alive);
  BOOST_TEST(Frame("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").head().keep_alive);
}

BOOST_AUTO_TEST_CASE(sizes_are_bounded_on_the_wire_and_once_decompressed) {
  FramingLimits small;
  small.max_body_bytes = 1000;
  // Announced too large: refused on the head, before a body byte.
  RequestFramer big = Frame("POST /x HTTP/1.1\r\nContent-Length: 1001\r\n\r\n", 0, small);
  BOOST_TEST(big.refusal().status == 413);
  // Chunked past the limit, and a chunk size that would overflow.
  std::string chunks;
  for (int i = 0; i < 11; ++i) chunks += "64\r\n" + std::string(100, 'x') + "\r\n";
  BOOST_TEST(Frame("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks, 0, small).refusal().status ==
             413);
  BOOST_TEST(
      Frame("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", 0, small).refusal().code ==
      "bad_chunk");
  // 100 KB of spaces in a few hundred gzip bytes: inflated only up to the limit.
  const std::string bomb = Compress(std::string(100'000, ' '), 16 + MAX_WBITS);
  const RequestFramer inflated =
      Frame("POST /x HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: " + std::to_string(bomb.size()) +
                "\r\n\r\n" + bomb,
            0, small);
  BOOST_TEST(inflated.refusal().status == 413);
  BOOST_TEST(inflated.refusal().message.find("decompressed") != std::string::npos);
  BOOST_TEST(Frame("POST /x HTTP/1.1\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc").refusal().code ==
             "malformed_body_encoding");
  // The head: its bytes, its lines.
  BOOST_TEST(Frame("GET / HTTP/1.1\r\nX: " + std::string(20'000, 'a')).refusal().status == 431);
  FramingLimits few;
  few.max_headers = 3;
  BOOST_TEST(Frame("GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\n\r\n", 0, few).refusal().status == 431);
  BOOST_TEST(Frame("GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n").refusal().status == 414);
}

BOOST_AUTO_TEST_CASE(framing_that_could_smuggle_a_request_is_refused) {
  BOOST_TEST(Frame("POST /x HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n").refusal().code ==
             "ambiguous_length");
  BOOST_TEST(Frame("POST /x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n").refusal().code ==
             "bad_content_length");
  BOOST_TEST(Frame("POST /x HTTP/1.1\r\nContent-Length: +3\r\n\r\n").refusal().code == "bad_content_length");
  BOOST_TEST(Frame("POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").refusal().status == 501);
  BOOST_TEST(Frame("GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n").refusal().code == "bad_header");
  BOOST_TEST(Frame("GET / HTTP/1.1\r\nBad Name: a\r\n\r\n").refusal().code == "bad_header");
  BOOST_TEST(Frame("BREW / HTTP/1.1\r\n\r\n").refusal().status == 501);
  BOOST_TEST(Frame("GET / HTTP/2.0\r\n\r\n").refusal().status == 505);
  BOOST_TEST(Frame("GET http://elsewhere/ HTTP/1.1\r\n\r\n").refusal().code == "bad_request_line");
  BOOST_TEST(Frame("GET  / HTTP/1.1\r\n\r\n").refusal().code == "bad_request_line");
  BOOST_TEST(Frame("POST /x HTTP/1.1\r\nContent-Encoding: br\r\n\r\n").refusal().status == 415);
}

BOOST_AUTO_TEST_CASE(paths_queries_and_headers_must_be_utf8) {
  const auto refused = [](const std::string& request) { return Frame(request).refusal(); };
  BOOST_TEST(refused("GET /%FF HTTP/1.1\r\n\r\n").field == "path");
  BOOST_TEST(refused("GET /%FF HTTP/1.1\r\n\r\n").code == "invalid_encoding");
  BOOST_TEST(refused("GET /v1/stock/P?site=%FF HTTP/1.1\r\n\r\n").field == "query.site");
  BOOST_TEST(refused("GET /x?postcode=%C0%AF HTTP/1.1\r\n\r\n").field == "query.postcode");  // Overlong '/'.
  BOOST_TEST(refused("GET /a%00b HTTP/1.1\r\n\r\n").field == "path");
  // Control characters, decoded: no id, search or name holds one, and they forge lines in logs.
  BOOST_TEST(refused("GET /v1/products/a%0Ab%1B%5B31m HTTP/1.1\r\n\r\n").field == "path");
  BOOST_TEST(refused("GET /v1/orders/search?q=a%0D%0AX:%201 HTTP/1.1\r\n\r\n").field == "query.q");
  BOOST_TEST(refused("GET /x?zone=%7F HTTP/1.1\r\n\r\n").field == "query.zone");
  BOOST_TEST(refused("GET /\xC3\xA9 HTTP/1.1\r\n\r\n").field == "path");  // Raw bytes: percent-encode them.
  BOOST_TEST(refused("GET / HTTP/1.1\r\nX-Name: \xFF\r\n\r\n").field == "header.X-Name");
  BOOST_TEST(refused("GET / HTTP/1.1\r\nX-Name: a\x01\r\n\r\n").code == "bad_header");
  const RequestFramer fine = Frame("GET /v1/relays/nearest?town=Saint-%C3%89tienne&q=a+b HTTP/1.1\r\n\r\n");
  BOOST_TEST((fine.state() == State::kComplete));
  BOOST_TEST(fine.head().path == "/v1/relays/nearest");
}

BOOST_AUTO_TEST_CASE(utf8_validity) {
  BOOST_TEST(IsValidUtf8("Château d'Œx, 東京, 🚚"));
  BOOST_TEST(!IsValidUtf8("\xC0\xAF"));          // Overlong.
  BOOST_TEST(!IsValidUtf8("\xE0\x80\xAF"));      // Overlong, three bytes.
  BOOST_TEST(!IsValidUtf8("\xED\xA0\x80"));      // A surrogate.
  BOOST_TEST(!IsValidUtf8("\xF4\x90\x80\x80"));  // Past U+10FFFF.
  BOOST_TEST(!IsValidUtf8("\xE2\x82"));          // Truncated.
  BOOST_TEST(!IsValidUtf8("\x80"));              // A continuation first.
  BOOST_TEST(IsValidUtf8("\xF4\x8F\xBF\xBF"));   // U+10FFFF itself.
}
