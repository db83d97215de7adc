#include "edge/documents/invoice_document.h"

#include <cstdio>

#include "edge/model/json_strings.h"

namespace relais::edge {

using nlohmann::json;

namespace {

constexpr double kWidth = 210, kHeight = 297, kMargin = 15;

void Text(LabelLayout* page, double x, double y, double height, bool bold, const std::string& text) {
  page->texts.push_back({x, y, height, bold, text});
}

// A text cut to `chars` code points.
std::string Cut(const std::string& s, size_t chars) {
  size_t seen = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] & 0xC0) != 0x80 && seen++ == chars) return s.substr(0, i) + "…";
  }
  return s;
}

std::string Percent(int64_t bp) {
  char out[48];
  if (bp % 100 == 0) {
    std::snprintf(out, sizeof out, "%lld %%", static_cast<long long>(bp / 100));
  } else if (bp % 10 == 0) {
    std::snprintf(out, sizeof out, "%lld,%lld %%", static_cast<long long>(bp / 100),
                  static_cast<long long>(bp % 100 / 10));
  } else {
    std::snprintf(out, sizeof out, "%lld,%02lld %%", static_cast<long long>(bp / 100),
                  static_cast<long long>(bp % 100));
  }
  return out;
}

}  // namespace

std::string Euros(int64_t cents) {
  const bool negative = cents < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  std::string units = std::to_string(magnitude / 100);
  for (int at = static_cast<int>(units.size()) - 3; at > 0; at -= 3) units.insert(static_cast<size_t>(at), " ");
  char decimals[4];
  std::snprintf(decimals, sizeof decimals, "%02llu", static_cast<unsigned long long>(magnitude % 100));
  return (negative ? "-" : "") + units + "," + decimals + " €";
}

std::vector<LabelLayout> InvoicePages(const Invoice& inv) {
  const bool credit = inv.kind == "credit_note";
  const size_t count = inv.lines.size();
  const size_t page_count = count == 0 ? 1 : (count + kInvoiceLinesPerPage - 1) / kInvoiceLinesPerPage;
  std::vector<LabelLayout> pages;
  for (size_t page_index = 0; page_index < page_count; ++page_index) {
    LabelLayout page;
    page.width_mm = kWidth;
    page.height_mm = kHeight;
    Text(&page, kMargin, kMargin, 7, true, (credit ? "AVOIR N° " : "FACTURE N° ") + inv.number);
    Text(&page, kMargin, kMargin + 9, 3.5, false,
         "Date : " + (inv.day.empty() ? inv.issued_at.substr(0, 10) : inv.day) + " · commande " + inv.order_ref +
             " · page " + std::to_string(page_index + 1) + "/" + std::to_string(page_count));
    double y = kMargin + 16;
    if (page_index == 0) {
      if (credit) Text(&page, kMargin, y, 3.5, true, "Avoir sur la facture " + inv.credits), y += 6;
      // The seller, then the customer beside it.
      Text(&page, kMargin, y, 3.5, true, inv.seller.value("name", ""));
      double sy = y + 5;
      for (const std::string& line : StringsOf(inv.seller.value("address", json::array()))) {
        Text(&page, kMargin, sy, 3.2, false, line), sy += 4.5;
      }
      if (inv.seller.contains("vat_number")) {
        Text(&page, kMargin, sy, 3.2, false, "N° TVA : " + inv.seller.value("vat_number", "")), sy += 4.5;
      }
      if (inv.seller.contains("company_id")) Text(&page, kMargin, sy, 3.2, false, inv.seller.value("company_id", ""));
      const double cx = 115;
      Text(&page, cx, y, 3.5, true, "Client : " + inv.customer.value("name", ""));
      double cy = y + 5;
      if (!inv.customer.value("email", "").empty())
        Text(&page, cx, cy, 3.2, false, inv.customer.value("email", "")), cy += 4.5;
      const json address = inv.customer.value("address", json::object());
      if (address.is_object()) {
        for (const std::string& line : StringsOf(address.value("address", json::array()))) {
          Text(&page, cx, cy, 3.2, false, Cut(line, 40)), cy += 4.5;
        }
        if (address.contains("postcode")) {
          Text(&page, cx, cy, 3.2, false, address.value("postcode", "") + " " + address.value("city", ""));
        }
      }
      y += 32;
      // The delivery: a relay delivery names its point (code and name), as the carrier's label does.
      std::string delivery = inv.delivery.value("label", "Livraison : " + inv.delivery.value("mode", ""));
      if (inv.delivery.contains("relay")) {
        const json& relay = inv.delivery["relay"];
        delivery = "Livraison en point relais : " + relay.value("code", "") + " " + relay.value("name", "") +
                   (relay.contains("address") ? " (" + relay.value("address", "") + ")" : "");
      } else if (inv.delivery.contains("site")) {
        delivery = inv.delivery.value("label", std::string("Retrait")) + " : " + inv.delivery.value("site", "");
      }
      Text(&page, kMargin, y, 3.5, true, Cut(delivery, 90));
      y += 9;
    }
    const double columns[] = {kMargin, kMargin + 100, kMargin + 114, kMargin + 140, kMargin + 158};
    const char* heads[] = {"Désignation", "Qté", "PU TTC", "TVA", "Total TTC"};
    for (int c = 0; c < 5; ++c) Text(&page, columns[c], y, 3.2, true, heads[c]);
    page.boxes.push_back({kMargin, y + 4.5, kWidth - 2 * kMargin, 0.3, 0.3});
    y += 6;
    const size_t first = page_index * kInvoiceLinesPerPage;
    for (size_t i = first; i < count && i < first + kInvoiceLinesPerPage; ++i) {
      const InvoiceLine& l = inv.lines[i];
      Text(&page, columns[0], y, 3.2, false, Cut(l.label, 55));
      Text(&page, columns[1], y, 3.2, false, std::to_string(l.quantity));
      Text(&page, columns[2], y, 3.2, false, Euros(l.unit_cents));
      Text(&page, columns[3], y, 3.2, false, Percent(l.vat_rate_bp));
      Text(&page, columns[4], y, 3.2, false, Euros(l.total_cents));
      y += 5.5;
    }
    if (page_index + 1 == page_count) {
      y += 4;
      page.boxes.push_back({kMargin, y, kWidth - 2 * kMargin, 0.3, 0.3});
      y += 3;
      for (const VatLine& v : inv.vat) {
        Text(&page, kMargin, y, 3.2, false,
             "TVA " + Percent(v.rate_bp) + " : base HT " + Euros(v.net_cents) + ", TVA " + Euros(v.vat_cents) +
                 ", TTC " + Euros(v.gross_cents));
        y += 5;
      }
      y += 3;
      Text(&page, columns[2], y, 3.5, false, "Total HT");
      Text(&page, columns[4], y, 3.5, false, Euros(inv.net_cents));
      Text(&page, columns[2], y + 5.5, 3.5, false, "TVA");
      Text(&page, columns[4], y + 5.5, 3.5, false, Euros(inv.vat_cents));
      Text(&page, columns[2], y + 11, 4, true, credit ? "Total avoir TTC" : "Total TTC");
      Text(&page, columns[4], y + 11, 4, true, Euros(inv.gross_cents));
    }
    pages.push_back(std::move(page));
  }
  return pages;
}

Result<std::string, DocumentError> InvoicePdf(const Invoice& invoice) {
  return LabelsPdf(InvoicePages(invoice), LabelPaper::kLabel);
}

}  // namespace relais::edge
