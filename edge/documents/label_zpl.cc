// The label as ZPL II. Every command written here is one of these, all in Zebra's ZPL II Programming Guide
// (45541L-004, "ZPL Commands"); tests/edge/zpl_reader.h checks that no other appears:
//
//   ^XA ... ^XZ           the label format's start and end.
//   ^CI28                 field data is UTF-8.
//   ^PWw ^LLl             the print width and the label length, in dots.
//   ^LH0,0                the origin at the label's top left corner, whatever an earlier format left.
//   ^FOx,y                a field's top left corner, in dots.
//   ^A0N,h,w              the scalable font, upright, h dots tall and w wide.
//   ^GBw,h,t              a box of outline t; a rule when h (or w) is t.
//   ^BYm                  the barcode module: the narrowest bar, in dots.
//   ^BCN,h,N,N,N,N        Code 128, upright, h dots tall, no interpretation line (the layout prints its own
//                         human-readable text), no UCC check digit, no mode: the data says its subsets.
//   ^FH                   the next field data holds _XX hex escapes.
//   ^FD...^FS             the field data, and the end of the field.
//
// Bold: font 0 has no bold variant (it is already a bold condensed face), so a bold text is printed twice,
// the second time kBoldOffsetMm to the right: its strokes thicken by about one dot without the text growing
// wider than its place, as a wider ^A0 w would make it.
//
// Code 128 is written in mode N with the subsets chosen here rather than by the printer's mode A, for two
// reasons: the guide documents the invocation codes (">" escapes, FNC1) for field data, not how mode A
// treats a ">" in it; and the symbol is then as wide as Code128Modules says on every printer, whatever its
// firmware's packing. The invocation codes used are the guide's, ^BC section, table "Code 128 Invocation
// Characters" (45541L-004 p. 49, copy read at
// http://38.142.81.21:8001/manual/zebra/ii/1-specifications-english/page-69.html; current edition:
// https://www.zebra.com/content/dam/support-dam/en/documentation/unrestricted/guide/software/zpl-zbi2-pg-en.pdf):
//   >: Start Code B     >; Start Code C     >5 CODE C (from B)     >6 CODE B (from C)
//   >8 FNC1             >< the character ">" in subsets A and B
// GS1-128 is ">;>8" (Start Code C, FNC1) and the element strings, as in the guide's mode N example of an
// SSCC under ^BC.
#include "edge/documents/label_zpl.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

