// What a brand bills: an invoice per shipment that left (the first delivery, then each backorder remainder on
// its own), and the credit note that cancels all or part of one (returns). Both are numbered in one
// chronological series per brand and kind, with no number skipped or used twice: the store gives the number
// in the transaction that writes the document, so a failed transaction gives none.
//
// Amounts are in cents, prices including VAT (the shop's prices); VAT is worked out per rate from the gross
// (orders/invoicing.h).
#ifndef RELAIS_EDGE_MODEL_INVOICE_H_
#define RELAIS_EDGE_MODEL_INVOICE_H_

#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace relais::edge {

struct InvoiceLine {
  std::string sku;  // "" for delivery.
  std::string label;
  int64_t quantity = 0;
  int64_t unit_cents = 0;   // Including VAT.
  int64_t total_cents = 0;  // quantity x unit.
  int64_t vat_rate_bp = 0;  // Basis points: 2000 = 20 %, 550 = 5.5 %.
  bool operator==(const InvoiceLine&) const = default;
};

struct VatLine {
  int64_t rate_bp = 0;
  int64_t net_cents = 0;  // Excluding VAT.
  int64_t vat_cents = 0;
  int64_t gross_cents = 0;
  bool operator==(const VatLine&) const = default;
};

struct Invoice {
  std::string number;            // Given by the store: InvoiceNumber(series prefix, n).
  std::string kind = "invoice";  // invoice, credit_note.
  std::string series = "F";      // Its numbering series (the prefix too): "F" invoices, "AV" credit notes.
  std::string order_id;          // The order (a child when several sites serve it) whose shipment it bills.
  std::string order_ref;         // The reference the shopper knows.
  int64_t shipment = 0;
  std::string credits;    // A credit note: the invoice it credits.
  std::string return_id;  // A credit note: the return it refunds ("" : none).
  std::string issued_at;  // ISO 8601 UTC.
  std::string day;        // The invoice's date: the shipping site's local date when it left (YYYY-MM-DD).
  nlohmann::json seller = nlohmann::json::object();    // {name, address: [...], vat_number, company_id}.
  nlohmann::json customer = nlohmann::json::object();  // {name, email, address?}.
  nlohmann::json delivery = nlohmann::json::object();  // {mode, relay: {code, name}? | address | site}.
  std::vector<InvoiceLine> lines;
  std::vector<VatLine> vat;  // By rate, highest first.
  int64_t net_cents = 0, vat_cents = 0, gross_cents = 0;
  bool operator==(const Invoice&) const = default;
};

// "F-000042": the series' prefix and the n-th number, six digits at least.
inline std::string InvoiceNumber(const std::string& series, int64_t n) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(n));
  return series + "-" + digits;
}

// The invoice's JSON: what GET /v1/invoices/{number} answers and what the store keeps.
nlohmann::json InvoiceJson(const Invoice& invoice);
Invoice InvoiceOfJson(const nlohmann::json& json);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_INVOICE_H_
