#include "edge/model/order_json.h"

#include <stdexcept>

namespace relais::edge {

using nlohmann::json;

namespace {

// A stored status: what OrderJson wrote, so anything else is a damaged document.
OrderStatus StatusFrom(const json& name) {
  const std::optional<OrderStatus> status = ParseOrderStatus(name.get<std::string>());
  if (!status) throw std::runtime_error("stored order has an unknown status " + name.dump());
  return *status;
}

DeliveryMode ModeFrom(const json& name) {
  const std::optional<DeliveryMode> mode = ParseDeliveryMode(name.get<std::string>());
  if (!mode) throw std::runtime_error("stored order line has an unknown mode " + name.dump());
  return *mode;
}

}  // namespace

void to_json(json& j, OrderStatus status) { j = OrderStatusName(status); }

void to_json(json& j, DeliveryMode mode) { j = DeliveryModeName(mode); }

json ChildrenJson(const std::vector<ChildSummary>& children) {
  json out = json::array();
  for (const ChildSummary& c : children) {
    json child = {
        {"id", c.id}, {"site", c.site}, {"status", OrderStatusName(c.status)}, {"total_cents", c.total_cents}};
    if (!c.latest.empty()) child["latest"] = c.latest;
    out.push_back(std::move(child));
  }
  return out;
}

json OrderJson(const Order& o) {
  json lines = json::array();
  for (const OrderLine& l : o.lines) {
    json line = {{"sku", l.sku},
                 {"quantity", l.quantity},
                 {"site", l.site},
                 {"mode", l.merchant_mode.empty() ? json(l.mode) : json(l.merchant_mode)},
                 {"destination", l.destination},
                 {"unit_price_cents", l.unit_price_cents},
                 {"total_cents", l.unit_price_cents * l.quantity}};
    if (!l.date.empty()) line["date"] = l.date;
    if (!l.via.empty()) line["via"] = l.via;
    if (!l.slot.empty()) line["slot"] = l.slot;
    if (!l.merchant_mode.empty()) line["route"] = l.mode;  // The kind a merchant's mode goes as.
    if (l.shipment >= 0) line["shipment"] = l.shipment;
    lines.push_back(line);
  }
  json order = {{"id", o.id},
                {"customer_id", o.customer_id},
                {"status", OrderStatusName(o.status)},
                {"lines", lines},
                {"delivery", o.delivery},
                {"total_cents", o.total_cents},
                {"created_at", o.created_at}};
  if (!o.purchase_site.empty()) order["purchase_site"] = o.purchase_site;
  if (!o.parent_id.empty()) order["parent_id"] = o.parent_id;
  if (!o.site.empty()) order["site"] = o.site;
  if (!o.children.empty()) {
    order["children"] = ChildrenJson(o.children);
    if (const std::string eta = ParentEta(o); !eta.empty()) order["eta"] = eta;
  } else if (const std::string eta = OrderEta(o); !eta.empty()) {
    order["eta"] = eta;  // Derived, never read back: the deliveries hold it.
  }
  order["channel"] = o.channel;
  if (!o.external_ref.empty()) order["external_ref"] = o.external_ref;
  if (!o.contact.empty()) order["contact"] = o.contact;
  if (!o.progress.empty()) order["progress"] = o.progress;
  if (o.substitutions_allowed) order["allow_substitutions"] = true;
  if (!o.questions.empty()) order["questions"] = o.questions;
  if (!o.discounts.empty()) {
    json discounts = json::array();
    for (const OrderDiscount& d : o.discounts)
      discounts.push_back({{"code", d.code}, {"amount_cents", d.amount_cents}});
    order["discounts"] = discounts;
  }
  if (!o.benefits.empty()) {
    json benefits = json::array();
    for (const OrderBenefit& b : o.benefits) {
      benefits.push_back({{"code", b.code},
                          {"kind", b.kind},
                          {"value_cents", b.value_cents},
                          {"threshold_cents", b.threshold_cents},
                          {"used", b.used},
                          {"cancelled", b.cancelled}});
    }
    order["benefits"] = benefits;
  }
  return order;
}

Order OrderFromJson(const json& j) {
  Order o;
  o.id = j.at("id");
  o.customer_id = j.at("customer_id");
  o.purchase_site = j.value("purchase_site", "");
  o.status = StatusFrom(j.at("status"));
  for (const json& l : j.at("lines")) {
    const bool merchant = l.contains("route");
    o.lines.push_back({l.at("sku"), l.at("quantity"), l.at("site"), ModeFrom(merchant ? l.at("route") : l.at("mode")),
                       l.at("destination"), l.value("via", ""), l.value("date", ""), l.at("unit_price_cents"),
                       l.value("slot", ""), merchant ? l.at("mode").get<std::string>() : "",
                       l.value("shipment", int64_t{-1})});
  }
  o.delivery = j.at("delivery");
  o.total_cents = j.at("total_cents");
  o.created_at = j.at("created_at");
  o.parent_id = j.value("parent_id", "");
  o.site = j.value("site", "");
  for (const json& c : j.value("children", json::array())) {
    o.children.push_back(
        {c.at("id"), c.at("site"), StatusFrom(c.at("status")), c.at("total_cents"), c.value("latest", "")});
  }
  o.channel = j.value("channel", "web");  // Orders stored before channels were web orders.
  o.external_ref = j.value("external_ref", "");
  o.contact = j.value("contact", json::object());
  o.progress = j.value("progress", json::array());
  o.substitutions_allowed = j.value("allow_substitutions", false);
  o.questions = j.value("questions", json::array());
  for (const json& d : j.value("discounts", json::array())) {
    o.discounts.push_back({d.value("code", ""), d.value("amount_cents", int64_t{0})});
  }
  for (const json& b : j.value("benefits", json::array())) {
    o.benefits.push_back({b.value("code", ""), b.value("kind", "voucher"), b.value("value_cents", int64_t{0}),
                          b.value("threshold_cents", int64_t{0}), b.value("used", false), b.value("cancelled", false)});
  }
  return o;
}

json BasketJson(const Basket& b) {
  json lines = json::array();
  for (const BasketLine& l : b.lines) {
    json line = {{"sku", l.sku}, {"quantity", l.quantity}};
    if (!l.mode.empty()) line["mode"] = l.mode;
    lines.push_back(line);
  }
  json basket = {{"id", b.id},           {"customer_id", b.customer_id}, {"lines", lines},
                 {"choices", b.choices}, {"preference", b.preference},   {"status", b.status},
                 {"version", b.version}, {"created_at", b.created_at},   {"updated_at", b.updated_at}};
  if (!b.purchase_site.empty()) basket["purchase_site"] = b.purchase_site;
  if (!b.home_address.is_null()) basket["home_address"] = b.home_address;
  if (!b.contact.empty()) basket["contact"] = b.contact;
  if (!b.order_id.empty()) basket["order_id"] = b.order_id;
  return basket;
}

Basket BasketFromJson(const json& j) {
  Basket b;
  b.id = j.at("id");
  b.customer_id = j.at("customer_id");
  b.purchase_site = j.value("purchase_site", "");
  for (const json& l : j.at("lines")) b.lines.push_back({l.at("sku"), l.at("quantity"), l.value("mode", "")});
  b.choices = j.at("choices");
  b.preference = j.at("preference");
  b.home_address = j.value("home_address", json());
  b.contact = j.value("contact", json::object());
  b.status = j.at("status");
  b.order_id = j.value("order_id", "");
  b.version = j.at("version");
  b.created_at = j.at("created_at");
  b.updated_at = j.at("updated_at");
  return b;
}

}  // namespace relais::edge
