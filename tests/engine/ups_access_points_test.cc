#define BOOST_TEST_MODULE ups_access_points
// UPS's Locator answers (Access Point search) read through ReadRecordFile, so that the contract applies.
#include "data-sync/ups_access_points.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "data-sync/record_file.h"
#include "tests/engine/test_record_file.h"

using namespace relais;

namespace {

constexpr const char* kSpainXml = "tests/fixtures/carriers/ups/locator_accesspoint.xml";
constexpr const char* kSpainJson = "tests/fixtures/carriers/ups/locator_accesspoint_es_derived.json";
constexpr const char* kUsJson = "tests/fixtures/carriers/ups/locator_accesspoint.json";

constexpr int kMon = 0, kFri = 4, kSat = 5, kSun = 6;

// `text` written to a file of its own and read as format ups-locator.
RecordFile ReadText(const std::string& text) {
  static int count = 0;
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("ups_access_points_test_" + std::to_string(getpid()) + "_" + std::to_string(++count));
  std::ofstream(path, std::ios::binary) << text;
  RecordFile file = ReadRecordFile(path.string(), "ups-locator");
  std::filesystem::remove(path);
  return file;
}

std::string FileText(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A day's slots as "HH:MM-HH:MM ..." for readable failures.
std::string Slots(const RelayPoint& p, int weekday) {
  std::string out;
  for (const TimeInterval& i : p.hours.Day(weekday)) {
    char slot[16];
    std::snprintf(slot, sizeof slot, "%02d:%02d-%02d:%02d", i.open_min / 60, i.open_min % 60, i.close_min / 60,
                  i.close_min % 60);
    out += out.empty() ? slot : std::string(" ") + slot;
  }
  return out;
}

void CheckSpanishPoints(const RecordFile& file) {
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 2u);
  BOOST_TEST_REQUIRE(file.points.size() == 2u);
  BOOST_TEST(file.rejects.empty());
  BOOST_TEST(file.rules.empty());  // Nothing UPS wrote here needed a rule.

  // "Mon-Fri: 7:00am-10:00pm; Sat, Sun: 8:00am-10:00pm": Day "1" is Sunday, Day "7" Saturday.
  const RelayPoint& petrolia = ById(file, "U06163919");  // PublicAccessPointID, not LocationID 189780.
  BOOST_TEST(petrolia.carrier == "ups");
  BOOST_TEST((petrolia.kind == PointKind::kShop));  // OptionCode 018.
  BOOST_TEST(petrolia.name == "GASOLINERA PETROLIA");
  BOOST_TEST_REQUIRE(petrolia.address.size() == 1u);
  BOOST_TEST(petrolia.address[0] == "AVENIDA DE LA MUSICA 8");
  BOOST_TEST(petrolia.postcode == "11140");
  BOOST_TEST(petrolia.city == "CONIL DE LA FRONTERA");
  BOOST_TEST(petrolia.country == "ES");
  BOOST_TEST(petrolia.lat == 36.28416061);
  BOOST_TEST(petrolia.lon == -6.08420991);
  BOOST_TEST(petrolia.tz == "Europe/Madrid");
  BOOST_TEST((petrolia.hours.kind == ScheduleKind::kWeekly));
  BOOST_TEST(Slots(petrolia, kSun) == "08:00-22:00");
  BOOST_TEST(Slots(petrolia, kMon) == "07:00-22:00");
  BOOST_TEST(Slots(petrolia, kFri) == "07:00-22:00");
  BOOST_TEST(Slots(petrolia, kSat) == "08:00-22:00");
  BOOST_TEST(petrolia.active);                                            // AccessPointStatus 01.
  BOOST_TEST(petrolia.services == uint16_t{kReturns | kLate | kSunday});  // ServiceOffering 007 PUDO.

  // "Mon-Fri: 9:00am-2:00pm, 5:00pm-8:00pm; Sat, Sun: Closed": two slots, ClosedIndicator on 1 and 7.
  const RelayPoint& infomego = ById(file, "U79420110");
  BOOST_TEST((infomego.kind == PointKind::kShop));
  BOOST_TEST(infomego.name == "INFOMEGO");
  BOOST_TEST(infomego.address.at(0) == "CALLE PINTOR FRANCISCO PRIETO, 4A");
  BOOST_TEST(infomego.postcode == "11150");
  BOOST_TEST(infomego.city == "VEJER DE LA FRONTERA");
  BOOST_TEST(infomego.lat == 36.24745941);
  BOOST_TEST(infomego.lon == -5.96724987);
  for (int d = kMon; d <= kFri; ++d) BOOST_TEST(Slots(infomego, d) == "09:00-14:00 17:00-20:00");
  BOOST_TEST(Slots(infomego, kSat) == "");
  BOOST_TEST(Slots(infomego, kSun) == "");
  BOOST_TEST(infomego.active);
}

}  // namespace

