// Returns, from the shopper's request to the money back:
//
//   Options   what the shopper may return now: per line, units bought, already returned and returnable (or why
//             not: not delivered yet, past the window, excluded); the brand's reasons; where to bring it (stores
//             taking returns, relay carriers, home pickup); and the engine's refund input, so the tracking page
//             shows the very refund the server will compute (wasm/engine/refund_json.h).
//   Request   a return of some units, a reason and a drop-off: checked (409 with the reason otherwise), quoted by
//             the engine, and written in one commit over the order's version -- two returns racing for the last
//             units cannot both win.
//   Receive   staff at a site taking returns receive it (by its number or its QR code). Idempotent: a second
//             scan, another tab or a retry answers the receipt made; racing receipts give one (the return's
//             version).
//   Grade     each unit resellable -- back in stock at the receiving site at once (a return_to_stock movement,
//             in the same transaction as the grade: a crash keeps both or neither) -- or not; the brand's
//             compensation rule prices the unsellable ones (the engine's GradeRefund).
//   Validate  the refund is final when staff validate it; above the brand's threshold a second, different staff
//             member must too. Then, in one commit: the refund queued for the payment provider (refund_sender.h),
//             the credit note, and the unspent benefits the return cancels.
//
// Every step is an event of the order ("return_requested", "return_received", ...: who, when, why) and moves the
// return along its workflow (return_policy.h); steps marked notify tell the shopper.
//
// Errors (OrderError): not_found, returns_off, invalid_field, not_returnable (409, details.lines: why per
// line), return_moved (409: the return is past that step), site_takes_no_returns (409), point_takes_no_returns
// (409: a relay or locker drop-off the snapshot does not show taking returns), relay_data_unavailable,
// second_validator_needed (409), order_moved (409, retry).
#ifndef RELAIS_EDGE_ORDERS_RETURN_SERVICE_H_
#define RELAIS_EDGE_ORDERS_RETURN_SERVICE_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "edge/model/return_request.h"
#include "edge/orders/invoicing.h"
#include "edge/orders/order_error.h"
#include "edge/orders/return_policy.h"
#include "edge/orders/shipping_labels.h"
#include "edge/orders/tracking_service.h"
#include "edge/relay_snapshot.h"
#include "edge/store/store.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

class ReturnService {
 public:
  // Every pointer outlives this; `workflows` is read when used.
  ReturnService(Store* store, TrackingService* tracking, RelaySnapshot* relays, ShippingLabels* labels,
                const std::vector<Workflow>* workflows, std::map<std::string, ReturnPolicy> policies,
                std::map<std::string, InvoicingConfig> invoicing);

  // The brand's policy, or null when it takes no returns through relais.
  const ReturnPolicy* PolicyOf(const std::string& brand) const;

  // What order `order_id` (the order the shopper knows) may return at `now` (Unix seconds), with its returns.
  OrderResult<nlohmann::json> Options(const std::string& brand, const std::string& order_id, int64_t now) const;

  struct Ask {
    std::vector<std::pair<int64_t, int64_t>> lines;  // (order line index, units).
    std::string reason;
    nlohmann::json drop_off = nlohmann::json::object();  // {kind: store, site} | {kind: relay|locker, carrier, id}
                                                         // | {kind: home}.
    std::string key;                                     // The request's Idempotency-Key ("" : none).
  };
  // *replayed: a return of this order was made with the same key already (it is answered, nothing is written).
  OrderResult<ReturnRequest> Request(const std::string& brand, const std::string& order_id, const Ask& ask,
                                     const Actor& actor, int64_t now, bool* replayed);

  // A step the shopper, a carrier or staff report: "dropped_off", "in_transit", or "cancel" (the shopper, while
  // requested).
  OrderResult<ReturnRequest> Step(const std::string& brand, const std::string& id, const std::string& event,
                                  const Actor& actor, bool by_shopper);

  // Received at `site` (must take returns). *repeated: it was received there already (nothing written).
  OrderResult<ReturnRequest> Receive(const std::string& brand, const std::string& id, const std::string& site,
                                     const Actor& actor, bool* repeated);

  struct Grade {
    int64_t line = 0;  // The order line.
    int64_t resellable = 0, unsellable = 0;
  };
  // Grades every line of the return (resellable + unsellable = its units). `compensation_confirmed` must be true
  // when a unit is unsellable: the staff member confirms the brand's rule, shown to them beforehand.
  OrderResult<ReturnRequest> GradeReturn(const std::string& brand, const std::string& id,
                                         const std::vector<Grade>& grades, bool compensation_confirmed,
                                         const Actor& actor);

