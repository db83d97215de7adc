#include "edge/documents/manifest_document.h"

#include <cstdio>

namespace relais::edge {

namespace {

constexpr double kWidth = 210, kHeight = 297, kMargin = 12;

std::string Kilograms(int64_t grams) {
  char out[32];
  std::snprintf(out, sizeof out, "%lld,%03lld", static_cast<long long>(grams / 1000),
                static_cast<long long>(grams % 1000));
  return out;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A text cut to `chars` code points (the table's columns are fixed).
std::string Cut(const std::string& s, size_t chars) {
  size_t seen = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] & 0xC0) != 0x80 && seen++ == chars) return s.substr(0, i);
  }
  return s;
}

void Text(LabelLayout* page, double x, double y, double height, bool bold, const std::string& text) {
  page->texts.push_back({x, y, height, bold, text});
}

}  // namespace

std::vector<LabelLayout> ManifestPages(const Manifest& m, const ManifestHeader& header) {
  std::vector<LabelLayout> pages;
  int64_t weight = 0;
  for (const ManifestParcel& p : m.parcels) weight += p.weight_g;
  const size_t count = m.parcels.size();
  const size_t page_count = count == 0 ? 1 : (count + kManifestLinesPerPage - 1) / kManifestLinesPerPage;
  for (size_t page_index = 0; page_index < page_count; ++page_index) {
    LabelLayout page;
    page.width_mm = kWidth;
    page.height_mm = kHeight;
    // Every page says whose it is: pages get separated on the driver's clipboard.
    Text(&page, kMargin, kMargin, 6, true, "Bordereau de remise " + header.carrier_name);
    Text(&page, kMargin, kMargin + 8, 3.5, false,
         "N° " + m.id + " · " + m.day + " · page " + std::to_string(page_index + 1) + "/" + std::to_string(page_count));
    if (page_index == 0) {
      LabelBarcode bar;
      bar.data = m.id;
      bar.module_mm = 0.33;
      bar.height_mm = 12;
      bar.x_mm = kWidth - kMargin - bar.module_mm * Code128Modules(bar.symbology, bar.data);
      bar.y_mm = kMargin;
      page.barcodes.push_back(bar);
      double y = kMargin + 16;
      Text(&page, kMargin, y, 3.5, true, "Expéditeur : " + header.brand_name + " — " + header.sender.name);
      std::string where;
      for (const std::string& line : header.sender.lines) where += line + ", ";
      Text(&page, kMargin, y + 5, 3.2, false, where + header.sender.postcode + " " + header.sender.city);
      Text(&page, kMargin, y + 10, 3.2, false,
           "Transporteur : " + header.carrier_name + (m.account.empty() ? "" : " · compte " + m.account));
      Text(&page, kMargin, y + 15, 3.5, true,
           "Colis : " + std::to_string(count) + " · poids total : " + Kilograms(weight) + " kg");
    }
    // The table.
    const double top = page_index == 0 ? kMargin + 38 : kMargin + 14;
    const double row = 5.2;
    const double columns[] = {kMargin, kMargin + 10, kMargin + 48, kMargin + 80, kMargin + 116, kMargin + 170};
    const char* heads[] = {"#", "N° de colis", "Commande", "Destinataire", "Destination", "Poids kg"};
    for (int c = 0; c < 6; ++c) Text(&page, columns[c], top, 3, true, heads[c]);
    page.boxes.push_back({kMargin, top + 4.2, kWidth - 2 * kMargin, 0.3, 0.3});
    const size_t first = page_index * kManifestLinesPerPage;
    for (size_t i = first; i < count && i < first + kManifestLinesPerPage; ++i) {
      const ManifestParcel& p = m.parcels[i];
      const double y = top + 5.5 + static_cast<double>(i - first) * row;
      Text(&page, columns[0], y, 3, false, std::to_string(i + 1));
      Text(&page, columns[1], y, 3, false,
           p.number + (p.parcel_count > 1
                           ? " (" + std::to_string(p.parcel + 1) + "/" + std::to_string(p.parcel_count) + ")"
                           : ""));
      Text(&page, columns[2], y, 3, false, Cut(p.order_ref, 16));
      Text(&page, columns[3], y, 3, false, Cut(p.recipient, 18));
      Text(&page, columns[4], y, 3, false, Cut(p.destination, 28));
      Text(&page, columns[5], y, 3, false, Kilograms(p.weight_g));
    }
    if (page_index + 1 == page_count) {
      const double y = kHeight - kMargin - 30;
      page.boxes.push_back({kMargin, y, 88, 28, 0.3});
      page.boxes.push_back({kWidth - kMargin - 88, y, 88, 28, 0.3});
      Text(&page, kMargin + 2, y + 2, 3, false, "Remis par (nom, signature)");
      Text(&page, kWidth - kMargin - 86, y + 2, 3, false, "Pris en charge par le chauffeur (nom, signature, heure)");
    }
    pages.push_back(std::move(page));
  }
  return pages;
}

std::string ManifestCsv(const Manifest& m) {
  std::string out = "manifest,number,order_ref,recipient,destination,mode,weight_g,parcel,parcels\r\n";
  for (const ManifestParcel& p : m.parcels) {
    out += CsvField(m.id) + "," + CsvField(p.number) + "," + CsvField(p.order_ref) + "," + CsvField(p.recipient) + "," +
           CsvField(p.destination) + "," + CsvField(p.mode) + "," + std::to_string(p.weight_g) + "," +
           std::to_string(p.parcel + 1) + "," + std::to_string(p.parcel_count) + "\r\n";
  }
  return out;
}

ManifestHeader ManifestHeaderOf(const std::string& brand_name, const std::string& carrier_name,
                                const std::optional<Site>& site) {
  ManifestHeader header;
  header.brand_name = brand_name;
  header.carrier_name = carrier_name;
  if (site) {
    header.sender.name = site->name;
    for (const nlohmann::json& line : site->location.value("address", nlohmann::json::array())) {
      if (line.is_string()) header.sender.lines.push_back(line.get<std::string>());
    }
    header.sender.postcode = site->location.value("postcode", "");
    header.sender.city = site->location.value("city", "");
    header.sender.country = site->location.value("country", "FR");
  }
  return header;
}

Result<std::string, DocumentError> ManifestPdf(const Manifest& manifest, const ManifestHeader& header) {
  return LabelsPdf(ManifestPages(manifest, header), LabelPaper::kLabel);
}

}  // namespace relais::edge
