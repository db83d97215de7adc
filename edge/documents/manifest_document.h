// A closed manifest as the carrier's driver signs it: A4 pages (the manifest's number as a barcode, the
// sender, one line per parcel, the totals, room for both signatures) laid out with the labels' primitives
// and rendered by label_pdf.h, and the same lines as CSV for the carrier's or the merchant's systems.
#ifndef RELAIS_EDGE_DOCUMENTS_MANIFEST_DOCUMENT_H_
#define RELAIS_EDGE_DOCUMENTS_MANIFEST_DOCUMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "edge/documents/label_pdf.h"
#include "edge/model/catalogue.h"
#include "edge/model/shipping.h"
#include "wasm/engine/shipping_label.h"

namespace relais::edge {

struct ManifestHeader {
  std::string brand_name;
  std::string carrier_name;
  LabelAddress sender;  // The site.
};

// One LabelLayout per A4 page (210x297 mm), at most kManifestLinesPerPage parcels a page.
constexpr int kManifestLinesPerPage = 40;
std::vector<LabelLayout> ManifestPages(const Manifest& manifest, const ManifestHeader& header);

// The header of a manifest of `site` (its name and address as the sender; absent: none printed).
ManifestHeader ManifestHeaderOf(const std::string& brand_name, const std::string& carrier_name,
                                const std::optional<Site>& site);

// ManifestPages rendered as PDF (label_pdf.h).
Result<std::string, DocumentError> ManifestPdf(const Manifest& manifest, const ManifestHeader& header);

// RFC 4180 CSV, UTF-8, one header line then one line per parcel: manifest, number, order_ref, recipient,
// destination, mode, weight_g, parcel, parcels. Fields with a comma, quote or line break are quoted.
std::string ManifestCsv(const Manifest& manifest);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_DOCUMENTS_MANIFEST_DOCUMENT_H_
