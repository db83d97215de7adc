// The label's layout: what a relay, locker, home and collection label say, that every text stays on the label
// and the barcode within it with its quiet zones. The barcodes' widths are checked against libzint's
// encoder (its widths for the same data, recorded below); that they scan is label_pdf_test's and
// label_zpl_test's.
#define BOOST_TEST_MODULE shipping_label
#include "wasm/engine/shipping_label.h"

#include <boost/test/unit_test.hpp>

namespace relais {
namespace {

LabelFacts RelayFacts() {
  LabelFacts f;
  f.carrier = "colissimo";
  f.carrier_name = "Colissimo";
  f.mode = "relay";
  f.parcel_number = "6M00000000017";
  f.scheme = "colissimo";
  f.order_ref = "ORD-7F3K";
  f.shipment = 2;
  f.parcel_index = 1;
  f.parcel_count = 1;
  f.weight_g = 450;
  f.date = "2026-12-04";
  f.sender = {"Entrepôt Nord", "", {"ZI des Mardelles"}, "93600", "AULNAY-SOUS-BOIS", "FR"};
  f.recipient = {"Demo Shopper", "+33 6 12 34 56 78", {}, "", "", "FR"};
  LabelRelay relay;
  relay.carrier = "colissimo";
  relay.id = "012345";
  relay.country = "FR";
  relay.address = {"TABAC DE L'HOTEL DE VILLE", "", {"12 RUE DE RIVOLI"}, "75004", "PARIS", "FR"};
  f.relay = relay;
  return f;
}

bool HasText(const LabelLayout& l, const std::string& text) {
  for (const LabelText& t : l.texts) {
    if (t.text == text) return true;
  }
  return false;
}

BOOST_AUTO_TEST_CASE(relay_label_carries_what_a_carrier_relay_label_carries) {
  const LabelLayout l = LayOutLabel(RelayFacts());
  for (const char* text :
       {"Colissimo", "POINT RELAIS", "Point relais", "FR-012345", "TABAC DE L'HOTEL DE VILLE", "12 RUE DE RIVOLI",
        "75004 PARIS", "Demo Shopper", "Tél. +33 6 12 34 56 78", "Entrepôt Nord", "93600 AULNAY-SOUS-BOIS",
        "Commande ORD-7F3K", "Expédition 2", "Colis 1/1", "Poids 0,45 kg", "Date 2026-12-04", "6M 00000 00001 7"}) {
    BOOST_TEST(HasText(l, text), text);
  }
  BOOST_REQUIRE_EQUAL(l.barcodes.size(), 1u);
  BOOST_TEST(l.barcodes[0].data == "6M00000000017");
  BOOST_TEST((l.barcodes[0].symbology == LabelBarcode::Symbology::kCode128));
  BOOST_TEST(l.barcodes[0].module_mm == 0.5);  // 134 modules fit at the carriers' module.
}

BOOST_AUTO_TEST_CASE(a_locker_says_so_and_a_home_label_has_no_relay_block) {
  LabelFacts f = RelayFacts();
  f.relay->locker = true;
  f.mode = "locker";
  LabelLayout l = LayOutLabel(f);
  BOOST_TEST(HasText(l, "CONSIGNE"));
  BOOST_TEST(HasText(l, "Consigne"));
  BOOST_TEST(!HasText(l, "POINT RELAIS"));

  f.relay.reset();
  f.mode = "home";
  f.recipient.lines = {"3 allée des Tilleuls", "Bâtiment B"};
  f.recipient.postcode = "69003";
  f.recipient.city = "LYON";
  l = LayOutLabel(f);
  BOOST_TEST(HasText(l, "DOMICILE"));
  BOOST_TEST(HasText(l, "3 allée des Tilleuls"));
  BOOST_TEST(HasText(l, "69003 LYON"));
  BOOST_TEST(!HasText(l, "FR-012345"));
  BOOST_TEST(!HasText(l, "Point relais"));

  f.mode = "click_collect";
  BOOST_TEST(HasText(LayOutLabel(f), "RETRAIT EN MAGASIN"));
}

BOOST_AUTO_TEST_CASE(every_text_and_bar_stays_on_the_label) {
  LabelFacts f = RelayFacts();
  f.recipient.name = std::string(120, 'W');
  f.relay->address.name = "POINT RELAIS À L'ENSEIGNE D'UN NOM BEAUCOUP TROP LONG POUR TENIR SUR UNE LIGNE";
  f.sort_code = "75-PAR-04";
  const LabelLayout l = LayOutLabel(f);
  for (const LabelText& t : l.texts) {
    size_t chars = 0;
    for (char c : t.text) chars += (c & 0xC0) != 0x80;
    // DejaVu Sans Bold's widest capital (W) is 0.99 em; the cut keeps a line of them within the label too.
    BOOST_TEST(t.x_mm >= 0);
    BOOST_TEST(t.y_mm + t.height_mm <= l.height_mm);
    BOOST_TEST(t.x_mm + chars * t.height_mm * (t.bold ? 0.72 : 0.64) <= l.width_mm, t.text);
  }
  BOOST_TEST(HasText(l, "Tri 75-PAR-04"));
  bool cut = false;
  for (const LabelText& t : l.texts) cut |= t.text.find("\xE2\x80\xA6") != std::string::npos;
  BOOST_TEST(cut);
  for (const LabelBarcode& b : l.barcodes) {
    const double width = b.module_mm * Code128Modules(b.symbology, b.data);
    BOOST_TEST(b.x_mm >= 10 * b.module_mm);  // The quiet zone.
    BOOST_TEST(b.x_mm + width + 10 * b.module_mm <= l.width_mm);
  }
}

BOOST_AUTO_TEST_CASE(an_sscc_prints_as_gs1_128_with_its_application_identifier) {
  LabelFacts f = RelayFacts();
  f.scheme = "sscc-18";
  f.parcel_number = "00340123450000000017";
  const LabelLayout l = LayOutLabel(f);
  BOOST_TEST((l.barcodes[0].symbology == LabelBarcode::Symbology::kGs1_128));
  BOOST_TEST(l.barcodes[0].data == "(00)340123450000000017");
  BOOST_TEST(HasText(l, "(00) 340123450000000017"));
}

BOOST_AUTO_TEST_CASE(code_128_widths_match_libzint) {
  // libzint 2.11's symbol->width for the same data (BARCODE_CODE128, BARCODE_GS1_128 with "[00]...").
  using S = LabelBarcode::Symbology;
  BOOST_TEST(Code128Modules(S::kCode128, "12345678") == 79);
  BOOST_TEST(Code128Modules(S::kCode128, "12345") == 79);
  BOOST_TEST(Code128Modules(S::kCode128, "6M00000000017") == 134);
  BOOST_TEST(Code128Modules(S::kCode128, "RB123456785FR") == 156);
  BOOST_TEST(Code128Modules(S::kCode128, "09980000000001X") == 134);
  BOOST_TEST(Code128Modules(S::kCode128, "A1234567B") == 123);
  BOOST_TEST(Code128Modules(S::kCode128, "AB") == 57);
  BOOST_TEST(Code128Modules(S::kGs1_128, "(00)340123450000000017") == 156);
}

BOOST_AUTO_TEST_CASE(human_readable_numbers_are_grouped_as_carriers_print_them) {
  BOOST_TEST(HumanReadableParcelNumber("upu-s10", "RB123456785FR") == "RB 1234 5678 5 FR");
  BOOST_TEST(HumanReadableParcelNumber("dpd", "09980000000001X") == "0998 0000 0000 01 X");
  BOOST_TEST(HumanReadableParcelNumber("mondial-relay", "12345678") == "1234 5678");
}

}  // namespace
}  // namespace relais
