// Picking at a site: orders' shipments made into pick lists on the site's layout (wasm/engine/store_layout.h),
// their lines at their products' primary locations, in the order of the shortest route from the entrance to
// the packing desk with the temperature classes in order (wasm/engine/pick_route.h), each order's units
// packed into containers of their own class (wasm/engine/container_packing.h); taken by one picker; scans
// checked against the product's GTIN and applied once each; a product missing from its shelf asked of the
// shopper through the existing question flow (substitutes when the shopper allowed them, else the line goes);
// done, the shipments move to "prepared" with the containers used.
#ifndef RELAIS_EDGE_ORDERS_PICKING_SERVICE_H_
#define RELAIS_EDGE_ORDERS_PICKING_SERVICE_H_

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "edge/model/pick_list.h"
#include "edge/orders/order_error.h"
#include "edge/orders/question_service.h"
#include "edge/orders/tracking_service.h"
#include "edge/store/store.h"
#include "wasm/engine/store_layout.h"
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

  // What a site has to prepare, without naming the orders: its open orders' shipments due by `date` (their
  // lines' date on or before it, or none: as soon as can be, so first) or, with `slot`, booked in that slot
  // of that date, that no list holds yet.
  struct Due {
    std::string date;  // YYYY-MM-DD, the site's.
    std::string slot;  // "HH:MM-HH:MM", "" : the whole day and what is late.
    int64_t wave_size = 4;
  };
  static constexpr size_t kMaxDueOrders = 200;  // Read per call: call again for the rest (Made::more).
  struct Skipped {
    std::string order_id;
    OrderError why;  // unpackable, not_found (a product).
  };
  struct Made {
    std::vector<PickList> lists;
    std::vector<Skipped> skipped;  // Orders due that no list could take: for the merchant to see to.
    bool more = false;             // More orders are open at the site than one call reads.
  };
  // Waves of at most `wave_size` orders (1: one list per order), seeded in the order they are due and
  // filled with the orders whose shelves lie closest (wasm/engine/order_batching.h). Errors: no_layout,
  // invalid_field (wave_size).
  OrderResult<Made> MakeDue(const std::string& brand, const std::string& site, const Due& due);

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

  // A line's product is not on its shelf, or not all of it (the units picked so far are what was found): the
  // shopper is asked about the rest (a substitution question) and the picker goes on; when the shopper allowed
  // no substitutes, or none is in stock, the rest is cancelled at once. The answer makes the line cancelled
  // (nothing found) or short (some found); an accepted substitute is picked at its own shelf -- in the line's
  // place, or for a shortage as a new line at the end. `scan.quantity` is ignored. Errors: as Pick's, and the question
  // service's (too_late...).
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
  // One order's part of a list: its shipments at the site, their lines placed on the layout, its containers
  // (the lines' `container` indexes them).
  struct OrderPick {
    std::vector<PickShipment> shipments;
    std::vector<PickLine> lines;
    std::vector<PickContainer> containers;
  };
  // The site's latest layout, stored and read. Errors: no_layout.
  std::optional<OrderError> ReadLayout(const std::string& brand, const std::string& site, SiteLayout* stored,
                                       StoreLayout* layout);
  // `order`'s shipments at `site` that `wanted` accepts (by index) and have not left preparation. Errors
  // (naming `field`): not_pickable, not_found (a product), unpackable.
  OrderResult<OrderPick> ReadOrderPick(const std::string& brand, const std::string& site, const StoreLayout& layout,
                                       const Order& order, const std::function<bool(size_t)>& wanted,
                                       const std::string& field);
  // One list of `orders` on the route, written (the store's kConflict naming shipments[i] when one is listed).
  StoreResult<PickList> WriteList(const std::string& brand, const SiteLayout& stored, const StoreLayout& layout,
                                  std::span<const OrderPick> orders);
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
