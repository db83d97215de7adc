// Picking at a site: orders' shipments made into pick lists on the site's layout (wasm/engine/store_layout.h),
// their lines at their products' primary locations, in the order of the shortest route from the entrance to
// the packing desk with the temperature classes in order (wasm/engine/pick_route.h), each order's units
// packed into containers of their own class (wasm/engine/container_packing.h); taken by one picker; scans
// checked against the product's GTIN and applied once each; a product missing from its shelf asked of the
// shopper through the existing question flow (substitutes when the shopper allowed them, else the line goes);
// done, the shipments move to "prepared" with the containers used.
#ifndef RELAIS_EDGE_ORDERS_PICKING_SERVICE_H_
#define RELAIS_EDGE_ORDERS_PICKING_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include "edge/model/pick_list.h"
#include "edge/orders/order_error.h"
#include "edge/orders/question_service.h"
#include "edge/orders/tracking_service.h"
#include "edge/store/store.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

class PickingService {
 public:
  // Every pointer outlives this; `workflows` is read when used.
  PickingService(Store* store, TrackingService* tracking, QuestionService* questions,
                 const std::vector<Workflow>* workflows)
      : store_(store), tracking_(tracking), questions_(questions), workflows_(workflows) {}

  static constexpr size_t kMaxWaveOrders = 8;

  // Pick lists of orders' shipments at `site` that have not left preparation: one per order, or one for them
  // all (`wave`, at most kMaxWaveOrders). Errors: no_layout (the site has none), invalid_field (orders),
  // not_found (orders[i]), not_pickable (orders[i]: a parent, nothing of it at this site, or past
  // preparation), unpackable (a unit no container
  // of its class holds), already_picked (shipments[i]: in another list).
  OrderResult<std::vector<PickList>> Make(const std::string& brand, const std::string& site,
                                          const std::vector<std::string>& orders, bool wave);

  // The list as it stands, its missing lines brought up to date with the shopper's answers; nullopt when
  // there is no such list.
  std::optional<PickList> Get(const std::string& brand, const std::string& id);

  // `actor`, of the list's site, takes the list: open -> picking, its shipments' preparation starts.
  // Errors: not_found, already_claimed (details: picker), order_moved.
  OrderResult<PickList> Claim(const std::string& brand, const std::string& id, const std::string& staff_site,
                              const Actor& actor);

  struct Scan {
    std::string id;        // The picker's page's: a scan sent again (after a loss of network) is applied once.
    int64_t line = 0;      // Index in the list's lines.
    std::string code;      // The barcode read or typed; "" : confirmed by hand, with `reason`.
    std::string reason;    // By hand: why (no label, unreadable).
    int64_t quantity = 1;  // Units.
  };
  // Units of a line picked. Errors: not_found, not_picking (take it first), forbidden (another picker's),
  // invalid_field (line, code: not a GTIN; reason: required by hand; quantity), wrong_product (details:
  // expected, the product's name), no_barcode (the product has no GTIN: confirm by hand), too_many,
  // line_settled, order_moved.
  OrderResult<PickList> Pick(const std::string& brand, const std::string& id, const Scan& scan, const Actor& actor);

  // A line's product is not on its shelf: the shopper is asked (a substitution question) and the picker goes
  // on; when the shopper allowed no substitutes, or none is in stock, the line is cancelled at once.
  // `scan.quantity` is ignored. Errors: as Pick's, and the question service's (too_late...).
  OrderResult<PickList> Missing(const std::string& brand, const std::string& id, const Scan& scan, const Actor& actor);

  // The list goes back to open, for another picker (the picker went home, or is needed elsewhere): what was
  // picked stays picked. Its site's staff or the merchant. Errors: not_found, list_done (409), order_moved.
  OrderResult<PickList> Release(const std::string& brand, const std::string& id, const std::string& staff_site);

  // The walk is over: every line picked, cancelled or waiting for the shopper. With answers pending the list
  // waits (status waiting: call again once they came); else each shipment moves to "prepared" with its
  // containers (counts per temperature class) and the list is done. Errors: not_found, not_picking,
  // forbidden, lines_left (details: lines), order_moved.
  OrderResult<PickList> Complete(const std::string& brand, const std::string& id, const std::string& staff_site,
                                 const Actor& actor);

 private:
  static constexpr int kAttempts = 5;  // Re-reads when the list changed meanwhile.
  // Brings missing lines up to date with the answers: true when something changed.
  bool Refresh(const std::string& brand, PickList* list);
  // Reads the list, checks it is `actor`'s to work on, lets `change` edit it (or refuse), writes it over its
  // version with `scan_id` among its scans, again on a fresh read when another write came first. A scan id
  // the list holds already: the list as it is, unchanged.
  OrderResult<PickList> Change(const std::string& brand, const std::string& id, const Actor& actor,
                               const std::string& scan_id,
                               const std::function<std::optional<OrderError>(PickList*)>& change);

  Store* store_;
  TrackingService* tracking_;
  QuestionService* questions_;
  const std::vector<Workflow>* workflows_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_PICKING_SERVICE_H_
