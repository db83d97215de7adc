#include "edge/model/invoice.h"

#include <algorithm>

namespace relais::edge {

using nlohmann::json;

json InvoiceJson(const Invoice& i) {
  json lines = json::array();
  for (const InvoiceLine& l : i.lines) {
    lines.push_back({{"sku", l.sku},
                     {"label", l.label},
                     {"quantity", l.quantity},
                     {"unit_cents", l.unit_cents},
                     {"total_cents", l.total_cents},
                     {"vat_rate_bp", l.vat_rate_bp}});
  }
  json vat = json::array();
  for (const VatLine& v : i.vat) {
    vat.push_back({{"rate_bp", v.rate_bp},
                   {"net_cents", v.net_cents},
                   {"vat_cents", v.vat_cents},
                   {"gross_cents", v.gross_cents}});
  }
  json out = {{"number", i.number},
              {"kind", i.kind},
              {"series", i.series},
              {"order_id", i.order_id},
              {"order_ref", i.order_ref},
              {"shipment", i.shipment},
              {"issued_at", i.issued_at},
              {"day", i.day},
              {"seller", i.seller},
              {"customer", i.customer},
              {"delivery", i.delivery},
              {"lines", lines},
              {"vat", vat},
              {"totals", {{"net_cents", i.net_cents}, {"vat_cents", i.vat_cents}, {"gross_cents", i.gross_cents}}}};
  if (!i.credits.empty()) out["credits"] = i.credits;
  if (!i.return_id.empty()) out["return_id"] = i.return_id;
  return out;
}

Invoice InvoiceOfJson(const json& j) {
  Invoice i;
  i.number = j.value("number", "");
  i.kind = j.value("kind", "invoice");
  i.series = j.value("series", "F");
  i.order_id = j.value("order_id", "");
  i.order_ref = j.value("order_ref", "");
  i.shipment = j.value("shipment", int64_t{0});
  i.credits = j.value("credits", "");
  i.return_id = j.value("return_id", "");
  i.issued_at = j.value("issued_at", "");
  i.day = j.value("day", i.issued_at.substr(0, std::min<size_t>(10, i.issued_at.size())));
  i.seller = j.value("seller", json::object());
  i.customer = j.value("customer", json::object());
  i.delivery = j.value("delivery", json::object());
  for (const json& l : j.value("lines", json::array())) {
    i.lines.push_back({l.value("sku", ""), l.value("label", ""), l.value("quantity", int64_t{0}),
                       l.value("unit_cents", int64_t{0}), l.value("total_cents", int64_t{0}),
                       l.value("vat_rate_bp", int64_t{0})});
  }
  for (const json& v : j.value("vat", json::array())) {
    i.vat.push_back({v.value("rate_bp", int64_t{0}), v.value("net_cents", int64_t{0}), v.value("vat_cents", int64_t{0}),
                     v.value("gross_cents", int64_t{0})});
  }
  const json totals = j.value("totals", json::object());
  i.net_cents = totals.value("net_cents", int64_t{0});
  i.vat_cents = totals.value("vat_cents", int64_t{0});
  i.gross_cents = totals.value("gross_cents", int64_t{0});
  return i;
}

}  // namespace relais::edge
