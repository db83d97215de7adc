// Hand-made relay points for tests that need a few known ones.
#ifndef RELAIS_TESTS_ENGINE_TEST_POINTS_H_
#define RELAIS_TESTS_ENGINE_TEST_POINTS_H_

#include <string>

#include "wasm/engine/relay_point.h"

namespace relais::testing {

// A shop in Paris' time zone, open Monday to Saturday 09:00-19:00, closed on Sundays.
inline RelayPoint ParisShop(const std::string& carrier, const std::string& id, double lat, double lon) {
  RelayPoint p;
  p.carrier = carrier;
  p.id = id;
  p.name = id;
  p.country = "FR";
  p.postcode = "75001";
  p.city = "PARIS";
  p.lat = lat;
  p.lon = lon;
  p.tz = "Europe/Paris";
  p.zone = *FindTimeZone(p.tz);
  p.hours = WeeklySchedule::Weekly();
  for (int d = 0; d < 6; ++d) p.hours.AddInterval(d, 9 * 60, 19 * 60);
  return p;
}

}  // namespace relais::testing

#endif  // RELAIS_TESTS_ENGINE_TEST_POINTS_H_
