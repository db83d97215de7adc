// A client error of the edge API: thrown by the strict input readers and the routes (never the store, which
// answers StoreError values; orders/ answers OrderError values, which http/order_errors maps), turned
// into one HTTP answer by the server: status 4xx and {"error": {"code", "message", "field"}}. Anything
// else that escapes a handler is a bug and answers 500.
#ifndef RELAIS_EDGE_API_ERROR_H_
#define RELAIS_EDGE_API_ERROR_H_

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace relais::edge {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, const std::string& message, std::string field = "")
      : std::runtime_error(message), status_(status), code_(std::move(code)), field_(std::move(field)) {}

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }  // The offending input field, "" when none.

  // More for the client to act on (e.g. the relay points it could choose instead), merged into "error".
  const nlohmann::json& details() const { return details_; }
  ApiError& WithDetails(nlohmann::json details) {
    details_ = std::move(details);
    return *this;
  }

 private:
  int status_;
  std::string code_;
  std::string field_;
  nlohmann::json details_ = nlohmann::json::object();
};

// The usual ones.
inline ApiError BadField(const std::string& field, const std::string& message) {
  return ApiError(400, "invalid_field", message, field);
}
inline ApiError NotFound(const std::string& what) { return ApiError(404, "not_found", what + " not found"); }
inline ApiError Conflict(const std::string& code, const std::string& message, const std::string& field = "") {
  return ApiError(409, code, message, field);
}

}  // namespace relais::edge

#endif  // RELAIS_EDGE_API_ERROR_H_
