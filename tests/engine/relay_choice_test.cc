#define BOOST_TEST_MODULE relay_choice
// A shopper's relay choice re-checked: each reason a point cannot take the parcel is named, and the
// nearest points that can are offered instead.
#include "wasm/engine/relay_choice.h"

#include <boost/test/unit_test.hpp>

#include "tests/engine/test_points.h"
#include "tests/engine/test_snapshot.h"

using namespace relais;
using relais::testing::TestSnapshot;

namespace {

RelayPoint Point(const std::string& carrier, const std::string& id, double lat, double lon) {
  return relais::testing::ParisShop(carrier, id, lat, lon);  // Closed on Sundays.
}

// Around Paris Châtelet: the chosen shop (5 kg, holidays at Christmas), a gone shop, a small locker, two
// fitting shops farther away, another carrier's shop next door, and two post offices without hours.
std::vector<RelayPoint> Points() {
  RelayPoint chosen = Point("mondial-relay", "CHOSEN", 48.8584, 2.3470);
  chosen.max_weight_g = 5000;
  chosen.closures = {{DaysFromCivil(2026, 12, 24), DaysFromCivil(2026, 12, 26)}};
  RelayPoint gone = Point("mondial-relay", "GONE", 48.8590, 2.3480);
  gone.active = false;
  RelayPoint locker = Point("mondial-relay", "LOCKER", 48.8600, 2.3490);
  locker.kind = PointKind::kLocker;
  locker.max_dims_cm = {40, 30, 20};
  locker.hours = WeeklySchedule::AlwaysOpen();
  RelayPoint unknown_hours = Point("la-poste", "NOHOURS", 48.8570, 2.3520);
  unknown_hours.hours = WeeklySchedule();  // The carrier publishes none.
  unknown_hours.closures = {{DaysFromCivil(2026, 12, 24), DaysFromCivil(2026, 12, 24)}};
  RelayPoint unknown_hours_next_door = Point("la-poste", "NOHOURS-2", 48.8575, 2.3515);
  unknown_hours_next_door.hours = WeeklySchedule();
  return {chosen,
          gone,
          locker,
          unknown_hours,
          unknown_hours_next_door,
          Point("mondial-relay", "NEAR", 48.8610, 2.3500),
          Point("mondial-relay", "FAR", 48.8800, 2.3700),
          Point("dpd", "OTHER", 48.8585, 2.3471)};
}

std::vector<std::string> Ids(const Snapshot& s, const RelayVerdict& v) {
  std::vector<std::string> ids;
  for (const NearestHit& h : v.alternatives) ids.emplace_back(s.text(h.point, TextField::kId));
  return ids;
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_problem_is_named_and_alternatives_fit) {
  const TestSnapshot snapshot(Points());
  PointSearch search(*snapshot);
  RelayChoice choice;
  choice.carrier = "mondial-relay";
  choice.id = "CHOSEN";
  choice.parcel.SetCarriers(*snapshot, {"mondial-relay"});
  choice.parcel.weight_g = 2000;
  choice.parcel.open_on = DaysFromCivil(2026, 11, 27);  // A Friday.
  choice.alternatives = 3;

  RelayVerdict v = CheckRelayChoice(*snapshot, &search, choice);
  BOOST_TEST((v.problem == RelayProblem::kNone));
  BOOST_TEST(v.alternatives.empty());

  choice.parcel.weight_g = 6000;
  v = CheckRelayChoice(*snapshot, &search, choice);
  BOOST_TEST(RelayProblemCode(v.problem) == "too_heavy");
  // Fitting points only, nearest first: not the gone one, not the other carrier's, not the chosen one.
  BOOST_TEST((Ids(*snapshot, v) == std::vector<std::string>{"LOCKER", "NEAR", "FAR"}));

  choice.parcel.weight_g = 2000;
  choice.parcel.open_on = DaysFromCivil(2026, 12, 25);  // Christmas holidays.
  v = CheckRelayChoice(*snapshot, &search, choice);
  BOOST_TEST(RelayProblemCode(v.problem) == "closed_on_arrival");
  BOOST_TEST((Ids(*snapshot, v) == std::vector<std::string>{"LOCKER", "NEAR", "FAR"}));  // Open on the 25th.
  choice.parcel.open_on = DaysFromCivil(2026, 11, 29);  // A Sunday: only the 24/7 locker.
  v = CheckRelayChoice(*snapshot, &search, choice);
  BOOST_TEST(RelayProblemCode(v.problem) == "closed_on_arrival");
  BOOST_TEST((Ids(*snapshot, v) == std::vector<std::string>{"LOCKER"}));

  choice.parcel.open_on.reset();
  choice.id = "GONE";
  BOOST_TEST(RelayProblemCode(CheckRelayChoice(*snapshot, &search, choice).problem) == "inactive");
  choice.id = "LOCKER";
  choice.parcel.dims_cm = {30, 50, 10};  // Longer than the locker, whichever way it is turned.
  BOOST_TEST(RelayProblemCode(CheckRelayChoice(*snapshot, &search, choice).problem) == "too_big");
  choice.parcel.dims_cm = {30, 20, 10};
  BOOST_TEST((CheckRelayChoice(*snapshot, &search, choice).problem == RelayProblem::kNone));
  choice.parcel.kinds = 1u << static_cast<int>(PointKind::kShop);  // The merchant allows shops only.
  BOOST_TEST(RelayProblemCode(CheckRelayChoice(*snapshot, &search, choice).problem) == "not_allowed");
  choice.carrier = "dpd";
  choice.id = "OTHER";
  BOOST_TEST(RelayProblemCode(CheckRelayChoice(*snapshot, &search, choice).problem) == "not_allowed");

  // Unknown hours: accepted on any date but a declared closure.
  choice.carrier = "la-poste";
  choice.id = "NOHOURS";
  choice.parcel = PointFilter();
  choice.parcel.open_on = DaysFromCivil(2026, 11, 29);  // A Sunday.
  BOOST_TEST((CheckRelayChoice(*snapshot, &search, choice).problem == RelayProblem::kNone));
  choice.parcel.open_on = DaysFromCivil(2026, 12, 24);
  v = CheckRelayChoice(*snapshot, &search, choice);
  BOOST_TEST(RelayProblemCode(v.problem) == "closed_on_arrival");
  // Its neighbour without hours is offered as the carrier would take it (not the chosen shop: on holiday).
  BOOST_TEST((Ids(*snapshot, v) == std::vector<std::string>{"NOHOURS-2", "OTHER", "LOCKER"}));
  choice.parcel.SetCarriers(*snapshot, {"mondial-relay"});
  choice.parcel.kinds = 1u << static_cast<int>(PointKind::kShop);
  choice.parcel.open_on.reset();

  choice.carrier = "mondial-relay";
  choice.id = "NO-SUCH-POINT";
  v = CheckRelayChoice(*snapshot, &search, choice);
  BOOST_TEST(RelayProblemCode(v.problem) == "unknown_point");
  BOOST_TEST(v.alternatives.empty());  // Nowhere to look from.
  choice.near_lat = 48.8584;
  choice.near_lon = 2.3470;
  v = CheckRelayChoice(*snapshot, &search, choice);
  BOOST_TEST((Ids(*snapshot, v) == std::vector<std::string>{"CHOSEN", "NEAR", "FAR"}));
}