BOOST_AUTO_TEST_CASE(spanish_xml_answer) { CheckSpanishPoints(ReadRecordFile(kSpainXml, "ups-locator")); }

BOOST_AUTO_TEST_CASE(json_and_xml_shapes_of_one_answer_agree) {
  const RecordFile xml = ReadRecordFile(kSpainXml, "ups-locator");
  const RecordFile json = ReadRecordFile(kSpainJson, "ups-locator");
  CheckSpanishPoints(json);
  BOOST_TEST_REQUIRE(json.points.size() == xml.points.size());
  for (size_t i = 0; i < xml.points.size(); ++i) BOOST_TEST((json.points[i] == xml.points[i]), xml.points[i].id);
}

BOOST_AUTO_TEST_CASE(us_answer_is_rejected_for_its_zone) {
  const RecordFile file = ReadRecordFile(kUsJson, "ups-locator");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 3u);
  BOOST_TEST(file.points.empty());
  for (size_t place = 1; place <= 3; ++place)
    BOOST_TEST(RuleOf(file, place) == "no time zone known for country \"US\"");
}

// UPS's own sample, were its points in a country whose zone is known: what the rest of it says.
BOOST_AUTO_TEST_CASE(us_answer_fields_beyond_the_zone) {
  std::string text = FileText(kUsJson);
  for (size_t at = text.find("\"US\""); at != std::string::npos; at = text.find("\"US\"", at)) {
    text.replace(at, 4, "\"ES\"");
  }
  const RecordFile file = ReadText(text);
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST_REQUIRE(file.points.size() == 3u);

  // HoursType 10 is the 4th block (after 11, 12 and 13, whose days have OpenHours alone):
  // "Mon-Fri: 8:00am-8:00pm; Sat: 10:00am-4:00pm; Sun: Closed".
  const RelayPoint& doraville = ById(file, "U48396045");
  BOOST_TEST(Slots(doraville, kMon) == "08:00-20:00");
  BOOST_TEST(Slots(doraville, kSat) == "10:00-16:00");
  BOOST_TEST(Slots(doraville, kSun) == "");
  // "3772 PLEASANTDALE RD&#xD;120": two lines UPS joined.
  BOOST_TEST_REQUIRE(doraville.address.size() == 2u);
  BOOST_TEST(doraville.address[0] == "3772 PLEASANTDALE RD");
  BOOST_TEST(doraville.address[1] == "120");
  BOOST_TEST((doraville.kind == PointKind::kShop));  // OptionCode 001, a UPS Customer Center.
  BOOST_TEST(doraville.postcode == "30340");

  // Two slots as parallel arrays in UPS's own JSON: "Mon-Fri: 8:00am-10:00am, 4:30pm-7:30pm".
  BOOST_TEST(Slots(ById(file, "U98248521"), kMon) == "08:00-10:00 16:30-19:30");
  BOOST_TEST(Slots(ById(file, "U32921710"), kSat) == "09:00-17:00");
  BOOST_TEST(file.rules.at("address_line_breaks") == 1u);
}

