#define BOOST_TEST_MODULE place_index
// Postcodes and towns from La Poste's CSV: parsing (and refusing what is not that file), a postcode shared by
// several communes, name folding, prefix search order; and the real file (demo/data, 2020 edition).
#include "wasm/engine/place_index.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace relais;

namespace {

constexpr std::string_view kHeader =
    "Code_commune_INSEE;Nom_commune;Code_postal;Ligne_5;Libell\xC3\xA9_d_acheminement;coordonnees_gps\n";

std::string Csv(std::string_view rows) { return std::string(kHeader) + std::string(rows); }

PlaceIndex Parse(const std::string& text) {
  std::string error;
  std::optional<PlaceIndex> index = PlaceIndex::FromLaPosteCsv(text, &error);
  BOOST_REQUIRE_MESSAGE(index, error);
  return std::move(*index);
}

// A file of demo/data, found from the working directory (CTest runs this in the source folder) or, when run
// from elsewhere, from this source file's own path (tests/engine/ -> the repository).
std::string ReadDataFile(const std::string& name) {
  const std::filesystem::path relative = std::filesystem::path("demo/data") / name;
  std::filesystem::path path = relative;
  if (!std::filesystem::exists(path)) {
    path = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / relative;
  }
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " << path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(postcode_shared_by_communes_is_centred_between_them) {
  const PlaceIndex index =
      Parse(Csv("42218;ST ETIENNE;42000;;ST ETIENNE;45.4301235512,4.37913997076\r\n"
                "42207;ST ETIENNE DE ST GEOIRS;42100;;X;45.0,4.0\r\n"
                "01001;L ABERGEMENT CLEMENCIAT;01400;;L ABERGEMENT CLEMENCIAT;46.1534255214,4.92611354223\r\n"
                "01002;L ABERGEMENT DE VAREY;01400;;L ABERGEMENT DE VAREY;46.0091878776,5.42801696363\r\n"
                "98799;ILE DE CLIPPERTON;98799;;ILE DE CLIPPERTON;\r\n"));
  BOOST_TEST(index.size() == 4u);
  BOOST_TEST(index.skipped_rows() == 1u);  // No coordinates.
  BOOST_TEST(index.WithPostcode("01400").size() == 2u);
  BOOST_TEST(index.WithPostcode("01400")[0].town == "L ABERGEMENT CLEMENCIAT");  // File order.
  BOOST_TEST(index.WithPostcode("99999").empty());
  BOOST_TEST(index.WithPostcode("0140").empty());  // Whole postcodes only.
  const auto centre = index.PostcodeCentre("01400");
  BOOST_REQUIRE(centre);
  // Coordinates are kept to the micro-degree (11 cm).
  BOOST_TEST(std::abs(centre->first - (46.1534255214 + 46.0091878776) / 2) < 1e-6);
  BOOST_TEST(std::abs(centre->second - (4.92611354223 + 5.42801696363) / 2) < 1e-6);
  BOOST_TEST(index.WithPostcode("42000")[0].lat == 45.430124);
  BOOST_TEST(!index.PostcodeCentre("98799"));
}

BOOST_AUTO_TEST_CASE(names_fold_accents_case_and_punctuation) {
  BOOST_TEST(FoldPlaceName("Saint-\xC3\x89tienne") == "saint etienne");
  BOOST_TEST(FoldPlaceName("  L'Ha\xC3\xBF-les-Roses ") == "l hay les roses");
  BOOST_TEST(FoldPlaceName("\xC5\x92UILLY") == "oeuilly");
  BOOST_TEST(FoldPlaceName("Gen\xC3\xA8"
                           "ve  \xC3\xA7"
                           "a") == "geneve ca");
}

BOOST_AUTO_TEST_CASE(town_prefix_search_puts_exact_then_shorter_names_first) {
  const PlaceIndex index =
      Parse(Csv("42207;ST ETIENNE DE ST GEOIRS;38590;;X;45.33,5.35\n"
                "42218;ST ETIENNE;42100;;ST ETIENNE;45.43,4.38\n"
                "42218;ST ETIENNE;42000;;ST ETIENNE;45.43,4.38\n"
                "73200;ST ETIENNE DE CUINES;73130;;X;45.35,6.28\n"
                "69123;LYON 01;69001;;LYON;45.76,4.83\n"
                "11219;MARSEILLETTE;11800;;MARSEILLETTE;43.21,2.55\n"
                "13201;MARSEILLE 01;13001;;MARSEILLE;43.30,5.38\n"));
  const std::vector<Place> found = index.TownsStartingWith("Saint-\xC3\x89tienne", 10);
  BOOST_REQUIRE(found.size() == 4u);
  BOOST_TEST(found[0].postcode == "42000");  // Exact names first, then by postcode.
  BOOST_TEST(found[1].postcode == "42100");
  BOOST_TEST(found[2].town == "ST ETIENNE DE CUINES");  // Shorter before longer.
  BOOST_TEST(found[3].town == "ST ETIENNE DE ST GEOIRS");
  BOOST_TEST(index.TownsStartingWith("saint etienne", 2).size() == 2u);
  BOOST_TEST(index.TownsStartingWith("l", 10).empty());  // Too short to mean anything.
  BOOST_TEST(index.TownsStartingWith("lyon", 10).size() == 1u);
  BOOST_TEST(index.TownsStartingWith("paris", 10).empty());
  // A name that goes on with another word beats one where the prefix ends inside a word, shorter or not.
  BOOST_TEST(index.TownsStartingWith("Marseille", 1)[0].town == "MARSEILLE 01");
  BOOST_TEST(index.TownsStartingWith("Marseil", 5).size() == 2u);
}

BOOST_AUTO_TEST_CASE(what_is_not_the_postcode_file_is_refused_with_its_line) {
  std::string error;
  BOOST_TEST(!PlaceIndex::FromLaPosteCsv("", &error));
  BOOST_TEST(error == "empty postcode file");
  BOOST_TEST(!PlaceIndex::FromLaPosteCsv("carrier;id\nx;y\n", &error));
  BOOST_TEST(error.find("line 1: not La Poste's postcode file") == 0u);
  BOOST_TEST(!PlaceIndex::FromLaPosteCsv(Csv("1;A;01000;;A;46.2,5.2\n2;B;01000;;B\n"), &error));
  BOOST_TEST(error == "line 3: expected 6 fields, found 5");
  BOOST_TEST(!PlaceIndex::FromLaPosteCsv(Csv("1;A;01000;;A;46.2;5.2\n"), &error));
  BOOST_TEST(error == "line 2: expected 6 fields, found 7");
  BOOST_TEST(!PlaceIndex::FromLaPosteCsv(Csv("1;A;01000;;A;96.2,5.2\n"), &error));
  BOOST_TEST(error == "line 2: coordonnees_gps must be \"lat,lon\" in degrees");
  BOOST_TEST(!PlaceIndex::FromLaPosteCsv(Csv("1;A;01000;;A;4x.2,5.2\n"), &error));
  BOOST_TEST(!PlaceIndex::FromLaPosteCsv(Csv("1;;01000;;A;46.2,5.2\n"), &error));
  BOOST_TEST(error == "line 2: a place needs its postcode and its name");
}

BOOST_AUTO_TEST_CASE(saints_are_found_however_la_poste_or_the_shopper_writes_them) {
  BOOST_TEST(FoldPlaceName("ST ETIENNE") == "saint etienne");
  BOOST_TEST(FoldPlaceName("STE MARIE AUX MINES") == "sainte marie aux mines");
  BOOST_TEST(FoldPlaceName("St-\xC3\x89tienne Cedex 2") == "saint etienne");
  BOOST_TEST(FoldPlaceName("St") == "st");            // Still being typed: "Strasbourg", "Stains"...
  BOOST_TEST(FoldPlaceName("PORT ST") == "port st");  // A last word is left as it is.
  // La Poste's own spelling, as its file has it.
  const PlaceIndex index =
      Parse(Csv("42218;ST ETIENNE;42000;;ST ETIENNE;45.4301235512,4.37913997076\n"
                "68298;STE MARIE AUX MINES;68160;;STE MARIE AUX MINES;48.24,7.18\n"
                "67482;STRASBOURG;67000;;STRASBOURG;48.57,7.75\n"));
  for (const char* typed :
       {"Saint-\xC3\x89tienne", "saint etienne", "St Etienne", "ST-ETIENNE", "Saint-Etienne Cedex 1", "Saint-Eti"}) {
    const std::vector<Place> found = index.TownsStartingWith(typed, 5);
    BOOST_REQUIRE_MESSAGE(found.size() == 1u, typed);
    BOOST_TEST(found[0].postcode == "42000");
  }
  BOOST_TEST(index.TownsStartingWith("Sainte-Marie-aux-Mines", 5).size() == 1u);
  BOOST_TEST(index.TownsStartingWith("Saint", 5).size() == 2u);  // Both saints, not Strasbourg.
  BOOST_TEST(index.TownsStartingWith("Str", 5).size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_real_file) {
  const PlaceIndex index = Parse(ReadDataFile("laposte_hexasmal_2020.csv"));
  // Every row of the 2020 edition: a place, a row without coordinates, or a place's second delivery line.
  BOOST_TEST(index.size() + index.skipped_rows() + index.repeated_rows() == 39192u);
  BOOST_TEST(index.size() > 35000u);
  const auto paris11 = index.PostcodeCentre("75011");
  BOOST_REQUIRE(paris11);
  BOOST_TEST(std::abs(paris11->first - 48.859) < 0.02);
  BOOST_TEST(std::abs(paris11->second - 2.379) < 0.03);
  const std::vector<Place> lille = index.TownsStartingWith("Lille", 3);
  BOOST_REQUIRE(!lille.empty());
  BOOST_TEST(lille[0].town == "LILLE");
  // The file writes Saint-Étienne "ST ETIENNE" (and 3,397 other names with ST or STE): found as typed.
  const std::vector<Place> etienne = index.TownsStartingWith("Saint-\xC3\x89tienne", 3);
  BOOST_REQUIRE(etienne.size() >= 2u);
  BOOST_TEST(etienne[0].town == "ST ETIENNE");
  BOOST_TEST((etienne[0].postcode == "42000" || etienne[0].postcode == "42100"));
  const std::vector<Place> maxime = index.TownsStartingWith("Sainte-Maxime", 3);
  BOOST_REQUIRE(!maxime.empty());
  BOOST_TEST(maxime[0].postcode == "83120");
  BOOST_TEST(index.TownsStartingWith("Saint-Malo", 1)[0].postcode.starts_with("354"));
}
