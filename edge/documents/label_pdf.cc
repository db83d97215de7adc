#include "edge/documents/label_pdf.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <zint.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <utility>

namespace relais::edge {

namespace {

constexpr double kPointsPerMm = 72 / 25.4;
constexpr double kA4WidthMm = 210, kA4HeightMm = 297;
constexpr const char* kRegularFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBoldFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// The two faces, loaded once for the process and never freed. Every thread shares them: FreeType only needs
// face creation serialised on one FT_Library (the static's initialisation is), and cairo locks an FT_Face
// around each use. A missing file is remembered as the error: installing the font needs a restart.
struct Fonts {
  cairo_font_face_t* regular = nullptr;
  cairo_font_face_t* bold = nullptr;
  std::string error;  // "" : both loaded.
};

cairo_font_face_t* LoadFace(FT_Library library, const char* path, std::string& error) {
  FT_Face face = nullptr;
  if (FT_New_Face(library, path, 0, &face) != 0) {
    error = std::string("cannot load the font ") + path;
    return nullptr;
  }
  return cairo_ft_font_face_create_for_ft_face(face, 0);
}

Fonts LoadFonts() {
  Fonts fonts;
  FT_Library library = nullptr;
  if (FT_Init_FreeType(&library) != 0) {
    fonts.error = "cannot start FreeType";
    return fonts;
  }
  fonts.regular = LoadFace(library, kRegularFontPath, fonts.error);
  if (fonts.error.empty()) fonts.bold = LoadFace(library, kBoldFontPath, fonts.error);
  return fonts;
}

const Fonts& SharedFonts() {
  static const Fonts fonts = LoadFonts();
  return fonts;
}

struct SymbolDeleter {
  void operator()(zint_symbol* symbol) const { ZBarcode_Delete(symbol); }
};
struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A box's outline lies inside the box, as ZPL's ^GB draws it, so that both outputs cover the same area.
void DrawBox(cairo_t* cr, const LabelBox& box) {
  const double line = box.line_mm;
  if (box.height_mm <= line || box.width_mm <= line) {  // A rule.
    cairo_rectangle(cr, box.x_mm, box.y_mm, std::max(box.width_mm, line), std::max(box.height_mm, line));
    cairo_fill(cr);
    return;
  }
  cairo_set_line_width(cr, line);
  cairo_rectangle(cr, box.x_mm + line / 2, box.y_mm + line / 2, box.width_mm - line, box.height_mm - line);
  cairo_stroke(cr);
}

// The font size is the line's height and the baseline 0.8 of it down: DejaVu's capitals (0.73 em) then
// start just under the line's top and its descenders (0.24 em) end about at its bottom, as LabelText's
// "capitals are about 0.7 of it" tells the layout. Accents on capitals may reach into the line above.
void DrawText(cairo_t* cr, const Fonts& fonts, const LabelText& text) {
  if (text.text.empty() || !(text.height_mm > 0)) return;  // A zero font size would be a singular matrix.
  cairo_set_font_face(cr, text.bold ? fonts.bold : fonts.regular);
  cairo_set_font_size(cr, text.height_mm);
  cairo_move_to(cr, text.x_mm, text.y_mm + 0.8 * text.height_mm);
  cairo_show_text(cr, text.text.c_str());
}

// zint encodes; its vector output is the public way to read the modules back, as rectangles one per bar,
// in units where a module is vector->width / symbol->width wide. Warnings are errors: zint only warns of
// a GS1 element string that breaks its AI's rules (a bad check digit, a letter in an SSCC), and a carrier's
// sorter would reject that symbol.
std::optional<DocumentError> DrawBarcode(cairo_t* cr, const LabelBarcode& barcode) {
  std::unique_ptr<zint_symbol, SymbolDeleter> symbol(ZBarcode_Create());
  if (!symbol) return DocumentError{"cannot allocate a barcode"};
  const bool gs1 = barcode.symbology == LabelBarcode::Symbology::kGs1_128;
  symbol->symbology = gs1 ? BARCODE_GS1_128 : BARCODE_CODE128;
  symbol->input_mode = gs1 ? GS1_MODE | GS1PARENS_MODE : UNICODE_MODE;  // UTF-8, encoded as Latin-1.
  symbol->show_hrt = 0;  // The layout prints the human-readable text itself.
  symbol->warn_level = WARN_FAIL_ALL;
  const auto* data = reinterpret_cast<const unsigned char*>(barcode.data.data());
  if (ZBarcode_Encode(symbol.get(), data, static_cast<int>(barcode.data.size())) >= ZINT_ERROR ||
      ZBarcode_Buffer_Vector(symbol.get(), 0) >= ZINT_ERROR) {
    return DocumentError{"barcode \"" + barcode.data + "\": " + symbol->errtxt};
  }
  if (!symbol->vector || symbol->width <= 0) return DocumentError{"barcode \"" + barcode.data + "\": no symbol"};
  const double unit = symbol->vector->width / symbol->width;
  for (const zint_vector_rect* bar = symbol->vector->rectangles; bar; bar = bar->next) {
    const double first_module = std::round(bar->x / unit), modules = std::round(bar->width / unit);
    cairo_rectangle(cr, barcode.x_mm + first_module * barcode.module_mm, barcode.y_mm, modules * barcode.module_mm,
                    barcode.height_mm);
  }
  cairo_fill(cr);
  return std::nullopt;
}

// Draws one layout in millimetres from the current origin.
std::optional<DocumentError> DrawLabel(cairo_t* cr, const Fonts& fonts, const LabelLayout& layout) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (const LabelBox& box : layout.boxes) DrawBox(cr, box);
  for (const LabelText& text : layout.texts) DrawText(cr, fonts, text);
  for (const LabelBarcode& barcode : layout.barcodes) {
    if (auto error = DrawBarcode(cr, barcode)) return error;
  }
  return std::nullopt;
}

// Where the index-th label goes on its page (kA4FourUp): the quarters of the A4 page, row by row, each
// label shrunk to fit its quarter if it must and centred in it.
void PlaceInQuarter(cairo_t* cr, const LabelLayout& layout, size_t index) {
  const double quarter_w = kA4WidthMm / 2, quarter_h = kA4HeightMm / 2;
  const double scale = std::min({1.0, quarter_w / layout.width_mm, quarter_h / layout.height_mm});
  const double column = static_cast<double>(index % 2), row = static_cast<double>(index % 4 / 2);
  cairo_translate(cr, column * quarter_w + (quarter_w - layout.width_mm * scale) / 2,
                  row * quarter_h + (quarter_h - layout.height_mm * scale) / 2);
  cairo_scale(cr, scale, scale);
}

}  // namespace

