#include "edge/http/openapi_schemas.h"

namespace relais::edge {

namespace {

// Written as JSON, the form readers of the document see. Request schemas describe what the handlers accept
// (json_fields.h enforces it, field by field); response schemas what they send.
constexpr const char* kSchemas = R"json({
  "Error": {
    "type": "object", "required": ["error"], "additionalProperties": false,
    "properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}}
  },
  "ErrorDetail": {
    "type": "object", "required": ["code", "message"],
    "description": "field names the input at fault, when one is. Some codes add details: relay_unavailable gives reason, alternatives and home_delivery; wrong_pickup_code attempts_left; pickup_code_locked retry_after_s (and a Retry-After header); already_answered the answer given.",
    "properties": {
      "code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"},
      "attempts_left": {"type": "integer"}, "retry_after_s": {"type": "integer"},
      "answer": {"type": "object"},
      "reason": {"type": "string"}, "plan": {"type": "object", "description": "plan_changed: the server's plan."},
      "alternatives": {"type": "array", "items": {"$ref": "#/components/schemas/RelayPoint"}},
      "home_delivery": {"type": "object", "properties": {
        "available": {"type": "boolean"}, "cost_cents": {"type": "integer"}}}}
  },
  "Status": {
    "type": "object", "required": ["status"],
    "properties": {"status": {"type": "string"}, "relay_snapshot": {"type": "string"}}
  },
  "BrandSettings": {
    "type": "object", "additionalProperties": false,
    "properties": {
      "relay_enabled": {"type": "boolean"},
      "carriers": {"type": "array", "maxItems": 64, "items": {"type": "string", "pattern": "^[a-z0-9-]{1,32}$"}},
      "max_weight_g": {"type": "integer", "minimum": 0, "maximum": 1000000},
      "zones": {"type": "object", "additionalProperties": {
        "type": "object", "additionalProperties": false, "properties": {"name": {"type": "string"}}}},
      "shipment_penalty_cents": {"type": "integer", "minimum": 0, "maximum": 100000,
                                 "description": "What a split costs beyond its shipments, when plans are compared."},
      "extended_sites": {"type": "object", "description": "Per purchase site, the sites of its extended site besides itself: lines bought there come from it first (even when the zone is cheaper), from the sales zone after.",
                         "additionalProperties": {"type": "array", "maxItems": 64, "items": {"type": "string"}}},
      "forecast": {"type": "object", "additionalProperties": false,
                   "description": "How sales are forecast: the French retail holidays (fr) or none, the brand's own holidays, and the share of its category a new product starts from (0: the median product's).",
                   "properties": {"holidays": {"type": "string", "enum": ["fr", "none"]},
                                  "own_holidays": {"type": "array", "maxItems": 20, "items": {"$ref": "#/components/schemas/OwnHoliday"}},
                                  "launch_share": {"type": "number", "minimum": 0, "maximum": 1}}}}
  },
  "Brand": {
    "type": "object", "required": ["id", "name", "settings"], "additionalProperties": false,
    "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                   "settings": {"$ref": "#/components/schemas/BrandSettings"}}
  },
  "Me": {
    "type": "object", "required": ["role", "brand"], "additionalProperties": false,
    "properties": {"role": {"type": "string", "enum": ["merchant", "staff", "shopper"]}, "brand": {"type": "string"},
                   "site": {"type": "string", "description": "Staff: the one site the token works at."},
                   "staff": {"type": "string", "description": "Staff: who acts, as events and pick lists name them (staff:<token id> <name>)."},
                   "order": {"type": "string", "description": "Shopper: the one order the token opens."}}
  },
  "Capabilities": {
    "type": "object", "description": "Per fulfilment mode, transfer (sending stock to another site), and returns ({enabled}: the site takes back what shoppers return).",
    "properties": {"returns": {"type": "object", "additionalProperties": false, "properties": {"enabled": {"type": "boolean"}}}},
    "additionalProperties": {
      "type": "object", "required": ["cost_cents", "lead_time_hours"], "additionalProperties": false,
      "properties": {"enabled": {"type": "boolean"},
                     "cost_cents": {"type": "integer", "minimum": 0},
                     "lead_time_hours": {"type": "integer", "minimum": 0, "maximum": 2160},
                     "per_kg_cents": {"type": "integer", "minimum": 0}, "per_km_cents": {"type": "integer", "minimum": 0},
                     "transit_days": {"type": "integer", "minimum": 0, "maximum": 60},
                     "window_days": {"type": "integer", "minimum": 0, "maximum": 60},
                     "cold_chain": {"type": "boolean"},
                     "slots": {"type": "object", "required": ["minutes", "capacity"], "additionalProperties": false,
                               "description": "click_collect, drive, pedestrian: orders are taken for a slot, not a day -- the service's hours (its own, else the site's) cut into slots of `minutes`, each taking `capacity` orders until `cutoff_minutes` before it starts.",
                               "properties": {"minutes": {"type": "integer", "minimum": 5, "maximum": 720},
                                              "capacity": {"type": "integer", "minimum": 1, "maximum": 10000},
                                              "cutoff_minutes": {"type": "integer", "minimum": 0, "maximum": 20160},
                                              "hours": {"type": "object", "description": "As Location.hours."},
                                              "always": {"type": "boolean"}}}}}
  },
  "Slots": {
    "type": "object", "required": ["site", "mode", "minutes", "cutoff_minutes", "slots"], "additionalProperties": false,
    "properties": {"site": {"type": "string"}, "mode": {"type": "string"}, "minutes": {"type": "integer"},
                   "cutoff_minutes": {"type": "integer", "description": "Booking closes this long before a slot starts: the slots' cutoff_minutes, or the service's lead time when longer."},
                   "slots": {"type": "array", "items": {"type": "object", "additionalProperties": false,
                             "required": ["date", "slot", "start", "capacity", "booked", "free", "bookable"],
                             "properties": {"date": {"type": "string", "format": "date"}, "slot": {"type": "string"},
                                            "start": {"type": "string"}, "capacity": {"type": "integer"},
                                            "booked": {"type": "integer"}, "free": {"type": "integer"},
                                            "bookable": {"type": "boolean"}}}}}
  },
  "Location": {
    "type": "object", "required": ["country", "lat", "lon", "tz"],
    "description": "The canonical relay record's address, position, time zone, hours and closures.",
    "properties": {
      "address": {"type": "array", "items": {"type": "string"}}, "postcode": {"type": "string"},
      "city": {"type": "string"}, "country": {"type": "string"}, "lat": {"type": "number"},
      "lon": {"type": "number"}, "tz": {"type": "string"}, "hours": {"type": "object"},
      "always": {"type": "boolean"}, "closures": {"type": "array"}}
  },
  "SiteInput": {
    "type": "object", "required": ["kind", "name", "location"], "additionalProperties": false,
    "properties": {
      "id": {"type": "string"},
      "kind": {"type": "string", "enum": ["store", "warehouse", "dark_store", "drive", "pedestrian_pickup"]},
      "name": {"type": "string", "maxLength": 200}, "zone": {"type": "string"},
      "location": {"$ref": "#/components/schemas/Location"},
      "capabilities": {"$ref": "#/components/schemas/Capabilities"},
      "preparation_cents": {"type": "integer", "minimum": 0}}
  },
  "Site": {
    "type": "object", "required": ["id", "kind", "name", "zone", "location", "capabilities", "preparation_cents"],
    "additionalProperties": false,
    "properties": {
      "id": {"type": "string"}, "kind": {"type": "string"}, "name": {"type": "string"}, "zone": {"type": "string"},
      "location": {"$ref": "#/components/schemas/Location"},
      "capabilities": {"$ref": "#/components/schemas/Capabilities"},
      "preparation_cents": {"type": "integer"}}
  },
  "Sites": {
    "type": "object", "required": ["sites"], "additionalProperties": false,
    "properties": {"sites": {"type": "array", "items": {"$ref": "#/components/schemas/Site"}}}
  },
  "ProductInput": {
    "type": "object", "required": ["name", "category", "temperature", "weight_g", "price_cents"],
    "additionalProperties": false,
    "properties": {
      "sku": {"type": "string"}, "name": {"type": "string", "maxLength": 200},
      "category": {"type": "string", "maxLength": 200},
      "temperature": {"type": "string", "enum": ["ambient", "chilled", "frozen"]},
      "weight_g": {"type": "integer", "minimum": 1, "maximum": 1000000},
      "dims_cm": {"type": "array", "minItems": 3, "maxItems": 3, "items": {"type": "integer", "minimum": 1}},
      "price_cents": {"type": "integer", "minimum": 0},
      "gtin": {"type": "string", "pattern": "^([0-9]{8}|[0-9]{12,14})$",
               "description": "The barcode's number (EAN-13, UPC-A, EAN-8, GTIN-14), its check digit verified"}}
  },
  "Product": {
    "type": "object", "additionalProperties": false,
    "required": ["sku", "name", "category", "temperature", "weight_g", "dims_cm", "price_cents"],
    "properties": {
      "sku": {"type": "string"}, "name": {"type": "string"}, "category": {"type": "string"},
      "temperature": {"type": "string"}, "weight_g": {"type": "integer"},
      "dims_cm": {"type": "array", "items": {"type": "integer"}}, "price_cents": {"type": "integer"},
      "gtin": {"type": "string", "description": "As 14 digits; empty when none is known"}}
  },
  "Movement": {
    "type": "object", "required": ["kind", "sku", "site", "quantity"], "additionalProperties": false,
    "properties": {
      "kind": {"type": "string", "enum": ["receipt", "shrinkage", "pos_sale", "web_sale", "reservation", "release",
               "return_to_stock", "inventory_count", "warehouse_snapshot", "transfer_out", "in_transit",
               "transfer_in", "return_unsellable"]},
      "sku": {"type": "string"}, "site": {"type": "string"},
      "quantity": {"type": "integer", "minimum": 0, "maximum": 1000000},
      "to_site": {"type": "string"}, "reference": {"type": "string", "maxLength": 200}}
  },
  "MovementInput": {
    "oneOf": [
      {"$ref": "#/components/schemas/Movement"},
      {"type": "object", "required": ["movements"], "additionalProperties": false,
       "properties": {"movements": {"type": "array", "minItems": 1, "maxItems": 1000,
                                    "items": {"$ref": "#/components/schemas/Movement"}}}}]
  },
  "LedgerEntry": {
    "type": "object", "additionalProperties": false,
    "required": ["id", "sku", "site", "kind", "quantity", "delta", "reference", "recorded_at"],
    "properties": {
      "id": {"type": "integer"}, "sku": {"type": "string"}, "site": {"type": "string"}, "kind": {"type": "string"},
      "quantity": {"type": "integer"}, "reference": {"type": "string"}, "recorded_at": {"type": "string"},
      "delta": {"type": "object", "required": ["on_hand", "reserved", "in_transit"],
                "properties": {"on_hand": {"type": "integer"}, "reserved": {"type": "integer"},
                               "in_transit": {"type": "integer"}}}}
  },
  "Ledger": {
    "type": "object", "required": ["ledger"], "additionalProperties": false,
    "properties": {"sku": {"type": "string"}, "site": {"type": "string"},
                   "ledger": {"type": "array", "items": {"$ref": "#/components/schemas/LedgerEntry"}}}
  },
  "StockLevel": {
    "type": "object", "required": ["on_hand", "reserved", "available", "in_transit"],
    "properties": {"on_hand": {"type": "integer"}, "reserved": {"type": "integer"},
                   "available": {"type": "integer"}, "in_transit": {"type": "integer"},
                   "site": {"type": "string"}, "zone": {"type": "string"}}
  },
  "Stock": {
    "type": "object", "required": ["sku", "sites", "total"], "additionalProperties": false,
    "properties": {"sku": {"type": "string"},
                   "sites": {"type": "array", "items": {"$ref": "#/components/schemas/StockLevel"}},
                   "total": {"$ref": "#/components/schemas/StockLevel"}}
  },
  "RelayPoint": {
    "type": "object", "additionalProperties": false,
    "required": ["carrier", "id", "kind", "name", "country", "lat", "lon", "tz", "status", "open_now"],
    "description": "The canonical relay record (docs/relay-record.md in the relais repository) plus, at the instant asked: open_now (null when the carrier publishes no hours), next opening and closing on the point's wall clock, the closure in force or starting within 30 days (closure_notice), and the distance from the search's origin.",
    "properties": {
      "carrier": {"type": "string"}, "id": {"type": "string"},
      "kind": {"type": "string", "enum": ["shop", "locker", "post_office", "store", "drive"]},
      "name": {"type": "string"}, "address": {"type": "array", "items": {"type": "string"}},
      "postcode": {"type": "string"}, "city": {"type": "string"}, "country": {"type": "string"},
      "lat": {"type": "number"}, "lon": {"type": "number"}, "tz": {"type": "string"},
      "hours": {"type": "object", "additionalProperties": {"type": "array", "items": {
        "type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}}},
      "always": {"type": "boolean"},
      "closures": {"type": "array", "items": {"type": "object", "required": ["from", "to"],
        "properties": {"from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}}}},
      "max_weight_g": {"type": "integer"}, "max_dims_cm": {"type": "array", "items": {"type": "integer"}},
      "services": {"type": "array", "items": {"type": "string"}},
      "status": {"type": "string", "enum": ["active", "inactive"]},
      "open_now": {"type": "boolean", "nullable": true},
      "next_opening": {"type": "string", "nullable": true}, "next_closing": {"type": "string", "nullable": true},
      "closure_notice": {"type": "object", "additionalProperties": false, "required": ["from", "to", "in_force"],
        "properties": {"from": {"type": "string"}, "to": {"type": "string"}, "in_force": {"type": "boolean"}}},
      "distance_m": {"type": "number"}}
  },
  "Dataset": {
    "type": "object", "additionalProperties": false, "required": ["date", "checksum", "points", "loaded_at"],
    "description": "The relay snapshot that answered: every point of one answer comes from it.",
    "properties": {"date": {"type": "string", "format": "date"}, "checksum": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
                   "points": {"type": "integer"}, "loaded_at": {"type": "string"}}
  },
  "RelaySearch": {
    "type": "object", "additionalProperties": false, "required": ["dataset", "at", "origin", "points"],
    "properties": {
      "dataset": {"$ref": "#/components/schemas/Dataset"}, "at": {"type": "string"},
      "origin": {"type": "object", "additionalProperties": false, "required": ["lat", "lon"],
        "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}, "postcode": {"type": "string"},
                       "towns": {"type": "array", "items": {"type": "string"}}}},
      "points": {"type": "array", "items": {"$ref": "#/components/schemas/RelayPoint"}}}
  },
  "RelayPage": {
    "type": "object", "additionalProperties": false, "required": ["dataset", "at", "point"],
    "properties": {"dataset": {"$ref": "#/components/schemas/Dataset"}, "at": {"type": "string"},
                   "point": {"$ref": "#/components/schemas/RelayPoint"}}
  },
  "OrderLineInput": {
    "type": "object", "required": ["sku", "quantity", "site", "mode"], "additionalProperties": false,
    "properties": {
      "sku": {"type": "string"}, "quantity": {"type": "integer", "minimum": 1, "maximum": 1000},
      "site": {"type": "string"},
      "mode": {"type": "string", "description": "home, click_collect, drive, pedestrian, relay, locker, reserve_transfer, or a mode the merchant's workflow file adds (its route's rules apply)."},
      "via": {"type": "string", "description": "Home, relay, locker: the site that delivers after a transfer from site."},
      "destination": {"type": "object", "description":
        "home: name, address (1-4 lines), postcode, city, country; relay, locker: carrier, id; reserve_transfer: site."},
      "date": {"type": "string", "format": "date"},
      "slot": {"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}(-[0-9]{2}:[0-9]{2})?$", "description": "A collection at a service booked by slot (its capabilities' slots): the slot's start or HH:MM-HH:MM on date. Required there; 409 slot_unavailable (full, past its cut-off, or no such slot) with next_free."},
      "unit_price_cents": {"type": "integer", "description": "Ignored: the server prices the line."},
      "total_cents": {"type": "integer", "description": "Ignored."}}
  },
  "Availability": {
    "type": "object", "required": ["today", "now_hour", "sites", "basket", "stock", "choices", "prices"],
    "description": "A split input (wasm/engine/split_json.h): set quantities and choices, then plan it with the split module (relais-split.mjs).",
    "properties": {
      "today": {"type": "string", "format": "date"}, "now_hour": {"type": "integer"},
      "purchase_site": {"type": "string"}, "sites": {"type": "array", "items": {"type": "object"}},
      "basket": {"type": "array", "items": {"type": "object"}}, "stock": {"type": "object"},
      "choices": {"type": "object"}, "preference": {"type": "string"},
      "shipment_penalty_cents": {"type": "integer"},
      "open_shipments": {"type": "array", "items": {"type": "object"}},
      "merchant_modes": {"type": "array", "description": "Modes the merchant added: {name, route}; sites offer them by name.",
                         "items": {"type": "object", "properties": {"name": {"type": "string"}, "route": {"type": "string"}}}},
      "prices": {"type": "object", "additionalProperties": {"type": "integer"}}}
  },
  "OrderInput": {
    "type": "object", "required": ["customer_id", "lines"], "additionalProperties": false,
    "properties": {
      "customer_id": {"type": "string"},
      "purchase_site": {"type": "string", "description": "Lines then come from this site or its sales zone."},
      "lines": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"$ref": "#/components/schemas/OrderLineInput"}},
      "split": {"type": "object", "additionalProperties": false,
                "description": "The choices the shopper's plan was made with: the server re-plans and answers 409 plan_changed with its plan when the lines differ.",
                "properties": {"choices": {"type": "object"}, "preference": {"type": "string", "enum": ["cheapest", "fastest"]}}},
      "total_cents": {"type": "integer", "description": "Ignored: the server totals the order."},
      "currency": {"type": "string"},
      "channel": {"$ref": "#/components/schemas/Channel"},
      "external_ref": {"type": "string", "maxLength": 100, "description": "The order's id in the system it came from."},
      "allow_substitutions": {"type": "boolean", "description": "The shopper accepts a substitute for a product out of stock (asked on the tracking page)."},
      "contact": {"$ref": "#/components/schemas/Contact"},
      "discounts": {"type": "array", "maxItems": 20, "items": {"$ref": "#/components/schemas/Discount"},
                    "description": "Order-level discounts the checkout applied: off the goods (total_cents is after them), shared over the lines by the engine when a return refunds them."},
      "benefits": {"type": "array", "maxItems": 20, "items": {"$ref": "#/components/schemas/BenefitInput"},
                   "description": "Benefits the purchase earned because its goods paid reached threshold_cents: a return that takes the goods kept below it takes the benefit back (used) or cancels it (unused)."}}
  },
  "ReturnOptions": {
    "type": "object", "required": ["order_id", "window_days", "lines", "reasons", "drop_off", "refund_input", "returns"],
    "properties": {
      "order_id": {"type": "string"}, "window_days": {"type": "integer"},
      "second_validation_above_cents": {"type": "integer", "description": "Refunds above it need a second staff member (0: never)."},
      "lines": {"type": "array", "items": {"type": "object", "required": ["line", "sku", "bought", "returned", "returnable"],
        "properties": {"line": {"type": "integer"}, "sku": {"type": "string"}, "name": {"type": "string"},
                       "bought": {"type": "integer"}, "returned": {"type": "integer"}, "returnable": {"type": "integer"},
                       "unit_price_cents": {"type": "integer"}, "returnable_until": {"type": "string", "format": "date"},
                       "refusal": {"type": "string"}}}},
      "reasons": {"type": "array", "items": {"type": "object"}},
      "drop_off": {"type": "object"}, "unsellable": {"type": "object"},
      "refund_input": {"type": "object", "description": "The engine's refund input (wasm/engine/refund_json.h) before this return: add returning and defective."},
      "returns": {"type": "array", "items": {"$ref": "#/components/schemas/Return"}}}
  },
  "Return": {
    "type": "object", "required": ["id", "order_id", "status", "lines", "quote", "refund"],
    "properties": {
      "id": {"type": "string", "description": "The return's number: R and 10 letters or digits."},
      "version": {"type": "integer"}, "order_id": {"type": "string"}, "customer_id": {"type": "string"},
      "status": {"type": "string", "description": "A step of the return workflow: requested, dropped_off, in_transit, received, graded, refunded, closed, cancelled."},
      "history": {"type": "array", "items": {"type": "string"}},
      "reason": {"type": "string"}, "defective": {"type": "boolean"}, "drop_off": {"type": "object"},
      "reason_label": {"type": "object", "properties": {"fr": {"type": "string"}, "en": {"type": "string"}}},
      "lines": {"type": "array", "items": {"type": "object"}},
      "quote": {"type": "object", "description": "{input, output}: the engine's refund input and quote."},
      "refunded_before_cents": {"type": "integer"},
      "parcel": {"type": "object", "description": "The return parcel once labelled: {carrier, tracking_number}."},
      "received_site": {"type": "string"}, "received_at": {"type": "string"}, "received_by": {"type": "string"},
      "graded_at": {"type": "string"}, "graded_by": {"type": "string"},
      "compensation": {"type": "string"}, "compensation_percent": {"type": "integer"},
      "refund": {"type": "object", "properties": {"money_cents": {"type": "integer"}, "voucher_cents": {"type": "integer"},
                 "kept_cents": {"type": "integer"}, "second_validation_above_cents": {"type": "integer"}, "validation": {"type": "string", "enum": ["none", "awaiting", "awaiting_second", "validated"]},
                 "validations": {"type": "array", "items": {"type": "object"}}}},
      "payment": {"type": "object", "description": "The refund's payment: status pending, succeeded or failed, attempts, last_error, reference."},
      "credit_notes": {"type": "array", "items": {"type": "string"}},
      "timeline": {"type": "array", "items": {"type": "object"}},
      "qr": {"type": "array", "items": {"type": "string"}, "description": "The return number's QR symbol: one string of 0/1 modules per row."},
      "repeated": {"type": "boolean", "description": "receive: it was received there already."},
      "replayed": {"type": "boolean", "description": "POST .../returns: the return this Idempotency-Key made before."},
      "created_at": {"type": "string"}, "updated_at": {"type": "string"}}
  },
  "ReturnInput": {
    "type": "object", "required": ["lines", "reason", "drop_off"], "additionalProperties": false,
    "properties": {
      "lines": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"type": "object", "required": ["line", "quantity"],
        "additionalProperties": false, "properties": {"line": {"type": "integer", "minimum": 0}, "quantity": {"type": "integer", "minimum": 1}}}},
      "reason": {"type": "string", "description": "A code of the brand's reasons."},
      "drop_off": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["store", "relay", "locker", "home"]},
                   "site": {"type": "string"}, "carrier": {"type": "string"}, "id": {"type": "string"}}}}
  },
  "ReturnStepInput": {
    "type": "object", "required": ["event"], "additionalProperties": false,
    "properties": {"event": {"type": "string", "enum": ["dropped_off", "in_transit", "cancel"]}, "reason": {"type": "string", "maxLength": 500}}
  },
  "ReturnReceiveInput": {
    "type": "object", "additionalProperties": false,
    "properties": {"site": {"type": "string", "description": "Required of the merchant; staff receive at their site."}, "reason": {"type": "string", "maxLength": 500}}
  },
  "ReturnGradeInput": {
    "type": "object", "required": ["grades"], "additionalProperties": false,
    "properties": {
      "grades": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["line", "resellable", "unsellable"],
        "additionalProperties": false, "properties": {"line": {"type": "integer"}, "resellable": {"type": "integer", "minimum": 0},
        "unsellable": {"type": "integer", "minimum": 0}}}},
      "compensation_confirmed": {"type": "boolean"}, "reason": {"type": "string", "maxLength": 500}}
  },
  "ReturnValidateInput": {
    "type": "object", "additionalProperties": false, "properties": {"reason": {"type": "string", "maxLength": 500}}
  },
  "Discount": {
    "type": "object", "required": ["code", "amount_cents"], "additionalProperties": false,
    "properties": {"code": {"type": "string", "maxLength": 64}, "amount_cents": {"type": "integer", "minimum": 0}}
  },
  "BenefitInput": {
    "type": "object", "required": ["code", "value_cents", "threshold_cents"], "additionalProperties": false,
    "properties": {"code": {"type": "string", "maxLength": 64}, "kind": {"type": "string", "enum": ["voucher", "points"]},
                   "value_cents": {"type": "integer", "minimum": 0}, "threshold_cents": {"type": "integer", "minimum": 0},
                   "used": {"type": "boolean"}}
  },
  "Benefit": {
    "type": "object", "required": ["code", "kind", "value_cents", "threshold_cents", "used", "cancelled"],
    "additionalProperties": false,
    "properties": {"code": {"type": "string"}, "kind": {"type": "string", "enum": ["voucher", "points"]},
                   "value_cents": {"type": "integer"}, "threshold_cents": {"type": "integer"},
                   "used": {"type": "boolean"}, "cancelled": {"type": "boolean", "description": "Cancelled by a return before it was spent."}}
  },
  "Channel": {"type": "string", "enum": ["web", "phone", "erp", "marketplace", "store", "app"]},
  "BasketLineInput": {
    "type": "object", "required": ["quantity"], "additionalProperties": false,
    "properties": {"quantity": {"type": "integer", "minimum": 1, "maximum": 1000},
                   "mode": {"type": "string", "description": "Imposed for this line.",
                            "enum": ["home", "click_collect", "drive", "pedestrian", "relay", "locker", "reserve"]}}
  },
  "BasketChoicesInput": {
    "type": "object", "additionalProperties": false,
    "properties": {
      "choices": {"type": "object", "description": "The split's choices: modes, home {lat, lon}, relay / locker {carrier, id}, collect_site, drive_site, pedestrian_site, and collect_slot / drive_slot / pedestrian_slot {date, start} booked at those sites (the plan takes only routes ready by the slot's start)."},
      "preference": {"type": "string", "enum": ["cheapest", "fastest"]},
      "home_address": {"type": "object", "description": "Where home lines go: name?, address (1-4 lines), postcode, city, country."},
      "contact": {"$ref": "#/components/schemas/Contact"}}
  },
  "BasketInput": {
    "type": "object", "required": ["customer_id"], "additionalProperties": false,
    "properties": {
      "customer_id": {"type": "string"}, "purchase_site": {"type": "string"},
      "lines": {"type": "array", "maxItems": 100, "items": {
        "type": "object", "required": ["sku", "quantity"], "additionalProperties": false,
        "properties": {"sku": {"type": "string"}, "quantity": {"type": "integer", "minimum": 1, "maximum": 1000},
                       "mode": {"type": "string"}}}},
      "choices": {"type": "object"}, "preference": {"type": "string", "enum": ["cheapest", "fastest"]},
      "home_address": {"type": "object"}, "contact": {"$ref": "#/components/schemas/Contact"}}
  },
  "Basket": {
    "type": "object", "additionalProperties": false,
    "required": ["id", "customer_id", "lines", "choices", "preference", "status", "version", "created_at",
                 "updated_at", "plan"],
    "properties": {
      "id": {"type": "string"}, "customer_id": {"type": "string"}, "purchase_site": {"type": "string"},
      "lines": {"type": "array", "items": {"type": "object", "required": ["sku", "quantity"],
        "properties": {"sku": {"type": "string"}, "quantity": {"type": "integer"}, "mode": {"type": "string"}}}},
      "choices": {"type": "object"}, "preference": {"type": "string"},
      "home_address": {"type": "object"}, "contact": {"$ref": "#/components/schemas/Contact"},
      "status": {"type": "string", "enum": ["open", "ordered"]}, "order_id": {"type": "string"},
      "version": {"type": "integer"}, "created_at": {"type": "string"}, "updated_at": {"type": "string"},
      "plan": {"type": "object", "nullable": true,
               "description": "The engine's split plan made now with the server's stock (null while the basket is empty): shipments, unserved lines with substitutes, totals."}}
  },
  "Contact": {
    "type": "object", "additionalProperties": false, "description": "An email, a phone or both. The phone is kept as SMS providers take it, E.164: 06 12 34 56 78 (read in the French plan, overseas departments included) and 0033 6 12 34 56 78 are +33612345678; a number that cannot be read so is a 400 on contact.phone.",
    "properties": {"name": {"type": "string", "maxLength": 200}, "email": {"type": "string", "maxLength": 254},
                   "phone": {"type": "string"},
                   "lang": {"type": "string", "enum": ["fr", "en"], "description": "The language of the shopper's e-mails and SMS (fr by default)."}}
  },
  "ImportInput": {
    "type": "object", "required": ["customer_id", "lines", "channel", "external_ref"], "additionalProperties": false,
    "description": "An order from another channel: OrderInput's fields, channel and external_ref required (the idempotency key when no Idempotency-Key header comes), and the relay point first class: it goes to every relay or locker line without a destination.",
    "properties": {
      "customer_id": {"type": "string"}, "purchase_site": {"type": "string"},
      "lines": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"$ref": "#/components/schemas/OrderLineInput"}},
      "total_cents": {"type": "integer"}, "currency": {"type": "string"},
      "channel": {"$ref": "#/components/schemas/Channel"},
      "external_ref": {"type": "string", "minLength": 1, "maxLength": 100},
      "contact": {"$ref": "#/components/schemas/Contact"}, "allow_substitutions": {"type": "boolean"},
      "discounts": {"type": "array", "maxItems": 20, "items": {"$ref": "#/components/schemas/Discount"}},
      "benefits": {"type": "array", "maxItems": 20, "items": {"$ref": "#/components/schemas/BenefitInput"}},
      "relay": {"type": "object", "required": ["carrier", "id"], "additionalProperties": false,
                "properties": {"carrier": {"type": "string"}, "id": {"type": "string"}}}}
  },
  "ImportBatchInput": {
    "type": "object", "required": ["orders"], "additionalProperties": false,
    "properties": {"orders": {"type": "array", "minItems": 1, "maxItems": 100,
                              "items": {"$ref": "#/components/schemas/ImportInput"}}}
  },
  "ImportBatch": {
    "type": "object", "required": ["results", "created", "replayed", "failed"], "additionalProperties": false,
    "properties": {
      "results": {"type": "array", "items": {
        "type": "object", "required": ["index", "status"], "additionalProperties": false,
        "description": "One per order, in order: status 201 created, 200 replayed, else the error an import of that order alone would get.",
        "properties": {"index": {"type": "integer"}, "external_ref": {"type": "string"}, "status": {"type": "integer"},
                       "order": {"$ref": "#/components/schemas/Order"},
                       "error": {"$ref": "#/components/schemas/ErrorDetail"}}}},
      "created": {"type": "integer"}, "replayed": {"type": "integer"}, "failed": {"type": "integer"}}
  },
  "OrderLine": {
    "type": "object", "additionalProperties": false,
    "required": ["sku", "quantity", "site", "mode", "destination", "unit_price_cents", "total_cents"],
    "properties": {
      "sku": {"type": "string"}, "quantity": {"type": "integer"}, "site": {"type": "string"},
      "mode": {"type": "string"}, "destination": {"type": "object"}, "date": {"type": "string"},
      "slot": {"type": "string", "description": "The booked slot, HH:MM-HH:MM on date."},
      "route": {"type": "string", "description": "A mode the merchant added: the engine's route kind it goes as."},
      "via": {"type": "string"}, "unit_price_cents": {"type": "integer"}, "total_cents": {"type": "integer"},
      "shipment": {"type": "integer",
                   "description": "A backorder's remainder: the delivery entry (its own shipment) that carries it."}}
  },
  "Order": {
    "type": "object", "additionalProperties": false,
    "required": ["id", "customer_id", "status", "lines", "delivery", "total_cents", "created_at", "channel"],
    "properties": {
      "id": {"type": "string"}, "customer_id": {"type": "string"}, "purchase_site": {"type": "string"},
      "status": {"type": "string", "enum": ["placed", "preparing", "ready", "shipped", "collected", "delivered",
                 "cancelled"]},
      "lines": {"type": "array", "items": {"$ref": "#/components/schemas/OrderLine"}},
      "delivery": {"type": "array", "items": {
        "type": "object", "required": ["site", "mode", "destination", "cost_cents"],
        "properties": {"site": {"type": "string"}, "mode": {"type": "string"}, "destination": {"type": "object"},
                       "weight_g": {"type": "integer"}, "cost_cents": {"type": "integer"},
                       "parcels": {"type": "integer"}, "earliest": {"type": "string"}, "latest": {"type": "string"},
                       "joins": {"type": "string", "description": "The open order's shipment (order/index) it rides with."},
                       "via": {"type": "string"},
                       "backorder_of": {"type": "integer", "description": "A backorder: the shipment whose lines were short; it carries their remainder."},
                       "available_on": {"type": "string", "description": "A backorder: when the stock is expected."},
                       "relay_check": {"type": "object", "description": "A backorder: its point's refusal at its new date, until another is chosen."}}}},
      "total_cents": {"type": "integer"}, "created_at": {"type": "string"},
      "channel": {"$ref": "#/components/schemas/Channel"}, "external_ref": {"type": "string"},
      "contact": {"$ref": "#/components/schemas/Contact"},
      "progress": {"type": "array", "description": "Each delivery's workflow step as recorded by POST .../events (same index); GET .../timeline reads it with the order's status.",
                   "items": {"type": "object", "required": ["mode", "step", "history"], "additionalProperties": false,
                             "properties": {"mode": {"type": "string"}, "step": {"type": "string"},
                                            "history": {"type": "array", "items": {"type": "string"}},
                                            "parcel": {"type": "object"}, "eta": {"type": "string"}}}},
      "allow_substitutions": {"type": "boolean"},
      "questions": {"type": "array", "items": {"$ref": "#/components/schemas/Question"}},
      "discounts": {"type": "array", "items": {"$ref": "#/components/schemas/Discount"}},
      "benefits": {"type": "array", "items": {"$ref": "#/components/schemas/Benefit"}},
      "for_returns": {"type": "boolean", "description": "Search by staff of a store taking returns: another site's order, found for a return at the counter."},
      "parent_id": {"type": "string", "description": "A child order: the order it is part of."},
      "site": {"type": "string", "description": "A child order: the site that fulfils it."},
      "children": {"type": "array", "description": "An order served by several sites (or by another than the purchase site): one child order per site; this order's status and total follow theirs.",
                   "items": {"type": "object", "required": ["id", "site", "status", "total_cents"], "additionalProperties": false,
                             "properties": {"id": {"type": "string"}, "site": {"type": "string"},
                                            "status": {"type": "string"}, "total_cents": {"type": "integer"},
                                            "latest": {"type": "string", "description": "Its latest planned arrival."}}}},
      "eta": {"type": "string", "description": "When all of it is there at the latest: a parent's, the latest planned arrival among its running children; any other order's, its deliveries' latest arrival (a delay's new date when one was announced). Absent when nothing was planned with dates, or cancelled."},
      "cancellation": {"type": "array", "description": "On cancelling a parent: what became of each child order.",
                       "items": {"type": "object", "required": ["id", "site", "cancelled", "status"], "additionalProperties": false,
                                 "properties": {"id": {"type": "string"}, "site": {"type": "string"},
                                                "cancelled": {"type": "boolean"}, "status": {"type": "string"},
                                                "reason": {"type": "string"}}}},
      "tracking_token": {"type": "string", "description": "On creation only: opens this order (read, cancel)."},
      "replayed": {"type": "boolean", "description": "On creation only: true when a retry got the first answer."}}
  },
  "Orders": {
    "type": "object", "required": ["orders", "next"], "additionalProperties": false,
    "properties": {"orders": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}},
                   "next": {"type": "string", "nullable": true}}
  },
  "OrderEvents": {
    "type": "object", "required": ["order_id", "events"], "additionalProperties": false,
    "properties": {"order_id": {"type": "string"}, "events": {"type": "array", "items": {
      "type": "object", "required": ["order_id", "at", "actor", "kind", "details"], "additionalProperties": false,
      "properties": {"order_id": {"type": "string"}, "at": {"type": "string"},
                     "actor": {"type": "string", "description": "merchant, merchant (channel), staff:<token id> <name>, shopper"},
                     "kind": {"type": "string", "enum": ["created", "status", "cancelled", "relay_changed", "shipped_home",
                                                         "slot_changed", "step", "delay", "parcel_problem", "question",
                                                         "answer", "line_cancelled", "notification_resent",
                                                         "pickup_code_refused"]},
                     "reason": {"type": "string"}, "details": {"type": "object"}}}}}
  },
  "ActionInput": {
    "type": "object", "required": ["action", "reason"], "additionalProperties": false,
    "properties": {
      "action": {"type": "string", "enum": ["change_relay", "ship_home", "change_slot", "cancel"]},
      "reason": {"type": "string", "minLength": 1, "maxLength": 500},
      "relay": {"type": "object", "properties": {"carrier": {"type": "string"}, "id": {"type": "string"}}},
      "address": {"type": "object"}, "date": {"type": "string", "format": "date"},
      "slot": {"type": "string", "description": "change_slot at a service booked by slot: the new slot on date (its bookings move with it)."},
      "keep_price": {"type": "boolean", "description": "ship_home: the shopper keeps the price paid (a goodwill gesture) instead of the site's home offer's; the order's total follows either way and the event records from and to."},
      "shipment": {"type": "integer", "minimum": 0, "description": "change_relay, ship_home: that shipment alone (e.g. a backorder whose point no longer fits), while it has not been prepared; else every relay and locker line of the order."}}
  },
  "StatusInput": {
    "type": "object", "required": ["status"], "additionalProperties": false,
    "properties": {"status": {"type": "string", "enum": ["preparing", "ready", "shipped", "collected", "delivered"]},
                   "code": {"type": "string", "maxLength": 16,
                            "description": "Handing a collection over: the pick-up code the shopper shows."},
                   "reason": {"type": "string", "maxLength": 500,
                              "description": "Recorded with the move; a merchant handing a collection over without the code gives it."}}
  },
  "Empty": {"type": "object", "additionalProperties": false},
  "Preferences": {
    "type": "object", "required": ["customer_id", "last_relay"], "additionalProperties": false,
    "properties": {"customer_id": {"type": "string"},
                   "last_relay": {"type": "object", "nullable": true,
                                  "properties": {"carrier": {"type": "string"}, "id": {"type": "string"}}}}
  },
  "SiteLayoutInput": {
    "oneOf": [{"$ref": "#/components/schemas/AisleLayoutInput"}, {"$ref": "#/components/schemas/WalkwayLayoutInput"}]
  },
  "WalkwayLayoutInput": {
    "type": "object", "description": "A store that is not parallel aisles: its walkways, and nodes where the others name aisles and bays.",
    "required": ["walkways", "entrance", "packing_desk", "locations", "containers"],
    "properties": {
      "walkways": {"type": "object", "required": ["nodes", "edges"],
                   "properties": {"nodes": {"type": "array", "minItems": 1,
                                            "items": {"type": "object", "required": ["id", "x", "y"],
                                                      "properties": {"id": {"type": "string"}, "x": {"type": "number"}, "y": {"type": "number"}}}},
                                  "edges": {"type": "array", "description": "[from, to] or [from, to, metres] (a walkway that bends)",
                                            "items": {"type": "array", "minItems": 2, "maxItems": 3}}}},
      "levels": {"type": "integer", "minimum": 1, "maximum": 20},
      "zones": {"type": "array", "items": {"type": "object", "required": ["temperature", "nodes"],
                                           "properties": {"name": {"type": "string"}, "temperature": {"enum": ["ambient", "chilled", "frozen"]},
                                                          "nodes": {"type": "array", "items": {"type": "string"}}}}},
      "entrance": {"type": "object", "required": ["node"], "properties": {"node": {"type": "string"}}},
      "packing_desk": {"type": "object", "required": ["node"], "properties": {"node": {"type": "string"}}},
      "locations": {"type": "array", "items": {"type": "object", "required": ["sku", "node"],
                                               "properties": {"id": {"type": "string"}, "sku": {"type": "string"}, "node": {"type": "string"},
                                                              "side": {"enum": ["left", "right"]}, "level": {"type": "integer"},
                                                              "primary": {"type": "boolean"}}}},
      "containers": {"type": "array", "items": {"$ref": "#/components/schemas/LayoutContainer"}}}
  },
  "AisleLayoutInput": {
    "type": "object", "required": ["aisles", "cross_aisles_m", "entrance", "packing_desk", "locations", "containers"],
    "additionalProperties": true,
    "properties": {
      "aisles": {"oneOf": [{"type": "integer", "minimum": 1, "maximum": 500},
                           {"type": "array", "minItems": 1, "items": {"type": "number"}}]},
      "aisle_spacing_m": {"type": "number", "exclusiveMinimum": 0},
      "cross_aisles_m": {"type": "array", "minItems": 2, "maxItems": 3, "items": {"type": "number"},
                         "description": "front, optional middle, back: their centre lines' y"},
      "cross_aisle_width_m": {"type": "number", "minimum": 0},
      "bay_m": {"type": "number", "exclusiveMinimum": 0},
      "levels": {"type": "integer", "minimum": 1, "maximum": 20},
      "zones": {"type": "array", "items": {"$ref": "#/components/schemas/LayoutZone"}},
      "entrance": {"$ref": "#/components/schemas/LayoutPlace"},
      "packing_desk": {"$ref": "#/components/schemas/LayoutPlace"},
      "locations": {"type": "array", "items": {"$ref": "#/components/schemas/LayoutLocation"}},
      "containers": {"type": "array", "items": {"$ref": "#/components/schemas/LayoutContainer"}}}
  },
  "LayoutZone": {
    "type": "object", "required": ["temperature", "aisles"],
    "properties": {"name": {"type": "string"}, "temperature": {"enum": ["ambient", "chilled", "frozen"]},
                   "aisles": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "integer"}},
                   "bays": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "integer"}}}
  },
  "LayoutPlace": {
    "type": "object", "required": ["cross_aisle", "x_m"],
    "properties": {"cross_aisle": {"enum": ["front", "middle", "back"]}, "x_m": {"type": "number"}}
  },
  "LayoutLocation": {
    "type": "object", "required": ["sku", "aisle", "bay"],
    "properties": {"id": {"type": "string"}, "sku": {"type": "string"}, "aisle": {"type": "integer"},
                   "bay": {"type": "integer"}, "side": {"enum": ["left", "right"]}, "level": {"type": "integer"},
                   "primary": {"type": "boolean"}}
  },
  "LayoutContainer": {
    "type": "object", "required": ["type", "temperature", "volume_l", "max_weight_g"],
    "properties": {"type": {"type": "string"}, "temperature": {"enum": ["ambient", "chilled", "frozen"]},
                   "volume_l": {"type": "number"}, "max_weight_g": {"type": "integer"}}
  },
  "SiteLayout": {
    "type": "object", "required": ["site", "version", "created_at", "layout"], "additionalProperties": false,
    "properties": {"site": {"type": "string"}, "version": {"type": "integer", "minimum": 1},
                   "created_at": {"type": "string"}, "layout": {"$ref": "#/components/schemas/SiteLayoutInput"}}
  },
  "PickListInput": {
    "oneOf": [
      {"type": "object", "required": ["orders"], "additionalProperties": false,
       "description": "Named orders: one list each, or one wave of them all (at most 8).",
       "properties": {"orders": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                      "wave": {"type": "boolean"}}},
      {"type": "object", "required": ["date"], "additionalProperties": false,
       "description": "What is due: the site's open shipments dated on or before date (undated ones too), or booked in slot of date, that no list holds, in waves of wave_size orders that lie together.",
       "properties": {"date": {"type": "string", "format": "date"}, "slot": {"type": "string", "maxLength": 11},
                      "wave_size": {"type": "integer", "minimum": 1, "maximum": 8}}}]
  },
  "ScanInput": {
    "type": "object", "required": ["scan_id", "line"], "additionalProperties": false,
    "properties": {"scan_id": {"type": "string", "maxLength": 64}, "line": {"type": "integer", "minimum": 0},
                   "code": {"type": "string", "maxLength": 14}, "reason": {"type": "string", "maxLength": 200},
                   "quantity": {"type": "integer", "minimum": 1}}
  },
  "MissingInput": {
    "type": "object", "required": ["scan_id", "line"], "additionalProperties": false,
    "properties": {"scan_id": {"type": "string", "maxLength": 64}, "line": {"type": "integer", "minimum": 0}}
  },
  "PickLine": {
    "type": "object", "additionalProperties": false,
    "required": ["order_id", "shipment", "sku", "name", "gtin", "temperature", "quantity", "picked", "location",
                 "aisle", "bay", "level", "node", "side", "y_m", "container", "state", "reason", "question", "substitute"],
    "properties": {
      "order_id": {"type": "string"}, "shipment": {"type": "integer"}, "sku": {"type": "string"},
      "name": {"type": "string"}, "gtin": {"type": "string"}, "temperature": {"enum": ["ambient", "chilled", "frozen"]},
      "quantity": {"type": "integer"}, "picked": {"type": "integer"}, "location": {"type": "string"},
      "aisle": {"type": "integer"}, "bay": {"type": "integer"}, "level": {"type": "integer"},
      "node": {"type": "string", "description": "A store of walkways: the node the picker stands at (aisle and bay 0)."},
      "side": {"type": "string"}, "y_m": {"type": "number"}, "container": {"type": "integer"},
      "state": {"enum": ["pending", "picked", "missing", "short", "cancelled"]}, "reason": {"type": "string"},
      "question": {"type": "string"}, "substitute": {"type": "string"}}
  },
  "PickList": {
    "type": "object", "additionalProperties": false,
    "required": ["id", "version", "site", "layout_version", "status", "picker", "shipments", "lines", "containers",
                 "route_m", "route_optimal", "created_at", "updated_at"],
    "properties": {
      "id": {"type": "string"}, "version": {"type": "integer"}, "site": {"type": "string"},
      "layout_version": {"type": "integer"}, "status": {"enum": ["open", "picking", "waiting", "done"]},
      "picker": {"type": "string"},
      "shipments": {"type": "array", "items": {"type": "object", "required": ["order_id", "shipment", "due"],
                    "properties": {"order_id": {"type": "string"}, "shipment": {"type": "integer"},
                                   "due": {"type": "string", "description": "When the shopper expects it: YYYY-MM-DD, YYYY-MM-DD HH:MM-HH:MM (a slot), or empty."}}}},
      "lines": {"type": "array", "items": {"$ref": "#/components/schemas/PickLine"}},
      "containers": {"type": "array", "items": {"type": "object", "required": ["order_id", "type", "temperature"],
                     "properties": {"order_id": {"type": "string"}, "type": {"type": "string"},
                                    "temperature": {"type": "string"}}}},
      "route_m": {"type": "number"}, "route_optimal": {"type": "boolean"},
      "created_at": {"type": "string"}, "updated_at": {"type": "string"}}
  },
  "PickLists": {
    "type": "object", "required": ["pick_lists"], "additionalProperties": false,
    "properties": {"pick_lists": {"type": "array", "items": {"$ref": "#/components/schemas/PickList"}},
                   "skipped": {"type": "array", "description": "What is due: orders no list could take (unpackable, a product gone), for the merchant to see to.",
                               "items": {"type": "object", "required": ["order", "code", "message"], "additionalProperties": false,
                                         "properties": {"order": {"type": "string"}, "code": {"type": "string"},
                                                        "message": {"type": "string"}}}},
                   "more": {"type": "boolean", "description": "What is due: more orders are open at the site than one call reads (200): call again."}}
  },
  "StaffTokenInput": {
    "type": "object", "required": ["name"], "additionalProperties": false,
    "properties": {"site": {"type": "string", "description": "Required of a site's staff; an agent's scope (none: the whole brand)."},
                   "name": {"type": "string", "maxLength": 200},
                   "role": {"type": "string", "enum": ["site", "agent"], "description": "site (default): a site's orders and stock. agent: customer accounts and phone orders."}}
  },
  "StaffToken": {
    "type": "object", "required": ["id", "site", "name", "role", "token"], "additionalProperties": false,
    "properties": {"id": {"type": "string"}, "site": {"type": "string", "nullable": true}, "name": {"type": "string"},
                   "role": {"type": "string", "enum": ["site", "agent"]},
                   "token": {"type": "string", "description": "Shown once: only its hash is kept."}}
  },
  "ProductList": {
    "type": "object", "required": ["products"], "additionalProperties": false,
    "properties": {"products": {"type": "array", "items": {"$ref": "#/components/schemas/Product"}}}
  },
  "CustomerAddress": {
    "type": "object", "required": ["address", "postcode", "city", "country"], "additionalProperties": false,
    "properties": {"label": {"type": "string", "maxLength": 40, "description": "What the customer calls it: home, work..."},
                   "name": {"type": "string", "maxLength": 200},
                   "address": {"type": "array", "minItems": 1, "maxItems": 4, "items": {"type": "string", "maxLength": 200}},
                   "postcode": {"type": "string", "maxLength": 16}, "city": {"type": "string", "maxLength": 100},
                   "country": {"type": "string", "maxLength": 2}}
  },
  "CustomerInput": {
    "type": "object", "required": ["contact"], "additionalProperties": false,
    "properties": {"id": {"type": "string", "description": "The orders' customer_id; made (cus_...) when not given."},
                   "contact": {"$ref": "#/components/schemas/Contact", "description": "The name is required, and an e-mail or a phone."},
                   "addresses": {"type": "array", "maxItems": 10, "items": {"$ref": "#/components/schemas/CustomerAddress"}},
                   "notes": {"type": "string", "maxLength": 2000},
                   "allow_duplicate": {"type": "boolean", "description": "Another customer has this e-mail or phone and this is someone else."}}
  },
  "CustomerUpdate": {
    "type": "object", "required": ["version", "contact"], "additionalProperties": false,
    "properties": {"version": {"type": "integer", "description": "The version read (0: a customer known from orders only)."},
                   "contact": {"$ref": "#/components/schemas/Contact"},
                   "addresses": {"type": "array", "maxItems": 10, "items": {"$ref": "#/components/schemas/CustomerAddress"}},
                   "notes": {"type": "string", "maxLength": 2000}}
  },
  "CustomerSummary": {
    "type": "object", "required": ["id", "version", "account", "contact", "address"], "additionalProperties": false,
    "properties": {"id": {"type": "string"}, "version": {"type": "integer"},
                   "account": {"type": "boolean", "description": "false: known from orders only."},
                   "contact": {"$ref": "#/components/schemas/Contact"},
                   "address": {"type": "object", "nullable": true, "description": "The first address."}}
  },
  "SalesImport": {
    "type": "object", "required": ["imported", "refused", "refused_count"], "additionalProperties": false,
    "properties": {
      "imported": {"type": "integer"}, "refused_count": {"type": "integer"},
      "refused": {"type": "array", "items": {"type": "object", "required": ["line", "message"],
                  "additionalProperties": false,
                  "properties": {"line": {"type": "integer"}, "message": {"type": "string"}}}}
    }
  },
  "Forecast": {
    "type": "object", "additionalProperties": false,
    "required": ["site", "from", "days", "total", "daily", "history", "products", "methods"],
    "properties": {
      "sku": {"type": "string"}, "category": {"type": "string"}, "site": {"type": "string"},
      "from": {"type": "string"}, "days": {"type": "integer"}, "total": {"type": "number"},
      "daily": {"type": "array", "items": {"type": "object", "required": ["date", "forecast", "last_year", "compared_with"],
                "additionalProperties": false,
                "properties": {"date": {"type": "string"}, "forecast": {"type": "number"},
                               "last_year": {"type": ["number", "null"]}, "compared_with": {"type": "string"}}}},
      "history": {"type": "array", "items": {"type": "object", "required": ["date", "sold", "in_stock"],
                  "additionalProperties": false,
                  "properties": {"date": {"type": "string"}, "sold": {"type": "number"},
                                 "in_stock": {"type": "boolean"}}}},
      "products": {"type": "integer"},
      "methods": {"type": "object", "additionalProperties": {"type": "integer"}},
      "method": {"type": "string", "enum": ["own_history", "category_share", "category_launch", "no_history"]},
      "method_text": {"type": "string"}, "trend": {"type": "number"}, "share": {"type": "number"},
      "category_used": {"type": "string"},
      "inputs": {"type": "object", "additionalProperties": false,
        "required": ["history", "category", "holidays", "own_holidays", "options"],
        "description": "With inputs=true: what the engine in the browser needs to redraw this forecast (wasm/engine/sales_forecast_json.h).",
        "properties": {
          "history": {"$ref": "#/components/schemas/SalesSeries"},
          "category": {"type": ["object", "null"], "description": "A SalesSeries and its path, or null (own history)."},
          "holidays": {"type": "string", "enum": ["fr", "none"]},
          "own_holidays": {"type": "array", "items": {"$ref": "#/components/schemas/OwnHoliday"}},
          "options": {"type": "object", "additionalProperties": false, "required": ["trend_weeks", "trend_min", "trend_max"],
            "properties": {"trend_weeks": {"type": "integer"}, "trend_min": {"type": "number"},
                           "trend_max": {"type": "number"}, "launch_share": {"type": "number"}}}}}
    }
  },
  "OwnHoliday": {
    "type": "object", "additionalProperties": false, "required": ["name", "dates"],
    "description": "A holiday of the brand's own: its day in each year, and how far it moves demand around it.",
    "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 64},
                   "dates": {"type": "array", "minItems": 1, "maxItems": 20, "items": {"type": "string", "format": "date"}},
                   "days_before": {"type": "integer", "minimum": 0, "maximum": 30},
                   "days_after": {"type": "integer", "minimum": 0, "maximum": 60}}
  },
  "SalesSeries": {
    "type": "object", "additionalProperties": false, "required": ["first_day", "sold", "in_stock"],
    "properties": {"first_day": {"type": "string"}, "sold": {"type": "array", "items": {"type": "number"}},
                   "in_stock": {"type": "array", "items": {"type": "integer"}}, "path": {"type": "string"}}
  },
  "StoredForecasts": {
    "type": "object", "required": ["site", "made_on", "products"], "additionalProperties": false,
    "properties": {
      "site": {"type": "string"}, "sku": {"type": "string"}, "made_on": {"type": ["string", "null"]},
      "products": {"type": "array", "items": {"type": "object", "required": ["sku", "method", "total", "daily"],
                   "additionalProperties": false,
                   "properties": {
                     "sku": {"type": "string"}, "total": {"type": "number"},
                     "method": {"type": "string", "enum": ["own_history", "category_share", "category_launch",
                                                           "no_history"]},
                     "daily": {"type": "array", "items": {"type": "object", "required": ["date", "forecast"],
                               "additionalProperties": false,
                               "properties": {"date": {"type": "string"}, "forecast": {"type": "number"}}}}}}}
    }
  },
  "CustomerList": {
    "type": "object", "required": ["customers"], "additionalProperties": false,
    "properties": {"customers": {"type": "array", "items": {"$ref": "#/components/schemas/CustomerSummary"}}}
  },
  "Customer": {
    "type": "object", "additionalProperties": false,
    "required": ["id", "version", "account", "contact", "addresses", "notes", "created_at", "updated_at", "updated_by",
                 "last_relay", "orders", "returns"],
    "properties": {
      "id": {"type": "string"}, "version": {"type": "integer"}, "account": {"type": "boolean"},
      "contact": {"$ref": "#/components/schemas/Contact"},
      "addresses": {"type": "array", "items": {"$ref": "#/components/schemas/CustomerAddress"}},
      "notes": {"type": "string"}, "created_at": {"type": "string"}, "updated_at": {"type": "string"},
      "updated_by": {"type": "string", "description": "Who wrote this version: merchant, or staff:<token id> <name>."},
      "last_relay": {"type": "object", "nullable": true, "description": "The relay point of the customer's last relay or locker order."},
      "orders": {"type": "array", "items": {"type": "object", "additionalProperties": false,
        "required": ["id", "status", "created_at", "total_cents", "channel", "external_ref", "purchase_site", "eta", "lines"],
        "properties": {"id": {"type": "string"}, "status": {"type": "string"}, "created_at": {"type": "string"},
                       "total_cents": {"type": "integer"}, "channel": {"type": "string"}, "external_ref": {"type": "string"},
                       "purchase_site": {"type": "string"}, "eta": {"type": "string"}, "lines": {"type": "integer"}}}},
      "returns": {"type": "array", "items": {"type": "object", "additionalProperties": false,
        "required": ["id", "order_id", "status", "created_at"],
        "properties": {"id": {"type": "string"}, "order_id": {"type": "string"}, "status": {"type": "string"},
                       "created_at": {"type": "string"}}}}}
  },
  "TimelineShipment": {
    "type": "object", "additionalProperties": false,
    "required": ["order", "shipment", "site", "mode", "destination", "step", "steps", "can_cancel", "awaits_shopper",
                 "shopper_events"],
    "properties": {
      "order": {"type": "string", "description": "The (child) order holding it: what POST .../events names."},
      "shipment": {"type": "integer"}, "site": {"type": "string"}, "mode": {"type": "string"},
      "destination": {"type": "object"}, "step": {"type": "string"},
      "steps": {"type": "array", "items": {"type": "object", "required": ["step", "label", "status"],
                "additionalProperties": false,
                "properties": {"step": {"type": "string"}, "label": {"type": "string"},
                               "status": {"type": "string", "enum": ["done", "current", "next"]}}}},
      "labels": {"type": "array", "description": "Staff: the numbers its labels carry, one per parcel.",
                 "items": {"type": "object", "required": ["carrier", "number"], "additionalProperties": false,
                           "properties": {"carrier": {"type": "string"}, "number": {"type": "string"}}}},
      "can_cancel": {"type": "boolean"}, "awaits_shopper": {"type": "boolean"},
      "shopper_events": {"type": "array", "items": {"type": "string"}},
      "eta": {"type": "string"},
      "backorder_of": {"type": "integer", "description": "A backorder: the shipment whose lines were short."},
      "available_on": {"type": "string", "description": "A backorder: when the stock is expected."},
      "can_choose": {"type": "boolean", "description": "A backorder: where it goes may still be chosen (POST .../destination)."},
      "relay_check": {"type": "object", "description": "A backorder: its point's refusal at its new date ({code, message, reason, alternatives}), until another is chosen."},
      "pickup_code": {"type": "string", "description": "Shopper only (staff check it): collected at a site, once ready, the code the shopper shows (text or QR code)."},
      "next_events": {"type": "array", "items": {"type": "string"}, "description": "Staff and merchants: the events the current step takes."},
      "parcel_number": {"type": "object", "required": ["carrier", "text", "pattern"], "additionalProperties": false,
                        "description": "Staff and merchants, when the step takes handed_to_carrier: what the carrier's parcel numbers look like.",
                        "properties": {"carrier": {"type": "string"}, "text": {"type": "string"},
                                       "pattern": {"type": "string", "description": "Anchored ECMAScript pattern (capitals and digits, no spaces)."}}},
      "pickup_qr": {"type": "array", "items": {"type": "string"}, "description": "The code's QR symbol: one string of 0/1 modules per row ('1' dark), drawn by the page."},
      "parcel": {"type": "object", "properties": {"carrier": {"type": "string"}, "tracking_number": {"type": "string"}}},
      "point": {"$ref": "#/components/schemas/RelayPoint"},
      "pickup_site": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                                                        "location": {"type": "object"}}}}
  },
  "Timeline": {
    "type": "object", "required": ["id", "status", "created_at", "lang", "can_cancel", "shipments"],
    "additionalProperties": false,
    "properties": {"id": {"type": "string"}, "status": {"type": "string"}, "created_at": {"type": "string"},
                   "lang": {"type": "string", "enum": ["fr", "en"]}, "can_cancel": {"type": "boolean"},
                   "returns": {"type": "boolean", "description": "The brand takes returns through relais (GET /v1/orders/{id}/returns)."},
                   "questions": {"type": "array", "items": {"$ref": "#/components/schemas/Question"}},
                   "shipments": {"type": "array", "items": {"$ref": "#/components/schemas/TimelineShipment"}}}
  },
  "EventInput": {
    "type": "object", "required": ["event"], "additionalProperties": false,
    "properties": {
      "event": {"type": "string", "minLength": 1, "maxLength": 64},
      "order": {"type": "string", "description": "A parent's child order holding the shipment."},
      "shipment": {"type": "integer", "minimum": 0, "description": "Required when the order has several."},
      "eta": {"type": "string", "description": "YYYY-MM-DD: required by delayed."},
      "parcel": {"type": "object", "required": ["carrier", "tracking_number"], "additionalProperties": false,
                 "properties": {"carrier": {"type": "string"}, "tracking_number": {"type": "string",
                   "description": "As printed on the label, without spaces; required by handed_to_carrier. Refused (400) unless it has the length and alphabet of one of the carrier's numbers (the timeline's parcel_number says which), or when the check characters of a Mondial Relay barcode, a Colissimo or UPU S10 number, a DPD number or a GS1 SSCC do not match."}}},
      "reason": {"type": "string", "maxLength": 500},
      "code": {"type": "string", "maxLength": 16, "description": "The pick-up code the shopper shows: checked (409 wrong_pickup_code)."}}
  },
  "EventOutcome": {
    "type": "object", "required": ["moved", "repeated"], "additionalProperties": false,
    "properties": {"moved": {"type": "boolean"}, "repeated": {"type": "boolean"}, "status": {"type": "string"},
                   "shipment": {"$ref": "#/components/schemas/TimelineShipment"},
                   "order": {"$ref": "#/components/schemas/Order", "description": "cancel: the order after."}}
  },
  "WebhookInput": {
    "type": "object", "required": ["tracking_number", "events"], "additionalProperties": false,
    "properties": {
      "tracking_number": {"type": "string"},
      "events": {"type": "array", "minItems": 1, "maxItems": 100, "items": {
        "type": "object", "required": ["code", "at"], "additionalProperties": false,
        "properties": {"code": {"type": "string"}, "justification": {"type": "string"}, "text": {"type": "string"},
                       "at": {"type": "string", "description": "The carrier's ISO 8601 instant."}}}}}
  },
  "WebhookOutcome": {
    "type": "object", "required": ["tracking_number", "events"], "additionalProperties": false,
    "properties": {"tracking_number": {"type": "string"}, "events": {"type": "array", "items": {
      "type": "object", "required": ["code", "milestone", "replayed", "outcome"], "additionalProperties": false,
      "properties": {"code": {"type": "string"},
                     "milestone": {"type": "string", "enum": ["unknown", "registered", "in_transit", "out_for_delivery", "ready_for_pickup",
                                                              "delivered", "problem", "returned"]},
                     "replayed": {"type": "boolean"},
                     "outcome": {"type": "string", "description": "moved, repeated, noted, no_step, no_order, unknown_code, or refused: why"},
                     "order": {"type": "string"}, "step": {"type": "string"}}}}}
  },
  "Question": {
    "type": "object", "required": ["id", "kind", "shipment", "text", "status", "asked_at"], "additionalProperties": false,
    "properties": {
      "id": {"type": "string"}, "order": {"type": "string", "description": "The order holding it (timeline)."},
      "kind": {"type": "string", "enum": ["substitution", "choice", "text"]},
      "shipment": {"type": "integer"},
      "text": {"type": "object", "properties": {"fr": {"type": "string"}, "en": {"type": "string"}}},
      "sku": {"type": "string"}, "quantity": {"type": "integer", "description": "substitution: the units asked about"},
      "ordered": {"type": "integer", "description": "substitution, a shortage: the line's units, some of them found"},
      "candidates": {"type": "array", "items": {"type": "object", "required": ["sku", "name", "price_cents"],
                     "properties": {"sku": {"type": "string"}, "name": {"type": "string"}, "price_cents": {"type": "integer"}}}},
      "choices": {"type": "array", "items": {"type": "string"}},
      "actions": {"type": "array", "description": "choice: per choice, what answering it does (null: nothing), as asked.",
                  "items": {"type": ["object", "null"]}},
      "status": {"type": "string", "enum": ["open", "answered"]},
      "answer": {"type": "object"}, "asked_at": {"type": "string"}, "answered_at": {"type": "string"},
      "asked_by": {"type": "string"}, "answered_by": {"type": "string"}}
  },
  "QuestionInput": {
    "type": "object", "required": ["kind"], "additionalProperties": false,
    "properties": {
      "kind": {"type": "string", "enum": ["substitution", "choice", "text"]},
      "sku": {"type": "string", "description": "substitution: the line's product that is missing."},
      "candidates": {"type": "array", "maxItems": 5, "items": {"type": "string"},
                     "description": "substitution: skus to offer (default: the catalogue's, same category, in stock)."},
      "text": {"type": "object", "description": "choice, text: the question, {fr, en}.",
               "properties": {"fr": {"type": "string"}, "en": {"type": "string"}}},
      "choices": {"type": "array", "minItems": 2, "maxItems": 5,
                  "description": "choice: each a label, or {label, action, ...} -- what answering it does, one of customer service's actions, checked as theirs when the shopper picks it (a refusal leaves the question open): change_slot {date, slot?}, ship_home {address}, change_relay {relay: {carrier, id}}.",
                  "items": {"oneOf": [{"type": "string"},
                                      {"type": "object", "required": ["label", "action"], "additionalProperties": false,
                                       "properties": {"label": {"type": "string"},
                                                      "action": {"type": "string", "enum": ["change_slot", "ship_home", "change_relay"]},
                                                      "date": {"type": "string", "format": "date"}, "slot": {"type": "string"}, "address": {"type": "object"},
                                                      "relay": {"type": "object"}}}]}},
      "shipment": {"type": "integer", "minimum": 0}}
  },
  "AnswerInput": {
    "type": "object", "additionalProperties": false,
    "properties": {"accept": {"type": "boolean", "description": "substitution"},
                   "sku": {"type": "string", "description": "substitution accepted: the candidate chosen."},
                   "choice": {"type": "integer", "minimum": 0, "description": "choice: its index."},
                   "text": {"type": "string", "maxLength": 1000, "description": "text"}}
  },
  "QuestionOutcome": {
    "type": "object", "required": ["question", "order"], "additionalProperties": false,
    "properties": {"question": {"$ref": "#/components/schemas/Question"}, "order": {"$ref": "#/components/schemas/Order"},
                   "repeated": {"type": "boolean"}, "line_cancelled": {"type": "boolean"}}
  },
  "Notification": {
    "type": "object", "additionalProperties": false,
    "required": ["id", "order", "shipment", "trigger", "channel", "recipient", "status", "attempts", "created_at", "body"],
    "properties": {"id": {"type": "integer"}, "order": {"type": "string"}, "shipment": {"type": "integer"},
                   "trigger": {"type": "string", "description": "The step that made it (#resendN for a copy)."},
                   "channel": {"type": "string", "enum": ["email", "sms"]}, "recipient": {"type": "string"},
                   "status": {"type": "string", "enum": ["pending", "sent", "failed"]},
                   "attempts": {"type": "integer"}, "created_at": {"type": "string"}, "sent_at": {"type": "string"},
                   "subject": {"type": "string"}, "body": {"type": "string"}, "last_error": {"type": "string"}}
  },
  "Notifications": {
    "type": "object", "required": ["order_id", "notifications"], "additionalProperties": false,
    "properties": {"order_id": {"type": "string"},
                   "notifications": {"type": "array", "items": {"$ref": "#/components/schemas/Notification"}}}
  },
  "LabelRequest": {
    "type": "object", "additionalProperties": false,
    "properties": {"format": {"enum": ["pdf", "pdf-a4", "zpl"]}, "dpi": {"enum": [203, 300]}}
  },
  "PrintRequest": {
    "type": "object", "additionalProperties": false, "properties": {"dpi": {"enum": [203, 300]}}
  },
  "ManifestRequest": {
    "type": "object", "required": ["site", "carrier"], "additionalProperties": false,
    "properties": {"site": {"type": "string"}, "carrier": {"type": "string"},
                   "numbers": {"type": "array", "items": {"type": "string"}}}
  },
  "BackorderRequest": {
    "type": "object", "required": ["lines", "available_on"], "additionalProperties": false,
    "properties": {
      "lines": {"type": "array", "minItems": 1, "maxItems": 100, "items": {
        "type": "object", "required": ["sku", "missing"], "additionalProperties": false,
        "properties": {"sku": {"type": "string"}, "missing": {"type": "integer", "minimum": 1}}}},
      "available_on": {"type": "string", "description": "YYYY-MM-DD: when the stock is expected."},
      "reason": {"type": "string"}}
  },
  "Backordered": {
    "type": "object", "required": ["order", "backorder", "relay_check"], "additionalProperties": false,
    "properties": {"order": {"$ref": "#/components/schemas/Order"}, "backorder": {"type": "integer"},
                   "relay_check": {"type": ["object", "null"]}}
  },
  "BackorderDestinationRequest": {
    "type": "object", "additionalProperties": false,
    "properties": {"relay": {"type": "object", "required": ["carrier", "id"], "additionalProperties": false,
                             "properties": {"carrier": {"type": "string"}, "id": {"type": "string"}}},
                   "address": {"type": "object"}, "reason": {"type": "string"}, "order": {"type": "string"}}
  },
  "BackorderDestination": {
    "type": "object", "required": ["order", "shipment", "delivery"], "additionalProperties": false,
    "properties": {"order": {"type": "string"}, "shipment": {"type": "integer"}, "delivery": {"type": "object"}}
  },
  "Invoice": {
    "type": "object", "additionalProperties": false,
    "required": ["number", "kind", "series", "order_id", "order_ref", "shipment", "issued_at", "day", "seller", "customer",
                 "delivery", "lines", "vat", "totals"],
    "properties": {"number": {"type": "string"}, "kind": {"type": "string", "enum": ["invoice", "credit_note"]},
                   "series": {"type": "string"}, "order_id": {"type": "string"}, "order_ref": {"type": "string"},
                   "shipment": {"type": "integer"}, "issued_at": {"type": "string"},
                   "day": {"type": "string", "description": "The invoice's date: the shipping site's local date."},
                   "credits": {"type": "string"},
                   "seller": {"type": "object"}, "customer": {"type": "object"}, "delivery": {"type": "object"},
                   "lines": {"type": "array", "items": {
                     "type": "object", "additionalProperties": false,
                     "required": ["sku", "label", "quantity", "unit_cents", "total_cents", "vat_rate_bp"],
                     "properties": {"sku": {"type": "string"}, "label": {"type": "string"},
                                    "quantity": {"type": "integer"}, "unit_cents": {"type": "integer"},
                                    "total_cents": {"type": "integer"}, "vat_rate_bp": {"type": "integer"}}}},
                   "vat": {"type": "array", "items": {
                     "type": "object", "additionalProperties": false,
                     "required": ["rate_bp", "net_cents", "vat_cents", "gross_cents"],
                     "properties": {"rate_bp": {"type": "integer"}, "net_cents": {"type": "integer"},
                                    "vat_cents": {"type": "integer"}, "gross_cents": {"type": "integer"}}}},
                   "totals": {"type": "object", "additionalProperties": false,
                              "required": ["net_cents", "vat_cents", "gross_cents"],
                              "properties": {"net_cents": {"type": "integer"}, "vat_cents": {"type": "integer"},
                                             "gross_cents": {"type": "integer"}}}}
  },
  "OrderInvoices": {
    "type": "object", "required": ["order_id", "invoices"], "additionalProperties": false,
    "properties": {"order_id": {"type": "string"},
                   "invoices": {"type": "array", "items": {"$ref": "#/components/schemas/Invoice"}}}
  },
  "Manifests": {
    "type": "object", "required": ["manifests"], "additionalProperties": false,
    "properties": {"manifests": {"type": "array", "items": {"$ref": "#/components/schemas/Manifest"}}}
  },
  "ManifestParcel": {
    "type": "object", "additionalProperties": false,
    "required": ["order", "shipment", "parcel", "number", "order_ref", "recipient", "destination", "mode", "weight_g",
                 "parcel_count"],
    "properties": {"order": {"type": "string"}, "shipment": {"type": "integer"}, "parcel": {"type": "integer"},
                   "number": {"type": "string"}, "order_ref": {"type": "string"}, "recipient": {"type": "string"},
                   "destination": {"type": "string"}, "mode": {"type": "string"}, "weight_g": {"type": "integer"},
                   "parcel_count": {"type": "integer"}}
  },
  "ManifestTotals": {
    "type": "object", "required": ["parcels", "weight_g"], "additionalProperties": false,
    "properties": {"parcels": {"type": "integer"}, "weight_g": {"type": "integer"}}
  },
  "Manifest": {
    "type": "object", "additionalProperties": false,
    "required": ["id", "site", "carrier", "account", "day", "closed_at", "closed_by", "parcels", "totals"],
    "properties": {"id": {"type": "string"}, "site": {"type": "string"}, "carrier": {"type": "string"},
                   "account": {"type": "string"}, "day": {"type": "string"}, "closed_at": {"type": "string"},
                   "closed_by": {"type": "string"},
                   "parcels": {"type": "array", "items": {"$ref": "#/components/schemas/ManifestParcel"}},
                   "totals": {"$ref": "#/components/schemas/ManifestTotals"},
                   "pickup": {"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/PickupState"}]}}
  },
  "PickupState": {
    "type": "object", "additionalProperties": false,
    "required": ["status", "channel", "attempts", "last_error", "reference", "sent_at"],
    "properties": {"status": {"type": "string", "enum": ["pending", "sent", "failed"]},
                   "channel": {"type": "string", "enum": ["email", "http"]}, "attempts": {"type": "integer"},
                   "last_error": {"type": "string"}, "reference": {"type": "string"}, "sent_at": {"type": "string"}}
  },
  "PendingManifest": {
    "type": "object", "additionalProperties": false,
    "required": ["site", "carrier", "account", "day", "parcels", "totals", "not_ready"],
    "properties": {"site": {"type": "string"}, "carrier": {"type": "string"}, "account": {"type": "string"},
                   "day": {"type": "string"},
                   "parcels": {"type": "array", "items": {"$ref": "#/components/schemas/ManifestParcel"}},
                   "totals": {"$ref": "#/components/schemas/ManifestTotals"},
                   "not_ready": {"type": "array", "items": {"$ref": "#/components/schemas/ManifestParcel"}}}
  },
  "Printed": {
    "type": "object", "required": ["order", "shipment", "parcel_numbers", "printer"], "additionalProperties": false,
    "properties": {"order": {"type": "string"}, "shipment": {"type": "integer"},
                   "parcel_numbers": {"type": "array", "items": {"type": "string"}}, "printer": {"type": "string"}}
  },
  "ParcelRanges": {
    "type": "object", "required": ["ranges"], "additionalProperties": false,
    "properties": {"ranges": {"type": "array", "items": {
      "type": "object", "additionalProperties": false,
      "required": ["carrier", "account", "name", "scheme", "prefix", "first", "last", "given", "left", "low"],
      "properties": {"carrier": {"type": "string"}, "account": {"type": "string"}, "name": {"type": "string"},
                     "scheme": {"type": "string"},
                     "prefix": {"type": "string"}, "first": {"type": "integer"}, "last": {"type": "integer"},
                     "given": {"type": "integer"}, "left": {"type": "integer"}, "low": {"type": "boolean"}}}}}
  },
  "ParcelEvents": {
    "type": "object", "required": ["events"], "additionalProperties": false,
    "properties": {"events": {"type": "array", "items": {
      "type": "object", "additionalProperties": false,
      "required": ["carrier", "tracking_number", "code", "justification", "text", "at", "received_at", "milestone",
                   "order", "outcome"],
      "properties": {"carrier": {"type": "string"}, "tracking_number": {"type": "string"}, "code": {"type": "string"},
                     "justification": {"type": "string"}, "text": {"type": "string"}, "at": {"type": "string"},
                     "received_at": {"type": "string"}, "milestone": {"type": "string"}, "order": {"type": "string"},
                     "outcome": {"type": "string"}}}}}
  },
  "Revoked": {
    "type": "object", "required": ["id", "revoked"], "additionalProperties": false,
    "properties": {"id": {"type": "string"}, "revoked": {"type": "boolean"}}
  }
})json";

}  // namespace

const nlohmann::json& ApiSchemas() {
  static const nlohmann::json kParsed = nlohmann::json::parse(kSchemas);
  return kParsed;
}

}  // namespace relais::edge
