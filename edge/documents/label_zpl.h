// A label (wasm/engine/shipping_label.h) as ZPL II, the language of Zebra-compatible thermal printers:
// millimetres become dots at the printer's resolution, texts the scalable font in UTF-8 (^CI28), barcodes
// the printer's own Code 128 encoder (^BC; GS1-128 with its FNC1), so that the printer draws bars at whole
// dots. Only commands every ZPL II printer knows are emitted.
#ifndef RELAIS_EDGE_DOCUMENTS_LABEL_ZPL_H_
#define RELAIS_EDGE_DOCUMENTS_LABEL_ZPL_H_

#include <string>

#include "wasm/engine/shipping_label.h"

namespace relais::edge {

// `dpi`: 203 or 300 (the two resolutions thermal label printers come in); any other is taken as 203.
// Millimetres become the nearest dot. Texts print as given, ^ and ~ included (hex-escaped, never read as
// commands); bold ones twice, 0.15 mm apart, as the printer's font has no bold. A barcode's data that code set
// B cannot hold (controls, non-ASCII) is encoded as '?'. Empty texts and barcodes are left out.
std::string LabelZpl(const LabelLayout& layout, int dpi);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_DOCUMENTS_LABEL_ZPL_H_
