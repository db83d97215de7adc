#include "edge/http/request_framing.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>

namespace relais::edge {

namespace {

constexpr size_t kMaxTargetBytes = 8192;     // cpp-httplib's own URI limit.
constexpr size_t kMaxChunkLineBytes = 1024;  // A chunk-size line with its extensions.

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 9110's tchar: what a method or a header name may be made of.
bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (const unsigned char c : s) {
    if (std::isalnum(c)) continue;
    if (std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) == std::string_view::npos) return false;
  }
  return true;
}

// C0 controls and DEL: never part of an id, a search or a name, and a way to forge lines in logs.
bool HasControl(std::string_view s) {
  for (const unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Whether `value` holds a comma-separated token equal to `token` (Connection: keep-alive, Upgrade...).
bool HasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const size_t comma = value.find(',');
    if (EqualsIgnoringCase(Trim(value.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

// Inflates `in` (gzip or zlib "deflate") into *out, up to `limit` bytes. Returns "" or a refusal code.
std::string Inflate(const std::string& in, bool gzip, size_t limit, std::string* out) {
  z_stream z{};
  if (inflateInit2(&z, gzip ? 16 + MAX_WBITS : MAX_WBITS) != Z_OK) return "malformed_body_encoding";
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  out->clear();
  char buffer[16 * 1024];
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    status = inflate(&z, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) break;
    const size_t produced = sizeof buffer - z.avail_out;
    if (out->size() + produced > limit) {
      inflateEnd(&z);
      return "payload_too_large";
    }
    out->append(buffer, produced);
    if (status == Z_OK && produced == 0 && z.avail_in == 0) break;  // Truncated stream.
  }
  inflateEnd(&z);
  return status == Z_STREAM_END ? "" : "malformed_body_encoding";
}

}  // namespace

std::string RequestHead::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoringCase(n, name)) return v;
  }
  return "";
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t extra = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3, cp = c & 0x07;
    } else {
      return false;  // A continuation byte first, an overlong lead (C0, C1) or past F4.
    }
    if (i + extra >= text.size()) return false;  // Truncated sequence.
    for (size_t k = 1; k <= extra; ++k) {
      const unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      unsigned value = 0;
      const auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec == std::errc() && end == text.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += plus_is_space && text[i] == '+' ? ' ' : text[i];
  }
  return out;
}

void RequestFramer::Reset() { *this = RequestFramer(limits_); }

RequestFramer::State RequestFramer::Refuse(int status, std::string code, std::string message, std::string field) {
  refusal_ = {status, std::move(code), std::move(message), std::move(field)};
  return state_ = State::kRefused;
}

RequestFramer::State RequestFramer::Advance(std::string_view input) {
  if (state_ == State::kHead) {
    // The blank line may straddle what was searched before: step back three bytes.
    const size_t from = scanned_ >= 3 ? scanned_ - 3 : 0;
    const size_t end = input.find("\r\n\r\n", from);
    if (end == std::string_view::npos) {
      scanned_ = input.size();
      if (input.size() > limits_.max_head_bytes) {
        return Refuse(431, "headers_too_large",
                      "the request line and headers are over " + std::to_string(limits_.max_head_bytes) + " bytes");
      }
      return state_;
    }
    body_start_ = end + 4;
    if (body_start_ > limits_.max_head_bytes) {
      return Refuse(431, "headers_too_large",
                    "the request line and headers are over " + std::to_string(limits_.max_head_bytes) + " bytes");
    }
    if (ParseHead(input.substr(0, end + 2)) == State::kRefused) return state_;
    state_ = State::kBody;
    chunk_at_ = body_start_;
    return state_;  // The caller may refuse on the head alone before any body byte is looked at.
  }
  if (state_ != State::kBody) return state_;
  if (chunked_) return AdvanceChunked(input);
  if (input.size() - body_start_ < content_length_) return state_;
  body_.assign(input.substr(body_start_, content_length_));
  return Finish(body_start_ + content_length_);
}

