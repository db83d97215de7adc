// Spherical geometry on unit vectors: exact great-circle order without trigonometry in search loops.
//
// A point on the sphere is stored as a unit vector; the squared chord between two unit vectors is a
// monotonic function of their great-circle distance, so searches compare squared chords and convert only
// their k results to metres.
#ifndef RELAIS_ENGINE_GEO_H_
#define RELAIS_ENGINE_GEO_H_

#include <cmath>

namespace relais {

constexpr double kEarthRadiusM = 6371008.8;  // IUGG mean radius, the one haversine tools use.
constexpr double kPi = 3.14159265358979323846;
constexpr double kDegToRad = kPi / 180.0;

struct UnitVector {
  double x, y, z;
};

inline UnitVector ToUnitVector(double lat_deg, double lon_deg) {
  const double lat = lat_deg * kDegToRad, lon = lon_deg * kDegToRad;
  const double c = std::cos(lat);
  return {c * std::cos(lon), c * std::sin(lon), std::sin(lat)};
}

// Squared chord of a great-circle distance (in units of the sphere's radius).
inline double ChordSquaredFromMeters(double distance_m) {
  const double half_angle = std::fmin(distance_m / kEarthRadiusM, kPi) / 2;
  const double chord = 2 * std::sin(half_angle);
  return chord * chord;
}

inline double MetersFromChordSquared(double chord_squared) {
  const double half_chord = std::sqrt(chord_squared) / 2;
  return 2 * kEarthRadiusM * std::asin(std::fmin(1.0, half_chord));
}

// Great-circle distance by the haversine formula: the reference the tests compare searches with.
inline double HaversineMeters(double lat1, double lon1, double lat2, double lon2) {
  const double dlat = (lat2 - lat1) * kDegToRad, dlon = (lon2 - lon1) * kDegToRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kDegToRad) * std::cos(lat2 * kDegToRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::fmin(1.0, std::sqrt(a)));
}

// Web Mercator in [0, 1] (x east, y south), as map tiles and the cluster hierarchy use it.
inline double MercatorX(double lon) { return lon / 360 + 0.5; }
inline double MercatorY(double lat) {
  const double s = std::sin(lat * kDegToRad);
  const double y = 0.5 - 0.25 * std::log((1 + s) / (1 - s)) / kPi;
  return y < 0 ? 0 : y > 1 ? 1 : y;
}
inline double LonOfMercator(double x) { return (x - 0.5) * 360; }
inline double LatOfMercator(double y) { return 360 * std::atan(std::exp((180 - y * 360) * kDegToRad)) / kPi - 90; }

// Haversine for a search's results, cheaper than the reference above where libm is slow (WebAssembly).
// Points within ~0.02 rad (~64 km in latitude, more in longitude) of each other take a path without
// transcendental calls: the caller passes both cosines of latitude (the point's can come from its unit
// vector, sqrt(x^2 + y^2)), and the half-angle sines and the final arcsine use Taylor series whose first
// omitted term is below 1e-22 relative. Farther pairs use the reference. geo_test bounds the difference.
inline double SmallSin(double x) {
  const double x2 = x * x;
  return x * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 / 42 * (1 - x2 / 72))));
}
inline double SmallAsin(double x) {
  const double x2 = x * x;
  return x * (1 + x2 * (1.0 / 6 + x2 * (3.0 / 40 + x2 * (5.0 / 112 + x2 * (35.0 / 1152)))));
}
inline double FastHaversineMeters(double lat1, double lon1, double cos_lat1, double lat2, double lon2,
                                  double cos_lat2) {
  constexpr double kSmall = 0.01;
  const double half_dlat = (lat2 - lat1) * kDegToRad / 2, half_dlon = (lon2 - lon1) * kDegToRad / 2;
  if (std::fabs(half_dlat) >= kSmall || std::fabs(half_dlon) >= kSmall) return HaversineMeters(lat1, lon1, lat2, lon2);
  const double s_lat = SmallSin(half_dlat), s_lon = SmallSin(half_dlon);
  const double h = std::sqrt(s_lat * s_lat + cos_lat1 * cos_lat2 * s_lon * s_lon);  // < 0.015
  return 2 * kEarthRadiusM * SmallAsin(h);
}

}  // namespace relais

#endif  // RELAIS_ENGINE_GEO_H_
