// The HTTP details every route shares: JSON answers (success or ApiError) and query parameters.
#ifndef RELAIS_EDGE_HTTP_HTTP_ANSWER_H_
#define RELAIS_EDGE_HTTP_HTTP_ANSWER_H_

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "edge/api_error.h"

namespace relais::edge {

inline void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Text a client sent may be echoed in an answer (an unknown id in a 404): never throw on its bytes.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

// {"code", "message", "field"?, ...details}: what an error says, in an answer or in a batch's result.
inline nlohmann::json ErrorJson(const ApiError& e) {
  nlohmann::json error = {{"code", e.code()}, {"message", e.what()}};
  if (!e.field().empty()) error["field"] = e.field();
  error.update(e.details());
  return error;
}

// {"error": ErrorJson(e)} with the error's status.
inline void SendError(httplib::Response& res, const ApiError& e) {
  // A refusal that lifts by itself says when, for clients and proxies that read the header (RFC 9110).
  if (e.details().contains("retry_after_s") && e.details()["retry_after_s"].is_number_integer()) {
    res.set_header("Retry-After", std::to_string(e.details()["retry_after_s"].get<int64_t>()));
  }
  SendJson(res, e.status(), {{"error", ErrorJson(e)}});
}

// The query parameter `name` as a whole number in [min, max]; `fallback` when absent; 400 otherwise.
inline int64_t QueryInt(const httplib::Request& req, const char* name, int64_t fallback, int64_t min, int64_t max) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  try {
    size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used == text.size() && v >= min && v <= max) return v;
  } catch (const std::exception&) {
  }
  throw BadField(name, std::string(name) + " must be a whole number in [" + std::to_string(min) + ", " +
                           std::to_string(max) + "]");
}

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_HTTP_ANSWER_H_
