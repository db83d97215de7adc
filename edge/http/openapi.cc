#include "edge/http/openapi.h"

#include <map>
#include <stdexcept>

#include "edge/http/openapi_schemas.h"
#include "edge/http/roles.h"

namespace relais::edge {

namespace {

using nlohmann::json;

struct Description {
  const char* summary;
  int success;                     // The success status.
  std::vector<int> client_errors;  // Beyond 401/403 (every protected route) and 404 for unknown routes.
  const char* response;            // Its success body: an ApiSchemas() name ("" : Prometheus text).
  const char* request = nullptr;   // Its body's schema name, nullptr when it reads none.
  int replay_success = 0;          // Another success status with the same body (a replayed creation: 200).
};

const std::map<std::string, Description>& Descriptions() {
  static const std::map<std::string, Description> kDescriptions = {
      {"GET /healthz", {"The process answers.", 200, {}, "Status"}},
      {"GET /readyz", {"The database answers; says whether the relay snapshot is loaded.", 200, {}, "Status"}},
      {"GET /metrics", {"Prometheus text: requests, latencies, orders, reservations, errors.", 200, {}, ""}},
      {"GET /v1/me",
       {"Whose credential this is: role (merchant, staff, shopper), brand, and the staff's site or the shopper's "
        "order. 401 token_revoked for a revoked staff token.",
        200,
        {},
        "Me"}},
      {"GET /v1/brand", {"The caller's brand: id, name and settings.", 200, {}, "Brand"}},
      {"PUT /v1/brand/settings",
       {"Replace the brand's settings: relay_enabled, carriers, max_weight_g, zones (a zone sites still name "
        "cannot go).",
        200,
        {400, 409, 415},
        "BrandSettings",
        "BrandSettings"}},
      {"PUT /v1/sites/{id}",
       {"Create or replace a site (location and hours checked by the engine; its zone declared in the settings).",
        200,
        {400, 415, 422},
        "Site",
        "SiteInput"}},
      {"GET /v1/sites/{id}", {"A site.", 200, {404}, "Site"}},
      {"PUT /v1/sites/{id}/layout",
       {"The site's store layout for picking, as its next version: aisles and cross-aisles, bays and levels, zones "
        "with their temperature class, entrance and packing desk, product locations (a primary per SKU) and "
        "container types. Checked whole against the catalogue (a chilled or frozen product only in a zone of its "
        "class): 400 invalid_field naming the field (locations[12].bay). Versions are kept: a pick list keeps its "
        "own.",
        201,
        {400, 404, 415},
        "SiteLayout",
        "SiteLayoutInput"}},
      {"PUT /v1/sites/{id}/layout/locations",
       {"The site's locations from a spreadsheet (text/csv: a header naming sku, aisle, bay, side, level and "
        "optionally id and primary), replacing the latest layout's, as the next version: 400 naming the row "
        "(\"row 14 (bay)\", the header being row 1); 404 when the site has no layout yet.",
        201,
        {400, 404, 415},
        "SiteLayout",
        "text/csv"}},
      {"GET /v1/sites/{id}/layout",
       {"The site's latest layout, or version=N: merchant, and the site's own staff.", 200, {400, 404}, "SiteLayout"}},
      {"POST /v1/sites/{id}/pick-lists",
       {"Pick lists of orders' shipments at the site that have not left preparation: one per order, or one wave "
        "for them all (wave, default true; at most 8 orders); or, with date (and slot), of what is due then that "
        "no list holds yet, in waves of wave_size orders (default 4) seeded in due order and filled with the "
        "orders whose shelves lie closest (skipped: orders no list could take). On the site's latest layout. "
        "Each line at its "
        "product's primary location, each order's units packed into containers of their own temperature class "
        "(first-fit decreasing), the lines in the order of the shortest route from the entrance to the packing "
        "desk, ambient then chilled then frozen (exact). 409 no_layout, not_pickable, unlocated, unpackable, "
        "already_picked.",
        201,
        {400, 404, 409, 415},
        "PickLists",
        "PickListInput"}},
      {"GET /v1/sites/{id}/pick-lists",
       {"The site's pick lists (status=open|picking|waiting|done), oldest first.", 200, {400}, "PickLists"}},
      {"GET /v1/pick-lists/{id}",
       {"A pick list, its missing lines brought up to date with the shoppers' answers (a substitute accepted is "
        "a pending line again, at the substitute's shelf).",
        200,
        {404},
        "PickList"}},
      {"POST /v1/pick-lists/{id}/claim",
       {"The site's staff member takes the list (409 already_claimed naming who): its shipments' preparation "
        "starts.",
        200,
        {404, 409},
        "PickList",
        "Empty"}},
      {"POST /v1/pick-lists/{id}/scans",
       {"Units of a line picked: {scan_id (applied once: a scan queued offline and sent again changes nothing), "
        "line, code (the barcode: its check digit verified, then compared with the product's GTIN; 409 "
        "wrong_product) or reason (confirmed by hand), quantity}.",
        200,
        {400, 403, 404, 409, 415},
        "PickList",
        "ScanInput"}},
      {"POST /v1/pick-lists/{id}/missing",
       {"A line's product is not on its shelf ({scan_id, line}): the shopper is asked to accept a substitute "
        "(or the line is cancelled at once when substitutions were not allowed or none is in stock); the picker "
        "goes on.",
        200,
        {400, 403, 404, 409, 415},
        "PickList",
        "MissingInput"}},
      {"POST /v1/pick-lists/{id}/release",
       {"The list goes back to open for another picker (its site's staff or the merchant); what was picked stays "
        "picked. 409 list_done.",
        200,
        {404, 409},
        "PickList",
        "Empty"}},
      {"POST /v1/pick-lists/{id}/complete",
       {"The walk is over (409 lines_left): with answers still to come the list waits (call again later); else "
        "each shipment moves to prepared, its step recording the pick list and the containers per temperature "
        "class.",
        200,
        {403, 404, 409},
        "PickList",
        "Empty"}},
      {"GET /v1/sites", {"The brand's sites.", 200, {}, "Sites"}},
      {"GET /v1/sites/{id}/slots",
       {"A collection service's slots (?mode=click_collect|drive|pedestrian, ?from=YYYY-MM-DD, ?days=1..14): each "
        "with its capacity, bookings, what is free and whether it can still be booked (before its cut-off). 409 "
        "no_slots when the service takes orders by the day.",
        200,
        {400, 404, 409},
        "Slots"}},
      {"PUT /v1/products/{sku}", {"Create or replace a product.", 200, {400, 415}, "Product", "ProductInput"}},
      {"GET /v1/products",
       {"Products found by what an agent types (q): a sku's beginning or a part of the name, ASCII letters' case "
        "aside; by sku, limit 1-100 (20).",
        200,
        {400},
        "ProductList"}},
      {"GET /v1/products/{sku}", {"A product.", 200, {404}, "Product"}},
      {"POST /v1/stock/movements",
       {"Post one movement or {movements: [...]}, applied all or none.",
        201,
        {400, 404, 409, 413, 415},
        "Ledger",
        "MovementInput"}},
      {"GET /v1/stock/{sku}",
       {"On hand, reserved, available and in transit per site (?site=, ?zone=).", 200, {404}, "Stock"}},
      {"GET /v1/stock/{sku}/history",
       {"Ledger rows of one site, newest first (?site=, limit, before).", 200, {400, 404}, "Ledger"}},
      {"POST /v1/orders",
       {"Create an order: Idempotency-Key required; prices, stock and relay points re-checked; all lines reserved "
        "or none. 409 relay_unavailable carries the reason, the nearest valid points and home delivery.",
        201,
        {400, 404, 409, 413, 415, 422, 503},
        "Order",
        "OrderInput",
        200}},
      {"GET /v1/availability",
       {"What a browser needs to split a basket (?skus=a,b&site=purchase site&customer_id=): a split input with "
        "one unit of each sku -- sites of the zone with their offers and open days, stock, products, the "
        "customer's open shipments it may join -- plus prices.",
        200,
        {400, 404},
        "Availability"}},
      {"POST /v1/orders/import",
       {"The order-import service, for orders taken by phone or coming from an ERP, a marketplace, a store or an "
        "app: the same checks as POST /v1/orders (409 relay_unavailable with the nearest valid points and home "
        "delivery when the relay point is closed on the arrival date, unknown, inactive or too small), the relay "
        "point first class, idempotent by Idempotency-Key or else by channel and external_ref.",
        201,
        {400, 404, 409, 413, 415, 422, 503},
        "Order",
        "ImportInput",
        200}},
      {"POST /v1/orders/import/batch",
       {"Many imports at once (1-100), each on its own: one refused order never blocks the others; a result per "
        "order with its status (201, 200 replayed, or the error it alone would get).",
        200,
        {400, 413, 415},
        "ImportBatch",
        "ImportBatchInput"}},
      {"POST /v1/baskets",
       {"A server-side basket (lines, choices, preference, home_address, contact), answered with the engine's "
        "split plan made now.",
        201,
        {400, 404, 415},
        "Basket",
        "BasketInput"}},
      {"GET /v1/baskets/{id}", {"A basket and its plan, re-made with the current stock.", 200, {404}, "Basket"}},
      {"PUT /v1/baskets/{id}/lines/{sku}",
       {"Add or change a line (quantity, an imposed mode). 409 basket_ordered once ordered, basket_changed when "
        "another change came first.",
        200,
        {400, 404, 409, 415},
        "Basket",
        "BasketLineInput"}},
      {"DELETE /v1/baskets/{id}/lines/{sku}", {"Remove a line.", 200, {404, 409}, "Basket"}},
      {"PUT /v1/baskets/{id}/choices",
       {"Choose the modes, the relay point, the collect or slot site, the preference, the address.",
        200,
        {400, 404, 409, 415},
        "Basket",
        "BasketChoicesInput"}},
      {"POST /v1/baskets/{id}/order",
       {"Order the basket's plan: re-validated like any order (prices, stock, relay points, 409 plan_changed when "
        "the plan moved); 409 basket_unservable with the plan when lines cannot be served; ordering twice gives "
        "the one order.",
        201,
        {400, 404, 409, 413, 415, 422, 503},
        "Order",
        nullptr,
        200}},
      {"GET /v1/orders/search",
       {"Customer service: orders by number, the source system's external_ref, the customer's e-mail or phone (any "
        "form: the last 9 digits), newest first (?q=, limit); staff see their site's, and at a store taking returns "
        "also the orders that reached their shoppers, marked for_returns (a return at the counter).",
        200,
        {400},
        "Orders"}},
      {"GET /v1/orders/{id}/events",
       {"What happened to an order, oldest first, with who did it and why (a parent's include its children's).",
        200,
        {404},
        "OrderEvents"}},
      {"GET /v1/orders/{id}/timeline",
       {"The shopper's view of an order (merchant, its site's staff, or its tracking token): each shipment's "
        "visible workflow steps (done, current, next) in lang (fr, en), its ETA, parcel, pick-up point with its "
        "hours and closures, and what the shopper may do now (shopper_events, can_cancel).",
        200,
        {400, 404},
        "Timeline"}},
      {"POST /v1/orders/{id}/events",
       {"A workflow event on one shipment (the order's workflow per mode, edge/orders/workflows.json and the "
        "merchant's "
        "file): staff and merchants move it forward (preparation_started, handed_to_carrier with its parcel, "
        "delayed with a new eta...), the shopper sends its own (arrived at a drive) or cancel. A parent names the "
        "child order; an order with several shipments names the shipment. A replay changes nothing (repeated); "
        "an event the step does not take is 409 event_refused. Staff hand a collection over with the code the "
        "shopper shows (409 wrong_pickup_code; 429 pickup_code_locked after too many).",
        200,
        {400, 404, 409, 415, 429},
        "EventOutcome",
        "EventInput"}},
      {"POST /v1/webhooks/carriers/{carrier}/{brand}",
       {"A carrier's tracking events for one parcel, signed X-Relais-Signature: sha256=<hex HMAC-SHA256 of the "
        "body with the brand's secret for that carrier>. Each event is kept once in the parcel-tracing table, "
        "mapped to a milestone (Mondial Relay STAT, Relais Colis CodeEVT/CodeJUS, La Poste codes, InPost "
        "statuses) and to the shipment's next step; unknown codes are kept and reported, never dropped.",
        200,
        {400, 401, 415},
        "WebhookOutcome",
        "WebhookInput"}},
      {"POST /v1/orders/{id}/questions",
       {"Ask the shopper (staff, merchant), on the order that holds the line: substitution {sku, candidates?} "
        "offers substitutes from the catalogue (same category, in stock at the line's site) when the shopper "
        "allowed substitutions, else cancels the line at once (line_cancelled); choice {text, choices}; text "
        "{text}. The shopper is notified.",
        201,
        {400, 404, 409, 415},
        "QuestionOutcome",
        "QuestionInput"}},
      {"POST /v1/orders/{id}/questions/{qid}/answer",
       {"The shopper's answer (tracking token) or customer service's: substitution {accept, sku} (accepted: the "
        "line becomes the substitute, never dearer, its reservation moves; refused: the line is cancelled and "
        "its reservation released), choice {choice}, text {text}. The same answer again is a replay; another one "
        "is 409 already_answered.",
        200,
        {400, 404, 409, 415},
        "QuestionOutcome",
        "AnswerInput"}},
      {"GET /v1/orders/{id}/notifications",
       {"The e-mails and SMS sent (or being retried) to the shopper about this order and its child orders: "
        "status pending, sent or failed, attempts, last_error.",
        200,
        {404},
        "Notifications"}},
      {"POST /v1/orders/{id}/notifications/{nid}/resend",
       {"Send a notification again (customer service): a new message queued now.", 201, {404}, "Notification"}},
      {"POST /v1/orders/{id}/shipments/{n}/label",
       {"The label of shipment n (its index, as the timeline's shipment), one per parcel: {format: pdf (10x15 cm, "
        "default), pdf-a4 (four per page) or zpl, "
        "dpi: 203|300}. Each parcel gets its number from the carrier account's range the first time (header "
        "X-Parcel-Numbers), the same ever after. 409 no_parcel_range, parcel_range_exhausted, shipment_closed, "
        "relay_unavailable (with alternatives). The answer is the PDF, or the ZPL (application/vnd.zebra.zpl) when "
        "asked.",
        200,
        {400, 404, 409, 415, 503},
        "application/pdf",
        "LabelRequest"}},
      {"POST /v1/orders/{id}/shipments/{n}/print",
       {"Sends the shipment's label as ZPL ({dpi: 203|300}) to its site's label printer (TCP 9100). 409 no_printer; "
        "502 printer_unavailable (the numbers are kept: the label can still be downloaded).",
        200,
        {400, 404, 409, 415, 502, 503},
        "Printed",
        "PrintRequest"}},
      {"GET /v1/manifests/pending",
       {"The packing table's list for ?site= and ?carrier=: the labelled parcels ready to hand over (prepared, on "
        "no manifest), the totals, and those labelled but not prepared yet (not_ready).",
        200,
        {400, 404},
        "PendingManifest"}},
      {"POST /v1/manifests",
       {"Close the day for {site, carrier, numbers?}: the manifest is numbered and final, and every parcel on it is "
        "handed to the carrier in the same transaction; numbers (the list staff confirmed) keeps a parcel prepared "
        "meanwhile for the next one; when the carrier account asks for pickups (shipping.accounts[].pickup), the "
        "pickup request is queued with it and sent by e-mail (the manifest attached) or to the carrier's API. 409 "
        "nothing_to_hand_over.",
        201,
        {400, 404, 409, 415},
        "Manifest",
        "ManifestRequest"}},
      {"GET /v1/manifests", {"The manifests closed at ?site= on ?day= (YYYY-MM-DD).", 200, {400, 404}, "Manifests"}},
      {"GET /v1/manifests/{id}", {"A closed manifest, with its pickup request's state.", 200, {404}, "Manifest"}},
      {"POST /v1/manifests/{id}/pickup",
       {"Ask the carrier again (a request given up after its attempts, or a pickup the carrier did not honour): "
        "pending at once, its attempts counted afresh. 409 no_pickup_request (the account asks for none), "
        "pickup_pending (being sent already).",
        202,
        {404, 409},
        "Manifest"}},
      {"GET /v1/manifests/{id}/document",
       {"A closed manifest as PDF (A4, its number as a barcode, for the driver to sign) or ?format=csv.",
        200,
        {400, 404},
        "application/pdf"}},
      {"POST /v1/orders/{id}/shipments/{n}/backorder",
       {"Lines short at the packing table ({lines: [{sku, missing}], available_on, reason?}): what is there leaves, "
        "the remainder becomes its own shipment (a backorder: the same place, its dates moved by the delay, no second "
        "delivery charge, invoiced when it leaves), the site's stock corrected and the remainder's reservation "
        "kept. A relay or locker backorder's point is re-checked for its new date: relay_check is null, or the "
        "refusal with the alternatives (the shopper or customer service then chooses another point or home for that "
        "shipment: POST .../shipments/{n}/destination). 409 too_late, nothing_left_to_ship; 404 a sku the shipment "
        "does not carry.",
        201,
        {400, 403, 404, 409, 415},
        "Backordered",
        "BackorderRequest"}},
      {"POST /v1/orders/{id}/shipments/{n}/destination",
       {"Where a backorder goes, until it is prepared: {relay: {carrier, id}} or {address} (home, at no extra "
        "charge), re-checked like any relay choice (409 relay_unavailable with the alternatives); order names the "
        "child order when several sites serve the order. The shopper's tracking token opens it. 409 "
        "not_a_backorder (customer service changes other shipments: POST .../actions), too_late.",
        200,
        {400, 404, 409, 415, 503},
        "BackorderDestination",
        "BackorderDestinationRequest"}},
      {"GET /v1/orders/{id}/returns",
       {"What the order may return now (the brand's \"returns\" policy): per line, units bought, returned and "
        "returnable, or the refusal (not delivered yet, past the window, excluded product); the reasons; where to "
        "bring "
        "it (stores taking returns, relay carriers, home pickup); the engine's refund input (the tracking page quotes "
        "with the same engine code, relais-split's refund()); and the order's returns. The shopper's token opens its "
        "own order's; staff of a site taking returns see any order's.",
        200,
        {404, 409},
        "ReturnOptions"}},
      {"POST /v1/orders/{id}/returns",
       {"Starts a return ({lines: [{line, quantity}], reason, drop_off}): checked (409 not_returnable with the reason "
        "per line in details.lines, site_takes_no_returns, returns_off), quoted by the engine (quote.output: "
        "refund_cents, line_cents, taken_back, cancelled, owed_cents) and written over the order's version, so two "
        "returns racing for the last units cannot both win. The answer carries its number and its QR code. The same "
        "Idempotency-Key on the same order answers the return it made (200, replayed: true).",
        201,
        {400, 403, 404, 409, 415},
        "Return",
        "ReturnInput",
        200}},
      {"GET /v1/returns/{id}",
       {"A return by its number: its steps (timeline), lines, grading, the refund (money, voucher, kept; who "
        "validated), the payment's state (pending, succeeded, failed) and its credit notes.",
        200,
        {404},
        "Return"}},
      {"GET /v1/returns/{id}/label",
       {"The return parcel's label as PDF (10x15 cm) for a relay, locker or home return: numbered once by the "
        "brand's account of that carrier with \"return\" in its modes (X-Parcel-Numbers gives the number), addressed "
        "to the brand's destination site. The carrier's webhook events for that number then move the return "
        "(in_transit). 409 no_label_needed for a store drop-off, no_parcel_range without such an account.",
        200,
        {404, 409},
        "application/pdf"}},
      {"POST /v1/returns/{id}/steps",
       {"Reports a step on the way back ({event: dropped_off | in_transit | cancel, reason?}); the shopper cancels "
        "while it is only requested. 409 return_moved when the return is past it.",
        200,
        {400, 403, 404, 409, 415},
        "Return",
        "ReturnStepInput"}},
      {"POST /v1/returns/{id}/receive",
       {"Received at the staff member's site ({site} for the merchant), which must take returns. A second scan, tab "
        "or retry answers 200 with repeated: true and writes nothing.",
        201,
        {400, 403, 404, 409, 415},
        "Return",
        "ReturnReceiveInput",
        200}},
      {"POST /v1/returns/{id}/grade",
       {"Grades every line ({grades: [{line, resellable, unsellable}], compensation_confirmed}): resellable units "
        "are back in stock at the receiving site in the same transaction (return_to_stock), unsellable ones recorded "
        "(return_unsellable) and priced by the brand's rule (full, percent, voucher), which staff confirm. By the "
        "receiving site's staff or the merchant; once.",
        200,
        {400, 403, 404, 409, 415},
        "Return",
        "ReturnGradeInput"}},
      {"POST /v1/returns/{id}/payment",
       {"Asks the payment provider again for a refund it refused or that was given up ({reason?}): the same refund "
        "under the same Idempotency-Key, its attempts counted afresh. 409 return_moved unless the payment failed.",
        200,
        {400, 403, 404, 409, 415},
        "Return",
        "ReturnValidateInput"}},
      {"POST /v1/returns/{id}/validate",
       {"Validates the refund ({reason?}). Above the brand's second_validation_above_cents a second, different staff "
        "member must validate too (409 second_validator_needed). The final validation queues the payment (sent with "
        "the Idempotency-Key <brand>-<return>, retried), issues the credit note and cancels the unspent benefits the "
        "return breaks, in one commit.",
        200,
        {400, 403, 404, 409, 415},
        "Return",
        "ReturnValidateInput"}},
      {"GET /v1/orders/{id}/invoices",
       {"The invoices and credit notes of an order and of its children, in the order they were numbered: one per "
        "shipment that left (the first delivery, then each backorder remainder), issued in the step's own commit "
        "when the brand is invoiced by relais (its \"invoicing\" configuration). The shopper's tracking token opens "
        "its own order's.",
        200,
        {404},
        "OrderInvoices"}},
      {"GET /v1/orders/{id}/invoices/{number}/document",
       {"One of the order's invoices as PDF (A4).", 200, {404}, "application/pdf"}},
      {"GET /v1/invoices/{number}",
       {"An invoice or credit note by its number (F-000001, AV-000001): seller, customer, delivery (the relay "
        "point's code and name for a relay delivery), lines, VAT per rate, totals.",
        200,
        {404},
        "Invoice"}},
      {"GET /v1/invoices/{number}/document", {"The invoice as PDF (A4).", 200, {404}, "application/pdf"}},
      {"GET /v1/parcel-ranges",
       {"Each carrier account's parcel number ranges: how many numbers were given and are left, and whether the "
        "account runs low.",
        200,
        {},
        "ParcelRanges"}},
      {"GET /v1/parcel-events",
       {"The parcel-tracing table, newest first: tracking_number, unknown=true (codes no rule knows), limit.",
        200,
        {400},
        "ParcelEvents"}},
      {"POST /v1/orders/{id}/actions",
       {"Customer service acting for the shopper, with a reason: change_relay {relay} (re-checked by the engine: "
        "409 relay_unavailable with alternatives), ship_home {address, keep_price?} (at the home offer's price, the "
        "total with it, unless keep_price), change_slot {date, slot?} (the collect site "
        "open that day; at a service booked by slot, a free slot of it), cancel. Recorded with who and why.",
        200,
        {400, 404, 409, 415, 503},
        "Order",
        "ActionInput"}},
      {"GET /v1/orders", {"Orders in creation order (limit, after = the previous page's next).", 200, {400}, "Orders"}},
      {"GET /v1/orders/{id}", {"An order (merchant, its site's staff, or its tracking token).", 200, {404}, "Order"}},
      {"POST /v1/orders/{id}/cancel", {"Cancel: releases the reservations.", 200, {404, 409}, "Order", "Empty"}},
      {"POST /v1/orders/{id}/status",
       {"Move forward: preparing, ready, shipped, collected, delivered (the same status again: the order as it is). "
        "Staff hand a collection over with the shopper's code.",
        200,
        {400, 404, 409, 429},
        "Order",
        "StatusInput"}},
      {"GET /v1/customers/{id}/preferences", {"The relay point to offer this customer first.", 200, {}, "Preferences"}},
      {"GET /v1/customers",
       {"Customers found by what a caller gives (q): an e-mail, a phone number in any spelling, an account id, or "
        "words of a name, postcode or town, each in full or by its beginning, every one required. Accounts first, "
        "by id; then, for an e-mail or a phone, customers known from their orders only (account false, version 0). "
        "limit 1-100 (20).",
        200,
        {400},
        "CustomerList"}},
      {"POST /v1/customers",
       {"Create a customer account (id given, or made). 409 customer_exists when another account or a customer's "
        "orders have this e-mail or phone (details.customer_id names it) unless allow_duplicate is true, or when "
        "the id is taken.",
        201,
        {400, 409},
        "Customer",
        "CustomerInput"}},
      {"GET /v1/customers/{id}",
       {"A customer's account: contact, addresses, notes, the last relay point used, the newest 50 orders (parents, "
        "not their children) and their returns. A customer known from orders only answers at version 0.",
        200,
        {404},
        "Customer"}},
      {"PUT /v1/customers/{id}",
       {"Change a customer's account over the version read (0: make the account of a customer known from orders "
        "only); the same checks as POST. 409 customer_moved when another change came first.",
        200,
        {400, 404, 409},
        "Customer",
        "CustomerUpdate"}},
      {"POST /v1/sales/history",
       {"Past sales from a spreadsheet (text/csv: a header naming date, sku, site, quantity and optionally "
        "in_stock (0: a stock-out day) and category), up to max_import_bytes (32 MB): the rows naming the brand's "
        "products and sites are written in one transaction, a day already imported replaced; each bad row is "
        "refused by its line (refused: the first 100; refused_count). 400 invalid_field (field history, "
        "details.refused) when no row can be.",
        200,
        {400, 413, 415},
        "SalesImport",
        "text/csv"}},
      {"GET /v1/forecast",
       {"The sales forecast of a product (sku) or of the products under a category (category; none: the whole "
        "site) at a site, for days (1-366, 28) from from (YYYY-MM-DD, today): last year's comparable days times "
        "the recent trend, or the category's forecast times the product's share when it has less than a year; "
        "with the last eight weeks sold and what each day's comparable day sold last year. inputs=true (with sku) "
        "adds what the staff page's what-if hands the engine in the browser: the history, the category level "
        "fallen back on, the options. 404 for an unknown sku, site or category.",
        200,
        {400, 404},
        "Forecast"}},
      {"GET /v1/forecasts",
       {"The forecasts the nightly refresh stored for a site (of one product with sku), read at once: each "
        "product's method and its days from made_on (the day they were made, UTC) for forecast_days days, as GET "
        "/v1/forecast answered that day. made_on null and no product when none is stored yet. 404 for an unknown "
        "site or sku.",
        200,
        {400, 404},
        "StoredForecasts"}},
      {"POST /v1/staff-tokens",
       {"A token for one site's staff, or for a sales agent (role agent: of one site or, without site, the whole "
        "brand); shown once.",
        201,
        {400, 404},
        "StaffToken",
        "StaffTokenInput"}},
      {"DELETE /v1/staff-tokens/{id}", {"Revoke a staff token.", 200, {404}, "Revoked"}},
      {"GET /v1/relays/nearest",
       {"The nearest relay points from the current snapshot: where (lat & lon, postcode or town), limit (1-50), "
        "max_distance_m, carriers, kinds, services (comma lists), weight_g, dims_cm (LxWxH), open_on (date), "
        "open_at (instant) or open_now=true, at (the instant hours are judged at; default now); a point whose "
        "carrier publishes no hours passes these date tests unless a declared closure covers the day, or unless "
        "known_hours=true. Only the brand's "
        "carriers. 404 unknown_place; 409 relays_disabled; 503 when no snapshot or no postcode file.",
        200,
        {400, 404, 409, 503},
        "RelaySearch"}},
      {"GET /v1/relays/{carrier}/{id}",
       {"One relay point: its record, open now, next opening and closing, closure notice (?at=, ?lat=&lon= for "
        "the distance).",
        200,
        {400, 404, 503},
        "RelayPage"}},
  };
  return kDescriptions;
}

json SchemaRef(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

}  // namespace

json OpenApiDocument(const std::vector<RouteInfo>& routes) {
  json paths = json::object();
  for (const RouteInfo& r : routes) {
    const std::string key = r.method + " " + r.path;
    const auto d = Descriptions().find(key);
    if (d == Descriptions().end()) throw std::logic_error("route " + key + " is not documented in openapi.cc");
    const std::string response = d->second.response;
    // A response named by its media type ("application/pdf") is a document, not JSON.
    const bool document = response.find('/') != std::string::npos;
    const json content = response.empty() ? json{{"text/plain", {{"schema", {{"type", "string"}}}}}}
                         : document       ? json{{response, {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}
                                          : json{{"application/json", {{"schema", SchemaRef(response)}}}};
    json responses = json::object();
    responses[std::to_string(d->second.success)] = {{"description", "Success"}, {"content", content}};
    if (d->second.replay_success) {
      responses[std::to_string(d->second.replay_success)] = {
          {"description", "The answer a previous request with the same Idempotency-Key got"}, {"content", content}};
    }
    if (!ApiSchemas().contains(response) && !response.empty() && !document) {
      throw std::logic_error("route " + key + " answers an unknown schema");
    }
    std::vector<int> errors = d->second.client_errors;
    const bool is_public = r.roles == kPublicRole;
    if (!is_public) errors.insert(errors.end(), {401, 403});
    for (int status : errors) {
      responses[std::to_string(status)] = {{"description", "Client error"},
                                           {"content", {{"application/json", {{"schema", SchemaRef("Error")}}}}}};
      if (status == 429) {
        responses["429"]["headers"] = {
            {"Retry-After",
             {{"description", "Seconds until the refusal lifts at the latest"}, {"schema", {{"type", "integer"}}}}}};
      }
    }
    json roles = json::array();
    for (const RoleName& role : kRoleNames) {
      if (r.roles & role.role) roles.push_back(role.name);
    }
    json operation = {{"summary", d->second.summary}, {"x-relais-roles", roles}, {"responses", responses}};
    if (!is_public) operation["security"] = json::array({{{"bearer", json::array()}}});
    json parameters = json::array();
    for (size_t open = r.path.find('{'); open != std::string::npos; open = r.path.find('{', open + 1)) {
      parameters.push_back({{"name", r.path.substr(open + 1, r.path.find('}', open) - open - 1)},
                            {"in", "path"},
                            {"required", true},
                            {"schema", {{"type", "string"}}}});
    }
    if (r.method == "POST" && r.path == "/v1/orders") {
      parameters.push_back(
          {{"name", "Idempotency-Key"}, {"in", "header"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    if (!parameters.empty()) operation["parameters"] = parameters;
    if (d->second.request && std::string_view(d->second.request).find('/') != std::string_view::npos) {
      // A body named by its media type ("text/csv") is a document, not JSON.
      operation["requestBody"] = {{"required", true},
                                  {"content", {{d->second.request, {{"schema", {{"type", "string"}}}}}}}};
    } else if (d->second.request) {
      if (!ApiSchemas().contains(d->second.request))
        throw std::logic_error("route " + key + " reads an unknown schema");
      operation["requestBody"] = {
          {"required", std::string_view(d->second.request) != "Empty"},  // An empty body may be left out.
          {"content", {{"application/json", {{"schema", SchemaRef(d->second.request)}}}}}};
    }
    std::string method = r.method;
    for (char& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    paths[r.path][method] = operation;
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "relais-edge"},
            {"version", "0.1.0"},
            {"description",
             "Every answer names the relay snapshot its node served it with in the Relais-Snapshot header "
             "(xxh64:<checksum>, also in /readyz): several nodes behind one address reload a new snapshot each on "
             "its own, and an answer is given with one snapshot, never a mix."}}},
          {"paths", paths},
          {"components",
           {{"schemas", ApiSchemas()},
            {"securitySchemes",
             {{"bearer",
               {{"type", "http"},
                {"scheme", "bearer"},
                {"description",
                 "A merchant API key, a staff token (stf_...), a tracking token, or the metrics token"}}}}}}}};
}

}  // namespace relais::edge
