// An invoice or a credit note (model/invoice.h) as the shopper downloads it: A4 pages laid out with the labels'
// primitives and rendered by label_pdf.h -- the seller, the customer, the delivery (the relay point's code and
// name for a relay delivery), one line per product and delivery, VAT per rate and the totals on the last page.
#ifndef RELAIS_EDGE_DOCUMENTS_INVOICE_DOCUMENT_H_
#define RELAIS_EDGE_DOCUMENTS_INVOICE_DOCUMENT_H_

#include <string>
#include <vector>

#include "edge/documents/label_pdf.h"
#include "edge/model/invoice.h"
#include "wasm/engine/shipping_label.h"

namespace relais::edge {

constexpr int kInvoiceLinesPerPage = 30;

// One LabelLayout per A4 page.
std::vector<LabelLayout> InvoicePages(const Invoice& invoice);

// InvoicePages rendered as PDF.
Result<std::string, DocumentError> InvoicePdf(const Invoice& invoice);

// "1 234,50 €" (French grouping and decimal comma).
std::string Euros(int64_t cents);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_DOCUMENTS_INVOICE_DOCUMENT_H_
