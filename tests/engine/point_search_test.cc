#define BOOST_TEST_MODULE point_search
#include "wasm/engine/point_search.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <random>

#include "tests/engine/test_snapshot.h"
#include "tests/engine/test_time.h"
#include "wasm/engine/geo.h"
#include "wasm/engine/relay_record.h"

using namespace relais;
using relais::testing::Local;
using relais::testing::SyntheticPoints;
using relais::testing::TestSnapshot;

namespace {

// The reference: every point, exact haversine, the same predicate.
std::vector<NearestHit> BruteForce(const Snapshot& s, PointSearch& search, const NearestQuery& q) {
  std::vector<NearestHit> all;
  for (uint32_t i = 0; i < s.size(); ++i) {
    if (!search.Matches(i, q.filter)) continue;
    const double d = HaversineMeters(q.lat, q.lon, s.lat(i), s.lon(i));
    if (d <= q.max_distance_m) all.push_back({i, d});
  }
  std::sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.distance_m < b.distance_m; });
  if (all.size() > q.k) all.resize(q.k);
  return all;
}

RelayPoint Point(const std::string& carrier, const std::string& id, PointKind kind, double lat, double lon) {
  RelayPoint p;
  p.carrier = carrier;
  p.id = id;
  p.kind = kind;
  p.name = id;
  p.country = "FR";
  p.lat = lat;
  p.lon = lon;
  p.tz = "Europe/Paris";
  p.zone = FindTimeZone(p.tz).value();
  p.hours = WeeklySchedule::AlwaysOpen();
  return p;
}

std::vector<std::string> Ids(const Snapshot& s, const std::vector<NearestHit>& hits) {
  std::vector<std::string> ids;
  for (const NearestHit& h : hits) ids.emplace_back(s.text(h.point, TextField::kId));
  return ids;
}

}  // namespace

BOOST_AUTO_TEST_CASE(nearest_equals_brute_force_with_and_without_filters) {
  const TestSnapshot snapshot(SyntheticPoints(20000, 42));
  const Snapshot& s = *snapshot;
  PointSearch search(s);
  std::mt19937_64 rng(9);
  std::vector<NearestHit> hits;
  for (int trial = 0; trial < 300; ++trial) {
    NearestQuery q;
    q.lat = 42.5 + (rng() % 8500) / 1000.0;
    q.lon = -4.5 + (rng() % 12500) / 1000.0;
    q.k = 1 + static_cast<uint32_t>(rng() % 25);
    switch (trial % 6) {
      case 1:
        q.filter.SetCarriers(s, {"chronopost"});
        break;
      case 2:
        q.filter.kinds = 1u << static_cast<int>(PointKind::kLocker);
        q.filter.weight_g = 22000;
        break;
      case 3:
        q.filter.required_services = kAccessible | kParking;
        q.max_distance_m = 30000;
        break;
      case 4:
        q.filter.open_at = Local(s.zone(0), 2026, 11, 29, 11, 0);
        break;  // A Sunday morning.
      case 5:
        q.filter.open_on = DaysFromCivil(2026, 12, 6);
        q.filter.dims_cm = {50, 30, 39};
        break;
      default:
        break;
    }
    search.Nearest(q, &hits);
    const std::vector<NearestHit> expected = BruteForce(s, search, q);
    BOOST_TEST_REQUIRE(hits.size() == expected.size(), "trial " << trial);
    for (size_t i = 0; i < hits.size(); ++i) {
      // Same distances (ids may differ only between points at the same distance).
      BOOST_TEST_REQUIRE(std::abs(hits[i].distance_m - expected[i].distance_m) < 0.5,
                         "trial " << trial << " rank " << i);
      BOOST_TEST_REQUIRE(search.Matches(hits[i].point, q.filter));
    }
  }
}

