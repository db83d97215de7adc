// Labelling a shipment: its parcels get numbers from the brand's carrier account (allocated by the store,
// once, atomically), the label is laid out by the engine from the order, the site and the relay point as the
// snapshot has it on the label's day, and rendered as ZPL or PDF -- and, when asked, sent to the site's
// label printer.
//
// A brand's "shipping" configuration (config.h):
//   "shipping": { "home_carrier": "colissimo",
//                 "accounts": [ { "carrier": "colissimo", "account": "C123456", "name": "Colissimo",
//                                 "modes": ["relay"], "low_at": 500,
//                                 "ranges": [ {"scheme": "colissimo", "prefix": "6M", "first": 1,
//                                              "last": 999999} ],
//                                 "pickup": {"email": "enlevement@carrier.example", "ready": "14:00-18:00"} } ],
//                 "printers": { "wh-nord": {"host": "10.0.0.7", "port": 9100} } }
// A relay or locker shipment goes with its point's carrier; a home shipment with home_carrier; a collection
// at a site (click and collect, drive, pedestrian) with the "merchant" account: the brand's own numbers,
// usually an SSCC range. The first account of the carrier whose modes include the shipment's (no modes:
// every mode) numbers it; its ranges are used in order, the next once one is used up. An account's "pickup" is
// {"email": address} or {"url": "https://...", "token_env": "VARIABLE"}, with "ready" (default 14:00-18:00).
//
// Errors (OrderError): not_found (the order, or "shipment"), invalid_field, no_parcel_range (the carrier has
// no account or no range for this mode), parcel_range_exhausted, shipment_closed (handed to the carrier or
// cancelled: its label is the one it left with), relay_unavailable (the point is gone or closed for good on
// the label's day; details: reason, alternatives), relay_data_unavailable, no_printer, printer_unavailable
// (the numbers are kept: the label can be downloaded, or printed again once the printer answers).
#ifndef RELAIS_EDGE_ORDERS_SHIPPING_LABELS_H_
#define RELAIS_EDGE_ORDERS_SHIPPING_LABELS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "edge/documents/label_printer.h"
#include "edge/model/order.h"
#include "edge/orders/order_error.h"
#include "edge/orders/order_service.h"
#include "edge/relay_snapshot.h"
#include "edge/store/store.h"
#include "wasm/engine/parcel_range.h"
#include "wasm/engine/shipping_label.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

// How an account asks its carrier to come for the day's parcels once the manifest is closed (hand_over.h):
// by e-mail to the carrier's agency with the manifest attached (through the brand's SMTP server, the
// notifications' one), or by an HTTP call to the carrier's or an aggregator's pickup API (pickup_channel.h
// writes both). None: the carrier comes on a standing round.
struct PickupContact {
  std::string by;     // "", email, http.
  std::string email;  // by email: the carrier's address.
  std::string url;    // by http: where the request is POSTed.
  std::string token;  // by http: the bearer token, read from the variable token_env names.
  std::string ready_from = "14:00", ready_until = "18:00";  // When the parcels wait, the site's local time.
};

struct CarrierAccount {
  std::string carrier;  // The relay-record slug, or "merchant".
  std::string account;
  std::string name;                 // As printed; "" : the carrier's slug.
  std::vector<std::string> modes;   // The shipments it numbers (delivery modes); empty: all.
  std::vector<ParcelRange> ranges;  // Used in this order.
  uint64_t low_at = 0;              // Fewer numbers left than this is "low" (/metrics, the staff page).
  PickupContact pickup;
};

struct ShippingConfig {
  std::string home_carrier;
  std::vector<CarrierAccount> accounts;
  std::map<std::string, LabelPrinter> printers;  // By site.
};

// Reads a brand's "shipping" object; "" or what is wrong, naming the field under `at`.
std::string ReadShippingConfig(const nlohmann::json& json, const std::string& at, ShippingConfig* config);

