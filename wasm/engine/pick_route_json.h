// The picking route's JSON face, for the picker's phone (relais-pick.mjs) and for tests: a stored layout
// (store_layout.h, as GET /v1/sites/{id}/layout answers it), where the picker stands, and the stops still to
// visit; back the shortest route through them to the packing desk, classes in order (pick_route.h).
//
//   request: { "layout": {...}, "from": {"aisle": 3, "bay": 4} (optional: the entrance),
//              "stops": [ {"aisle": 2, "bay": 9, "temperature": "chilled"} ] }
//   answer:  { "order": [indices into stops], "length_m": 48.2, "optimal": true, "path": [x0, y0, x1, ...] }
//            or { "error": "<field>: <what is wrong>" }
//
// A store of walkways instead (walkway_route.h): the layout holds "walkways" and its entrance and packing desk
// are {"node": id}; `from` and the stops name nodes: {"node": "island-2", "temperature": "chilled"}. Exact up
// to 13 stops per class; above, "optimal" is false.
#ifndef RELAIS_ENGINE_PICK_ROUTE_JSON_H_
#define RELAIS_ENGINE_PICK_ROUTE_JSON_H_

#include <string>
#include <string_view>

namespace relais {

// The answer's JSON text. Only the layout's geometry is read: its products' classes are the stops' own.
std::string PickRouteJson(std::string_view request);

}  // namespace relais

#endif  // RELAIS_ENGINE_PICK_ROUTE_JSON_H_
