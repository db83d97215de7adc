#include "data-sync/synthetic_points.h"

#include <cmath>
#include <random>
#include <string>

namespace relais {

namespace {

struct CarrierShare {
  const char* slug;
  double share;
  double locker_share;
  uint32_t max_weight_g;
};
constexpr CarrierShare kCarriers[] = {
    {"mondial-relay", 0.40, 0.10, 30000}, {"relais-colis", 0.25, 0.05, 20000}, {"inpost", 0.15, 1.00, 25000},
    {"colissimo", 0.10, 0.10, 30000},     {"dpd", 0.09, 0.20, 20000},          {"chronopost", 0.01, 0.30, 20000},
};

// A few schedules real shops keep; most points share one of them.
WeeklySchedule TypicalSchedule(std::mt19937_64& rng) {
  WeeklySchedule s = WeeklySchedule::Weekly();
  const int style = static_cast<int>(rng() % 6);
  const int open = 8 * 60 + static_cast<int>(rng() % 5) * 30;    // 08:00..10:00
  const int close = 18 * 60 + static_cast<int>(rng() % 5) * 30;  // 18:00..20:00
  for (int d = 0; d < 7; ++d) {
    const bool sunday = d == 6, monday = d == 0;
    if (sunday && style != 5) continue;
    if (monday && style == 2) continue;
    if (style == 0 || style == 2) {  // Lunch break.
      s.AddInterval(d, open, 12 * 60 + 30);
      s.AddInterval(d, 14 * 60, close);
    } else if (style == 4 && d == 5) {
      s.AddInterval(d, open, 12 * 60);
    } else {
      s.AddInterval(d, open, sunday ? 13 * 60 : close);
    }
  }
  return s;
}

}  // namespace

std::vector<RelayPoint> GenerateSyntheticPoints(const SyntheticOptions& options) {
  std::mt19937_64 rng(options.seed);
  const auto uniform = [&]() { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  std::vector<RelayPoint> points;
  points.reserve(options.count);
  const TimeZoneRule paris = FindTimeZone("Europe/Paris").value();
  for (uint32_t i = 0; i < options.count; ++i) {
    RelayPoint p;
    double pick = uniform();
    const CarrierShare* carrier = &kCarriers[0];
    for (const CarrierShare& c : kCarriers) {
      carrier = &c;
      if (pick < c.share) break;
      pick -= c.share;
    }
    p.carrier = carrier->slug;
    p.id = std::to_string(100000 + i);
    const bool locker = uniform() < carrier->locker_share;
    p.kind = locker ? PointKind::kLocker
                    : (p.carrier == "colissimo" && uniform() < 0.3 ? PointKind::kPostOffice : PointKind::kShop);
    p.name = locker ? "Locker " + std::to_string(i) : "Relais " + std::to_string(i);
    p.address = {std::to_string(1 + rng() % 120) + " rue de la Gare"};
    if (options.anchors.empty()) {
      p.lat = 42.3 + uniform() * (51.1 - 42.3);
      p.lon = -4.8 + uniform() * (8.2 + 4.8);
    } else {
      const auto& [lat, lon] = options.anchors[rng() % options.anchors.size()];
      const double r_km = options.jitter_km * std::sqrt(uniform()), angle = uniform() * 6.283185307179586;
      p.lat = lat + r_km / 111.2 * std::cos(angle);
      p.lon = lon + r_km / (111.2 * std::cos(lat * 0.017453292519943295)) * std::sin(angle);
    }
    p.lat = std::round(p.lat * 1e6) / 1e6;
    p.lon = std::round(p.lon * 1e6) / 1e6;
    p.postcode = std::to_string(10000 + rng() % 85000);
    p.city = "VILLE " + std::to_string(rng() % 5000);
    p.country = "FR";
    p.tz = "Europe/Paris";
    p.zone = paris;
    p.hours = locker && uniform() < 0.8 ? WeeklySchedule::AlwaysOpen() : TypicalSchedule(rng);
    if (!locker && uniform() < 0.05) {
      const DayNumber start = DaysFromCivil(2026, 7, 1) + static_cast<DayNumber>(rng() % 365);
      p.closures.push_back({start, start + static_cast<DayNumber>(7 + rng() % 14)});
    }
    p.max_weight_g = carrier->max_weight_g;
    if (locker) p.max_dims_cm = {60, 40, 38};
    p.services = static_cast<uint16_t>(rng() & rng() & 0xff);
    p.active = uniform() > 0.02;
    points.push_back(std::move(p));
  }
  return points;
}

}  // namespace relais
