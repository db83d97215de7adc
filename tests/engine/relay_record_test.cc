#define BOOST_TEST_MODULE relay_record
#include "wasm/engine/relay_record.h"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace relais;

namespace {

// The contract's own example record (docs/relay-record.md).
const std::string kExample =
    R"({"carrier":"mondial-relay","id":"066974","kind":"shop","name":"Tabac de la Gare",)"
    R"("address":["12 rue de la Gare"],"postcode":"59000","city":"LILLE","country":"FR",)"
    R"("lat":50.6365,"lon":3.0705,"tz":"Europe/Paris",)"
    R"("hours":{"mon":[["09:00","12:00"],["14:00","19:00"]],"tue":[["09:00","19:00"]],"wed":[],)"
    R"("thu":[["09:00","19:00"]],"fri":[["09:00","19:00"]],"sat":[["09:00","12:30"]],"sun":[]},)"
    R"("closures":[{"from":"2026-08-03","to":"2026-08-21"}],)"
    R"("max_weight_g":30000,"max_dims_cm":[60,50,40],)"
    R"("services":["accessible","returns"],"status":"active"})";

// The example with one field replaced (or removed when value is empty).
std::string With(const std::string& field, const std::string& value) {
  std::string r = kExample;
  const size_t at = r.find("\"" + field + "\":");
  BOOST_REQUIRE(at != std::string::npos);
  size_t end = at + field.size() + 3;
  int depth = 0;
  bool in_string = false;
  for (; end < r.size(); ++end) {
    const char c = r[end];
    if (in_string) {
      if (c == '"' && r[end - 1] != '\\') in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{')
      ++depth;
    else if ((c == ']' || c == '}') && depth > 0)
      --depth;
    else if ((c == ',' || c == '}') && depth == 0)
      break;
  }
  if (value.empty()) return r.substr(0, at) + r.substr(end + (r[end] == ',' ? 1 : 0));
  return r.substr(0, at) + "\"" + field + "\":" + value + r.substr(end);
}

std::string ErrorOf(const std::string& record) { return ParseRelayRecord(record).error; }

}  // namespace

BOOST_AUTO_TEST_CASE(parses_the_contract_example) {
  const RecordParse r = ParseRelayRecord(kExample);
  BOOST_TEST_REQUIRE(r.error.empty(), r.error);
  const RelayPoint& p = *r.point;
  BOOST_TEST(p.carrier == "mondial-relay");
  BOOST_TEST(p.id == "066974");
  BOOST_TEST((p.kind == PointKind::kShop));
  BOOST_TEST(p.address.size() == 1u);
  BOOST_TEST(p.hours.Day(0).size() == 2u);
  BOOST_TEST(p.hours.Day(2).size() == 0u);
  BOOST_TEST(p.closures.size() == 1u);
  BOOST_TEST(p.max_weight_g == 30000u);
  BOOST_TEST(p.max_dims_cm[0] == 60);
  BOOST_TEST(p.services == (kAccessible | kReturns));
  BOOST_TEST(p.active);
  BOOST_TEST(r.unknown_fields.empty());
}

BOOST_AUTO_TEST_CASE(format_round_trips) {
  const RelayPoint p = *ParseRelayRecord(kExample).point;
  const RecordParse again = ParseRelayRecord(FormatRelayRecord(p));
  BOOST_TEST_REQUIRE(again.error.empty(), again.error);
  BOOST_TEST(FormatRelayRecord(*again.point) == FormatRelayRecord(p));
  BOOST_TEST((again.point->hours == p.hours));
  // Past-midnight and midnight ends survive too.
  const RecordParse late = ParseRelayRecord(With("hours", R"({"fri":[["18:00","02:00"]],"sat":[["00:00","24:00"]]})"));
  BOOST_TEST_REQUIRE(late.error.empty(), late.error);
  BOOST_TEST((ParseRelayRecord(FormatRelayRecord(*late.point)).point->hours == late.point->hours));
}

BOOST_AUTO_TEST_CASE(every_rule_is_named) {
  BOOST_TEST(ErrorOf("not json") == "not valid JSON");
  BOOST_TEST(ErrorOf("[1,2]") == "a record is a JSON object");
  BOOST_TEST(ErrorOf(With("carrier", R"("Mondial Relay")")) == "carrier must match [a-z0-9-]{1,32}");
  BOOST_TEST(ErrorOf(With("carrier", "")) == "carrier is required");
  BOOST_TEST(ErrorOf(With("id", R"("")")) == "id is empty");
  BOOST_TEST(ErrorOf(With("id", R"("123456789012345678901234567890123")")) == "id longer than 32 bytes");
  BOOST_TEST(ErrorOf(With("kind", R"("kiosk")")) == "kind must be shop, locker, post_office, store or drive");
  BOOST_TEST(ErrorOf(With("country", R"("fr")")) == "country must be ISO 3166-1 alpha-2");
  BOOST_TEST(ErrorOf(With("lat", "91")) == "lat out of range");
  BOOST_TEST(ErrorOf(With("lon", R"("3.07")")) == "lon must be a number");
  BOOST_TEST(ErrorOf(With("lat", "0").replace(With("lat", "0").find("\"lon\":3.0705"), 12, "\"lon\":0")) ==
             "lat/lon is exactly 0/0");
  BOOST_TEST(ErrorOf(With("tz", R"("Europe/Atlantis")")) == "tz \"Europe/Atlantis\" is not a supported IANA zone");
  BOOST_TEST(ErrorOf(With("hours", R"({"mon":[["09:00","12:00"],["11:00","13:00"]]})")) ==
             "hours.mon: intervals of a day overlap");
  BOOST_TEST(ErrorOf(With("hours", R"({"mon":[["9:00","12:00"]]})")) == "hours.mon: times are HH:MM");
  BOOST_TEST(ErrorOf(With("hours", R"({"lun":[]})")) == "hours: unknown weekday \"lun\"");
  BOOST_TEST(ErrorOf(With("hours", R"({"mon":[["a","b","c"]]})")) == "hours.mon: an interval is [\"HH:MM\",\"HH:MM\"]");
  BOOST_TEST(
      ErrorOf(With(
          "hours",
          R"({"mon":[["01:00","02:00"],["03:00","04:00"],["05:00","06:00"],["07:00","08:00"],["09:00","10:00"]]})")) ==
      "hours.mon: more than 4 intervals in a day");
  BOOST_TEST(ErrorOf(With("closures", R"([{"from":"2026-08-21","to":"2026-08-03"}])")) ==
             "closures: \"to\" is before \"from\"");
  BOOST_TEST(ErrorOf(With("closures", R"([{"from":"2026-02-30","to":"2026-03-03"}])")) ==
             "closures: dates are YYYY-MM-DD");
  BOOST_TEST(ErrorOf(With("max_weight_g", "-5")) == "max_weight_g must be a positive integer (grams)");
  BOOST_TEST(ErrorOf(With("max_dims_cm", "[60,50]")) == "max_dims_cm must be [length, width, height]");
  BOOST_TEST(ErrorOf(With("services", R"(["teleport"])")) == "unknown service \"teleport\"");
  BOOST_TEST(ErrorOf(With("status", R"("closed")")) == "status must be active or inactive");
  BOOST_TEST(ErrorOf(With("status", R"("closed")").insert(1, R"("always":true,)")) ==
             "both \"always\" and \"hours\" given");
}

BOOST_AUTO_TEST_CASE(optional_fields_and_unknown_ones) {
  const RecordParse r = ParseRelayRecord(With("hours", "").insert(1, R"("always":true,"opening_note":"x",)"));
  BOOST_TEST_REQUIRE(r.error.empty(), r.error);
  BOOST_TEST((r.point->hours.kind == ScheduleKind::kAlwaysOpen));
  BOOST_TEST(r.unknown_fields.size() == 1u);
  BOOST_TEST(r.unknown_fields[0] == "opening_note");
  // No hours, no "always": hours unknown. No limits: the carrier's default. Inactive is kept.
  const RecordParse bare = ParseRelayRecord(With("status", R"("inactive")").replace(0, 1, "{").substr(0));
  BOOST_TEST_REQUIRE(bare.error.empty(), bare.error);
  BOOST_TEST(!bare.point->active);
  const RecordParse no_hours =
      ParseRelayRecord(With("max_dims_cm", "").replace(With("max_dims_cm", "").find("\"hours\""), 0, "\"x\":1,"));
  BOOST_TEST_REQUIRE(no_hours.error.empty(), no_hours.error);
  const RecordParse unknown = ParseRelayRecord(With("hours", ""));
  BOOST_TEST_REQUIRE(unknown.error.empty(), unknown.error);
  BOOST_TEST((unknown.point->hours.kind == ScheduleKind::kUnknown));
  // Untrusted display text is kept as is (escaping is the display's job), and stays valid JSON.
  const RecordParse script = ParseRelayRecord(With("name", R"("<script>alert(1)</script>")"));
  BOOST_TEST_REQUIRE(script.error.empty(), script.error);
  BOOST_TEST(script.point->name == "<script>alert(1)</script>");
}