BOOST_AUTO_TEST_CASE(in_box_equals_brute_force) {
  const TestSnapshot snapshot(SyntheticPoints(20000, 43));
  const Snapshot& s = *snapshot;
  PointSearch search(s);
  std::mt19937_64 rng(10);
  std::vector<uint32_t> got;
  for (int trial = 0; trial < 200; ++trial) {
    const double south = 42 + (rng() % 9000) / 1000.0, west = -5 + (rng() % 13000) / 1000.0;
    const double size = (rng() % 2000) / 1000.0;
    const BoundingBox box{south, west, south + size, west + size * 1.5};
    PointFilter filter;
    if (trial % 2) filter.kinds = 1u << static_cast<int>(PointKind::kShop);
    search.InBox(box, filter, 1u << 30, &got);
    std::vector<uint32_t> expected;
    for (uint32_t i = 0; i < s.size(); ++i) {
      if (s.lat(i) >= box.south && s.lat(i) <= box.north && s.lon(i) >= box.west && s.lon(i) <= box.east &&
          search.Matches(i, filter)) {
        expected.push_back(i);
      }
    }
    std::sort(got.begin(), got.end());
    BOOST_TEST_REQUIRE((got == expected), "trial " << trial);
  }
  search.InBox({45, 0, 46, 1}, PointFilter{}, 5, &got);
  BOOST_TEST(got.size() == 5u);  // The limit holds.
}

