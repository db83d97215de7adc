#include "edge/orders/invoicing.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "edge/model/delivery_mode.h"
#include "edge/orders/order_family.h"
#include "edge/orders/order_progress.h"
#include "edge/orders/shipping_labels.h"
#include "edge/utc_now.h"

namespace relais::edge {

using nlohmann::json;

namespace {

// a / b rounded half away from zero (b > 0).
int64_t DivideRounded(int64_t a, int64_t b) { return a >= 0 ? (2 * a + b) / (2 * b) : -((-2 * a + b) / (2 * b)); }

std::string DeliveryLabel(const json& delivery) {
  const std::string mode = delivery.value("mode", "");
  const std::optional<DeliveryMode> kind = DeliveryKindOf(delivery);
  if (!kind) return "Livraison (" + mode + ")";
  switch (*kind) {
    case DeliveryMode::kRelay:
      return "Livraison en point relais";
    case DeliveryMode::kLocker:
      return "Livraison en consigne";
    case DeliveryMode::kHome:
      return "Livraison à domicile";
    case DeliveryMode::kClickCollect:
      return "Retrait en magasin";
    case DeliveryMode::kDrive:
      return "Retrait au drive";
    case DeliveryMode::kPedestrian:
      return "Retrait piéton";
    default:
      return "Retrait (" + mode + ")";
  }
}

int64_t PercentToBasisPoints(const json& v) { return static_cast<int64_t>(std::llround(v.get<double>() * 100)); }

}  // namespace

std::string ReadInvoicingConfig(const json& j, const std::string& at, InvoicingConfig* config) {
  if (!j.is_object()) return at + " must be an object";
  for (const auto& [key, value] : j.items()) {
    if (key != "seller" && key != "vat") return at + "." + key + " is not a setting";
  }
  config->enabled = true;
  config->seller = j.value("seller", json::object());
  if (!config->seller.is_object() || !config->seller.value("name", json()).is_string()) {
    return at + ".seller.name is required: the seller's legal name";
  }
  const json vat = j.value("vat", json::object());
  if (!vat.is_object()) return at + ".vat must be an object";
  const auto rate = [&](const json& v, const std::string& field, int64_t* bp) -> std::string {
    if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 100) return field + " is a percentage, 0..100";
    *bp = PercentToBasisPoints(v);
    return "";
  };
  if (vat.contains("standard")) {
    if (std::string error = rate(vat["standard"], at + ".vat.standard", &config->standard_bp); !error.empty()) {
      return error;
    }
  }
  const json categories = vat.value("categories", json::object());
  if (!categories.is_object()) return at + ".vat.categories must map category paths to percentages";
  for (const auto& [category, value] : categories.items()) {
    int64_t bp = 0;
    if (std::string error = rate(value, at + ".vat.categories." + category, &bp); !error.empty()) return error;
    config->categories.emplace_back(category, bp);
  }
  return "";
}

int64_t VatRateOf(const InvoicingConfig& config, const std::string& category) {
  size_t longest = 0;
  int64_t rate = config.standard_bp;
  for (const auto& [prefix, bp] : config.categories) {
    const bool under = category == prefix || (category.starts_with(prefix) && category[prefix.size()] == '/');
    if (under && prefix.size() >= longest) {
      longest = prefix.size();
      rate = bp;
    }
  }
  return rate;
}

void TotalInvoice(Invoice* invoice) {
  std::map<int64_t, int64_t> gross_by_rate;
  for (const InvoiceLine& l : invoice->lines) gross_by_rate[l.vat_rate_bp] += l.total_cents;
  invoice->vat.clear();
  invoice->net_cents = invoice->vat_cents = invoice->gross_cents = 0;
  for (auto it = gross_by_rate.rbegin(); it != gross_by_rate.rend(); ++it) {
    const auto [bp, gross] = *it;
    const int64_t net = DivideRounded(gross * 10000, 10000 + bp);
    invoice->vat.push_back({bp, net, gross - net, gross});
    invoice->net_cents += net;
    invoice->vat_cents += gross - net;
    invoice->gross_cents += gross;
  }
}

std::vector<bool> ShipmentsLeft(const Order& order, const std::vector<Workflow>& workflows) {
  std::vector<bool> left(order.delivery.size(), false);
  if (order.status == OrderStatus::kCancelled) return left;
  const std::vector<ShipmentProgress> progress = ReadProgress(order, workflows);
  for (size_t k = 0; k < progress.size() && k < left.size(); ++k) {
    const OrderStatus reached = ReachedStatus(progress[k]);
    left[k] = reached != OrderStatus::kCancelled &&
              (PassedStatus(progress[k], OrderStatus::kShipped) || reached == OrderStatus::kCollected ||
               reached == OrderStatus::kDelivered);
  }
  return left;
}

Invoicing::Invoicing(Store* store, RelaySnapshot* relays, const std::vector<Workflow>* workflows,
                     std::map<std::string, InvoicingConfig> brands)
    : store_(store), relays_(relays), workflows_(workflows), brands_(std::move(brands)) {}

void Invoicing::AddInvoices(const std::string& brand, const Order& before, const Order& after,
                            OrderCommit* commit) const {
  const auto config = brands_.find(brand);
  if (config == brands_.end() || !config->second.enabled || !after.children.empty()) return;
  // Each order's progress read once: this runs on every change of an invoiced brand's orders.
  const std::vector<bool> left = ShipmentsLeft(after, *workflows_), had_left = ShipmentsLeft(before, *workflows_);
  for (size_t k = 0; k < left.size(); ++k) {
    if (left[k] && !(k < had_left.size() && had_left[k])) {
      commit->invoices.push_back(Draft(brand, config->second, after, k));
    }
  }
}

