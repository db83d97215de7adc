// A parcel's shipping label: what it says (LabelFacts) and where each thing goes (LabelLayout). One layout
// drives every output -- ZPL for thermal printers, PDF for office printers -- so that they cannot drift: a
// renderer only draws the boxes, texts and barcodes it is given, at the places it is given, in millimetres
// from the label's top left corner.
//
// What a relay label carries is what carriers' own relay labels carry (docs/carriers.md): the relay's
// country and id, name, address and the relay/locker mention; the recipient's name and phone; the sender;
// the shipment, parcel x/n, weight, sort code where the carrier has one, the order reference; the parcel
// barcode with its human-readable text. Home and collection labels are the same without the relay block.
#ifndef RELAIS_ENGINE_SHIPPING_LABEL_H_
#define RELAIS_ENGINE_SHIPPING_LABEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace relais {

struct LabelAddress {
  std::string name;
  std::string phone;               // "" : none printed.
  std::vector<std::string> lines;  // Street lines.
  std::string postcode;
  std::string city;
  std::string country;  // ISO 3166 alpha-2.
};

struct LabelRelay {
  std::string carrier;
  std::string id;
  std::string country;
  bool locker = false;   // A locker (consigne) rather than a staffed relay point.
  LabelAddress address;  // Its name and where it is.
};

struct LabelFacts {
  std::string carrier;        // The relay-record slug ("colissimo", "mondial-relay"...), or "merchant".
  std::string carrier_name;   // As printed ("Colissimo").
  std::string mode;           // home, relay, locker, click_collect, drive, pedestrian, or return (to the merchant).
  std::string parcel_number;  // As allocated (parcel_range.h).
  std::string scheme;         // Its range's scheme: sscc-18 prints as GS1-128, every other as Code 128.
  std::string order_ref;      // The order the shopper knows.
  int64_t shipment = 1;       // 1-based, among the order's shipments.
  int64_t parcel_index = 1;   // x of "x/n".
  int64_t parcel_count = 1;
  int64_t weight_g = 0;
  std::string date;       // The label's day, YYYY-MM-DD.
  std::string sort_code;  // "" : the carrier has none, or it is not known.
  LabelAddress sender;    // The site the parcel leaves from.
  LabelAddress recipient;
  std::optional<LabelRelay> relay;  // Relay and locker shipments.
};

struct LabelText {
  double x_mm = 0;
  double y_mm = 0;       // The top of the text's line.
  double height_mm = 3;  // The line's height: capitals are about 0.7 of it.
  bool bold = false;
  std::string text;  // UTF-8, already cut to fit its width.
};

// Bars only: every barcode's human-readable text is a LabelText of its own, so that both outputs print the
// same characters.
struct LabelBarcode {
  enum class Symbology { kCode128, kGs1_128 };
  Symbology symbology = Symbology::kCode128;
  double x_mm = 0;
  double y_mm = 0;
  double height_mm = 20;
  double module_mm = 0.5;  // The narrowest bar's width; the symbol is module_mm * CodeModules() wide.
  // What the bars encode. Code 128: the characters. GS1-128: element strings with their application
  // identifiers in parentheses, "(00)123456789012345675" (the FNC1 is the renderer's).
  std::string data;
};

struct LabelBox {
  double x_mm = 0, y_mm = 0, width_mm = 0, height_mm = 0;
  double line_mm = 0.3;  // The outline's thickness; a box no taller than its line is a rule.
};

struct LabelLayout {
  double width_mm = 100;
  double height_mm = 150;
  std::vector<LabelBox> boxes;
  std::vector<LabelText> texts;
  std::vector<LabelBarcode> barcodes;
};

// Lays out a 10x15 cm label. Texts too long for their place are cut (with "…"), never run over.
LabelLayout LayOutLabel(const LabelFacts& facts);

// The number of modules a Code 128 or GS1-128 symbol of `data` spans, quiet zones excluded, as an encoder
// that switches to code set C for runs of 4 or more digits makes it (the encoders of both outputs do).
int Code128Modules(LabelBarcode::Symbology symbology, const std::string& data);

// The barcode's human-readable text: the number in groups as carriers print it ("6M 00000 00001 6"),
// "(00) 3 4012345 000000001 2" for an SSCC.
std::string HumanReadableParcelNumber(const std::string& scheme, const std::string& number);

}  // namespace relais

#endif  // RELAIS_ENGINE_SHIPPING_LABEL_H_