Result<std::string, DocumentError> LabelsPdf(const std::vector<LabelLayout>& layouts, LabelPaper paper) {
  if (layouts.empty()) return DocumentError{"no label"};
  for (const LabelLayout& layout : layouts) {
    if (!(layout.width_mm > 0 && layout.height_mm > 0)) return DocumentError{"a label has no size"};
  }
  const Fonts& fonts = SharedFonts();
  if (!fonts.error.empty()) return DocumentError{fonts.error};

  const bool four_up = paper == LabelPaper::kA4FourUp;
  const auto page_size = [&](const LabelLayout& layout) {
    return four_up ? std::pair(kA4WidthMm, kA4HeightMm) : std::pair(layout.width_mm, layout.height_mm);
  };
  std::string pdf;
  const auto [first_w, first_h] = page_size(layouts.front());
  std::unique_ptr<cairo_surface_t, CairoDeleter> surface(
      cairo_pdf_surface_create_for_stream(AppendToString, &pdf, first_w * kPointsPerMm, first_h * kPointsPerMm));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, "Shipping labels");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "relais");
  std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));

  const size_t per_page = four_up ? 4 : 1;
  for (size_t i = 0; i < layouts.size(); ++i) {
    if (i > 0 && i % per_page == 0) {
      cairo_show_page(cr.get());
      const auto [w, h] = page_size(layouts[i]);  // Before anything is drawn on the page.
      cairo_pdf_surface_set_size(surface.get(), w * kPointsPerMm, h * kPointsPerMm);
    }
    cairo_save(cr.get());
    cairo_scale(cr.get(), kPointsPerMm, kPointsPerMm);
    if (four_up) PlaceInQuarter(cr.get(), layouts[i], i);
    std::optional<DocumentError> error = DrawLabel(cr.get(), fonts, layouts[i]);
    cairo_restore(cr.get());
    if (error) return *error;
  }
  // Explicitly: cairo_surface_finish() drops a last page that is blank.
  cairo_show_page(cr.get());
  cairo_status_t status = cairo_status(cr.get());  // Invalid UTF-8 in a text, say.
  cr.reset();
  cairo_surface_finish(surface.get());
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface.get());
  if (status != CAIRO_STATUS_SUCCESS) return DocumentError{std::string("cairo: ") + cairo_status_to_string(status)};
  return pdf;
}

}  // namespace relais::edge