// One item written as the item itself, not an array of one, at every level; v3's bare strings.
BOOST_AUTO_TEST_CASE(single_items_as_objects_and_strings) {
  const RecordFile file = ReadText(R"({"LocatorResponse": {
    "Response": {"TransactionReference": "", "ResponseStatusCode": "1", "ResponseStatusDescription": "Success"},
    "SearchResults": {"DropLocation": {
      "LocationID": "157095",
      "Geocode": {"Latitude": "50.8466", "Longitude": "4.3528"},
      "AddressKeyFormat": {"ConsigneeName": "LIBRAIRIE DU CENTRE", "AddressLine": ["RUE NEUVE 12", "GALERIE 2"],
                           "PoliticalDivision2": "BRUXELLES", "PostcodePrimaryLow": "1000", "CountryCode": "BE"},
      "PhoneNumber": ["3225551234"],
      "LocationAttribute": [{"OptionType": {"Code": "01"}, "OptionCode": [{"Code": "018"}]},
                            {"OptionType": {"Code": "03"}, "OptionCode": {"Code": "019"}}],
      "Distance": {"Value": "0.4", "UnitOfMeasurement": "KM"},
      "SpecialInstructions": "Next to the station",
      "OperatingHours": {"StandardHours": {"HoursType": "10",
                                           "DayOfWeek": {"Day": "2", "OpenHours": "830", "CloseHours": "0"}}},
      "ServiceOfferingList": {"ServiceOffering": {"Code": "011", "Description": "Accepts Payments"}},
      "AccessPointInformation": {"PublicAccessPointID": "U12345678", "AccessPointStatus": "07"}}}}})");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST_REQUIRE(file.points.size() == 1u, RuleOf(file, 1));
  const RelayPoint& p = file.points[0];
  BOOST_TEST(p.id == "U12345678");
  BOOST_TEST((p.kind == PointKind::kShop));  // 019 counts only as a location type (OptionType 01).
  BOOST_TEST(p.address.size() == 2u);
  BOOST_TEST(p.tz == "Europe/Brussels");
  BOOST_TEST(Slots(p, kMon) == "08:30-24:00");  // Midnight "0".
  for (int d = 1; d < 7; ++d) BOOST_TEST(Slots(p, d) == "");
  BOOST_TEST(!p.active);            // 07, active-unavailable: kept, inactive.
  BOOST_TEST(p.services == kLate);  // Payments say nothing of cards.
}