  // A staff member (`actor.who`) validates the refund. *final: this validation made it final.
  OrderResult<ReturnRequest> Validate(const std::string& brand, const std::string& id, const Actor& actor, bool* final);

  // The return parcel's label, for a relay, locker or home return (the shipping accounts with "return" in their
  // modes number it, once: the same number on every later call), addressed to the brand's destination site; the
  // return then carries its parcel, and that carrier's events move it (TakeCarrierEvents).
  struct Labelled {
    ReturnRequest r;
    std::string pdf;
  };
  OrderResult<Labelled> Label(const std::string& brand, const std::string& id, const Actor& actor, int64_t now);

  // The carrier's events about parcel `number` when it is a return's: each kept (the parcel-events table) and
  // mapped onto the return's workflow -- with the carrier: in_transit; a problem is recorded for staff; the
  // rest (registered, delivered to the merchant: staff receive it) moves nothing. nullopt when no return has
  // this parcel (the order shipments' turn).
  std::optional<std::vector<CarrierEventOutcome>> TakeCarrierEvents(const std::string& brand,
                                                                    const std::string& carrier,
                                                                    const std::string& number,
                                                                    std::vector<ParcelEvent>* events);

  // Asks the payment provider again for a refund that failed (refused, or given up after the last attempt): the
  // same refund, the same Idempotency-Key. return_moved (409) unless its payment failed.
  OrderResult<ReturnRequest> RetryRefund(const std::string& brand, const std::string& id, const Actor& actor,
                                         int64_t now_ms);

  // The payment provider's outcome for the return's refund (refund_sender.h): refunded, or an event staff see.
  void RefundSettled(const std::string& brand, const std::string& id, bool succeeded, const std::string& detail);

  // The return as the API shows it: ReturnJson, its workflow's timeline, the refund payment's state, credit notes.
  nlohmann::json Describe(const std::string& brand, const ReturnRequest& r, const std::string& lang) const;
  // The same for several returns of one order, reading the order's invoices, its products' names and the drop-off
  // stores once (the tracking page asks for an order's returns every few seconds).
  nlohmann::json DescribeAll(const std::string& brand, const std::vector<ReturnRequest>& returns,
                             const std::string& lang) const;

 private:
  // Describe's work for one return, with what DescribeAll read once (`names` and `sites` fill as they go).
  nlohmann::json DescribeOne(const std::string& brand, const ReturnRequest& r, const std::string& lang,
                             const ReturnPolicy* policy, std::map<std::string, std::string>& names,
                             std::map<std::string, std::optional<Site>>& sites,
                             const std::map<std::string, nlohmann::json>& notes) const;

  // Reads the return, lets `decide` change it and fill the commit, writes both; retried when another write
  // came first. `decide` returns an error to stop.
  using Decision = std::function<std::optional<OrderError>(ReturnRequest* r, OrderCommit* commit)>;
  OrderResult<ReturnRequest> Change(const std::string& brand, const std::string& id, const Decision& decide);
  // Moves *r along its workflow by `event`; an error when the step does not take it.
  std::optional<OrderError> Move(const ReturnPolicy& policy, ReturnRequest* r, const std::string& event,
                                 bool by_shopper) const;
  // The event of the order recording a return's step, and the shopper's messages when the step notifies.
  void Record(const std::string& brand, const ReturnPolicy& policy, const ReturnRequest& r, const std::string& kind,
              nlohmann::json details, const Actor& actor, OrderCommit* commit) const;
  // Credit notes for a validated return: one per invoice its lines were billed on (none for a brand not invoiced).
  std::vector<Invoice> CreditNotes(const std::string& brand, const Order& order, const ReturnRequest& r) const;

  Store* store_;
  TrackingService* tracking_;
  RelaySnapshot* relays_;   // Where a relay or locker drop-off is checked: it must take returns.
  ShippingLabels* labels_;  // Return parcels' numbers and labels.
  const std::vector<Workflow>* workflows_;
  std::map<std::string, ReturnPolicy> policies_;
  std::map<std::string, InvoicingConfig> invoicing_;
};

// "R" and 10 characters a person reads and types without confusion (no 0/O, 1/I/L): the return's number.
std::string NewReturnNumber();

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_RETURN_SERVICE_H_
