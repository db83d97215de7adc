#define BOOST_TEST_MODULE edge_slots
// Collection slots through relais-edge's HTTP API (issue 21, "slots"): a drive's own hours cut into slots
// with a capacity and a cut-off, read by a checkout, booked at order time (409 slot_unavailable with the
// next free ones when full, gone or not a slot), never over capacity however many shoppers race for the
// last place, freed by a cancellation, moved by customer service's change_slot, and shown on the tracking
// page's timeline.
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <thread>
#include <vector>

#include "tests/edge/edge_process.h"
#include "wasm/engine/civil_time.h"
#include "wasm/engine/time_zone.h"

using namespace relais;
using namespace relais::testing;
using nlohmann::json;

namespace {

const char* kJson = "application/json";
// A Monday far enough ahead for every slot's cut-off to be to come.
const char* kMonday = "2099-06-08";

// A drive whose service runs Monday 10:00-12:00 in half-hour slots of two cars, booked until an hour before,
// while the shop itself opens 09:00-19:00 every day but Sunday.
json Drive() {
  json hours = json::object();
  for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat"})
    hours[day] = json::array({json::array({"09:00", "19:00"})});
  return {{"kind", "drive"},
          {"name", "Drive Nord"},
          {"location",
           {{"address", {"1 rue du Drive"}},
            {"postcode", "93200"},
            {"city", "SAINT-DENIS"},
            {"country", "FR"},
            {"lat", 48.93},
            {"lon", 2.36},
            {"tz", "Europe/Paris"},
            {"hours", hours}}},
          {"capabilities",
           {{"drive",
             {{"cost_cents", 0},
              {"lead_time_hours", 2},
              {"slots",
               {{"minutes", 30},
                {"capacity", 2},
                {"cutoff_minutes", 60},
                {"hours", {{"mon", json::array({json::array({"10:00", "12:00"})})}}}}}}},
            {"click_collect", {{"cost_cents", 0}, {"lead_time_hours", 1}}}}}};
}

struct Fixture {
  EdgeFolder folder;
  EdgeProcess edge{folder};
  std::unique_ptr<httplib::Client> http = edge.Client();