namespace relais::edge {

namespace {

constexpr double kMmPerInch = 25.4;
constexpr double kBoldOffsetMm = 0.15;  // 1 dot at 203 dpi, 2 at 300.
constexpr int kMaxModuleDots = 10;      // ^BY's largest module.

// Stands for FNC1 among the characters of a Code 128 symbol: a control byte, which the data itself cannot
// hold any more once CodeSetBCharacters has replaced them.
constexpr char kFnc1 = '\x1d';

int Dots(double mm, int dpi) { return static_cast<int>(std::lround(mm * dpi / kMmPerInch)); }

// Positions on the label: a layout never puts anything left of or above it, and ^FO takes no negative.
int Position(double mm, int dpi) { return std::max(0, Dots(mm, dpi)); }

std::string FieldOrigin(double x_mm, double y_mm, int dpi) {
  return "^FO" + std::to_string(Position(x_mm, dpi)) + "," + std::to_string(Position(y_mm, dpi));
}

// ZPL takes ^ and ~ anywhere, field data included, as the start of a command (guide, ^FD: "any printable
// character except those used as command prefixes"), and a control byte there is not printable. A field
// holding any of them is written under ^FH, whose default indicator _ introduces one byte in two hex
// digits (guide, ^FH): each of them becomes _XX, and so does _ itself, which would otherwise start one.
bool NeedsHexEscape(unsigned char c) { return c == '^' || c == '~' || c == '_' || c < 0x20 || c == 0x7f; }

std::string Field(std::string_view data) {
  bool escape = false;
  for (const char c : data) escape = escape || NeedsHexEscape(static_cast<unsigned char>(c));
  if (!escape) return "^FD" + std::string(data) + "^FS";
  std::string out = "^FH^FD";
  for (const char c : data) {
    if (!NeedsHexEscape(static_cast<unsigned char>(c))) {
      out += c;
      continue;
    }
    char hex[4];
    std::snprintf(hex, sizeof hex, "_%02X", static_cast<unsigned char>(c));
    out += hex;
  }
  return out + "^FS";
}

std::string Text(const LabelText& text, int dpi) {
  if (text.text.empty()) return "";
  const int height = std::max(1, Dots(text.height_mm, dpi));
  // Width as tall: font 0's own proportions.
  const std::string font = "^A0N," + std::to_string(height) + "," + std::to_string(height);
  std::string out = FieldOrigin(text.x_mm, text.y_mm, dpi) + font + Field(text.text) + "\n";
  if (text.bold) out += FieldOrigin(text.x_mm + kBoldOffsetMm, text.y_mm, dpi) + font + Field(text.text) + "\n";
  return out;
}

// Width and height from the rounded edges, so that boxes sharing an edge in millimetres share it in dots.
std::string Box(const LabelBox& box, int dpi) {
  const int line = std::max(1, Dots(box.line_mm, dpi));
  const int width = std::max(line, Dots(box.x_mm + box.width_mm, dpi) - Position(box.x_mm, dpi));
  const int height = std::max(line, Dots(box.y_mm + box.height_mm, dpi) - Position(box.y_mm, dpi));
  return FieldOrigin(box.x_mm, box.y_mm, dpi) + "^GB" + std::to_string(width) + "," + std::to_string(height) + "," +
         std::to_string(line) + "^FS\n";
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Code set B holds the printable ASCII characters; parcel numbers are capitals and digits. Any other byte
// (a control, UTF-8) becomes '?', which no parcel number holds, so that a bad number cannot scan as another.
std::string CodeSetBCharacters(std::string_view data) {
  std::string out;
  for (const char c : data) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

// The GS1 General Specifications' element strings of predefined length (figure 7.8.4-2), by the first two
// digits of their AI: no FNC1 has to end them.
bool HasPredefinedLength(std::string_view ai) {
  static constexpr std::string_view kPrefixes[] = {"00", "01", "02", "03", "04", "11", "12", "13", "14", "15", "16",
                                                   "17", "18", "19", "20", "31", "32", "33", "34", "35", "36", "41"};
  for (const std::string_view prefix : kPrefixes)
    if (ai.substr(0, 2) == prefix) return true;
  return false;
}

// "(00)123...(10)AB" as the characters of a GS1-128 symbol: FNC1, then each AI and its data, with an FNC1
// after every element string not of predefined length but the last. Data without parentheses is taken as
// element strings already joined.
std::string Gs1Characters(std::string_view data) {
  if (data.empty() || data.front() != '(') return kFnc1 + CodeSetBCharacters(data);
  std::string out(1, kFnc1);
  size_t at = 0;
  while (at < data.size()) {
    const size_t close = data.find(')', at);
    if (close == std::string_view::npos) break;
    const std::string_view ai = data.substr(at + 1, close - at - 1);
    const size_t next = std::min(data.find('(', close), data.size());
    out += CodeSetBCharacters(ai) + CodeSetBCharacters(data.substr(close + 1, next - close - 1));
    if (next < data.size() && !HasPredefinedLength(ai)) out += kFnc1;
    at = next;
  }
  return out;
}

enum class CodeSet { kNone, kB, kC };

// The code set of each character: C for the digits of a run worth switching for -- 4 or more at the start or
// the end, 6 or more between other characters (ISO/IEC 15417's minimal-length rules) -- but the first digit
// of an odd run, so that C gets pairs; B for every other character. This is the rule Code128Modules counts
// by (wasm/engine/shipping_label.h), and libzint encodes by: the ZPL symbol is as wide as the PDF's.
std::vector<CodeSet> PlanCodeSets(const std::string& characters) {
  std::vector<CodeSet> plan(characters.size(), CodeSet::kB);
  size_t at = 0;
  while (at < characters.size()) {
    size_t end = at;
    while (end < characters.size() && IsDigit(characters[end])) ++end;
    const bool at_an_edge = at == 0 || (at == 1 && characters[0] == kFnc1) || end == characters.size();
    if (end - at >= (at_an_edge ? 4u : 6u))
      for (size_t i = at + (end - at) % 2; i < end; ++i) plan[i] = CodeSet::kC;
    at = std::max(end, at + 1);
  }
  return plan;
}

// The ^BC field data (mode N) of `characters`: a start code, then the characters with the invocation codes
// that switch code sets. FNC1 exists in both sets: it stays in the current one, or, first, starts the set
// of what follows it.
std::string Code128FieldData(const std::string& characters) {
  const std::vector<CodeSet> plan = PlanCodeSets(characters);
  std::string out;
  CodeSet current = CodeSet::kNone;
  for (size_t i = 0; i < characters.size(); ++i) {
    CodeSet wanted = plan[i];
    if (characters[i] == kFnc1) {
      size_t next = i;
      while (next < characters.size() && characters[next] == kFnc1) ++next;
      wanted = current != CodeSet::kNone ? current : next < characters.size() ? plan[next] : CodeSet::kB;
    }
    if (wanted != current) {
      if (current == CodeSet::kNone)
        out += wanted == CodeSet::kC ? ">;" : ">:";
      else
        out += wanted == CodeSet::kC ? ">5" : ">6";
      current = wanted;
    }
    if (characters[i] == kFnc1)
      out += ">8";
    else if (characters[i] == '>')
      out += "><";
    else
      out += characters[i];
  }
  return out;
}

std::string Barcode(const LabelBarcode& barcode, int dpi) {
  if (barcode.data.empty()) return "";
  const std::string characters = barcode.symbology == LabelBarcode::Symbology::kGs1_128
                                     ? Gs1Characters(barcode.data)
                                     : CodeSetBCharacters(barcode.data);
  const int module = std::clamp(Dots(barcode.module_mm, dpi), 1, kMaxModuleDots);
  const int height = std::max(1, Dots(barcode.height_mm, dpi));
  return FieldOrigin(barcode.x_mm, barcode.y_mm, dpi) + "^BY" + std::to_string(module) + "^BCN," +
         std::to_string(height) + ",N,N,N,N" + Field(Code128FieldData(characters)) + "\n";
}

}  // namespace

std::string LabelZpl(const LabelLayout& layout, int dpi) {
  if (dpi != 203 && dpi != 300) dpi = 203;
  std::string zpl = "^XA\n^CI28\n^PW" + std::to_string(Dots(layout.width_mm, dpi)) + "\n^LL" +
                    std::to_string(Dots(layout.height_mm, dpi)) + "\n^LH0,0\n";
  for (const LabelBox& box : layout.boxes) zpl += Box(box, dpi);
  for (const LabelBarcode& barcode : layout.barcodes) zpl += Barcode(barcode, dpi);
  for (const LabelText& text : layout.texts) zpl += Text(text, dpi);
  return zpl + "^XZ\n";
}

}  // namespace relais::edge
