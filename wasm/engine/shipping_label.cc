#include "wasm/engine/shipping_label.h"

#include <algorithm>
#include <cstdio>

namespace relais {
namespace {

constexpr double kMargin = 3;
constexpr double kQuietZoneModules = 10;  // Code 128's quiet zone on each side of the bars.

// How wide a line of DejaVu Sans runs per character, in ems: an upper bound for French text in capitals
// and lower case (capitals run widest), so that a cut text never runs over its place.
double EmsPerCharacter(bool bold) { return bold ? 0.72 : 0.64; }

size_t CodePoints(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// `s` cut to at most `max` code points, the last being "…" when cut.
std::string CutToCodePoints(const std::string& s, size_t max) {
  if (CodePoints(s) <= max) return s;
  if (max == 0) return "";
  size_t kept = 0, end = 0;
  for (; end < s.size(); ++end) {
    if ((s[end] & 0xC0) != 0x80) {
      if (kept == max - 1) break;
      ++kept;
    }
  }
  return s.substr(0, end) + "\xE2\x80\xA6";
}

class Builder {
 public:
  explicit Builder(LabelLayout* layout) : layout_(layout) {}

  // A line of text at (x, y) that must end before `right`.
  void Text(double x, double y, double height, bool bold, const std::string& text, double right = 100 - kMargin) {
    if (text.empty()) return;
    const auto max = static_cast<size_t>((right - x) / (height * EmsPerCharacter(bold)));
    layout_->texts.push_back({x, y, height, bold, CutToCodePoints(text, max)});
  }
  // A line of text centred on the label.
  void CentredText(double y, double height, bool bold, const std::string& text) {
    const double width = static_cast<double>(CodePoints(text)) * height * EmsPerCharacter(bold);
    Text(std::max(kMargin, (layout_->width_mm - width) / 2), y, height, bold, text);
  }
  void Rule(double y) { layout_->boxes.push_back({kMargin, y, layout_->width_mm - 2 * kMargin, 0.4, 0.4}); }
  void Box(double x, double y, double w, double h) { layout_->boxes.push_back({x, y, w, h, 0.5}); }

 private:
  LabelLayout* layout_;
};

std::string CityLine(const LabelAddress& a) {
  std::string line = a.postcode;
  if (!a.city.empty()) line += (line.empty() ? "" : " ") + a.city;
  return line;
}

std::string Kilograms(int64_t grams) {
  char out[32];
  std::snprintf(out, sizeof out, "%lld,%02lld kg", static_cast<long long>(grams / 1000),
                static_cast<long long>((grams % 1000 + 5) / 10 % 100));
  // 999 g rounds to 1,00 kg, not 0,100.
  if (grams % 1000 >= 995) std::snprintf(out, sizeof out, "%lld,00 kg", static_cast<long long>(grams / 1000 + 1));
  return out;
}

// What the label says the parcel goes to, in capitals as carriers print it.
std::string ModeMention(const LabelFacts& f) {
  if (f.relay) return f.relay->locker ? "CONSIGNE" : "POINT RELAIS";
  if (f.mode == "home") return "DOMICILE";
  if (f.mode == "return") return "RETOUR";
  if (f.mode == "drive") return "RETRAIT DRIVE";
  if (f.mode == "pedestrian") return "RETRAIT PIÉTON";
  return "RETRAIT EN MAGASIN";
}

void LayOutAddress(Builder* b, double y, const LabelAddress& a, double line, size_t max_lines) {
  for (size_t i = 0; i < a.lines.size() && i < max_lines; ++i, y += line + 0.6) {
    b->Text(kMargin, y, line, false, a.lines[i]);
  }
  b->Text(kMargin, y, line + 0.8, true, CityLine(a));
  if (!a.country.empty() && a.country != "FR") b->Text(kMargin, y + line + 1.6, line, false, a.country);
}

}  // namespace

int Code128Modules(LabelBarcode::Symbology symbology, const std::string& data) {
  // Symbols between the start and the check: one per character in code set B, one per digit pair in code set
  // C, one per change of set (ISO/IEC 15417's minimal-length rules, as encoders apply them).
  std::string payload;
  int symbols = 0;
  if (symbology == LabelBarcode::Symbology::kGs1_128) {
    symbols = 1;  // FNC1 after the start.
    for (char c : data) {
      if (c != '(' && c != ')') payload += c;
    }
  } else {
    payload = data;
  }
  auto digit_run = [&](size_t i) {
    size_t j = i;
    while (j < payload.size() && payload[j] >= '0' && payload[j] <= '9') ++j;
    return j - i;
  };
  char set = 0;  // The code set in force; the first is chosen by the start character, for free.
  auto use = [&](char wanted) {
    if (set != 0 && set != wanted) ++symbols;  // A CODE B or CODE C character.
    set = wanted;
  };
  for (size_t i = 0; i < payload.size();) {
    size_t run = digit_run(i);
    if (run >= 4 && (i == 0 || i + run == payload.size() || run >= 6)) {
      if (run % 2 == 1) {  // The odd digit goes in code set B, the pairs after it in C.
        use('B');
        ++symbols;
        ++i;
        --run;
      }
      use('C');
      symbols += static_cast<int>(run / 2);
      i += run;
    } else {
      use('B');
      ++symbols;
      ++i;
    }
  }
  return 11 * (symbols + 2) + 13;  // Start and check, then the stop's 13 modules.
}

std::string HumanReadableParcelNumber(const std::string& scheme, const std::string& number) {
  auto groups = [](const std::string& s, size_t n) {
    std::string out;
    for (size_t i = 0; i < s.size(); i += n) out += (out.empty() ? "" : " ") + s.substr(i, n);
    return out;
  };
  if (scheme == "sscc-18" && number.size() == 20) return "(00) " + number.substr(2);
  if (scheme == "colissimo" && number.size() == 13) {
    return number.substr(0, 2) + " " + groups(number.substr(2, 10), 5) + " " + number.substr(12);
  }
  if (scheme == "upu-s10" && number.size() == 13) {
    return number.substr(0, 2) + " " + groups(number.substr(2, 8), 4) + " " + number.substr(10, 1) + " " +
           number.substr(11);
  }
  if (scheme == "dpd" && number.size() == 15) return groups(number.substr(0, 14), 4) + " " + number.substr(14);
  return groups(number, 4);
}

LabelLayout LayOutLabel(const LabelFacts& f) {
  LabelLayout layout;
  Builder b(&layout);
  const double right_column = 56;

  // The carrier and where the parcel goes: what the sorting hub reads first.
  b.Text(kMargin, 3, 7, true, f.carrier_name.empty() ? f.carrier : f.carrier_name);
  b.Text(kMargin, 11, 4, true, ModeMention(f), 60);
  b.Text(62, 11.5, 3, false, "Date " + f.date);
  b.Rule(16.5);

  b.Text(kMargin, 18, 2.6, false, "Expéditeur");
  b.Text(kMargin, 21.3, 3.4, true, f.sender.name);
  LayOutAddress(&b, 25.3, f.sender, 3, 1);
  b.Rule(36);

  b.Text(kMargin, 37.5, 2.6, false, "Destinataire");
  b.Text(kMargin, 40.8, 5, true, f.recipient.name);
  if (!f.recipient.phone.empty()) b.Text(kMargin, 46.6, 3.4, false, "Tél. " + f.recipient.phone);
  if (f.relay) {
    b.Text(kMargin, 51, 3.4, false,
           f.relay->locker ? "À retirer dans la consigne ci-dessous" : "À retirer au point relais ci-dessous");
  } else if (f.mode == "home" || f.mode == "return") {  // A return goes to the merchant's site, at its address.
    LayOutAddress(&b, 51, f.recipient, 3.8, 3);
  } else {
    b.Text(kMargin, 51, 3.4, false, "À retirer au site expéditeur");
  }

  // The relay block: the point's code large enough to read across a depot, then where it is.
  if (f.relay) {
    const LabelRelay& r = *f.relay;
    b.Box(kMargin, 62, 100 - 2 * kMargin, 36);
    b.Text(kMargin + 2, 64, 3.4, true, r.locker ? "Consigne" : "Point relais", right_column);
    b.Text(right_column, 64, 3, false, r.carrier);
    b.Text(kMargin + 2, 68.5, 9, true, r.country + "-" + r.id);
    b.Text(kMargin + 2, 78.5, 3.8, true, r.address.name);
    double y = 83;
    for (size_t i = 0; i < r.address.lines.size() && i < 2; ++i, y += 4) {
      b.Text(kMargin + 2, y, 3.4, false, r.address.lines[i]);
    }
    b.Text(kMargin + 2, y, 4.2, true, CityLine(r.address));
  }
  b.Rule(100);

  b.Text(kMargin, 102, 3.4, false, "Commande " + f.order_ref, right_column - 2);
  b.Text(right_column, 102, 3.4, false, "Expédition " + std::to_string(f.shipment));
  b.Text(kMargin, 107, 3.4, true, "Colis " + std::to_string(f.parcel_index) + "/" + std::to_string(f.parcel_count),
         right_column - 2);
  b.Text(right_column, 107, 3.4, true, "Poids " + Kilograms(f.weight_g));
  if (!f.sort_code.empty()) b.Text(kMargin, 112, 4.2, true, "Tri " + f.sort_code);

  // The parcel barcode, as wide as the label allows up to the carriers' 0.5 mm module, and its text.
  LabelBarcode bar;
  bar.symbology = f.scheme == "sscc-18" ? LabelBarcode::Symbology::kGs1_128 : LabelBarcode::Symbology::kCode128;
  bar.data = bar.symbology == LabelBarcode::Symbology::kGs1_128 && f.parcel_number.size() == 20
                 ? "(00)" + f.parcel_number.substr(2)
                 : f.parcel_number;
  const int modules = Code128Modules(bar.symbology, bar.data);
  bar.module_mm = std::min(0.5, layout.width_mm / (modules + 2 * kQuietZoneModules));
  bar.x_mm = (layout.width_mm - bar.module_mm * modules) / 2;
  bar.y_mm = 118;
  bar.height_mm = 20;
  layout.barcodes.push_back(bar);
  b.CentredText(140, 4.2, true, HumanReadableParcelNumber(f.scheme, f.parcel_number));
  return layout;
}

}  // namespace relais