BOOST_AUTO_TEST_CASE(filters_do_what_they_say) {
  std::vector<RelayPoint> points;
  RelayPoint shop = Point("mondial-relay", "shop", PointKind::kShop, 48.8566, 2.3522);
  shop.hours = WeeklySchedule::Weekly();
  for (int d = 0; d < 6; ++d) shop.hours.AddInterval(d, 9 * 60, 19 * 60);
  shop.closures = {{DaysFromCivil(2026, 12, 24), DaysFromCivil(2026, 12, 26)}};
  shop.services = kAccessible;
  shop.max_weight_g = 20000;
  points.push_back(shop);
  RelayPoint locker = Point("inpost", "locker", PointKind::kLocker, 48.8570, 2.3530);
  locker.max_dims_cm = {38, 64, 41};
  points.push_back(locker);
  RelayPoint inactive = Point("mondial-relay", "inactive", PointKind::kShop, 48.8567, 2.3523);
  inactive.active = false;
  points.push_back(inactive);
  RelayPoint far = Point("colissimo", "lyon", PointKind::kPostOffice, 45.7640, 4.8357);
  far.hours = WeeklySchedule();  // Unknown hours.
  points.push_back(far);
  RelayPoint london = Point("dpd", "london", PointKind::kShop, 51.5074, -0.1278);
  london.tz = "Europe/London";
  london.zone = FindTimeZone(london.tz).value();
  london.hours = WeeklySchedule::Weekly();
  for (int d = 0; d < 7; ++d) london.hours.AddInterval(d, 9 * 60, 10 * 60);
  points.push_back(london);
  const TestSnapshot snapshot(points);
  const Snapshot& s = *snapshot;
  PointSearch search(s);
  std::vector<NearestHit> hits;
  const auto ids = [&](NearestQuery q) {
    q.lat = 48.8566;
    q.lon = 2.3522;
    search.Nearest(q, &hits);
    return Ids(s, hits);
  };
  using V = std::vector<std::string>;
  BOOST_TEST((ids({}) == V{"shop", "locker", "london", "lyon"}));  // Inactive left out by default.
  NearestQuery q;
  q.filter.active_only = false;
  BOOST_TEST((ids(q) == V{"shop", "inactive", "locker", "london", "lyon"}));
  q = {};
  q.k = 2;
  BOOST_TEST((ids(q) == V{"shop", "locker"}));
  q = {};
  q.max_distance_m = 1000;
  BOOST_TEST((ids(q) == V{"shop", "locker"}));
  q = {};
  q.filter.kinds = 1u << static_cast<int>(PointKind::kLocker);
  BOOST_TEST((ids(q) == V{"locker"}));
  q = {};
  q.filter.SetCarriers(s, {"colissimo", "dpd", "no-such-carrier"});
  BOOST_TEST((ids(q) == V{"london", "lyon"}));
  q = {};
  q.filter.required_services = kAccessible;
  BOOST_TEST((ids(q) == V{"shop"}));
  q = {};
  q.filter.weight_g = 25000;  // Over the shop's 20 kg; the others keep the carrier default.
  BOOST_TEST((ids(q) == V{"locker", "london", "lyon"}));
  q = {};
  q.filter.dims_cm = {65, 10, 10};  // Longer than the locker's longest side (64).
  BOOST_TEST((ids(q) == V{"shop", "london", "lyon"}));
  q.filter.dims_cm = {10, 63, 40};  // Fits once rotated.
  BOOST_TEST((ids(q) == V{"shop", "locker", "london", "lyon"}));
  // Open at an instant, each point on its own clock: 09:30 in Paris is 08:30 in London (closed there
  // until 09:00 London time); asked for published hours, unknown hours are never "open".
  const TimeZoneRule paris = FindTimeZone("Europe/Paris").value();
  q = {};
  q.filter.unknown_hours_pass = false;
  q.filter.open_at = Local(paris, 2026, 11, 24, 9, 30);
  BOOST_TEST((ids(q) == V{"shop", "locker"}));
  q.filter.open_at = Local(paris, 2026, 11, 24, 10, 30);
  BOOST_TEST((ids(q) == V{"shop", "locker", "london"}));
  q.filter.open_at = Local(paris, 2026, 11, 29, 10, 30);  // Sunday: the shop is closed.
  BOOST_TEST((ids(q) == V{"locker", "london"}));
  q = {};
  q.filter.unknown_hours_pass = false;
  q.filter.open_on = DaysFromCivil(2026, 12, 25);  // Closure.
  BOOST_TEST((ids(q) == V{"locker", "london"}));
  q = {};  // Parcel arrives on the 24th, kept 2 days: the shop is closed the whole window.
  q.filter.unknown_hours_pass = false;
  q.filter.open_from = Local(paris, 2026, 12, 24, 0, 0);
  q.filter.open_until = Local(paris, 2026, 12, 27, 0, 0);
  BOOST_TEST((ids(q) == V{"locker", "london"}));
  q.filter.open_until = Local(paris, 2026, 12, 28, 9, 1);  // Until Monday 09:01: it opens at 09:00.
  BOOST_TEST((ids(q) == V{"shop", "locker", "london"}));
  // By default a point whose carrier publishes no hours (lyon) passes the date tests, as the carrier takes
  // parcels there -- unless a declared closure covers the day.
  q = {};
  q.filter.open_on = DaysFromCivil(2026, 12, 25);
  BOOST_TEST((ids(q) == V{"locker", "london", "lyon"}));
  // Distances are great-circle metres.
  q = {};
  ids(q);
  BOOST_TEST(std::abs(hits[2].distance_m - 343500) < 1500);  // Paris - London.
  BOOST_TEST(std::abs(hits[3].distance_m - 391500) < 1500);  // Paris - Lyon.
}

BOOST_AUTO_TEST_CASE(degenerate_queries) {
  const TestSnapshot snapshot(SyntheticPoints(100, 1));
  PointSearch search(*snapshot);
  std::vector<NearestHit> hits;
  NearestQuery q;
  q.k = 0;
  search.Nearest(q, &hits);
  BOOST_TEST(hits.empty());
  q.k = 1000;
  q.lat = 46;
  q.lon = 2;
  search.Nearest(q, &hits);
  BOOST_TEST(hits.size() == BruteForce(*snapshot, search, q).size());
  q.lat = NAN;
  search.Nearest(q, &hits);
  BOOST_TEST(hits.empty());
  // The antipode of France finds the same points, farthest away.
  q = {};
  q.lat = -46;
  q.lon = -178;
  search.Nearest(q, &hits);
  BOOST_TEST(hits.size() == 10u);
  BOOST_TEST(hits[0].distance_m > 19000000);
}
