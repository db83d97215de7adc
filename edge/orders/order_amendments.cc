#include "edge/orders/order_amendments.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "edge/model/delivery_mode.h"
#include "edge/orders/collection_day.h"
#include "edge/orders/order_family.h"
#include "edge/orders/order_progress.h"
#include "edge/orders/slot_booking.h"
#include "edge/utc_now.h"
#include "wasm/engine/civil_time.h"

namespace relais::edge {

using nlohmann::json;

OrderResult<OrderAmendments::Amended> OrderAmendments::Apply(const Brand& brand, const BrandSettings& settings,
                                                             const Order& found, const OrderAmendment& amendment,
                                                             const std::function<bool(const Order&)>& may_see) {
  const std::string& action = amendment.action;
  if (action == "cancel") {
    OrderResult<OrderLifecycle::Advanced> cancelled =
        lifecycle_->Advance(brand.id, found.id, OrderStatus::kCancelled, *merchant_cancellable_, amendment.actor);
    if (!cancelled.ok()) return cancelled.error();
    return Amended{std::move(cancelled->order), std::move(cancelled->children)};
  }
  Order order = found;
  // Bought at one site, served by another: one child, the only one to act on.
  if (order.children.size() == 1) {
    const std::optional<Order> child = store_->GetOrder(brand.id, order.children[0].id);
    if (!child || !may_see(*child)) return OrderError{"not_found", "order " + order.id + " not found", ""};
    order = *child;
  }
  if (!order.children.empty()) {
    json children = json::array();
    for (const ChildSummary& child : order.children) children.push_back(child.id);
    return OrderError{"act_on_child",
                      "order " + order.id + " is served by several sites: act on the child order of the site concerned",
                      "",
                      {{"children", children}}};
  }
  // One shipment alone (a backorder): while it has not been prepared, whatever the rest of the order did.
  std::optional<size_t> only;
  if (amendment.shipment && (action == "change_relay" || action == "ship_home")) {
    if (*amendment.shipment < 0 || *amendment.shipment >= static_cast<int64_t>(order.delivery.size())) {
      return OrderError{"not_found", "order " + order.id + " has no shipment " + std::to_string(*amendment.shipment),
                        "shipment"};
    }
    only = static_cast<size_t>(*amendment.shipment);
    const std::vector<ShipmentProgress> progress = ReadProgress(order, *workflows_);
    const OrderStatus reached = ReachedStatus(progress[*only]);
    if (order.status == OrderStatus::kCancelled || reached == OrderStatus::kCancelled ||
        reached > OrderStatus::kPreparing) {
      return OrderError{"too_late",
                        "shipment " + std::to_string(*only) + " of order " + order.id + " is " +
                            OrderStatusText(reached) + ": too late to " + action,
                        "shipment"};
    }
  }
  // A slot may move until the goods are collected; the rest only before they are prepared.
  const OrderStatus last_open = action == "change_slot" ? OrderStatus::kReady : OrderStatus::kPreparing;
  if (!only && (order.status == OrderStatus::kCancelled || order.status > last_open)) {
    return OrderError{"too_late",
                      "order " + order.id + " is " + OrderStatusText(order.status) + ": too late to " + action, ""};
  }
  const OrderStatus status = order.status;
  json details = json::object();
  std::vector<SlotBooking> bookings;  // change_slot: the slots the order holds after (its others are freed).
  std::vector<Site> booking_sites;
  if (action == "change_relay" || action == "ship_home") {
    // The relay and locker lines; a parcel weighs what they weigh.
    std::vector<size_t> moved;
    OrderService::RelayParcel parcel;
    const std::vector<size_t> carried = only ? ShipmentLines(order, *only) : std::vector<size_t>();
    for (size_t i = 0; i < order.lines.size(); ++i) {
      const OrderLine& l = order.lines[i];
      if (!IsPointDelivery(l.mode)) continue;
      if (only && std::find(carried.begin(), carried.end(), i) == carried.end()) continue;
      moved.push_back(i);
      const std::optional<Product> product = store_->GetProduct(brand.id, l.sku);
      parcel.site = l.site;
      parcel.mode = l.mode;
      parcel.date = l.date;
      if (product) PackIntoParcel(*product, l.quantity, &parcel.weight_g, &parcel.dims_cm);
      details["from"] = l.destination;
    }
    if (moved.empty()) return OrderError{"no_relay_lines", "order " + order.id + " has no relay or locker line", ""};
    json destination;
    json home_offer;
    const bool home = action == "ship_home";
    if (!home) {
      destination = amendment.relay;
      parcel.point = destination;
      if (std::optional<OrderError> refused =
              orders_->RelayRefusal(brand, settings, relays_->Current(), parcel, "relay")) {
        return *refused;
      }
    } else {
      destination = amendment.address;
      // The site that ships the parcel: the line's, or the one it is transferred to first.
      const std::string& via = order.lines[moved.front()].via;
      const std::string shipper = via.empty() ? parcel.site : via;
      const std::optional<Site> site = store_->GetSite(brand.id, shipper);
      home_offer = site ? site->capabilities.value("home", json::object()) : json::object();
      if (!home_offer.value("enabled", false)) {
        return OrderError{"mode_unavailable", "site " + shipper + " does not ship home", "action"};
      }
    }
    for (size_t i : moved) {
      order.lines[i].destination = destination;
      if (home) order.lines[i].mode = DeliveryMode::kHome;
      if (home) order.lines[i].merchant_mode.clear();  // Home by the site's carrier, whatever it went by.
    }
    // A relay parcel costs what the relay offer cost; sent home it costs what the home offer costs, unless
    // customer service keeps the price paid. The order's total follows.
    int64_t cost_before = 0, cost_after = 0;
    for (size_t k = 0; k < order.delivery.size(); ++k) {
      json& d = order.delivery[k];
      const std::optional<DeliveryMode> mode = DeliveryKindOf(d);
      if (!mode || !IsPointDelivery(*mode) || (only && k != *only)) continue;
      const int64_t paid = d.value("cost_cents", int64_t{0});
      const int64_t cost = home && !amendment.keep_price ? home_offer.value("cost_cents", int64_t{0}) : paid;
      cost_before += paid;
      cost_after += cost;
      d["destination"] = destination;
      d.erase("relay_check");  // A backorder's refused point: the new choice was checked now.
      d["cost_cents"] = cost;
      if (home) d["mode"] = DeliveryMode::kHome;
      if (home) d.erase("route");
    }
    order.total_cents += cost_after - cost_before;
    if (home) {
      details["cost_cents"] = {{"from", cost_before}, {"to", cost_after}};
      if (amendment.keep_price) details["price_kept"] = true;
    }
    details["to"] = destination;
    if (only) details["shipment"] = *amendment.shipment;
  } else {  // change_slot
    bool any = false;
    const std::vector<OrderLine> found_lines = order.lines;
    const UnixSeconds now = UnixSecondsNow();
    for (OrderLine& l : order.lines) {
      if (!IsCollected(l.mode)) continue;
      const std::string pickup = l.destination.value("site", l.site);
      const std::optional<Site> site = store_->GetSite(brand.id, pickup);
      if (!site) return OrderError{"not_found", "no site " + pickup, "date"};
      if (std::optional<OrderError> refused = CollectionDayRefusal(*site, l.mode, amendment.date, DayOf(now), "date")) {
        return *refused;
      }
      // At a service booked by slot, the new time is one of its free slots (slot_booking.h).
      std::string label;
      if (std::optional<OrderError> refused =
              LineSlotRefusal(*store_, brand.id, *site, l.mode, amendment.date, amendment.slot, now, "", &label)) {
        return *refused;
      }
      details["from"] = l.date;
      if (!l.slot.empty()) details["from_slot"] = l.slot;
      l.date = amendment.date;
      l.slot = label;
      if (!label.empty()) {
        std::string ignored;
        const SlotBooking booking{
            order.id, pickup, SlotServiceName(l.mode),
            l.date,   l.slot, SlotServiceOf(*site, SlotServiceName(l.mode), &ignored)->rule.capacity};
        if (std::none_of(bookings.begin(), bookings.end(), [&](const SlotBooking& b) {
              return b.site == booking.site && b.service == booking.service;
            })) {
          bookings.push_back(booking);
          booking_sites.push_back(*site);
        }
        details["to_slot"] = label;
      }
      any = true;
    }
    if (!any) return OrderError{"no_collection_lines", "order " + order.id + " has nothing to collect", ""};
    // Already so: nothing to record (an answer to a question is recorded all the same, below).
    if (order.lines == found_lines && !amendment.answer) return Amended{order, json()};
    details["to"] = amendment.date;
    StampCollections(&order, true);  // The shipment's date (and slot) follow: the tracking page says the new one.
  }
  const std::string kind = action == "change_relay" ? "relay_changed"
                           : action == "ship_home"  ? "shipped_home"
                                                    : "slot_changed";
  // The amendment holds while the order is still where it was read (another change meanwhile, such as a
  // workflow event that leaves its status alone, does not undo it).
  std::optional<OrderError> moved_on;
  OrderResult<OrderLifecycle::Changed> amended =
      lifecycle_->Change(brand.id, order.id, [&](Order* fresh, OrderCommit* commit, std::optional<OrderStatus>*) {
        moved_on.reset();
        if (fresh->status != status) {
          moved_on = OrderError{
              "order_moved", "order " + order.id + " is " + OrderStatusText(fresh->status) + " now: read it again", ""};
          return false;
        }
        if (amendment.answer && fresh->questions != amendment.answer->expected) {
          moved_on = OrderError{"order_moved", "order " + order.id + " changed meanwhile: read it again", ""};
          return false;
        }
        fresh->lines = order.lines;
        fresh->delivery = order.delivery;
        fresh->total_cents = order.total_cents;
        if (amendment.answer) {
          fresh->questions = amendment.answer->questions;
          commit->events.push_back({order.id, "answer", amendment.answer->details, amendment.actor});
        }
        commit->events.push_back({order.id, kind, details, amendment.actor});
        if (action == "change_slot") {
          commit->slot_releases.push_back(order.id);
          commit->slot_bookings = bookings;
        }
        return true;
      });
  if (!amended.ok() && amended.error().code == "slot_unavailable" && !bookings.empty()) {
    // Taken meanwhile: the store's count is the truth; say which slots are still free.
    const size_t b = std::min(
        bookings.size() - 1,
        static_cast<size_t>(std::stoul("0" + amended.error().field.substr(amended.error().field.find('[') + 1))));
    std::string ignored;
    return SlotFull(*store_, brand.id, *SlotServiceOf(booking_sites[b], bookings[b].service, &ignored), bookings[b],
                    UnixSecondsNow(), "slot");
  }
  if (!amended.ok()) return amended.error();
  if (moved_on) return *moved_on;
  return Amended{std::move(amended->order), json()};
}

}  // namespace relais::edge