Invoice Invoicing::Draft(const std::string& brand, const InvoicingConfig& config, const Order& order,
                         size_t shipment) const {
  Invoice invoice;
  invoice.order_id = order.id;
  invoice.order_ref =
      order.external_ref.empty() ? (order.parent_id.empty() ? order.id : order.parent_id) : order.external_ref;
  invoice.shipment = static_cast<int64_t>(shipment);
  invoice.seller = config.seller;
  const json contact = order.contact.is_object() ? order.contact : json::object();
  invoice.customer = {{"name", contact.value("name", "")}, {"email", contact.value("email", "")}};
  const json& d = order.delivery[shipment];
  invoice.day = SiteLocalDate(store_->GetSite(brand, d.value("site", "")), UnixSecondsNow());
  const json destination = d.value("destination", json::object());
  const std::optional<DeliveryMode> kind = DeliveryKindOf(d);
  invoice.delivery = {{"mode", d.value("mode", "")}, {"label", DeliveryLabel(d)}};
  if (kind && IsPointDelivery(*kind)) {
    json relay = {{"carrier", destination.value("carrier", "")},
                  {"code", destination.value("id", "")},
                  {"name", destination.value("name", "")}};
    if (const std::shared_ptr<const RelayDataset> relays = relays_->Current()) {
      const std::string carrier = destination.value("carrier", ""), id = destination.value("id", "");
      if (const std::optional<uint32_t> point = relays->snapshot->Find(carrier, id)) {
        const RelayPoint r = relays->snapshot->Record(*point);
        relay["code"] = r.country + "-" + r.id;
        relay["name"] = r.name;
        std::string address;
        for (const std::string& line : r.address) address += line + ", ";
        relay["address"] = address + r.postcode + " " + r.city;
      }
    }
    invoice.delivery["relay"] = relay;
  } else if (kind && IsCollected(*kind)) {
    invoice.delivery["site"] = destination.value("site", d.value("site", ""));
  } else {
    invoice.delivery["address"] = destination;
    invoice.customer["address"] = destination;
  }
  std::map<size_t, int64_t> line_rates;  // Order line -> its VAT rate, for the discount below.
  for (size_t i : ShipmentLines(order, shipment)) {
    const OrderLine& l = order.lines[i];
    const std::optional<Product> product = store_->GetProduct(brand, l.sku);
    line_rates[i] = VatRateOf(config, product ? product->category : "");
    invoice.lines.push_back({l.sku, product ? product->name : l.sku, l.quantity, l.unit_price_cents,
                             l.quantity * l.unit_price_cents, line_rates[i]});
  }
  // Delivery follows the goods it carries (French VAT: an accessory of the supply), shared out over their rates
  // by value when they differ -- the largest remainders take the cents left -- or at the standard rate alone.
  if (const int64_t cost = d.value("cost_cents", int64_t{0}); cost != 0) {
    std::map<int64_t, int64_t> goods;  // Rate -> gross.
    int64_t total = 0;
    for (const InvoiceLine& l : invoice.lines) {
      goods[l.vat_rate_bp] += l.total_cents;
      total += l.total_cents;
    }
    if (goods.size() <= 1 || total <= 0) {
      const int64_t rate = goods.size() == 1 && total > 0 ? goods.begin()->first : config.standard_bp;
      invoice.lines.push_back({"", DeliveryLabel(d), 1, cost, cost, rate});
    } else {
      std::vector<std::pair<int64_t, int64_t>> shares;      // (rate, cents), highest rate first.
      std::vector<std::pair<int64_t, int64_t>> remainders;  // (remainder, index).
      int64_t given = 0;
      for (auto it = goods.rbegin(); it != goods.rend(); ++it) {
        const int64_t share = cost * it->second / total;
        remainders.emplace_back(cost * it->second % total, static_cast<int64_t>(shares.size()));
        shares.emplace_back(it->first, share);
        given += share;
      }
      std::sort(remainders.begin(), remainders.end(), std::greater<>());
      for (size_t r = 0; given < cost && r < remainders.size(); ++r, ++given) ++shares[remainders[r].second].second;
      for (const auto& [rate, cents] : shares) {
        if (cents != 0) invoice.lines.push_back({"", DeliveryLabel(d), 1, cents, cents, rate});
      }
    }
  }
  // The order's discounts: this shipment's lines' shares (the engine's largest remainder, as a return refunds
  // them), one line per VAT rate, so that the invoices of an order add up to what the shopper paid.
  if (const int64_t discount = DiscountCents(order); discount > 0) {
    const std::vector<int64_t> shares = DiscountShares(DiscountedGoods(order, discount));
    std::map<int64_t, int64_t> by_rate;  // Rate -> cents off.
    for (const auto& [i, rate] : line_rates) by_rate[rate] += shares[i];
    std::string codes;
    for (const OrderDiscount& x : order.discounts) codes += (codes.empty() ? " " : ", ") + x.code;
    for (auto it = by_rate.rbegin(); it != by_rate.rend(); ++it) {
      if (it->second != 0) invoice.lines.push_back({"", "Remise" + codes, 1, -it->second, -it->second, it->first});
    }
  }
  TotalInvoice(&invoice);
  return invoice;
}

}  // namespace relais::edge
