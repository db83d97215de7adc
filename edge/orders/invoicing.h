// Billing what leaves: each shipment of an order is invoiced when it leaves the merchant (handed to the carrier,
// or collected or delivered without that step), in the same commit as the step -- the first delivery and each
// backorder remainder separately, since each is its own shipment. The invoice lists the shipment's lines (at the
// prices the order was placed at), its delivery cost, VAT per rate and the totals, the seller from the brand's
// "invoicing" configuration and, for a relay or locker delivery, the point's code and name on the header.
//
// A brand's "invoicing" (config.h); without it the brand is not invoiced by relais (its ERP does it):
//   "invoicing": { "seller": {"name": "Demo SAS", "address": ["1 rue de Rivoli", "75001 PARIS"],
//                             "vat_number": "FR12345678901", "company_id": "RCS Paris 123 456 789"},
//                  "vat": {"standard": 20, "categories": {"books": 5.5, "grocery": 5.5}} }
// A product's VAT rate is its category's (the longest configured prefix of its path), else the standard rate;
// delivery is taxed at the standard rate. Prices include VAT: per rate, the net is the gross / (1 + rate),
// rounded to the cent, and the VAT the rest -- so the lines' gross always adds up to the total paid.
//
// Credit notes (returns, issue 24) are the same document of kind "credit_note" in their own series "AV",
// negative amounts, naming the invoice they credit (Invoice::credits); the store numbers them by the same rule.
#ifndef RELAIS_EDGE_ORDERS_INVOICING_H_
#define RELAIS_EDGE_ORDERS_INVOICING_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "edge/model/invoice.h"
#include "edge/model/order.h"
#include "edge/relay_snapshot.h"
#include "edge/store/store.h"
#include "wasm/engine/workflow.h"

namespace relais::edge {

struct InvoicingConfig {
  bool enabled = false;
  nlohmann::json seller = nlohmann::json::object();  // {name, address: [...], vat_number, company_id}.
  int64_t standard_bp = 2000;
  std::vector<std::pair<std::string, int64_t>> categories;  // Category path prefix -> rate, in basis points.
};

// Reads a brand's "invoicing" object; "" or what is wrong, naming the field under `at`.
std::string ReadInvoicingConfig(const nlohmann::json& json, const std::string& at, InvoicingConfig* config);

// The VAT rate of a product of `category` (basis points).
int64_t VatRateOf(const InvoicingConfig& config, const std::string& category);

// Fills invoice->vat (by rate, highest first) and its totals from its lines.
void TotalInvoice(Invoice* invoice);

// For each shipment of `order`: whether it has left the merchant (handed to a carrier, collected or delivered).
std::vector<bool> ShipmentsLeft(const Order& order, const std::vector<Workflow>& workflows);

class Invoicing {
 public:
  // Every pointer outlives this; `workflows` is read when used.
  Invoicing(Store* store, RelaySnapshot* relays, const std::vector<Workflow>* workflows,
            std::map<std::string, InvoicingConfig> brands);

  // Adds to *commit an invoice for each shipment of `after` that leaves with this change (had not left in
  // `before`); nothing for a brand not invoiced, a parent, or a cancelled order.
  void AddInvoices(const std::string& brand, const Order& before, const Order& after, OrderCommit* commit) const;

  // The invoice of shipment `shipment` of `order` as it would be issued now (no number yet).
  Invoice Draft(const std::string& brand, const InvoicingConfig& config, const Order& order, size_t shipment) const;

 private:
  Store* store_;
  RelaySnapshot* relays_;
  const std::vector<Workflow>* workflows_;
  std::map<std::string, InvoicingConfig> brands_;
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_ORDERS_INVOICING_H_
