// Shipping labels: what laying out and rendering a label costs, single thread, on N varied Colissimo relay
// and locker labels ("6M" numbers from parcel_range.h; relays, recipients, senders and weights differ).
//
//   label-bench [labels]
//
// Ours: LayOutLabel then LabelZpl at 203 dpi; LayOutLabel then LabelsPdf with one label a document (one
// "Print label" click), and in documents of 100 labels, 10x15 cm pages and A4 four-up (batch printing).
// Peers, measured in the same run on the same labels:
//   ZPL: the facts written as JSON by nlohmann::json (object built from LabelFacts then dump(), as ours starts
//        from LabelFacts; and dump() alone of objects built beforehand): writing the same data at all, so the
//        ratio is what the layout and ZPL cost beyond it.
//   PDF: libzint alone making the label's barcode, raster at scale 1 (zint 2.11 cannot write SVG to memory:
//        BARCODE_MEMORY_FILE came in 2.13), and as vectors (what LabelsPdf asks of it); cairo writing a
//        one-page PDF of the same texts in the same fonts, without boxes or barcode.
// The ratio is ours' time per label over the peer's.
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <zint.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "edge/documents/label_pdf.h"
#include "edge/documents/label_zpl.h"
#include "edge/documents/manifest_document.h"
#include "wasm/engine/parcel_range.h"
#include "wasm/engine/shipping_label.h"

namespace relais {
namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Seeded, so that every run lays out the same labels.
class Facts {
 public:
  explicit Facts(uint32_t seed) : random_(seed) {}

