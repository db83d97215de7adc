// Labels as PDF (edge/documents/label_pdf.h), read back the way a printer and a scanner would: poppler's
// tools (poppler-utils) for the pages, fonts and text, pdftoppm at 300 dpi then zbarimg (zbar-tools) for
// the barcodes. A test that only parsed the PDF would not know the bars scan.
#define BOOST_TEST_MODULE label_pdf
#include "edge/documents/label_pdf.h"

#include <sys/wait.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace relais::edge {
namespace {

// A command's standard output and exit status.
struct Run {
  std::string out;
  int status = -1;
};

Run RunCommand(const std::string& command) {
  Run run;
  FILE* pipe = popen(command.c_str(), "r");
  BOOST_REQUIRE_MESSAGE(pipe, "cannot run " + command);
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// The tools are installed by scripts/setup; without them the test fails rather than passes untested.
void RequireTool(const std::string& tool, const std::string& package) {
  BOOST_REQUIRE_MESSAGE(RunCommand("command -v " + tool + " >/dev/null").status == 0,
                        tool + " is missing: apt-get install " + package + " (scripts/setup)");
}

struct Tools {
  Tools() {
    for (const char* tool : {"pdfinfo", "pdffonts", "pdftotext", "pdftoppm"}) RequireTool(tool, "poppler-utils");
    RequireTool("zbarimg", "zbar-tools");
  }
};
BOOST_TEST_GLOBAL_FIXTURE(Tools);

// A PDF written to a directory of its own, removed afterwards.
class PdfFile {
 public:
  explicit PdfFile(const std::string& bytes) {
    char pattern[] = "/tmp/relais-label-pdf-XXXXXX";
    const char* dir = mkdtemp(pattern);
    BOOST_REQUIRE(dir);
    dir_ = dir;
    std::ofstream(path(), std::ios::binary) << bytes;
  }
  ~PdfFile() { std::filesystem::remove_all(dir_); }
  PdfFile(const PdfFile&) = delete;
  PdfFile& operator=(const PdfFile&) = delete;

  std::string path() const { return dir_ + "/labels.pdf"; }

  std::string Tool(const std::string& tool) const {
    const Run run = RunCommand(tool + " " + path() + (tool == "pdftotext" ? " -" : "") + " 2>&1");
    BOOST_TEST(run.status == 0, tool << ": " << run.out);
    return run.out;
  }

  // What zbarimg reads on the pages printed at 300 dpi, one line per barcode, sorted. (--nodbus: zbarimg
  // would also announce each barcode on the system bus, and complain on stderr when there is none.)
  std::vector<std::string> ScannedBarcodes() const {
    const Run print = RunCommand("pdftoppm -r 300 -png " + path() + " " + dir_ + "/page 2>&1");
    BOOST_REQUIRE_MESSAGE(print.status == 0, "pdftoppm: " + print.out);
    const Run scan = RunCommand("zbarimg --raw -q --nodbus " + dir_ + "/page*.png");
    BOOST_TEST(scan.status == 0, "zbarimg found no barcode");
    std::vector<std::string> lines;
    std::istringstream in(scan.out);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
  }

 private:
  std::string dir_;
};

// An SSCC-18 element string "(00)...", the 17 digits then their GS1 check digit.
std::string SsccElement(const std::string& digits17) {
  int sum = 0;
  for (size_t i = 0; i < digits17.size(); ++i) sum += (digits17[i] - '0') * (i % 2 == 0 ? 3 : 1);
  return "(00)" + digits17 + std::to_string((10 - sum % 10) % 10);
}

// A relay label as the layout would give it: a frame, rules, accented texts, and two barcodes 0.5 mm a
// module with their 10-module quiet zones -- the carrier's Code 128 number and the shipper's SSCC.
LabelLayout RelayLabel(const std::string& parcel_number, const std::string& sscc) {
  LabelLayout label;
  label.boxes = {{3, 3, 94, 144, 0.5}, {3, 30, 94, 0.4, 0.4}, {3, 66, 94, 0.4, 0.4}};
  label.texts = {{5, 5, 7, true, "Colissimo"},
                 {5, 13, 4.5, true, "Point relais – Consigne"},
                 {5, 19, 3.4, false, "FR-012345 Tabac de l'Église, 75011 Paris"},
                 {5, 32, 2.6, false, "Expéditeur"},
                 {5, 35.5, 3.4, true, "Boutique Évasion, 69002 Lyon"},
                 {5, 45, 2.6, false, "Destinataire"},
                 {5, 48.5, 5, true, "Hélène Dupré"},
                 {5, 55, 3.4, false, "Tél. 06 12 34 56 78"},
                 {26, 97, 4.2, true, parcel_number},
                 {16, 137, 4.2, true, sscc}};
  label.barcodes = {{LabelBarcode::Symbology::kCode128, 16, 70, 25, 0.5, parcel_number},
                    {LabelBarcode::Symbology::kGs1_128, 11, 106, 28, 0.5, sscc}};
  return label;
}

// What zbarimg prints for a GS1-128 symbol: the element string without the parentheses. zbar drops the
// leading FNC1 (it only sets the GS1 modifier, which --raw does not print); an FNC1 between
// variable-length elements comes out as the GS character (0x1D), but an SSCC alone has none (zbar 0.23.92).
std::string ScannedGs1(const std::string& element) {
  std::string out;
  std::copy_if(element.begin(), element.end(), std::back_inserter(out), [](char c) { return c != '(' && c != ')'; });
  return out;
}

std::string Field(const std::string& pdfinfo, const std::string& name) {
  const size_t at = pdfinfo.find(name + ":");
  if (at == std::string::npos) return "";
  const size_t start = pdfinfo.find_first_not_of(' ', at + name.size() + 1);
  return pdfinfo.substr(start, pdfinfo.find('\n', start) - start);
}

std::string Pdf(const std::vector<LabelLayout>& layouts, LabelPaper paper) {
  auto pdf = LabelsPdf(layouts, paper);
  BOOST_REQUIRE_MESSAGE(pdf.ok(), (pdf.ok() ? "" : pdf.error().message));
  return *pdf;
}

BOOST_AUTO_TEST_CASE(one_label_a_page_of_its_size) {
  const std::string sscc = SsccElement("34012345000000001");
  const std::string bytes = Pdf({RelayLabel("6M00000000017", sscc)}, LabelPaper::kLabel);
  BOOST_TEST(bytes.starts_with("%PDF-"));
  const PdfFile pdf(bytes);

  const std::string info = pdf.Tool("pdfinfo");
  BOOST_TEST(Field(info, "Pages") == "1");
  BOOST_TEST(Field(info, "Page size") == "283.465 x 425.197 pts");  // 100 x 150 mm.
  BOOST_TEST(Field(info, "Title") == "Shipping labels");

  // Both faces embedded, as subsets ("ABCDEF+DejaVuSans"): the printer needs no font of its own.
  const std::string fonts = pdf.Tool("pdffonts");
  for (const std::string face : {"+DejaVuSans ", "+DejaVuSans-Bold "}) {
    const size_t at = fonts.find(face);
    BOOST_TEST_REQUIRE(at != std::string::npos, face << " not in\n" << fonts);
    const std::string line = fonts.substr(at, fonts.find('\n', at) - at);
    BOOST_TEST(line.find(" yes yes yes ") != std::string::npos, line);  // emb sub uni.
  }

  const std::string text = pdf.Tool("pdftotext");
  for (const char* expected : {"Expéditeur", "Point relais – Consigne", "Hélène Dupré", "Tél. 06 12 34 56 78"}) {
    BOOST_TEST(text.find(expected) != std::string::npos, expected << " not in\n" << text);
  }

  const std::vector<std::string> expected = {ScannedGs1(sscc), "6M00000000017"};
  BOOST_TEST(pdf.ScannedBarcodes() == expected, boost::test_tools::per_element());
  BOOST_TEST(ScannedGs1(sscc) == "00340123450000000017");
}

BOOST_AUTO_TEST_CASE(four_labels_an_a4_page) {
  std::vector<LabelLayout> labels;
  std::vector<std::string> expected;
  for (int i = 1; i <= 5; ++i) {
    const std::string number = "6M0000000001" + std::to_string(i);
    const std::string sscc = SsccElement("3401234500000010" + std::to_string(i));
    labels.push_back(RelayLabel(number, sscc));
    expected.push_back(number);
    expected.push_back(ScannedGs1(sscc));
  }
  std::sort(expected.begin(), expected.end());
  const PdfFile pdf(Pdf(labels, LabelPaper::kA4FourUp));

  const std::string info = pdf.Tool("pdfinfo");
  BOOST_TEST(Field(info, "Pages") == "2");
  BOOST_TEST(Field(info, "Page size") == "595.276 x 841.89 pts (A4)");
  // Shrunk by 0.99 to fit a quarter, every barcode still scans.
  BOOST_TEST(pdf.ScannedBarcodes() == expected, boost::test_tools::per_element());
}

// The engine's own layout (LayOutLabel), for a carrier's Code 128 number and for an SSCC.
BOOST_AUTO_TEST_CASE(the_engine_layout_scans) {
  LabelFacts facts;
  facts.carrier = "colissimo";
  facts.carrier_name = "Colissimo";
  facts.mode = "locker";
  facts.order_ref = "CDE-2026-00042";
  facts.weight_g = 2500;
  facts.date = "2026-03-14";
  facts.sender = {"Boutique Évasion", "", {"3 place du Marché"}, "69002", "Lyon", "FR"};
  facts.recipient = {"Hélène Dupré", "06 12 34 56 78", {}, "", "", "FR"};
  facts.relay = LabelRelay{
      "colissimo", "012345", "FR", true, {"Consigne Gare de Lyon", "", {"Place Louis-Armand"}, "75012", "Paris", "FR"}};
  for (const auto& [scheme, number] :
       {std::pair<std::string, std::string>{"colissimo", "6M00000000017"}, {"sscc-18", "00340123450000000017"}}) {
    facts.scheme = scheme;
    facts.parcel_number = number;
    const PdfFile pdf(Pdf({LayOutLabel(facts)}, LabelPaper::kLabel));
    BOOST_TEST(pdf.Tool("pdftotext").find("Expéditeur") != std::string::npos);
    BOOST_TEST(pdf.ScannedBarcodes() == std::vector<std::string>{number}, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(barcodes_the_encoder_refuses_are_errors) {
  const std::vector<std::string> refused = {
      "(99",                     // Unbalanced parenthesis.
      "(00)3401234500000000AB",  // An SSCC is digits (zint only warns of it unless told to fail).
      "(00)340123450000000012",  // Its check digit is 7.
  };
  for (const std::string& data : refused) {
    LabelLayout label = RelayLabel("6M00000000017", SsccElement("34012345000000001"));
    label.barcodes[1].data = data;
    const auto pdf = LabelsPdf({label}, LabelPaper::kLabel);
    BOOST_TEST_REQUIRE(!pdf.ok(), data);
    BOOST_TEST(pdf.error().message.find(data) != std::string::npos, pdf.error().message);
    BOOST_TEST(pdf.error().message.find("Error") != std::string::npos, pdf.error().message);  // zint's errtxt.
  }
  LabelLayout label = RelayLabel("6M00000000017", SsccElement("34012345000000001"));
  label.barcodes[0].data = "Ω";  // Code 128 carries Latin-1 only.
  BOOST_TEST(!LabelsPdf({label}, LabelPaper::kLabel).ok());
}

BOOST_AUTO_TEST_CASE(no_label_is_an_error) {
  const auto pdf = LabelsPdf({}, LabelPaper::kA4FourUp);
  BOOST_TEST_REQUIRE(!pdf.ok());
  BOOST_TEST(pdf.error().message == "no label");
}

// Several HTTP threads render at once, sharing the fonts.
BOOST_AUTO_TEST_CASE(threads_render_at_once) {
  std::vector<std::string> pdfs(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < pdfs.size(); ++i) {
    threads.emplace_back([&pdfs, i] {
      auto pdf = LabelsPdf({RelayLabel("6M00000000017", SsccElement("34012345000000001"))}, LabelPaper::kLabel);
      if (pdf.ok()) pdfs[i] = *pdf;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& pdf : pdfs) {
    BOOST_TEST(pdf.starts_with("%PDF-"));
    BOOST_TEST(pdf.find("%%EOF") != std::string::npos);
  }
  const PdfFile last(pdfs.back());
  BOOST_TEST(last.Tool("pdftotext").find("Expéditeur") != std::string::npos);
}

}  // namespace
}  // namespace relais::edge