// Open24HoursIndicator on every day, as the spec and integrators have it (never seen in a recording):
// open around the clock. A locker by its location type 019.
BOOST_AUTO_TEST_CASE(open_24_hours_all_week) {
  std::string days;
  for (int d = 1; d <= 7; ++d)
    days += std::string(d > 1 ? "," : "") + R"({"Day": ")" + std::to_string(d) + R"(", "Open24HoursIndicator": ""})";
  const RecordFile json = ReadText(R"({"LocatorResponse": {"Response": {"ResponseStatusCode": "1"},
    "SearchResults": {"DropLocation": [{
      "Geocode": {"Latitude": "48.8566", "Longitude": "2.3522"},
      "AddressKeyFormat": {"ConsigneeName": "UPS ACCESS POINT LOCKER GARE", "AddressLine": "1 PLACE DE LA GARE",
                           "PoliticalDivision2": "PARIS", "PostcodePrimaryLow": "75010", "CountryCode": "FR"},
      "LocationAttribute": {"OptionType": {"Code": "01", "Description": "Location"},
                            "OptionCode": {"Code": "019", "Description": "UPS Access Point Locker"}},
      "OperatingHours": {"StandardHours": [
        {"HoursType": "11", "DayOfWeek": [{"Day": "1", "ClosedIndicator": ""}]},
        {"HoursType": "10", "DayOfWeek": [)" +
                                   days + R"(]}]},
      "ServiceOfferingList": {"ServiceOffering": [{"Code": "001"}, {"Code": "009"}]},
      "AccessPointInformation": {"PublicAccessPointID": "U00000001",
                                 "AccessPointStatus": {"Code": "01", "Description": "ACTIVE"}}}]}}})");
  BOOST_TEST_REQUIRE(json.error.empty(), json.error);
  BOOST_TEST_REQUIRE(json.points.size() == 1u, RuleOf(json, 1));
  const RelayPoint& locker = json.points[0];
  BOOST_TEST((locker.kind == PointKind::kLocker));
  BOOST_TEST((locker.hours.kind == ScheduleKind::kAlwaysOpen));
  BOOST_TEST(locker.tz == "Europe/Paris");
  BOOST_TEST(locker.services == uint16_t{kReturns | kLate | kSunday});  // 009 Accept prepaid drop offs.
  BOOST_TEST(json.rules.at("round_the_clock") == 1u);

  // The XML form: an empty presence element; a SOAP envelope and prefixes around it.
  std::string xml_days;
  for (int d = 1; d <= 7; ++d) {
    xml_days += "<DayOfWeek><Day>" + std::to_string(d) + "</Day><Open24HoursIndicator/></DayOfWeek>";
  }
  const RecordFile xml = ReadText(
      R"(<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>)"
      R"(<LocResp:LocatorResponse xmlns:LocResp="urn"><LocResp:SearchResults><LocResp:DropLocation>)"
      R"(<Geocode><Latitude>48.8566</Latitude><Longitude>2.3522</Longitude></Geocode>)"
      R"(<AddressKeyFormat><ConsigneeName>UPS ACCESS POINT LOCKER GARE</ConsigneeName>)"
      R"(<AddressLine>1 PLACE DE LA GARE</AddressLine><PoliticalDivision2>PARIS</PoliticalDivision2>)"
      R"(<PostcodePrimaryLow>75010</PostcodePrimaryLow><CountryCode>FR</CountryCode></AddressKeyFormat>)"
      R"(<LocationAttribute><OptionType><Code>01</Code></OptionType><OptionCode><Code>019</Code></OptionCode>)"
      R"(</LocationAttribute><OperatingHours><StandardHours><HoursType>10</HoursType>)" +
      xml_days +
      R"(</StandardHours></OperatingHours><ServiceOfferingList><ServiceOffering><Code>001</Code>)"
      R"(</ServiceOffering><ServiceOffering><Code>009</Code></ServiceOffering></ServiceOfferingList>)"
      R"(<AccessPointInformation><PublicAccessPointID>U00000001</PublicAccessPointID>)"
      R"(<AccessPointStatus><Code>01</Code></AccessPointStatus></AccessPointInformation>)"
      R"(</LocResp:DropLocation></LocResp:SearchResults></LocResp:LocatorResponse></soapenv:Body></soapenv:Envelope>)");
  BOOST_TEST_REQUIRE(xml.error.empty(), xml.error);
  BOOST_TEST_REQUIRE(xml.points.size() == 1u, RuleOf(xml, 1));
  BOOST_TEST((xml.points[0] == locker));
  BOOST_TEST(xml.rules.at("round_the_clock") == 1u);
}

// Some days around the clock, others not: those days are 00:00-24:00; "false" is no 24 h day.
BOOST_AUTO_TEST_CASE(open_24_hours_some_days) {
  const RecordFile file = ReadText(R"({"LocatorResponse": {"SearchResults": {"DropLocation": {
      "Geocode": {"Latitude": "52.29183959", "Longitude": "4.701498985"},
      "AddressKeyFormat": {"ConsigneeName": "NOVOTEL", "AddressLine": "TAURUSAVENUE 12",
                           "PoliticalDivision2": "HOOFDDORP", "PostcodePrimaryLow": "2132LS", "CountryCode": "NL"},
      "OperatingHours": {"StandardHours": [{"HoursType": "10", "DayOfWeek": [
        {"Day": "1", "Open24HoursIndicator": "Y"},
        {"Day": "2", "Open24HoursIndicator": "false", "OpenHours": "700", "CloseHours": "2359"},
        {"Day": "7", "ClosedIndicator": ""}]}]},
      "AccessPointInformation": {"PublicAccessPointID": "U00000002"}}}}})");
  BOOST_TEST_REQUIRE(file.points.size() == 1u, RuleOf(file, 1));
  const RelayPoint& p = file.points[0];
  BOOST_TEST((p.hours.kind == ScheduleKind::kWeekly));
  BOOST_TEST(Slots(p, kSun) == "00:00-24:00");
  BOOST_TEST(Slots(p, kMon) == "07:00-24:00");
  BOOST_TEST(Slots(p, kSat) == "");
  BOOST_TEST(file.rules.at("midnight_edges") == 1u);
  BOOST_TEST(file.rules.count("round_the_clock") == 0u);
  BOOST_TEST(p.active);  // No AccessPointStatus.
}

