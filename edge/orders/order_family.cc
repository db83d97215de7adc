#include "edge/orders/order_family.h"

#include <algorithm>
#include <functional>

#include "edge/model/delivery_mode.h"

namespace relais::edge {

using nlohmann::json;

namespace {

std::string ModeNameOf(const OrderLine& l) {
  return l.merchant_mode.empty() ? std::string(DeliveryModeName(l.mode)) : l.merchant_mode;
}

bool SameDestination(const OrderLine& l, const json& destination) {
  if (!destination.is_object() || !l.destination.is_object()) return true;
  if (IsPointDelivery(l.mode)) {
    return l.destination.value("carrier", "") == destination.value("carrier", "") &&
           l.destination.value("id", "") == destination.value("id", "");
  }
  if (IsCollected(l.mode)) return l.destination.value("site", "") == destination.value("site", "");
  return true;
}

}  // namespace

void PackIntoParcel(const Product& product, int64_t quantity, int64_t* weight_g, std::array<uint16_t, 3>* dims_cm) {
  *weight_g += product.weight_g * quantity;
  std::array<int64_t, 3> dims = product.dims_cm;
  std::sort(dims.begin(), dims.end(), std::greater<>());
  for (int d = 0; d < 3; ++d) {
    (*dims_cm)[d] = std::max<uint16_t>((*dims_cm)[d], static_cast<uint16_t>(std::min<int64_t>(dims[d], 65535)));
  }
}

RefundOrder DiscountedGoods(const Order& order, int64_t discount_cents) {
  RefundOrder goods;
  for (const OrderLine& l : order.lines) goods.lines.push_back({l.unit_price_cents, l.quantity});
  goods.discount_cents = discount_cents;
  return goods;
}

std::vector<Order> ChildOrders(const Order& parent) {
  std::vector<std::string> sites;
  for (const OrderLine& l : parent.lines) {
    if (std::find(sites.begin(), sites.end(), l.site) == sites.end()) sites.push_back(l.site);
  }
  if (sites.size() == 1 && (parent.purchase_site.empty() || parent.purchase_site == sites[0])) return {};
  std::vector<Order> children;
  for (size_t k = 0; k < sites.size(); ++k) {
    Order child;
    child.id = parent.id + "-" + std::to_string(k + 1);
    child.parent_id = parent.id;
    child.site = sites[k];
    child.customer_id = parent.customer_id;
    child.purchase_site = parent.purchase_site;
    child.status = parent.status;
    child.created_at = parent.created_at;
    child.channel = parent.channel;
    child.external_ref = parent.external_ref;
    child.contact = parent.contact;
    child.substitutions_allowed = parent.substitutions_allowed;
    for (const OrderLine& l : parent.lines) {
      if (l.site != sites[k]) continue;
      child.lines.push_back(l);
      child.total_cents += l.unit_price_cents * l.quantity;
    }
    // Each discount is shared over the parent's lines as a return refunds them (the engine's largest remainder),
    // so the children's discounts add up to the parent's to the cent.
    for (const OrderDiscount& discount : parent.discounts) {
      const std::vector<int64_t> shares = DiscountShares(DiscountedGoods(parent, discount.amount_cents));
      int64_t share = 0;
      for (size_t i = 0; i < parent.lines.size(); ++i) share += parent.lines[i].site == sites[k] ? shares[i] : 0;
      if (share == 0) continue;
      child.discounts.push_back({discount.code, share});
      child.total_cents -= share;
    }
    for (const json& d : parent.delivery) {
      if (d.value("site", "") != sites[k]) continue;
      child.delivery.push_back(d);
      child.total_cents += d.value("cost_cents", int64_t{0});
    }
    children.push_back(std::move(child));
  }
  return children;
}

ChildSummary SummarizeChild(const Order& child) {
  ChildSummary summary{child.id, child.site, child.status, child.total_cents, ""};
  // ISO dates compare as text.
  for (const json& d : child.delivery) summary.latest = std::max(summary.latest, d.value("latest", std::string()));
  return summary;
}

void DeriveParent(Order* parent) {
  std::vector<OrderStatus> statuses;
  int64_t total = 0;
  for (const ChildSummary& c : parent->children) {
    statuses.push_back(c.status);
    if (c.status != OrderStatus::kCancelled) total += c.total_cents;
  }
  parent->status = LeastAdvancedStatus(statuses, OrderStatus::kCancelled);
  parent->total_cents = total;
}

void FollowChild(Order* parent, const Order& child) {
  std::vector<OrderLine> lines;
  for (const OrderLine& l : parent->lines) {
    if (l.site != child.site) lines.push_back(l);
  }
  lines.insert(lines.end(), child.lines.begin(), child.lines.end());
  parent->lines = lines;
  json delivery = json::array();
  for (const json& d : parent->delivery) {
    if (d.value("site", "") != child.site) delivery.push_back(d);
  }
  for (const json& d : child.delivery) delivery.push_back(d);
  parent->delivery = delivery;
  for (ChildSummary& summary : parent->children) {
    if (summary.id == child.id) summary = SummarizeChild(child);
  }
  DeriveParent(parent);
}

std::string TransferTarget(const OrderLine& line) {
  if (!line.via.empty()) return line.via;
  const std::string target = line.destination.value("site", "");
  return IsCollected(line.mode) && target != line.site ? target : "";
}

std::vector<Movement> OrderStepMovements(const Order& order, OrderStatus status) {
  std::vector<Movement> movements;
  const auto add = [&](MovementKind kind, const OrderLine& l, const std::string& site, const std::string& to = "") {
    movements.push_back({kind, l.sku, site, l.quantity, to, order.id});
  };
  if (status == OrderStatus::kCancelled) {
    for (const OrderLine& l : order.lines) add(MovementKind::kRelease, l, l.site);
    return movements;
  }
  const OrderStatus from = order.status;
  // The goods leave the source now; and reach the shopper now.
  const bool leaves = from < OrderStatus::kShipped && status >= OrderStatus::kShipped;
  const bool arrives = from < OrderStatus::kCollected && status >= OrderStatus::kCollected;
  for (const OrderLine& l : order.lines) {
    const std::string target = TransferTarget(l);
    if (target.empty()) {
      if (leaves) add(MovementKind::kWebSale, l, l.site);
      continue;
    }
    if (leaves) {
      add(MovementKind::kRelease, l, l.site);
      add(MovementKind::kTransferOut, l, l.site, target);  // In transit at the target: a row of its own.
    }
    if (arrives) {
      add(MovementKind::kTransferIn, l, target);
      add(MovementKind::kReservation, l, target);
      add(MovementKind::kWebSale, l, target);
    }
  }
  return movements;
}

std::vector<size_t> ShipmentLines(const Order& order, size_t shipment) {
  std::vector<size_t> lines;
  if (order.delivery.size() == 1 &&
      std::none_of(order.lines.begin(), order.lines.end(), [](const OrderLine& l) { return l.shipment >= 0; })) {
    for (size_t i = 0; i < order.lines.size(); ++i) lines.push_back(i);
    return lines;
  }
  if (shipment >= order.delivery.size()) return lines;
  const auto carries = [&](const json& d, const OrderLine& l) {
    return d.is_object() && d.value("site", "") == l.site && d.value("mode", "") == ModeNameOf(l) &&
           d.value("slot", "") == l.slot && SameDestination(l, d.value("destination", json::object()));
  };
  for (size_t i = 0; i < order.lines.size(); ++i) {
    if (order.lines[i].shipment >= 0) {  // A backorder's remainder: its own shipment says so.
      if (order.lines[i].shipment == static_cast<int64_t>(shipment)) lines.push_back(i);
      continue;
    }
    // The first shipment that fits carries the line (two shipments alike: the first); a backorder carries its
    // remainder only.
    for (size_t k = 0; k < order.delivery.size(); ++k) {
      if (order.delivery[k].contains("backorder_of") || !carries(order.delivery[k], order.lines[i])) continue;
      if (k == shipment) lines.push_back(i);
      break;
    }
  }
  return lines;
}

}  // namespace relais::edge