RequestFramer::State RequestFramer::ParseHead(std::string_view text) {
  // The request line.
  const size_t line_end = text.find("\r\n");
  const std::string_view line = text.substr(0, line_end);
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return Refuse(400, "bad_request_line", "the request line must be: METHOD /path HTTP/1.1");
  }
  head_.method = line.substr(0, sp1);
  head_.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(head_.method)) return Refuse(400, "bad_request_line", "the method is not a token");
  constexpr std::string_view kMethods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};
  if (std::find(std::begin(kMethods), std::end(kMethods), head_.method) == std::end(kMethods)) {
    return Refuse(501, "method_not_implemented", "this server does not implement that method");
  }
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    return Refuse(505, "http_version_not_supported", "send HTTP/1.1");
  }
  if (head_.target.size() > kMaxTargetBytes) {
    return Refuse(414, "uri_too_long", "the request target is over " + std::to_string(kMaxTargetBytes) + " bytes");
  }
  if (head_.target.empty() || head_.target[0] != '/') {
    return Refuse(400, "bad_request_line", "the request target must be a path starting with /");
  }
  for (const unsigned char c : head_.target) {
    if (c <= 0x20 || c >= 0x7F) return Refuse(400, "invalid_encoding", "the request target holds raw bytes", "path");
  }
  const size_t question = head_.target.find('?');
  head_.path = PercentDecode(std::string_view(head_.target).substr(0, question), false);
  // A file import (a merchant's years of sales) may be larger than the API's JSON bodies.
  if (limits_.max_import_bytes > 0 &&
      std::find(limits_.import_paths.begin(), limits_.import_paths.end(), head_.path) != limits_.import_paths.end()) {
    body_limit_ = std::max(limits_.max_body_bytes, limits_.max_import_bytes);
  }
  if (!IsValidUtf8(head_.path) || HasControl(head_.path)) {
    return Refuse(400, "invalid_encoding", "the path, once decoded, is not UTF-8 text (or holds a control character)",
                  "path");
  }
  if (question != std::string::npos) {
    std::string_view query = std::string_view(head_.target).substr(question + 1);
    while (!query.empty()) {
      const size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      const size_t eq = pair.find('=');
      const std::string key = PercentDecode(pair.substr(0, eq), true);
      const std::string value = eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true);
      if (!IsValidUtf8(key) || HasControl(key)) {
        return Refuse(400, "invalid_encoding", "a query parameter name is not UTF-8 text", "query");
      }
      if (!IsValidUtf8(value) || HasControl(value)) {
        return Refuse(400, "invalid_encoding",
                      "query parameter " + key + ", once decoded, is not UTF-8 text (or holds a control character)",
                      "query." + key);
      }
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }

  // The header fields.
  std::string_view rest = line_end == std::string_view::npos ? "" : text.substr(line_end + 2);
  bool has_length = false, has_transfer = false;
  while (!rest.empty()) {
    const size_t eol = rest.find("\r\n");
    const std::string_view field = rest.substr(0, eol);
    rest.remove_prefix(eol == std::string_view::npos ? rest.size() : eol + 2);
    const size_t colon = field.find(':');
    if (colon == std::string_view::npos || !IsToken(field.substr(0, colon))) {
      return Refuse(400, "bad_header", "a header line is not \"Name: value\" (folded lines are not accepted)");
    }
    const std::string name(field.substr(0, colon));
    const std::string value(Trim(field.substr(colon + 1)));
    for (const unsigned char c : value) {
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        return Refuse(400, "bad_header", "header " + name + " holds a control character", "header." + name);
      }
    }
    if (!IsValidUtf8(value)) {
      return Refuse(400, "invalid_encoding", "header " + name + " is not valid UTF-8", "header." + name);
    }
    if (head_.headers.size() == limits_.max_headers) {
      return Refuse(431, "headers_too_large", "more than " + std::to_string(limits_.max_headers) + " headers");
    }
    if (EqualsIgnoringCase(name, "Content-Length")) {
      size_t length = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (value.empty() || ec != std::errc() || end != value.data() + value.size() ||
          (has_length && length != content_length_)) {
        return Refuse(400, "bad_content_length", "Content-Length must be one whole number", "header.Content-Length");
      }
      has_length = true;
      content_length_ = length;
    } else if (EqualsIgnoringCase(name, "Transfer-Encoding")) {
      if (!EqualsIgnoringCase(value, "chunked") || has_transfer) {
        return Refuse(501, "unsupported_transfer_encoding", "only Transfer-Encoding: chunked is accepted",
                      "header.Transfer-Encoding");
      }
      has_transfer = chunked_ = true;
    } else if (EqualsIgnoringCase(name, "Content-Encoding")) {
      if (EqualsIgnoringCase(value, "gzip") || EqualsIgnoringCase(value, "x-gzip")) {
        content_encoding_ = "gzip";
      } else if (EqualsIgnoringCase(value, "deflate")) {
        content_encoding_ = "deflate";
      } else if (!value.empty() && !EqualsIgnoringCase(value, "identity")) {
        return Refuse(415, "unsupported_content_encoding", "send the body as identity, gzip or deflate",
                      "header.Content-Encoding");
      }
    } else if (EqualsIgnoringCase(name, "Expect")) {
      if (!EqualsIgnoringCase(value, "100-continue")) {
        return Refuse(417, "expectation_failed", "only Expect: 100-continue is understood", "header.Expect");
      }
      head_.expects_continue = true;
    }
    head_.headers.emplace_back(name, value);
  }
  // Both framings at once is how requests are smuggled past a proxy: refuse rather than pick one.
  if (has_length && has_transfer) {
    return Refuse(400, "ambiguous_length", "send Content-Length or Transfer-Encoding: chunked, not both");
  }
  if (has_transfer && version == "HTTP/1.0") {
    return Refuse(400, "bad_request_line", "HTTP/1.0 has no chunked transfer encoding");
  }
  if (content_length_ > body_limit_) {
    return Refuse(413, "payload_too_large",
                  "the request body is over the size limit of " + std::to_string(body_limit_) + " bytes");
  }
  const std::string connection = head_.Header("Connection");
  head_.keep_alive = version == "HTTP/1.1" ? !HasToken(connection, "close") : HasToken(connection, "keep-alive");
  return state_;
}

