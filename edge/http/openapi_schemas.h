// The JSON schemas of the edge API's bodies (OpenAPI 3.0 "components.schemas"): what each route reads and
// answers. Response schemas forbid unlisted properties, so a test that validates real answers against
// them catches a field added to the code but not to the document.
#ifndef RELAIS_EDGE_HTTP_OPENAPI_SCHEMAS_H_
#define RELAIS_EDGE_HTTP_OPENAPI_SCHEMAS_H_

#include <nlohmann/json.hpp>

namespace relais::edge {

// Schema name -> schema; references are "#/components/schemas/<name>".
const nlohmann::json& ApiSchemas();

}  // namespace relais::edge

#endif  // RELAIS_EDGE_HTTP_OPENAPI_SCHEMAS_H_
