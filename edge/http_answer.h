// Writing JSON answers, success or ApiError, the one way every route does.
#ifndef RELAIS_EDGE_HTTP_ANSWER_H_
#define RELAIS_EDGE_HTTP_ANSWER_H_

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "edge/api_error.h"

namespace relais::edge {

inline void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

// {"error": {"code", "message", "field"?, ...details}} with the error's status.
inline void SendError(httplib::Response& res, const ApiError& e) {
  nlohmann::json error = {{"code", e.code()}, {"message", e.what()}};
  if (!e.field().empty()) error["field"] = e.field();
  error.update(e.details());
  SendJson(res, e.status(), {{"error", error}});
}

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_ANSWER_H_
