// An order as the domain reads it: its lines, deliveries and family (order_family.h), the events kept
// forever about it, and who acts on it.
#ifndef RELAIS_EDGE_MODEL_ORDER_H_
#define RELAIS_EDGE_MODEL_ORDER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace relais::edge {

// Order statuses, in the only order an order moves through them ("cancelled" from the first ones).
inline constexpr const char* kOrderStatuses[] = {"placed", "preparing", "ready", "shipped", "collected", "delivered"};

// kOrderStatuses' index of `status`, -1 for "cancelled" or an unknown status.
inline int OrderStatusRank(const std::string& status) {
  for (size_t i = 0; i < std::size(kOrderStatuses); ++i) {
    if (status == kOrderStatuses[i]) return static_cast<int>(i);
  }
  return -1;
}

// The status of something made of parts (a parent of its children, an order of its shipments): the least
// advanced of the parts still running, "cancelled" when every part is, `none` when there are no parts.
inline std::string LeastAdvancedStatus(const std::vector<std::string>& parts, const std::string& none) {
  int least = -1;
  bool any = false;
  for (const std::string& status : parts) {
    if (status == "cancelled") continue;
    const int rank = OrderStatusRank(status);
    if (!any || rank < least) least = rank;
    any = true;
  }
  if (!any) return parts.empty() ? none : "cancelled";
  return least < 0 ? "placed" : kOrderStatuses[least];
}

struct OrderLine {
  std::string sku;
  int64_t quantity = 0;
  std::string site;  // Where the stock is reserved and the parcel leaves from.
  std::string mode;  // home, click_collect, drive, pedestrian, relay, locker, reserve_transfer.
  nlohmann::json destination = nlohmann::json::object();  // Address, site, or relay point (carrier, id).
  std::string via;   // Home, relay, locker: the site that delivers after a transfer from `site` ("" : `site`).
  std::string date;  // Arrival or collection date, "" when none.
  int64_t unit_price_cents = 0;  // The server's price, never the client's.
};

struct Order {
  std::string id;
  int64_t version = 0;  // Bumped by every write: a write names the version it read (store.h's OrderCommit).
  std::string customer_id;
  std::string
      purchase_site;  // The site the shopper bought from ("" : the online shop); lines come from it or its zone.
  std::string status = "placed";
  std::vector<OrderLine> lines;
  nlohmann::json delivery = nlohmann::json::array();  // [{site, mode, destination, cost_cents}], one per parcel.
  int64_t total_cents = 0;
  std::string created_at;
  // An order served by several sites is a parent with one child order per fulfilling site (order_family.h).
  std::string parent_id;                              // A child: its parent ("" : not a child).
  std::string site;                                   // A child: the site that fulfils it.
  nlohmann::json children = nlohmann::json::array();  // A parent: [{id, site, status, total_cents}], kept current.
  std::string channel = "web";                        // web, phone, erp, marketplace, store, app.
  std::string external_ref;                           // The order's id in the system it came from ("" : none).
  nlohmann::json contact = nlohmann::json::object();  // {name, email, phone}, each optional.
  // Each delivery's place in its mode's workflow, as recorded (order_progress.h); [] until the first event.
  nlohmann::json progress = nlohmann::json::array();
  bool substitutions_allowed = false;                  // The shopper accepts substitutes for missing products.
  nlohmann::json questions = nlohmann::json::array();  // Asked to the shopper (order_questions.h).
};

// When the whole of a parent order is there at the latest: the latest arrival among its running
// children's deliveries (ISO date, from their summaries), "" when none was planned with dates.
inline std::string ParentEta(const Order& parent) {
  std::string eta;
  for (const nlohmann::json& c : parent.children) {
    if (c.at("status") != "cancelled") eta = std::max(eta, c.value("latest", std::string()));
  }
  return eta;
}

// Something that happened to an order, kept forever: who did it (the merchant's systems, a staff member
// "staff:<token id> <name>", the shopper, or the system), why when a person acted, and what changed.
struct OrderEvent {
  int64_t seq = 0;  // Increasing per store: the events' order.
  std::string order_id;
  std::string at;  // ISO 8601 UTC.
  std::string actor;
  std::string kind;  // created, status, cancelled, relay_changed, shipped_home, slot_changed.
  std::string reason;
  nlohmann::json details = nlohmann::json::object();
};

// Who asks for a change, and why (required of customer-service actions).
struct Actor {
  std::string who;
  std::string reason;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_ORDER_H_