RequestFramer::State RequestFramer::AdvanceChunked(std::string_view input) {
  for (;;) {
    // Framing bytes count too: a body sent in one-byte chunks must not cost six times the limit.
    if (chunk_at_ - body_start_ > 2 * body_limit_ + kMaxChunkLineBytes) {
      return Refuse(413, "payload_too_large", "the chunked body is over the size limit");
    }
    const size_t eol = input.find("\r\n", chunk_at_);
    if (eol == std::string_view::npos) {
      if (input.size() - chunk_at_ > kMaxChunkLineBytes) {
        return Refuse(400, "bad_chunk", "a chunk-size line is over " + std::to_string(kMaxChunkLineBytes) + " bytes");
      }
      return state_;
    }
    if (eol - chunk_at_ > kMaxChunkLineBytes) return Refuse(400, "bad_chunk", "a chunk-size line is too long");
    std::string_view size_text = input.substr(chunk_at_, eol - chunk_at_);
    size_text = Trim(size_text.substr(0, size_text.find(';')));
    size_t size = 0;
    const auto [end, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (size_text.empty() || ec != std::errc() || end != size_text.data() + size_text.size()) {
      return Refuse(400, "bad_chunk", "a chunk size is not a hexadecimal number");
    }
    if (size == 0) {
      // The last chunk, then trailer fields (ignored) up to a blank line.
      const size_t trailers = eol + 2;
      if (input.substr(trailers, 2) == "\r\n") return Finish(trailers + 2);
      const size_t blank = input.find("\r\n\r\n", trailers);
      if (blank == std::string_view::npos) {
        if (input.size() - trailers > limits_.max_head_bytes) {
          return Refuse(431, "headers_too_large", "the chunked body's trailer is too large");
        }
        return state_;
      }
      return Finish(blank + 4);
    }
    if (size > body_limit_ || body_.size() + size > body_limit_) {
      return Refuse(413, "payload_too_large",
                    "the request body is over the size limit of " + std::to_string(body_limit_) + " bytes");
    }
    const size_t data = eol + 2;
    if (input.size() < data + size + 2) return state_;
    if (input.substr(data + size, 2) != "\r\n") return Refuse(400, "bad_chunk", "a chunk does not end with CRLF");
    body_.append(input.substr(data, size));
    chunk_at_ = data + size + 2;
  }
}

RequestFramer::State RequestFramer::Finish(size_t consumed) {
  if (!content_encoding_.empty()) {
    std::string inflated;
    const std::string error = Inflate(body_, content_encoding_ == "gzip", body_limit_, &inflated);
    if (error == "payload_too_large") {
      return Refuse(
          413, error,
          "the request body is over the size limit of " + std::to_string(body_limit_) + " bytes once decompressed");
    }
    if (!error.empty()) return Refuse(400, error, "the body is not valid " + content_encoding_ + " data");
    body_ = std::move(inflated);
  }
  // The request as the application reads it: one framing (Content-Length), no encoding, no Expect (the
  // transport has answered it).
  normalized_.clear();
  normalized_.reserve(512 + body_.size());
  normalized_ += head_.method;
  normalized_ += ' ';
  normalized_ += head_.target;
  normalized_ += " HTTP/1.1\r\n";
  for (const auto& [name, value] : head_.headers) {
    if (EqualsIgnoringCase(name, "Content-Length") || EqualsIgnoringCase(name, "Transfer-Encoding") ||
        EqualsIgnoringCase(name, "Content-Encoding") || EqualsIgnoringCase(name, "Expect") ||
        EqualsIgnoringCase(name, "Connection")) {
      continue;
    }
    normalized_ += name;
    normalized_ += ": ";
    normalized_ += value;
    normalized_ += "\r\n";
  }
  // The connection's fate is the transport's decision (head().keep_alive), told to the library apart.
  if (!body_.empty() || chunked_ || content_length_ > 0) {
    normalized_ += "Content-Length: " + std::to_string(body_.size()) + "\r\n";
  }
  normalized_ += "\r\n";
  normalized_ += body_;
  consumed_ = consumed;
  return state_ = State::kComplete;
}

}  // namespace relais::edge
