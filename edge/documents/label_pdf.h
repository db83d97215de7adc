// Labels as PDF, for office printers: one 10x15 cm page per label, or four labels per A4 page. cairo draws
// (its PDF surface embeds the subset of DejaVu Sans the texts use), libzint encodes the barcodes -- the
// same encoder as the pick-up QR codes -- and the bars are drawn as vector rectangles at the layout's
// module width, so that they scan at any printer resolution.
#ifndef RELAIS_EDGE_DOCUMENTS_LABEL_PDF_H_
#define RELAIS_EDGE_DOCUMENTS_LABEL_PDF_H_

#include <string>
#include <vector>

#include "edge/model/result.h"
#include "wasm/engine/shipping_label.h"

namespace relais::edge {

enum class LabelPaper {
  kLabel,  // One page per layout, of the layout's own size (10x15 cm for a label).
  // Four labels per A4 portrait page, in two rows of two, each centred in its quarter (105x148.5 mm, the
  // quarters of the common four-label A4 sheets). A label larger than its quarter is shrunk to fit it: a
  // 10x15 cm one by 0.99, so a 0.5 mm module prints 0.495 mm, well within scanners' tolerance.
  kA4FourUp,
};

struct DocumentError {
  std::string message;  // What failed: a barcode its encoder refuses, the font missing...
};

// The PDF's bytes, or what failed: no layout, a barcode the encoder refuses (GS1-128 data breaking its
// application identifiers' rules included), DejaVu Sans missing (fonts-dejavu-core). Texts are DejaVu Sans
// (Bold) of the line's height, their baseline 0.8 of it down from its top. Safe to call from several
// threads at once.
Result<std::string, DocumentError> LabelsPdf(const std::vector<LabelLayout>& layouts, LabelPaper paper);

}  // namespace relais::edge

#endif  // RELAIS_EDGE_DOCUMENTS_LABEL_PDF_H_