// Each reject names the field.
BOOST_AUTO_TEST_CASE(rejects_name_the_field) {
  const std::string head = R"({"LocatorResponse": {"SearchResults": {"DropLocation": [)";
  const std::string place = R"("Geocode": {"Latitude": "36.2", "Longitude": "-6.0"},
      "AddressKeyFormat": {"ConsigneeName": "X", "AddressLine": "Y", "PoliticalDivision2": "Z",
                           "PostcodePrimaryLow": "11140", "CountryCode": "ES"})";
  const std::string ap = R"("AccessPointInformation": {"PublicAccessPointID": "U00000003"})";
  const auto hours = [](const std::string& day) {
    return R"("OperatingHours": {"StandardHours": {"HoursType": "10", "DayOfWeek": )" + day + "}}";
  };
  const RecordFile file = ReadText(
      head + "{" + place + "}," +                                                                                 // 1
      "{" + place + "," + ap + "," + hours(R"({"Day": "8", "OpenHours": "900", "CloseHours": "1800"})") + "}," +  // 2
      "{" + place + "," + ap + "," + hours(R"({"Day": "2", "OpenHours": ["900", "1500"], "CloseHours": "1200"})") +
      "}," +                                                                                                       // 3
      "{" + place + "," + ap + "," + hours(R"({"Day": "3", "OpenHours": "9:00", "CloseHours": "1800"})") + "}," +  // 4
      "{" + place + "," + ap + "," + hours(R"({"Day": "4", "Open24HoursIndicator": "maybe"})") + "}," +            // 5
      R"({"Geocode": {"Latitude": "", "Longitude": "-6.0"},)" + ap + "}," +                                        // 6
      "{" + place + R"(, "AccessPointInformation": {"PublicAccessPointID": "U00000004",
                         "AccessPointStatus": {"Code": "05"}}},)" +                                                // 7
      "{" +
      place + "," + ap + "}" +  // 8
      "]}}}");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.records == 8u);
  BOOST_TEST(RuleOf(file, 1) == "AccessPointInformation.PublicAccessPointID missing: not an Access Point");
  BOOST_TEST(RuleOf(file, 2) == "OperatingHours: DayOfWeek Day \"8\" is not 1 (Sunday) to 7 (Saturday)");
  BOOST_TEST(RuleOf(file, 3) == "OperatingHours: DayOfWeek Day \"2\": 2 OpenHours for 1 CloseHours");
  BOOST_TEST(RuleOf(file, 4) ==
             "OperatingHours: DayOfWeek Day \"3\": OpenHours/CloseHours \"9:00\"-\"1800\" must be HHMM");
  BOOST_TEST(RuleOf(file, 5) == "OperatingHours: DayOfWeek Day \"4\": Open24HoursIndicator \"maybe\" is no flag");
  BOOST_TEST(RuleOf(file, 6) == "Geocode.Latitude/Longitude must be decimal degrees");
  BOOST_TEST(RuleOf(file, 7) == "AccessPointInformation.AccessPointStatus.Code \"05\" is none of 01, 06, 07, 08");
  BOOST_TEST(RuleOf(file, 8) == "(not rejected)");
  BOOST_TEST((ById(file, "U00000003").hours.kind == ScheduleKind::kUnknown));  // No hours published.
}

