// LabelZpl read back by an independent ZPL reader (zpl_reader.h): syntax, texts, barcodes as a scanner
// decodes them, and positions in dots at both printer resolutions.
#include "edge/documents/label_zpl.h"

#define BOOST_TEST_MODULE label_zpl_test
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "tests/edge/zpl_reader.h"

namespace relais::edge {
namespace {

using testing::ReadZpl;
using testing::ZplField;
using testing::ZplLabel;

// A relay label as LayOutLabel would make it, by hand: boxes and a rule, texts with accents and with the
// characters ZPL treats specially, a Colissimo parcel number (Code 128) and an SSCC (GS1-128).
LabelLayout RelayLabel() {
  LabelLayout layout;
  layout.boxes = {{2, 2, 96, 146, 0.4}, {2, 20, 96, 38, 0.3}, {2, 60, 96, 0.3, 0.3}};
  layout.texts = {
      {4, 4, 3, false, "Expéditeur"},
      {4, 8, 3.5, true, "Boutique Élise – Lyon"},
      {4, 22, 3, false, "Point relais – Consigne"},
      {4, 27, 4.5, true, "FR-012345 Tabac de la Gare"},
      {12.5, 40, 3, false, "Destinataire : Zoé Lefèvre"},
      {4, 62, 3, false, "Réf. ^XZ~JA_5E 2>1"},
      {20, 113, 3, false, "6M 00000 00001 7"},
      {20, 141, 3, false, "(00) 3 4012345 000000001 2"},
  };
  LabelBarcode parcel;
  parcel.x_mm = 15, parcel.y_mm = 90, parcel.height_mm = 20, parcel.module_mm = 0.5;
  parcel.data = "6M00000000017";
  LabelBarcode sscc = parcel;
  sscc.symbology = LabelBarcode::Symbology::kGs1_128;
  sscc.y_mm = 120;
  sscc.data = "(00)340123450000000012";
  layout.barcodes = {parcel, sscc};
  return layout;
}

std::vector<ZplField> FieldsOf(const ZplLabel& label, ZplField::Kind kind) {
  std::vector<ZplField> out;
  for (const ZplField& field : label.fields)
    if (field.kind == kind) out.push_back(field);
  return out;
}

std::string Errors(const ZplLabel& label) {
  std::string out;
  for (const std::string& error : label.errors) out += error + "\n";
  return out;
}

BOOST_AUTO_TEST_CASE(reads_back_without_syntax_error_at_both_resolutions) {
  for (const int dpi : {203, 300}) {
    const ZplLabel label = ReadZpl(LabelZpl(RelayLabel(), dpi));
    BOOST_TEST(label.errors.empty(), "at " << dpi << " dpi:\n" << Errors(label));
    BOOST_TEST(FieldsOf(label, ZplField::Kind::kBox).size() == 3u);
    BOOST_TEST(FieldsOf(label, ZplField::Kind::kBarcode).size() == 2u);
  }
}

BOOST_AUTO_TEST_CASE(label_size_in_dots) {
  const ZplLabel at203 = ReadZpl(LabelZpl(RelayLabel(), 203));
  BOOST_TEST(at203.print_width == 799);    // 100 mm * 203 / 25.4 = 799.2
  BOOST_TEST(at203.label_length == 1199);  // 150 mm: 1198.8
  const ZplLabel at300 = ReadZpl(LabelZpl(RelayLabel(), 300));
  BOOST_TEST(at300.print_width == 1181);   // 1181.1
  BOOST_TEST(at300.label_length == 1772);  // 1771.7
  BOOST_TEST(LabelZpl(RelayLabel(), 600) == LabelZpl(RelayLabel(), 203));
}

BOOST_AUTO_TEST_CASE(barcodes_read_back_as_the_layout_data) {
  for (const int dpi : {203, 300}) {
    const std::vector<ZplField> barcodes = FieldsOf(ReadZpl(LabelZpl(RelayLabel(), dpi)), ZplField::Kind::kBarcode);
    BOOST_REQUIRE(barcodes.size() == 2u);
    BOOST_TEST(barcodes[0].data == "6M00000000017");
    // GS1-128: the leading FNC1, then AI 00 and the SSCC, without the parentheses.
    BOOST_TEST(barcodes[1].data ==
               "\x1d"
               "00340123450000000012");
    BOOST_TEST(barcodes[0].module == (dpi == 203 ? 4 : 6));      // 0.5 mm: 3.996 dots, 5.906.
    BOOST_TEST(barcodes[0].height == (dpi == 203 ? 160 : 236));  // 20 mm: 159.8, 236.2.
  }
  // The SSCC is all digits: code set C from the start, FNC1 first, as the guide's SSCC example.
  BOOST_TEST(LabelZpl(RelayLabel(), 203).find("^FD>;>800340123450000000012^FS") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(texts_read_back_as_the_layout_texts) {
  const LabelLayout layout = RelayLabel();
  std::vector<std::string> expected;  // A bold text prints twice.
  for (const LabelText& text : layout.texts) {
    expected.push_back(text.text);
    if (text.bold) expected.push_back(text.text);
  }
  for (const int dpi : {203, 300}) {
    std::vector<std::string> read;
    for (const ZplField& text : FieldsOf(ReadZpl(LabelZpl(layout, dpi)), ZplField::Kind::kText))
      read.push_back(text.data);
    BOOST_TEST(read == expected, boost::test_tools::per_element());
  }
  // The special characters are escaped, never written raw.
  BOOST_TEST(LabelZpl(layout, 203).find("^FH^FDRéf. _5EXZ_7EJA_5F5E 2>1^FS") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(positions_in_dots) {
  // "Destinataire" at 12.5 mm, 40 mm, 3 mm tall.
  const std::vector<ZplField> at203 = FieldsOf(ReadZpl(LabelZpl(RelayLabel(), 203)), ZplField::Kind::kText);
  BOOST_TEST(at203[6].data == "Destinataire : Zoé Lefèvre");
  BOOST_TEST(at203[6].x == 100);      // 99.9
  BOOST_TEST(at203[6].y == 320);      // 319.7
  BOOST_TEST(at203[6].height == 24);  // 23.98
  const std::vector<ZplField> at300 = FieldsOf(ReadZpl(LabelZpl(RelayLabel(), 300)), ZplField::Kind::kText);
  BOOST_TEST(at300[6].x == 148);      // 147.6
  BOOST_TEST(at300[6].y == 472);      // 472.4
  BOOST_TEST(at300[6].height == 35);  // 35.4
  // Bold: the second print is a dot (two at 300 dpi) to the right.
  BOOST_TEST(at203[2].x == at203[1].x + 1);
  BOOST_TEST(at300[2].x == at300[1].x + 2);
  // The rule at y 60 mm, 0.3 mm thick: as tall as its line.
  const std::vector<ZplField> boxes = FieldsOf(ReadZpl(LabelZpl(RelayLabel(), 203)), ZplField::Kind::kBox);
  BOOST_TEST(boxes[2].y == 480);  // 479.5
  BOOST_TEST(boxes[2].height == boxes[2].thickness);
  BOOST_TEST(boxes[2].thickness == 2);  // 2.4
  BOOST_TEST(boxes[0].width == 767);    // From 16 (2 mm) to 783 (98 mm).
}

BOOST_AUTO_TEST_CASE(code128_data_with_zpl_characters) {
  LabelLayout layout = RelayLabel();
  layout.barcodes[0].data = "AB>C^D~E_F123456789";
  layout.barcodes[1].data = "(02)03401234567894(10)LOT42(37)12";
  const ZplLabel label = ReadZpl(LabelZpl(layout, 203));
  BOOST_TEST(label.errors.empty(), Errors(label));
  const std::vector<ZplField> barcodes = FieldsOf(label, ZplField::Kind::kBarcode);
  BOOST_REQUIRE(barcodes.size() == 2u);
  BOOST_TEST(barcodes[0].data == "AB>C^D~E_F123456789");
  // (02) has a predefined length, (10) not: an FNC1 ends it; (37) is last.
  BOOST_TEST(barcodes[1].data ==
             "\x1d"
             "0203401234567894"
             "10LOT42"
             "\x1d"
             "3712");
}

BOOST_AUTO_TEST_CASE(bytes_code_set_b_lacks_print_as_question_marks) {
  LabelLayout layout = RelayLabel();
  layout.barcodes[0].data = "AÉ\t1";
  const std::vector<ZplField> barcodes = FieldsOf(ReadZpl(LabelZpl(layout, 203)), ZplField::Kind::kBarcode);
  BOOST_TEST(barcodes[0].data == "A???1");  // É is two bytes.
}

// The reader is the check: it has to see what a printer would misread.
BOOST_AUTO_TEST_CASE(reader_reports_broken_zpl) {
  const std::string head = "^XA^CI28^PW799^LL1199^LH0,0";
  BOOST_TEST(ReadZpl(head + "^FO10,10^A0N,24,24^FDok^FS^XZ").errors.empty());
  BOOST_TEST(!ReadZpl(head + "^FO10,10^A0N,24,24^FDa^b^FS^XZ").errors.empty());   // Raw ^ in data.
  BOOST_TEST(!ReadZpl(head + "^FO10,10^A0N,24,24^FDa~JA^FS^XZ").errors.empty());  // Raw ~ in data.
  BOOST_TEST(!ReadZpl(head + "^FO900,10^A0N,24,24^FDa^FS^XZ").errors.empty());    // Off the label.
  BOOST_TEST(!ReadZpl(head + "^FO10,10^A0N,24,24^FDa^XZ").errors.empty());        // No ^FS.
  BOOST_TEST(!ReadZpl(head + "^FO10,10^FO20,20^GB5,5,1^FS^XZ").errors.empty());   // A ^FO with no field.
  BOOST_TEST(!ReadZpl(head + "^FO10,10^BY11^BCN,50,N,N,N^FD1^FS^XZ").errors.empty());
  BOOST_TEST(!ReadZpl(head + "^FO10,10^BY2^BCN,50,N,N,N^FD>;123^FS^XZ").errors.empty());  // Odd digits in C.
  BOOST_TEST(!ReadZpl(head + "^FO10,10^GB5,5,1^FS").errors.empty());                      // No ^XZ.
  BOOST_TEST(!ReadZpl(head + "^FO10,10^FB100^A0N,24,24^FDa^FS^XZ").errors.empty());       // Not written.
  const ZplLabel named = ReadZpl(head + "^FO10,10^A0N,0,24^FDa^FS^XZ");
  BOOST_REQUIRE(named.errors.size() == 1u);
  BOOST_TEST(named.errors[0].find("command 6 ^A0") == 0u, named.errors[0]);
}

}  // namespace
}  // namespace relais::edge
