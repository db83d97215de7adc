#include "edge/orders/backorders.h"

#include <algorithm>
#include <map>

#include "edge/model/delivery_mode.h"
#include "edge/orders/order_family.h"
#include "edge/orders/order_progress.h"
#include "wasm/engine/civil_time.h"

namespace relais::edge {

using nlohmann::json;

namespace {

// `date` moved by `days` (an ISO date; anything else as it is).
std::string Later(const std::string& date, int64_t days) {
  const std::optional<DayNumber> day = ParseIsoDate(date);
  return day ? FormatIsoDate(static_cast<DayNumber>(*day + days)) : date;
}

}  // namespace

void OfferHomeFree(OrderError* refusal) {
  if (refusal->details.is_object() && refusal->details.contains("home_delivery") &&
      refusal->details["home_delivery"].is_object()) {
    refusal->details["home_delivery"]["cost_cents"] = 0;
  }
}

OrderResult<Backorders::Split> Backorders::Backorder(const Brand& brand, const BrandSettings& settings,
                                                     const std::string& order_id, int64_t shipment,
                                                     const std::vector<Shortage>& shortages,
                                                     const std::string& available_on, const std::string& today,
                                                     const Actor& actor) {
  const int64_t delay = std::max<int64_t>(0, *ParseIsoDate(available_on) - *ParseIsoDate(today));
  std::optional<OrderError> refused;
  Split split;
  OrderResult<OrderLifecycle::Changed> changed =
      lifecycle_->Change(brand.id, order_id, [&](Order* order, OrderCommit* commit, std::optional<OrderStatus>*) {
        refused.reset();
        if (!order->children.empty()) {
          refused = OrderError{"act_on_child", "order " + order_id + " is split: act on the child order", "id"};
          return false;
        }
        if (shipment < 0 || shipment >= static_cast<int64_t>(order->delivery.size())) {
          refused =
              OrderError{"not_found", "order " + order_id + " has no shipment " + std::to_string(shipment), "shipment"};
          return false;
        }
        const size_t from = static_cast<size_t>(shipment);
        std::vector<ShipmentProgress> progress = ReadProgress(*order, *workflows_);
        if (order->status == OrderStatus::kCancelled || ReachedStatus(progress[from]) == OrderStatus::kCancelled ||
            PassedStatus(progress[from], OrderStatus::kShipped)) {
          refused =
              OrderError{"too_late", "shipment " + std::to_string(shipment) + " left or was cancelled", "shipment"};
          return false;
        }
        // Each shortage names one of the shipment's lines.
        const std::vector<size_t> carried = ShipmentLines(*order, from);
        std::map<size_t, int64_t> missing;  // Line index -> units missing.
        for (size_t s = 0; s < shortages.size(); ++s) {
          const std::string at = "lines[" + std::to_string(s) + "]";
          const auto line = std::find_if(carried.begin(), carried.end(),
                                         [&](size_t i) { return order->lines[i].sku == shortages[s].sku; });
          if (line == carried.end()) {
            refused = OrderError{
                "not_found", "shipment " + std::to_string(shipment) + " carries no " + shortages[s].sku, at + ".sku"};
            return false;
          }
          if (missing.count(*line)) {
            refused = OrderError{"invalid_field", shortages[s].sku + " is named twice", at + ".sku"};
            return false;
          }
          if (shortages[s].missing > order->lines[*line].quantity) {
            refused =
                OrderError{"invalid_field",
                           "the line has " + std::to_string(order->lines[*line].quantity) + " of " + shortages[s].sku +
                               ", fewer than the " + std::to_string(shortages[s].missing) + " missing",
                           at + ".missing"};
            return false;
          }
          missing[*line] = shortages[s].missing;
        }
        int64_t left = 0;
        for (size_t i : carried) left += order->lines[i].quantity - (missing.count(i) ? missing[i] : 0);
        if (left == 0) {
          refused = OrderError{"nothing_left_to_ship",
                               "every unit of shipment " + std::to_string(shipment) +
                                   " is missing: it is late, not split (tell the shopper of a delay)",
                               "lines"};
          return false;
        }
        // The remainder's shipment: the same place, later, free, one parcel.
        const int64_t k = static_cast<int64_t>(order->delivery.size());
        json entry = order->delivery[from];
        entry.erase("joins");
        entry["backorder_of"] = shipment;
        entry["available_on"] = available_on;
        entry["cost_cents"] = 0;
        entry["parcels"] = 1;
        for (const char* date : {"earliest", "latest"}) {
          if (entry.contains(date)) entry[date] = Later(entry.value(date, ""), delay);
        }
        int64_t moved_weight = 0;
        std::array<uint16_t, 3> dims = {0, 0, 0};
        json moved = json::array();
        for (const auto& [i, units] : missing) {
          OrderLine& line = order->lines[i];
          if (const std::optional<Product> product = store_->GetProduct(brand.id, line.sku)) {
            PackIntoParcel(*product, units, &moved_weight, &dims);
          }
          commit->movements.push_back({MovementKind::kShrinkage, line.sku, line.site, units, "", order->id});
          moved.push_back({{"sku", line.sku}, {"missing", units}});
          if (units == line.quantity) {
            line.shipment = k;  // All of it waits.
            line.date = Later(line.date, delay);
          } else {
            OrderLine remainder = line;
            remainder.quantity = units;
            remainder.shipment = k;
            remainder.date = Later(line.date, delay);
            line.quantity -= units;
            order->lines.push_back(remainder);
          }
        }
        entry["weight_g"] = moved_weight;
        // A point is re-checked for the backorder's date: a refusal is kept on the shipment for the shopper and
        // customer service to choose again (amendments clear it), and answered beside the split.
        split.relay_refusal.reset();
        const std::optional<DeliveryMode> kind = DeliveryKindOf(entry);
        if (kind && IsPointDelivery(*kind)) {
          OrderService::RelayParcel parcel;
          parcel.site = entry.value("via", entry.value("site", ""));
          parcel.mode = *kind;
          parcel.point = entry.value("destination", json::object());
          parcel.date = entry.value("latest", available_on);
          parcel.weight_g = moved_weight;
          parcel.dims_cm = dims;
          split.relay_refusal = orders_->RelayRefusal(brand, settings, relays_->Current(), parcel, "relay");
          if (split.relay_refusal) {
            OfferHomeFree(&*split.relay_refusal);
            json check = split.relay_refusal->details.is_object() ? split.relay_refusal->details : json::object();
            check["code"] = split.relay_refusal->code;
            check["message"] = split.relay_refusal->message;
            entry["relay_check"] = check;
          }
        }
        order->delivery[from]["weight_g"] =
            std::max<int64_t>(0, order->delivery[from].value("weight_g", int64_t{0}) - moved_weight);
        order->delivery.push_back(entry);
        // It starts where every shipment starts (caught up to the order's status when read).
        progress = ReadProgress(*order, *workflows_);
        progress.back().state = StartWorkflow(*progress.back().workflow);
        order->progress = ProgressJson(progress);
        commit->movements_field = "lines";
        commit->events.push_back(
            {order->id,
             "backordered",
             {{"shipment", shipment}, {"backorder", k}, {"lines", moved}, {"available_on", available_on}},
             actor});
        split.backorder = k;
        return true;
      });
  if (refused) return *refused;
  if (!changed.ok()) return changed.error();
  split.order = std::move(changed->order);
  return split;
}

}  // namespace relais::edge