BOOST_AUTO_TEST_CASE(error_answers_quote_ups) {
  // The REST gateway.
  BOOST_TEST(
      ReadText(R"({"response": {"errors": [{"code": "250002", "message": "Invalid Authentication Information."}]}})")
          .error.ends_with(": UPS answered an error: 250002 Invalid Authentication Information."));
  // The legacy JSON Fault.
  BOOST_TEST(
      ReadText(
          R"({"Fault": {"faultcode": "Client", "faultstring": "An exception has been raised as a result of client data.",
      "detail": {"Errors": {"ErrorDetail": {"Severity": "Hard",
        "PrimaryErrorCode": {"Code": "350104", "Description": "No Locations found."}}}}}})")
          .error.ends_with(": UPS answered an error: 350104 No Locations found."));
  // The legacy XML answer's status.
  BOOST_TEST(ReadText("<?xml version=\"1.0\"?><LocatorResponse><Response><ResponseStatusCode>0</ResponseStatusCode>"
                      "<ResponseStatusDescription>Failure</ResponseStatusDescription><Error><ErrorSeverity>Hard"
                      "</ErrorSeverity><ErrorCode>250003</ErrorCode><ErrorDescription>Invalid Access License number"
                      "</ErrorDescription></Error></Response></LocatorResponse>")
                 .error.ends_with(": UPS answered an error: 250003 Invalid Access License number"));
  // A SOAP Fault.
  BOOST_TEST(
      ReadText(R"(<soapenv:Envelope xmlns:soapenv="s"><soapenv:Body><soapenv:Fault><faultcode>Client</faultcode>)"
               R"(<faultstring>An exception has been raised</faultstring><detail><err:Errors xmlns:err="e">)"
               R"(<err:ErrorDetail><err:PrimaryErrorCode><err:Code>10002</err:Code><err:Description>The XML )"
               R"(document is well formed but the document is not valid</err:Description></err:PrimaryErrorCode>)"
               R"(</err:ErrorDetail></err:Errors></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>)")
          .error.ends_with(
              ": UPS answered an error: 10002 The XML document is well formed but the document is not valid"));
  BOOST_TEST(
      ReadText(
          R"({"LocatorResponse": {"Response": {"ResponseStatusCode": "0", "ResponseStatusDescription": "Failure"}}})")
          .error.ends_with(": UPS answered an error: Failure"));
}

// A success that carries a warning is no error.
BOOST_AUTO_TEST_CASE(warning_with_success_is_read) {
  const RecordFile file = ReadText(R"({"LocatorResponse": {
    "Response": {"ResponseStatusCode": "1", "Error": {"ErrorSeverity": "Warning", "ErrorCode": "350109",
                                                      "ErrorDescription": "Some results were left out"}},
    "SearchResults": {"DropLocation": {"Geocode": {"Latitude": "36.2", "Longitude": "-6.0"},
      "AddressKeyFormat": {"ConsigneeName": "X", "AddressLine": "Y", "PoliticalDivision2": "Z",
                           "PostcodePrimaryLow": "11140", "CountryCode": "ES"},
      "AccessPointInformation": {"PublicAccessPointID": "U00000005"}}}}})");
  BOOST_TEST_REQUIRE(file.error.empty(), file.error);
  BOOST_TEST(file.points.size() == 1u);
}

BOOST_AUTO_TEST_CASE(not_a_locator_answer) {
  const std::string expected =
      "no LocatorResponse.SearchResults.DropLocation (expected UPS's Locator answer to an Access Point search)";
  BOOST_TEST(ReadText(R"({"LocatorResponse": {"Response": {"ResponseStatusCode": "1"}, "SearchResults": {}}})")
                 .error.ends_with(expected));
  BOOST_TEST(ReadText("<LocatorResponse><SearchResults/></LocatorResponse>").error.ends_with(expected));
  BOOST_TEST(
      ReadText("[]").error.ends_with("neither a JSON object nor XML (a UPS Locator answer starts with '{' or '<')"));
  BOOST_TEST(
      ReadText("{\"LocatorResponse\": ").error.ends_with("not JSON (a UPS Locator answer is a JSON object or XML)"));
  BOOST_TEST(ReadText("<LocatorResponse>").error.find("not XML: ") != std::string::npos);
  BOOST_TEST(ReadRecordFile(kSpainXml, "ups-json").error.find("unknown format") == 0u);
}