  LabelFacts Next(uint64_t serial) {
    LabelFacts f;
    f.carrier = "colissimo";
    f.carrier_name = "Colissimo";
    const bool locker = Pick(4) == 0;
    f.mode = locker ? "locker" : "relay";
    f.scheme = "colissimo";
    const std::optional<std::string> number = ParcelNumberOf({"colissimo", "6M", "", 1, 9'999'999'999}, serial);
    if (!number) std::abort();
    f.parcel_number = *number;
    f.order_ref = "CDE-2026-" + std::to_string(10000 + Pick(90000));
    f.parcel_count = Pick(5) == 0 ? 2 : 1;
    f.parcel_index = 1 + Pick(static_cast<int>(f.parcel_count));
    f.weight_g = 150 + Pick(14850);
    f.date = "2026-03-" + std::to_string(10 + Pick(19));
    f.sort_code = Pick(2) ? "" : std::to_string(10 + Pick(89)) + "-" + std::to_string(100 + Pick(899));
    const City& sender_city = Of(kCities);
    f.sender = {std::string(Of(kShops)), "", {Street()}, sender_city.postcode, sender_city.name, "FR"};
    f.recipient = {std::string(Of(kFirstNames)) + " " + Of(kLastNames),
                   "06 " + std::to_string(10 + Pick(90)) + " " + std::to_string(10 + Pick(90)) + " " +
                       std::to_string(10 + Pick(90)) + " " + std::to_string(10 + Pick(90)),
                   {},
                   "",
                   "",
                   "FR"};
    const City& relay_city = Of(kCities);
    const std::string relay_name =
        locker ? std::string("Consigne Pickup ") + Of(kPlaces) : std::string(Of(kShopKinds)) + " " + Of(kPlaces);
    std::vector<std::string> lines = {Street()};
    if (Pick(3) == 0) lines.push_back("Bâtiment " + std::string(1, static_cast<char>('A' + Pick(6))));
    f.relay = LabelRelay{"colissimo",
                         std::to_string(100000 + Pick(900000)),
                         "FR",
                         locker,
                         {relay_name, "", lines, relay_city.postcode, relay_city.name, "FR"}};
    return f;
  }

 private:
  struct City {
    const char* postcode;
    const char* name;
  };
  static constexpr const char* kFirstNames[] = {"Hélène", "Jean-François", "Amélie", "Noé",    "Chloé",
                                                "Mathis", "Inès",          "Léa",    "Gaëtan", "Zoé",
                                                "Karim",  "Séverine",      "Benoît", "Maëlys", "Jérôme"};
  static constexpr const char* kLastNames[] = {
      "Dupré",   "Lefèvre", "Nguyen",   "Martin",  "Bérenger",  "Diallo", "Moreau", "Castelnau-Giraud-Lévêque",
      "Roussel", "Faure",   "Bouchard", "N'Diaye", "Petitjean", "Garçon"};
  static constexpr const char* kShops[] = {"Boutique Évasion", "La Mercerie du Canal", "Atelier Pâquerette",
                                           "Comptoir des Thés de Provence", "Vélos Ménard"};
  static constexpr const char* kShopKinds[] = {
      "Tabac", "Presse", "Épicerie", "Fleuriste", "Librairie", "Pressing", "Bureau de tabac et presse"};
  static constexpr const char* kPlaces[] = {"de l'Église",  "du Marché",    "des Halles",
                                            "Gare de Lyon", "Saint-Michel", "du Vieux-Port",
                                            "de la Mairie", "Bellecour",    "des Quatre-Chemins et de la Résistance"};
  static constexpr const char* kStreets[] = {"rue de la République", "avenue Jean-Jaurès", "place du Marché",
                                             "boulevard Gambetta",   "rue Émile-Zola",     "chemin des Écoliers",
                                             "allée des Tilleuls",   "quai Saint-Antoine"};
  static constexpr City kCities[] = {{"75011", "Paris"},    {"69002", "Lyon"},     {"13001", "Marseille"},
                                     {"31000", "Toulouse"}, {"44000", "Nantes"},   {"67000", "Strasbourg"},
                                     {"59000", "Lille"},    {"33000", "Bordeaux"}, {"06000", "Nice"},
                                     {"35000", "Rennes"},   {"74000", "Annecy"},   {"29200", "Brest"}};

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }
  template <typename T, size_t N>
  const T& Of(const T (&options)[N]) {
    return options[Pick(static_cast<int>(N))];
  }
  std::string Street() { return std::to_string(1 + Pick(180)) + " " + Of(kStreets); }

  std::mt19937 random_;
};

// The peer of ZPL: the same facts as JSON.
nlohmann::json FactsObject(const LabelFacts& f) {
  const auto address = [](const LabelAddress& a) {
    return nlohmann::json{{"name", a.name},         {"phone", a.phone}, {"lines", a.lines},
                          {"postcode", a.postcode}, {"city", a.city},   {"country", a.country}};
  };
  nlohmann::json out = {{"carrier", f.carrier},
                        {"carrier_name", f.carrier_name},
                        {"mode", f.mode},
                        {"parcel_number", f.parcel_number},
                        {"scheme", f.scheme},
                        {"order_ref", f.order_ref},
                        {"shipment", f.shipment},
                        {"parcel_index", f.parcel_index},
                        {"parcel_count", f.parcel_count},
                        {"weight_g", f.weight_g},
                        {"date", f.date},
                        {"sort_code", f.sort_code},
                        {"sender", address(f.sender)},
                        {"recipient", address(f.recipient)}};
  if (f.relay) {
    out["relay"] = {{"carrier", f.relay->carrier},
                    {"id", f.relay->id},
                    {"country", f.relay->country},
                    {"locker", f.relay->locker},
                    {"address", address(f.relay->address)}};
  }
  return out;
}

// A peer of PDF: libzint making the label's barcodes, to memory, raster at scale 1 or as vectors. Returns
// the bitmap's bytes or the vector's rectangles, so that the work is used.
size_t ZintAlone(const LabelLayout& layout, bool vector) {
  size_t made = 0;
  for (const LabelBarcode& barcode : layout.barcodes) {
    zint_symbol* symbol = ZBarcode_Create();
    const bool gs1 = barcode.symbology == LabelBarcode::Symbology::kGs1_128;
    symbol->symbology = gs1 ? BARCODE_GS1_128 : BARCODE_CODE128;
    symbol->input_mode = gs1 ? GS1_MODE | GS1PARENS_MODE : UNICODE_MODE;
    symbol->show_hrt = 0;
    symbol->scale = 1;
    const auto* data = reinterpret_cast<const unsigned char*>(barcode.data.data());
    const int length = static_cast<int>(barcode.data.size());
    if (vector) {
      if (ZBarcode_Encode_and_Buffer_Vector(symbol, data, length, 0) >= ZINT_ERROR) std::abort();
      for (const zint_vector_rect* bar = symbol->vector->rectangles; bar; bar = bar->next) ++made;
    } else {
      if (ZBarcode_Encode_and_Buffer(symbol, data, length, 0) >= ZINT_ERROR) std::abort();
      made += static_cast<size_t>(symbol->bitmap_width) * static_cast<size_t>(symbol->bitmap_height);
    }
    ZBarcode_Delete(symbol);
  }
  return made;
}

// A peer of PDF: cairo writing a one-page PDF of the layout's texts only, in the faces LabelsPdf uses.
class TextsOnlyPdf {
 public:
  TextsOnlyPdf() {
    if (FT_Init_FreeType(&library_) != 0) std::abort();
    regular_ = Face("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    bold_ = Face("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
  }
  TextsOnlyPdf(const TextsOnlyPdf&) = delete;
  TextsOnlyPdf& operator=(const TextsOnlyPdf&) = delete;

  std::string operator()(const LabelLayout& layout) const {
    constexpr double kPointsPerMm = 72 / 25.4;
    std::string pdf;
    cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &pdf, layout.width_mm * kPointsPerMm,
                                                                   layout.height_mm * kPointsPerMm);
    cairo_t* cr = cairo_create(surface);
    cairo_scale(cr, kPointsPerMm, kPointsPerMm);
    for (const LabelText& text : layout.texts) {
      if (text.text.empty()) continue;
      cairo_set_font_face(cr, text.bold ? bold_ : regular_);
      cairo_set_font_size(cr, text.height_mm);
      cairo_move_to(cr, text.x_mm, text.y_mm + 0.8 * text.height_mm);
      cairo_show_text(cr, text.text.c_str());
    }
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_surface_destroy(surface);
    return pdf;
  }