// The date at `site` (in its time zone, Paris when it names none) at `now` (Unix seconds): a label's day, a
// manifest's.
std::string SiteLocalDate(const std::optional<Site>& site, int64_t now);

// Parcel `parcel`'s share of a shipment of `weight_g` in `parcels` parcels: shared out, the rest on the first, so
// that the parcels add up to the shipment (the label prints it, the manifest lists it).
inline int64_t ParcelWeight(int64_t weight_g, int64_t parcels, int64_t parcel) {
  return parcels < 1 ? weight_g : weight_g / parcels + (parcel == 0 ? weight_g % parcels : 0);
}

// The key a range's serials are counted under (store.h: SerialBlock).
std::string SerialBlockKey(const ParcelRange& range);

class ShippingLabels {
 public:
  // Every pointer outlives this; `workflows` is read when used.
  ShippingLabels(Store* store, RelaySnapshot* relays, OrderService* orders, const std::vector<Workflow>* workflows,
                 std::map<std::string, ShippingConfig> brands);

  enum class Format { kZpl, kPdf, kPdfA4 };
  struct Request {
    int64_t shipment = 0;  // Its index among the order's deliveries (as the timeline and events name it).
    Format format = Format::kPdf;
    int dpi = 203;       // ZPL only: 203 or 300.
    bool print = false;  // Also send it (as ZPL at `dpi`) to the shipment's site's printer.
    Actor actor;
    int64_t now = 0;  // Unix seconds: the label's day is its site's local date then.
  };
  struct Labelled {
    std::vector<ParcelLabel> labels;  // One per parcel.
    bool allocated = false;           // Numbers were given now (not a reprint).
    std::string document;             // The label(s) in the format asked.
    std::string content_type;
    std::string printer;  // host:port it was sent to, "" when not printed.
  };
  // Labels shipment `request.shipment` of `order` (not a parent: a parent's shipments are its children's).
  OrderResult<Labelled> Label(const Brand& brand, const BrandSettings& settings, const Order& order,
                              const Request& request);

  // A return parcel's label (return_service.h): numbered by the first account of `carrier` whose modes include
  // "return" (no modes: every mode), kept for good as parcel 0 of shipment `shipment` of `order_id` (the store's
  // LabelShipment: the same number on every later call), from the shopper to the merchant's site `site`, as PDF.
  struct ReturnParcel {
    std::string order_id;
    int64_t shipment = 0;
    std::string carrier;
    std::string order_ref;  // The return's number: what the label's reference says.
    LabelAddress sender;    // The shopper.
    std::string site;       // Where it goes.
    int64_t weight_g = 0;
    Actor actor;
    int64_t now = 0;
  };
  OrderResult<Labelled> LabelReturn(const std::string& brand, const ReturnParcel& parcel);

  // How far each configured range is used, for /metrics and the staff page.
  struct RangeUse {
    std::string carrier, account, name, scheme, prefix;
    uint64_t first = 0, last = 0, given = 0, left = 0;
    bool low = false;  // The account's ranges have fewer than low_at numbers left in all.
  };
  std::vector<RangeUse> Ranges(const std::string& brand) const;

  // The carrier of the brand's home shipments ("" : none configured).
  std::string HomeCarrier(const std::string& brand) const;
  // How `carrier`'s first account names it ("Colissimo"), the slug itself when none does.
  std::string CarrierName(const std::string& brand, const std::string& carrier) const;
  // The brand's account `account` of `carrier`, when configured.
  std::optional<CarrierAccount> Account(const std::string& brand, const std::string& carrier,
                                        const std::string& account) const;

 private:
  // The brand's account of `carrier` that numbers `mode` parcels (its modes name it, or it names none).
  const CarrierAccount* AccountFor(const std::string& brand, const std::string& carrier, const std::string& mode) const;

  Store* store_;
  RelaySnapshot* relays_;
  OrderService* orders_;
  const std::vector<Workflow>* workflows_;
  std::map<std::string, ShippingConfig> brands_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_SHIPPING_LABELS_H_
