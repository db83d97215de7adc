#define BOOST_TEST_MODULE geo
#include "wasm/engine/geo.h"

#include <boost/test/unit_test.hpp>
#include <random>

using namespace relais;

BOOST_AUTO_TEST_CASE(known_distances) {
  BOOST_TEST(std::abs(HaversineMeters(48.8566, 2.3522, 45.7640, 4.8357) - 391500) < 1500);  // Paris - Lyon.
  BOOST_TEST(HaversineMeters(48.8566, 2.3522, 48.8566, 2.3522) == 0.0);
  BOOST_TEST(std::abs(HaversineMeters(0, 0, 0, 180) - kPi * kEarthRadiusM) < 1e-6);
  BOOST_TEST(std::abs(MetersFromChordSquared(ChordSquaredFromMeters(12345.6)) - 12345.6) < 1e-6);
}

BOOST_AUTO_TEST_CASE(fast_haversine_agrees_with_the_reference) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> lat(-85, 85), lon(-180, 180), offset(-1, 1);
  for (int i = 0; i < 200000; ++i) {
    const double lat1 = lat(rng), lon1 = lon(rng);
    // Mostly near pairs (the search's case), some far and across the antimeridian.
    const double scale = i % 4 == 0 ? 90 : i % 4 == 1 ? 1 : i % 4 == 2 ? 0.01 : 0.0001;
    const double lat2 = std::clamp(lat1 + offset(rng) * scale, -89.9, 89.9);
    double lon2 = lon1 + offset(rng) * scale * 2;
    if (lon2 > 180) lon2 -= 360;
    if (lon2 < -180) lon2 += 360;
    const UnitVector p = ToUnitVector(lat2, lon2);
    // The point's cosine as a search gets it: from its float unit vector.
    const double px = static_cast<float>(p.x), py = static_cast<float>(p.y);
    const double fast =
        FastHaversineMeters(lat1, lon1, std::cos(lat1 * kDegToRad), lat2, lon2, std::sqrt(px * px + py * py));
    const double reference = HaversineMeters(lat1, lon1, lat2, lon2);
    BOOST_TEST_REQUIRE(std::abs(fast - reference) <= 1e-3 + reference * 1e-7,
                       lat1 << "," << lon1 << " " << lat2 << "," << lon2);
  }
}