 private:
  static cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  }
  cairo_font_face_t* Face(const char* path) {
    FT_Face face = nullptr;
    if (FT_New_Face(library_, path, 0, &face) != 0) {
      std::fprintf(stderr, "cannot load %s (fonts-dejavu-core)\n", path);
      std::exit(1);
    }
    return cairo_ft_font_face_create_for_ft_face(face, 0);  // Kept for the process, as LabelsPdf's are.
  }

  FT_Library library_ = nullptr;
  cairo_font_face_t* regular_ = nullptr;
  cairo_font_face_t* bold_ = nullptr;
};

std::string PdfOf(const std::vector<LabelLayout>& layouts, edge::LabelPaper paper) {
  auto pdf = edge::LabelsPdf(layouts, paper);
  if (!pdf.ok()) {
    std::fprintf(stderr, "LabelsPdf: %s\n", pdf.error().message.c_str());
    std::exit(1);
  }
  return std::move(pdf).value();
}

struct Timed {
  double ms_per_label = 0;
  double bytes_per_label = 0;
};

// Runs `one(i)` (which returns the bytes it made) for i in [0, count), `passes` times, each item making
// `labels` labels; timed in slices of `slice` items. The time is the best slice's, per label: the machine's
// other work (a shared 2-core box) only ever slows a slice down. The bytes are the first pass's, per label.
template <typename F>
Timed Time(int passes, int count, int slice, int labels, F one) {
  Timed timed{1e300, 0};
  for (int pass = 0; pass < passes; ++pass) {
    size_t bytes = 0;
    for (int first = 0; first < count; first += slice) {
      const int end = std::min(count, first + slice);
      const Clock::time_point start = Clock::now();
      for (int i = first; i < end; ++i) bytes += one(i);
      timed.ms_per_label = std::min(timed.ms_per_label, Ms(Clock::now() - start) / ((end - first) * labels));
    }
    if (pass == 0) timed.bytes_per_label = static_cast<double>(bytes) / (count * labels);
  }
  return timed;
}

void Row(const char* what, const Timed& ours, const char* peer, const Timed& theirs) {
  std::printf("%-36s %10.0f %9.4f   %-44s %9.4f %8.1f\n", what, 1000 / ours.ms_per_label, ours.ms_per_label, peer,
              theirs.ms_per_label, ours.ms_per_label / theirs.ms_per_label);
}

void Run(int n) {
  Facts generator(20260314);
  std::vector<LabelFacts> facts;
  for (int i = 0; i < n; ++i) facts.push_back(generator.Next(static_cast<uint64_t>(1 + 7919 * i)));
  std::vector<LabelLayout> layouts;
  for (const LabelFacts& f : facts) layouts.push_back(LayOutLabel(f));
  constexpr int kBatch = 100;
  const int batches = n / kBatch;

  // The first LabelsPdf loads the two DejaVu faces for the process: timed apart, kept out of the rest.
  Clock::time_point start = Clock::now();
  const size_t first_pdf = PdfOf({layouts[0]}, edge::LabelPaper::kLabel).size();
  const double first_ms = Ms(Clock::now() - start);
  start = Clock::now();
  const TextsOnlyPdf texts_only;
  const size_t first_texts = texts_only(layouts[0]).size();
  const double first_texts_ms = Ms(Clock::now() - start);

  // The best slice's time: 100 labels, of 10 passes over them, for what takes microseconds a label; 20 labels
  // or one 100-label document, of one pass, for what takes a millisecond.
  constexpr int kPasses = 10, kSlice = 20;
  const Timed layout = Time(kPasses, n, kBatch, 1, [&](int i) { return LayOutLabel(facts[i]).texts.size(); });
  const Timed zpl =
      Time(kPasses, n, kBatch, 1, [&](int i) { return edge::LabelZpl(LayOutLabel(facts[i]), 203).size(); });
  const Timed json = Time(kPasses, n, kBatch, 1, [&](int i) { return FactsObject(facts[i]).dump().size(); });
  std::vector<nlohmann::json> objects;
  for (const LabelFacts& f : facts) objects.push_back(FactsObject(f));
  const Timed dump = Time(kPasses, n, kBatch, 1, [&](int i) { return objects[i].dump().size(); });
  const Timed raster = Time(kPasses, n, kBatch, 1, [&](int i) { return ZintAlone(layouts[i], false); });
  const Timed vector = Time(kPasses, n, kBatch, 1, [&](int i) { return ZintAlone(layouts[i], true); });
  const Timed pdf =
      Time(1, n, kSlice, 1, [&](int i) { return PdfOf({LayOutLabel(facts[i])}, edge::LabelPaper::kLabel).size(); });
  const Timed texts = Time(1, n, kSlice, 1, [&](int i) { return texts_only(layouts[i]).size(); });
  const auto batch = [&](edge::LabelPaper paper) {
    return Time(1, batches, 1, kBatch, [&](int b) {
      std::vector<LabelLayout> group;
      for (int i = b * kBatch; i < (b + 1) * kBatch; ++i) group.push_back(LayOutLabel(facts[i]));
      return PdfOf(group, paper).size();
    });
  };
  const Timed labels_pdf = batches ? batch(edge::LabelPaper::kLabel) : Timed{};
  const Timed a4_pdf = batches ? batch(edge::LabelPaper::kA4FourUp) : Timed{};

  std::printf(
      "%d Colissimo relay and locker labels, single thread; ms/label: the best slice's (100 labels of %d passes; "
      "PDF: 20 labels or 1 document, of 1 pass); ratio = ours' time per label / the peer's\n\n",
      n, kPasses);
  std::printf("%-36s %10s %9s   %-44s %9s %8s\n", "ours", "labels/s", "ms/label", "peer", "ms/label", "ratio");
  Row("layout + ZPL 203 dpi", zpl, "nlohmann::json of the facts, built + dump()", json);
  Row("", zpl, "nlohmann::json of the facts, dump() alone", dump);
  Row("layout + PDF, 1 label a document", pdf, "zint: the barcode alone, raster scale 1", raster);
  Row("", pdf, "zint: the barcode alone, vector", vector);
  Row("", pdf, "cairo: 1-page PDF of the texts only", texts);
  if (batches) {
    Row("layout + PDF, 100 labels a document", labels_pdf, "zint: the barcode alone, raster scale 1", raster);
    Row("layout + pdf-a4, 100 labels (4-up)", a4_pdf, "zint: the barcode alone, raster scale 1", raster);
  }
  std::printf("\nLayOutLabel alone: %.4f ms a label (%.0f labels/s)\n", layout.ms_per_label,
              1000 / layout.ms_per_label);
  std::printf("first LabelsPdf of the process (loads the fonts): %.2f ms; first texts-only PDF: %.2f ms\n", first_ms,
              first_texts_ms);
  std::printf("sizes a label: ZPL %.0f B, JSON %.0f B, PDF alone %.0f B, texts-only PDF %.0f B", zpl.bytes_per_label,
              json.bytes_per_label, pdf.bytes_per_label, texts.bytes_per_label);
  if (batches) {
    std::printf(", in a 100-label PDF %.0f B, in a 100-label pdf-a4 %.0f B", labels_pdf.bytes_per_label,
                a4_pdf.bytes_per_label);
  }
  std::printf("\n");
  if (first_pdf == 0 || first_texts == 0) std::abort();
}

// The day's manifest of `parcels` parcels (the 5,000: a big warehouse's day for one carrier) as the
// driver's A4 PDF and as CSV, against nlohmann::json writing the same rows.
void RunManifest(int parcels) {
  edge::Manifest m;
  m.id = "wh-nord-colissimo-20261204-1";
  m.site = "wh-nord";
  m.carrier = "colissimo";
  m.day = "2026-12-04";
  for (int i = 0; i < parcels; ++i) {
    m.parcels.push_back({"ord_" + std::to_string(100000 + i), 0, 0, "6M" + std::to_string(1000000000 + i) + "7",
                         "CMD-" + std::to_string(i), "Client " + std::to_string(i),
                         "FR-" + std::to_string(10000 + i % 900) + " Tabac de la Gare, 75004 PARIS", "relay",
                         300 + i % 5000, 1});
  }
  edge::ManifestHeader header{
      "Demo store", "Colissimo", {"Entrepôt Nord", "", {"ZI des Mardelles"}, "93600", "AULNAY-SOUS-BOIS", "FR"}};
  const auto best_of = [](int repeats, auto&& f) {
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
      const auto start = std::chrono::steady_clock::now();
      f();
      best =
          std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
  };
  size_t pdf_bytes = 0, pages = 0, csv_bytes = 0, json_bytes = 0;
  const double pdf_ms = best_of(3, [&] {
    const std::vector<LabelLayout> layouts = edge::ManifestPages(m, header);
    pages = layouts.size();
    pdf_bytes = PdfOf(layouts, edge::LabelPaper::kLabel).size();
  });
  const double csv_ms = best_of(5, [&] { csv_bytes = edge::ManifestCsv(m).size(); });
  const double json_ms = best_of(5, [&] {
    nlohmann::json rows = nlohmann::json::array();
    for (const edge::ManifestParcel& p : m.parcels) {
      rows.push_back({{"number", p.number},
                      {"order_ref", p.order_ref},
                      {"recipient", p.recipient},
                      {"destination", p.destination},
                      {"mode", p.mode},
                      {"weight_g", p.weight_g}});
    }
    json_bytes = rows.dump().size();
  });
  std::printf(
      "\n%d-parcel manifest: PDF %.0f ms (%zu A4 pages, %.4f ms a parcel, %zu KB), CSV %.2f ms (%zu KB); "
      "peer nlohmann::json of the same rows %.2f ms (%zu KB): PDF %.1fx, CSV %.2fx\n",
      parcels, pdf_ms, pages, pdf_ms / parcels, pdf_bytes / 1024, csv_ms, csv_bytes / 1024, json_ms, json_bytes / 1024,
      pdf_ms / json_ms, csv_ms / json_ms);
}

}  // namespace
}  // namespace relais

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 2000;
  if (n < 1) {
    std::fprintf(stderr, "usage: label-bench [labels]\n");
    return 2;
  }
  relais::Run(n);
  relais::RunManifest(5000);
}
