// The OpenAPI 3 document of the edge API, generated from the routes the server actually registered (so it
// cannot list a route that does not exist or miss one that does), with each route's summary, the roles
// that may call it, and the answers it can give.
#ifndef RELAIS_EDGE_HTTP_OPENAPI_H_
#define RELAIS_EDGE_HTTP_OPENAPI_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace relais::edge {

struct RouteInfo {
  std::string method;  // GET, POST, PUT, DELETE.
  std::string path;    // OpenAPI form: /v1/orders/{id}.
  unsigned roles;      // roles.h bits.
};

// The document; throws std::logic_error when a registered route has no description here (a new route must
// be documented before it can be served).
nlohmann::json OpenApiDocument(const std::vector<RouteInfo>& routes);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_OPENAPI_H_
