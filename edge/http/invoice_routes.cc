// Invoices and credit notes over HTTP (orders/invoicing.h issues them): an order's list, one by its number as
// JSON, and its PDF -- for customer service, and for the shopper from the tracking page (its token opens its
// own order's).
#include "edge/api_error.h"
#include "edge/documents/invoice_document.h"
#include "edge/http/http_answer.h"
#include "edge/http/http_api.h"
#include "edge/http/roles.h"

namespace relais::edge {

using nlohmann::json;

namespace {

void SendPdf(httplib::Response& res, const Invoice& invoice) {
  Result<std::string, DocumentError> pdf = InvoicePdf(invoice);
  if (!pdf.ok()) throw std::runtime_error("invoice PDF: " + pdf.error().message);
  res.set_header("Content-Disposition", "inline; filename=\"" + invoice.number + ".pdf\"");
  res.set_content(pdf.value(), "application/pdf");
}

// Whether `invoice` bills order `order_id` or one of its children.
bool Bills(const Invoice& invoice, const std::string& order_id) {
  return invoice.order_id == order_id || (invoice.order_id.starts_with(order_id + "-") &&
                                          invoice.order_id.find('-', order_id.size() + 1) == std::string::npos);
}

}  // namespace

void HttpApi::RegisterInvoiceRoutes() {
  const auto visible_order = [this](Call& c) {
    const std::optional<Order> order = store_->GetOrder(c.brand->id, c.req.matches[1]);
    if (!order || !MaySee(c, *order)) throw NotFound("order " + std::string(c.req.matches[1]));
    return *order;
  };
  Route("GET", R"(/v1/orders/([^/]+)/invoices)", "/v1/orders/{id}/invoices", kMerchantRole | kStaffRole | kShopperRole,
        [this, visible_order](Call& c) {
          const Order order = visible_order(c);
          json invoices = json::array();
          for (const Invoice& i : store_->OrderInvoices(c.brand->id, order.id)) invoices.push_back(InvoiceJson(i));
          SendJson(c.res, 200, {{"order_id", order.id}, {"invoices", invoices}});
        });
  Route("GET", R"(/v1/orders/([^/]+)/invoices/([A-Z]{1,8}-[0-9]{6,12})/document)",
        "/v1/orders/{id}/invoices/{number}/document", kMerchantRole | kStaffRole | kShopperRole,
        [this, visible_order](Call& c) {
          const Order order = visible_order(c);
          const std::optional<Invoice> invoice = store_->GetInvoice(c.brand->id, c.req.matches[2]);
          if (!invoice || !Bills(*invoice, order.id)) {
            throw ApiError(404, "not_found", "order " + order.id + " has no invoice " + std::string(c.req.matches[2]),
                           "number");
          }
          SendPdf(c.res, *invoice);
        });
  // Customer service by number (a shopper's call, an accountant's question).
  const auto visible_invoice = [this](Call& c) {
    const std::optional<Invoice> invoice = store_->GetInvoice(c.brand->id, c.req.matches[1]);
    const std::optional<Order> order = invoice ? store_->GetOrder(c.brand->id, invoice->order_id) : std::nullopt;
    // A credit note is also the business of the store that received its return (from any order of the brand).
    const std::optional<ReturnRequest> refunded =
        invoice && !invoice->return_id.empty() ? store_->GetReturn(c.brand->id, invoice->return_id) : std::nullopt;
    const bool received_here = c.role == kStaffRole && refunded && refunded->received_site == c.staff_site;
    if (!invoice || !order || !(MaySee(c, *order) || received_here)) {
      throw ApiError(404, "not_found", "no invoice " + std::string(c.req.matches[1]), "number");
    }
    return *invoice;
  };
  Route("GET", R"(/v1/invoices/([A-Z]{1,8}-[0-9]{6,12}))", "/v1/invoices/{number}", kMerchantRole | kStaffRole,
        [visible_invoice](Call& c) { SendJson(c.res, 200, InvoiceJson(visible_invoice(c))); });
  Route("GET", R"(/v1/invoices/([A-Z]{1,8}-[0-9]{6,12})/document)", "/v1/invoices/{number}/document",
        kMerchantRole | kStaffRole, [visible_invoice](Call& c) { SendPdf(c.res, visible_invoice(c)); });
}

}  // namespace relais::edge