  Fixture() {
    BOOST_REQUIRE_EQUAL(Put("/v1/sites/drive-1", Drive())->status, 200);
    const json product = {{"name", "Eau"},    {"category", "grocery/water"}, {"temperature", "ambient"},
                          {"weight_g", 9000}, {"dims_cm", {30, 20, 30}},     {"price_cents", 299}};
    BOOST_REQUIRE_EQUAL(Put("/v1/products/WATER", product)->status, 200);
    const json receipt = {{"kind", "receipt"}, {"sku", "WATER"}, {"site", "drive-1"}, {"quantity", 100}};
    BOOST_REQUIRE_EQUAL(http->Post("/v1/stock/movements", Merchant(), receipt.dump(), kJson)->status, 201);
  }
  httplib::Result Put(const std::string& path, const json& body) {
    return http->Put(path, Merchant(), body.dump(), kJson);
  }
  // A drive order of one pack for `slot` on `date` ("" : no slot named).
  httplib::Result Order(const std::string& key, const std::string& slot, const std::string& date = kMonday,
                        const std::string& site = "drive-1") {
    json line = {{"sku", "WATER"}, {"quantity", 1}, {"site", site}, {"mode", "drive"}, {"date", date}};
    if (!slot.empty()) line["slot"] = slot;
    httplib::Headers h = Merchant();
    h.emplace("Idempotency-Key", key);
    return http->Post("/v1/orders", h, json{{"customer_id", "c-" + key}, {"lines", {line}}}.dump(), kJson);
  }
  json Slots(const std::string& query) { return Body(http->Get("/v1/sites/drive-1/slots?" + query, Merchant())); }
  // "HH:MM-HH:MM booked" of each slot of kMonday.
  std::vector<std::string> Load() {
    std::vector<std::string> out;
    const json slots = Slots(std::string("mode=drive&days=1&from=") + kMonday);
    for (const json& s : slots["slots"]) {
      out.push_back(s["slot"].get<std::string>() + " " + std::to_string(s["booked"].get<int64_t>()));
    }
    return out;
  }
  int64_t Reserved() {
    return Body(http->Get("/v1/stock/WATER?site=drive-1", Merchant()))["sites"][0]["reserved"].get<int64_t>();
  }
  json Act(const std::string& id, const json& action) {
    return Body(http->Post("/v1/orders/" + id + "/actions", Merchant(), action.dump(), kJson));
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_site_says_its_slots_and_refuses_a_rule_it_cannot_keep, Fixture) {
  const json slots = Slots(std::string("mode=drive&days=2&from=") + kMonday);
  BOOST_TEST(slots["minutes"] == 30);
  // Booked until an hour before, but the drive needs two hours to prepare: booking closes two hours before.
  BOOST_TEST(slots["cutoff_minutes"] == 120);
  // The service's own hours, not the shop's 09:00-19:00; Tuesday has none.
  BOOST_TEST_REQUIRE(slots["slots"].size() == 4u);
  BOOST_TEST(slots["slots"][0] == json({{"date", kMonday},
                                        {"slot", "10:00-10:30"},
                                        {"start", "10:00"},
                                        {"capacity", 2},
                                        {"booked", 0},
                                        {"free", 2},
                                        {"bookable", true}}));
  BOOST_TEST(slots["slots"][3]["slot"] == "11:30-12:00");
  // Click & collect there takes orders by the day: no slots to show.
  BOOST_TEST(ErrorCode(http->Get("/v1/sites/drive-1/slots?mode=click_collect", Merchant())) == "no_slots");
  // And it has no pedestrian pick-up at all.
  BOOST_TEST(ErrorCode(http->Get("/v1/sites/drive-1/slots?mode=pedestrian", Merchant())) == "mode_unavailable");
  BOOST_TEST(Body(http->Get("/v1/sites/drive-1/slots?mode=home", Merchant()))["error"]["field"] == "mode");
  // A rule that cannot be kept is refused when the site is put, naming the field.
  json bad = Drive();
  bad["capabilities"]["drive"]["slots"]["minutes"] = 0;
  BOOST_TEST(Body(Put("/v1/sites/drive-2", bad))["error"]["field"] == "capabilities.drive.slots.minutes");
  bad = Drive();
  bad["capabilities"]["drive"]["slots"]["hours"] = {{"mon", json::array({json::array({"25:00", "26:00"})})}};
  BOOST_TEST(Body(Put("/v1/sites/drive-2", bad))["error"]["field"] == "capabilities.drive.slots.hours");
  bad = Drive();
  bad["capabilities"]["drive"]["slots"].erase("hours");
  bad["location"].erase("hours");  // Neither the service nor the site has hours: nothing to cut slots from.
  BOOST_TEST(Body(Put("/v1/sites/drive-2", bad))["error"]["field"] == "capabilities.drive.slots.hours");
  bad = Drive();
  bad["capabilities"]["home"] = {{"cost_cents", 500}, {"lead_time_hours", 4}, {"slots", {{"minutes", 30}}}};
  BOOST_TEST(Body(Put("/v1/sites/drive-2", bad))["error"]["field"] == "capabilities.home.slots");
  // Hours that hold no slot would take no order, ever (found by the merchant's trial: they were accepted).
  bad = Drive();
  bad["capabilities"]["drive"]["slots"]["hours"] = json::object();
  BOOST_TEST(Body(Put("/v1/sites/drive-2", bad))["error"]["field"] == "capabilities.drive.slots.hours");
  bad = Drive();
  bad["capabilities"]["drive"]["slots"]["minutes"] = 180;  // Longer than the two-hour morning.
  BOOST_TEST(Body(Put("/v1/sites/drive-2", bad))["error"]["field"] == "capabilities.drive.slots.minutes");
}

// The service's own hours decide its days, not the shop's: a drive open on Sunday mornings while the shop
// is closed takes Sunday slots (found by the merchant's trial: listed as bookable, then refused site_closed).
BOOST_FIXTURE_TEST_CASE(a_service_opens_on_its_own_hours_and_after_midnight, Fixture) {
  json drive = Drive();
  drive["capabilities"]["drive"]["slots"]["hours"] = {{"sun", json::array({json::array({"10:00", "11:00"})})},
                                                      {"fri", json::array({json::array({"22:00", "01:00"})})}};
  BOOST_REQUIRE_EQUAL(Put("/v1/sites/drive-1", drive)->status, 200);
  BOOST_TEST(Body(Order("sunday", "10:00", "2099-06-07"))["status"] == "placed");  // A Sunday.
  // Friday night's last slot is Saturday's date.
  const json night = Slots("mode=drive&days=2&from=2099-06-05");
  std::vector<std::string> slots;
  for (const json& s : night["slots"])
    slots.push_back(s["date"].get<std::string>() + " " + s["slot"].get<std::string>());
  BOOST_TEST(
      slots == std::vector<std::string>({"2099-06-05 22:00-22:30", "2099-06-05 22:30-23:00", "2099-06-05 23:00-23:30",
                                         "2099-06-05 23:30-00:00", "2099-06-06 00:00-00:30", "2099-06-06 00:30-01:00"}),
      boost::test_tools::per_element());
  BOOST_TEST(Body(Order("late", "00:30", "2099-06-06"))["status"] == "placed");
  // A change of the service's slots that would strand those bookings waits until they are moved.
  drive["capabilities"]["drive"]["slots"]["minutes"] = 60;
  const json stranded = Body(Put("/v1/sites/drive-1", drive))["error"];
  BOOST_TEST(stranded["code"] == "slots_booked");
  BOOST_TEST(stranded["field"] == "capabilities.drive.slots");
  BOOST_TEST(stranded["bookings"] == json({{{"date", "2099-06-06"}, {"slot", "00:30-01:00"}, {"booked", 1}},
                                           {{"date", "2099-06-07"}, {"slot", "10:00-10:30"}, {"booked", 1}}}));
  drive["capabilities"]["drive"]["slots"]["capacity"] = 5;  // More places, the same slots: fine.
  drive["capabilities"]["drive"]["slots"]["minutes"] = 30;
  BOOST_TEST(Put("/v1/sites/drive-1", drive)->status == 200);
}

// An order with two slots at one drive (two days): each shipment says its own (found by the merchant's trial:
// both said the last line's).
BOOST_FIXTURE_TEST_CASE(each_shipment_of_an_order_says_its_own_slot, Fixture) {
  const json lines = {
      {{"sku", "WATER"}, {"quantity", 1}, {"site", "drive-1"}, {"mode", "drive"}, {"date", kMonday}, {"slot", "10:00"}},
      {{"sku", "WATER"},
       {"quantity", 2},
       {"site", "drive-1"},
       {"mode", "drive"},
       {"date", "2099-06-15"},
       {"slot", "11:00"}}};
  httplib::Headers h = Merchant();
  h.emplace("Idempotency-Key", "two-slots");
  const json order = Body(http->Post("/v1/orders", h, json{{"customer_id", "c-two"}, {"lines", lines}}.dump(), kJson));
  BOOST_TEST_REQUIRE(order["delivery"].size() == 2u, order.dump());
  BOOST_TEST(order["delivery"][0]["slot"] == "10:00-10:30");
  BOOST_TEST(order["delivery"][0]["latest"] == kMonday);
  BOOST_TEST(order["delivery"][1]["slot"] == "11:00-11:30");
  BOOST_TEST(order["delivery"][1]["latest"] == "2099-06-15");
  // Moving the order's collection to one slot moves both; asking for the slot it has records nothing.
  const std::string id = order["id"];
  const json moved = Act(id, {{"action", "change_slot"}, {"reason", "r"}, {"date", kMonday}, {"slot", "11:30"}});
  BOOST_TEST(moved["delivery"][0]["slot"] == "11:30-12:00");
  BOOST_TEST(moved["delivery"][1]["slot"] == "11:30-12:00");
  Act(id, {{"action", "change_slot"}, {"reason", "r"}, {"date", kMonday}, {"slot", "11:30"}});
  const json events = Body(http->Get("/v1/orders/" + id + "/events", Merchant()))["events"];
  BOOST_TEST(events.size() == 2u);  // Created, moved once.
}

// A basket's chosen slot is checked when it is chosen, not only when the order is placed (found by the
// merchant's trial: a full slot, a slot the service does not have, a closed day all planned silently).
BOOST_FIXTURE_TEST_CASE(a_basket_refuses_a_slot_the_order_could_not_take, Fixture) {
  BOOST_TEST(Body(Order("a", "10:00"))["status"] == "placed");
  BOOST_TEST(Body(Order("b", "10:00"))["status"] == "placed");
  const json created = CallJson(*http, "POST", "/v1/baskets",
                                {{"customer_id", "c-basket"}, {"lines", {{{"sku", "WATER"}, {"quantity", 1}}}}}, 201);
  const std::string path = "/v1/baskets/" + created["id"].get<std::string>() + "/choices";
  const auto choose = [&](const std::string& date, const std::string& start) {
    const json body = {
        {"choices",
         {{"modes", {"drive"}}, {"drive_site", "drive-1"}, {"drive_slot", {{"date", date}, {"start", start}}}}}};
    return Body(http->Put(path, Merchant(), body.dump(), kJson));
  };
  const json full = choose(kMonday, "10:00")["error"];
  BOOST_TEST(full["code"] == "slot_unavailable");
  BOOST_TEST(full["reason"] == "full");
  BOOST_TEST(full["field"] == "choices.drive_slot");
  BOOST_TEST(full["next_free"][0]["slot"] == "10:30-11:00");
  BOOST_TEST(choose(kMonday, "10:15")["error"]["reason"] == "no_such_slot");
  BOOST_TEST(choose("2099-06-09", "10:00")["error"]["code"] == "site_closed");  // No drive on Tuesdays.
  BOOST_TEST(choose(kMonday, "10:30")["choices"]["drive_slot"]["start"] == "10:30");
  // Shapes that are not a slot or a site: 400 naming the choice, never a 500.
  const json odd = {{"choices", {{"drive_site", 5}, {"drive_slot", {{"date", 5}, {"start", true}}}}}};
  const httplib::Result refused = http->Put(path, Merchant(), odd.dump(), kJson);
  BOOST_TEST(refused->status == 400);
  BOOST_TEST(Body(refused)["error"]["field"].get<std::string>().starts_with("choices.drive_s"));
}

BOOST_FIXTURE_TEST_CASE(an_order_books_a_slot_and_a_full_one_answers_with_the_next_free, Fixture) {
  // At a drive booked by slot, a day alone is not enough.
  const json none = Body(Order("none", ""));
  BOOST_TEST(none["error"]["code"] == "slot_required");
  BOOST_TEST(none["error"]["field"] == "lines[0].slot");
  BOOST_TEST(none["error"]["next_free"][0] == json({{"date", kMonday}, {"slot", "10:00-10:30"}, {"free", 2}}));
  // The slot's start is enough; the order records the whole slot, and its shipment says it.
  const json first = Body(Order("first", "10:00"));
  BOOST_TEST_REQUIRE(first["status"] == "placed", first.dump());
  BOOST_TEST(first["lines"][0]["slot"] == "10:00-10:30");
  BOOST_TEST(first["delivery"][0]["slot"] == "10:00-10:30");
  BOOST_TEST(first["delivery"][0]["latest"] == kMonday);
  BOOST_TEST(first["eta"] == kMonday);  // An order that is no parent says when all of it is there too.
  BOOST_TEST(Body(Order("second", "10:00-10:30"))["status"] == "placed");
  BOOST_TEST(Reserved() == 2);
  // The third car does not fit: 409, the line named, the next free slots, nothing reserved.
  const httplib::Result third = Order("third", "10:00");
  BOOST_TEST(third->status == 409);
  const json full = Body(third)["error"];
  BOOST_TEST(full["code"] == "slot_unavailable");
  BOOST_TEST(full["reason"] == "full");
  BOOST_TEST(full["field"] == "lines[0].slot");
  BOOST_TEST(full["next_free"][0] == json({{"date", kMonday}, {"slot", "10:30-11:00"}, {"free", 2}}));
  BOOST_TEST(Reserved() == 2);
  BOOST_TEST(Load() == std::vector<std::string>({"10:00-10:30 2", "10:30-11:00 0", "11:00-11:30 0", "11:30-12:00 0"}),
             boost::test_tools::per_element());
  BOOST_TEST(Slots(std::string("mode=drive&days=1&from=") + kMonday)["slots"][0]["bookable"] == false);
  // Not a slot of the service (a quarter past, or the shop's afternoon): refused, with what there is.
  const json off = Body(Order("off", "10:15"))["error"];
  BOOST_TEST(off["reason"] == "no_such_slot");
  BOOST_TEST(off["next_free"].size() == 5u);  // Three left that Monday, then the next Monday's.
  BOOST_TEST(off["next_free"][3]["date"] == "2099-06-15");
  BOOST_TEST(Body(Order("afternoon", "15:00"))["error"]["reason"] == "no_such_slot");
  BOOST_TEST(Body(Order("typo", "10h"))["error"]["field"] == "lines[0].slot");
  // A cancelled order gives its place back.
  const std::string id = first["id"];
  const json cancelled = Act(id, {{"action", "cancel"}, {"reason", "plans changed"}});
  BOOST_TEST(cancelled["status"] == "cancelled");
  BOOST_TEST(!cancelled.contains("eta"));  // Arrives nowhere.
  BOOST_TEST(Load()[0] == "10:00-10:30 1");
  BOOST_TEST(Body(Order("third-again", "10:00"))["status"] == "placed");
}

BOOST_FIXTURE_TEST_CASE(a_slot_whose_cut_off_has_passed_is_refused, Fixture) {
  // A pick-up counter open day and night, in hour slots booked until their start: today's first slot (00:00)
  // has begun already, whatever the hour.
  json counter = Drive();
  counter["capabilities"]["drive"]["slots"] = {{"minutes", 60}, {"capacity", 5}, {"always", true}};
  BOOST_REQUIRE_EQUAL(Put("/v1/sites/drive-2", counter)->status, 200);
  const json receipt = {{"kind", "receipt"}, {"sku", "WATER"}, {"site", "drive-2"}, {"quantity", 10}};
  BOOST_REQUIRE_EQUAL(http->Post("/v1/stock/movements", Merchant(), receipt.dump(), kJson)->status, 201);
  const UnixSeconds now = static_cast<UnixSeconds>(std::time(nullptr));
  const TimeZoneRule paris = FindTimeZone("Europe/Paris").value();
  const std::string today = FormatIsoDate(DayOf(now + paris.OffsetAt(now)));
  const json gone = Body(Order("gone", "00:00", today, "drive-2"))["error"];
  BOOST_TEST(gone["code"] == "slot_unavailable");
  BOOST_TEST(gone["reason"] == "cut_off");
  BOOST_TEST(gone["next_free"].size() == 5u);  // Later today or tomorrow: always some.
  for (const json& s : gone["next_free"])
    BOOST_TEST((s["date"].get<std::string>() + s["slot"].get<std::string>()) > today + "00:00");
}

BOOST_FIXTURE_TEST_CASE(customer_service_moves_a_booking_to_another_slot, Fixture) {
  const json mine = Body(Order("mine", "10:00"));
  const std::string id = mine["id"];
  const json moved =
      Act(id, {{"action", "change_slot"}, {"reason", "stuck at work"}, {"date", kMonday}, {"slot", "11:30"}});
  BOOST_TEST_REQUIRE(moved["lines"][0]["slot"] == "11:30-12:00", moved.dump());
  BOOST_TEST(moved["delivery"][0]["slot"] == "11:30-12:00");
  BOOST_TEST(Load() == std::vector<std::string>({"10:00-10:30 0", "10:30-11:00 0", "11:00-11:30 0", "11:30-12:00 1"}),
             boost::test_tools::per_element());
  const json events = Body(http->Get("/v1/orders/" + id + "/events", Merchant()))["events"];
  BOOST_TEST(events.back()["kind"] == "slot_changed");
  BOOST_TEST(events.back()["details"]["from_slot"] == "10:00-10:30");
  BOOST_TEST(events.back()["details"]["to_slot"] == "11:30-12:00");
  // A day alone is not a slot there; a full slot is refused with the next free ones.
  BOOST_TEST(Act(id, {{"action", "change_slot"}, {"reason", "r"}, {"date", kMonday}})["error"]["code"] ==
             "slot_required");
  BOOST_TEST(Body(Order("a", "10:30"))["status"] == "placed");
  BOOST_TEST(Body(Order("b", "10:30"))["status"] == "placed");
  const json full = Act(id, {{"action", "change_slot"}, {"reason", "r"}, {"date", kMonday}, {"slot", "10:30"}});
  BOOST_TEST(full["error"]["reason"] == "full");
  BOOST_TEST(full["error"]["field"] == "slot");
  BOOST_TEST(full["error"]["next_free"][0]["slot"] == "10:00-10:30");
  // The booking it held is still its own.
  BOOST_TEST(Load()[3] == "11:30-12:00 1");
  // The shopper's tracking page says the slot.
  const std::string token = mine["tracking_token"];
  const json timeline = CallJson(*http, "GET", "/v1/orders/" + id + "/timeline", nullptr, 200, token);
  BOOST_TEST(timeline["shipments"][0]["slot"] == "11:30-12:00");
  BOOST_TEST(timeline["shipments"][0]["eta"] == kMonday);
}

BOOST_FIXTURE_TEST_CASE(shoppers_racing_for_the_last_places_never_overbook_a_slot, Fixture) {
  std::atomic<int> placed{0}, refused{0};
  std::vector<std::thread> shoppers;
  for (int i = 0; i < 12; ++i) {
    shoppers.emplace_back([&, i] {
      auto client = edge.Client();
      json line = {{"sku", "WATER"},  {"quantity", 1},   {"site", "drive-1"},
                   {"mode", "drive"}, {"date", kMonday}, {"slot", "11:00"}};
      httplib::Headers h = Merchant();
      h.emplace("Idempotency-Key", "race-" + std::to_string(i));
      const httplib::Result r = client->Post(
          "/v1/orders", h, json{{"customer_id", "racer-" + std::to_string(i)}, {"lines", {line}}}.dump(), kJson);
      if (r && r->status == 201) ++placed;
      if (r && r->status == 409) ++refused;
    });
  }
  for (std::thread& t : shoppers) t.join();
  BOOST_TEST(placed == 2);
  BOOST_TEST(refused == 10);
  BOOST_TEST(Load()[2] == "11:00-11:30 2");
  BOOST_TEST(Reserved() == 2);
}

BOOST_FIXTURE_TEST_CASE(a_basket_plans_for_its_slot_and_orders_it, Fixture) {
  // A drive that needs two days to prepare, booked by the hour day and night.
  json slow = Drive();
  slow["capabilities"]["drive"] = {
      {"cost_cents", 0}, {"lead_time_hours", 48}, {"slots", {{"minutes", 60}, {"capacity", 3}, {"always", true}}}};
  BOOST_REQUIRE_EQUAL(Put("/v1/sites/drive-1", slow)->status, 200);
  const UnixSeconds now = static_cast<UnixSeconds>(std::time(nullptr));
  const DayNumber today = DayOf(now + FindTimeZone("Europe/Paris").value().OffsetAt(now));
  const json created = CallJson(*http, "POST", "/v1/baskets",
                                {{"customer_id", "c-basket"}, {"lines", {{{"sku", "WATER"}, {"quantity", 2}}}}}, 201);
  const std::string path = "/v1/baskets/" + created["id"].get<std::string>();
  const auto choose = [&](DayNumber day) {
    return CallJson(*http, "PUT", path + "/choices",
                    {{"choices",
                      {{"modes", {"drive"}},
                       {"drive_site", "drive-1"},
                       {"drive_slot", {{"date", FormatIsoDate(day)}, {"start", "12:00"}}}}}},
                    200);
  };
  // Tomorrow noon comes before the goods can be ready: booking it closed 48 hours before.
  const json too_soon =
      Body(http->Put(path + "/choices", Merchant(),
                     json{{"choices",
                           {{"modes", {"drive"}},
                            {"drive_site", "drive-1"},
                            {"drive_slot", {{"date", FormatIsoDate(today + 1)}, {"start", "12:00"}}}}}}
                         .dump(),
                     kJson));
  BOOST_TEST(too_soon["error"]["reason"] == "cut_off");
  // In three days it is: the shipment is collected on the slot's day, and the order books the slot.
  const json in_time = choose(today + 3);
  BOOST_TEST_REQUIRE(in_time["plan"]["shipments"].size() == 1u, in_time.dump());
  BOOST_TEST(in_time["plan"]["shipments"][0]["earliest"] == FormatIsoDate(today + 3));
  const json order = CallJson(*http, "POST", path + "/order", json::object(), 201);
  BOOST_TEST(order["lines"][0]["date"] == FormatIsoDate(today + 3));
  BOOST_TEST(order["lines"][0]["slot"] == "12:00-13:00");
  const json slots = Slots("mode=drive&days=1&from=" + FormatIsoDate(today + 3));
  BOOST_TEST(slots["slots"][12]["slot"] == "12:00-13:00");
  BOOST_TEST(slots["slots"][12]["booked"] == 1);
}

BOOST_FIXTURE_TEST_CASE(a_shopper_answering_a_choice_takes_the_slot_it_offers, Fixture) {
  const json created = Body(Order("asked", "10:00"));
  const std::string id = created["id"], token = created["tracking_token"];
  const json asked = CallJson(
      *http, "POST", "/v1/orders/" + id + "/questions",
      {{"kind", "choice"},
       {"text", {{"fr", "Votre commande aura du retard. Quand la retirer ?"}}},
       {"choices",
        {{{"label", "Lundi 15 juin, 11 h"}, {"action", "change_slot"}, {"date", "2099-06-15"}, {"slot", "11:00"}},
         "Garder le créneau"}}},
      201)["question"];
  const json chosen =
      CallJson(*http, "POST", "/v1/orders/" + id + "/questions/" + asked["id"].get<std::string>() + "/answer",
               {{"choice", 0}}, 200, token);
  BOOST_TEST(chosen["order"]["lines"][0]["date"] == "2099-06-15");
  BOOST_TEST(chosen["order"]["lines"][0]["slot"] == "11:00-11:30");
  BOOST_TEST(Load()[0] == "10:00-10:30 0");  // The old place is free again.
  // A choice of the slot the order has already: nothing moves, the answer is kept all the same.
  const json again = CallJson(
      *http, "POST", "/v1/orders/" + id + "/questions",
      {{"kind", "choice"},
       {"text", {{"fr", "On confirme lundi 15 juin, 11 h ?"}}},
       {"choices", {{{"label", "Oui"}, {"action", "change_slot"}, {"date", "2099-06-15"}, {"slot", "11:00"}}, "Non"}}},
      201)["question"];
  const json kept =
      CallJson(*http, "POST", "/v1/orders/" + id + "/questions/" + again["id"].get<std::string>() + "/answer",
               {{"choice", 0}}, 200, token);
  BOOST_TEST(kept["question"]["status"] == "answered");
  BOOST_TEST(kept["order"]["lines"][0]["slot"] == "11:00-11:30");
}
