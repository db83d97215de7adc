#define BOOST_TEST_MODULE time_zone
#include "wasm/engine/time_zone.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/engine/test_time.h"

using namespace relais;
using relais::testing::Utc;

namespace {

// The system's tzdata, through the C library: the oracle our rule table must agree with.
int32_t SystemOffset(const std::string& zone, UnixSeconds t) {
  setenv("TZ", (":" + zone).c_str(), 1);
  tzset();
  const time_t tt = static_cast<time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  return static_cast<int32_t>(tm.tm_gmtoff);
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_zone_agrees_with_the_system_tzdata_2017_to_2037) {
  int checked = 0;
  ForEachTimeZone([&](std::string_view zone_name, TimeZoneRule zone) {
    const std::string name(zone_name);
    if (!std::filesystem::exists(std::string("/usr/share/zoneinfo/") + name)) return;
    ++checked;
    for (UnixSeconds t = Utc(2017, 1, 1, 12); t < Utc(2037, 12, 31); t += kSecondsPerDay) {
      BOOST_TEST_REQUIRE(zone.OffsetAt(t) == SystemOffset(name, t), name << " at " << t);
    }
    // Around every transition, to the second.
    for (UnixSeconds t = Utc(2017, 1, 1); t < Utc(2037, 12, 1);) {
      const std::optional<UnixSeconds> next = zone.NextTransition(t);
      if (!next) break;
      BOOST_TEST_REQUIRE(next.value() > t);
      for (int delta : {-1, 0}) {
        BOOST_TEST_REQUIRE(zone.OffsetAt(*next + delta) == SystemOffset(name, *next + delta),
                           name << " near " << *next);
      }
      BOOST_TEST_REQUIRE(zone.OffsetAt(*next - 1) != zone.OffsetAt(*next));
      t = *next;
    }
  });
  unsetenv("TZ");
  BOOST_TEST(checked >= 60, "tzdata missing: only " << checked << " zones checked");
}

BOOST_AUTO_TEST_CASE(paris_2026_transitions) {
  const TimeZoneRule paris = FindTimeZone("Europe/Paris").value();
  BOOST_TEST(paris.OffsetAt(Utc(2026, 3, 29, 0, 59, 59)) == 3600);
  BOOST_TEST(paris.OffsetAt(Utc(2026, 3, 29, 1)) == 7200);
  BOOST_TEST(paris.OffsetAt(Utc(2026, 10, 25, 0, 59, 59)) == 7200);
  BOOST_TEST(paris.OffsetAt(Utc(2026, 10, 25, 1)) == 3600);
  BOOST_TEST(paris.NextTransition(Utc(2026, 5, 1)).value() == Utc(2026, 10, 25, 1));
  BOOST_TEST(!FindTimeZone("Mars/Olympus_Mons"));
}

BOOST_AUTO_TEST_CASE(map_local_span_handles_gaps_and_repeated_hours) {
  const TimeZoneRule paris = FindTimeZone("Europe/Paris").value();
  std::vector<std::pair<UnixSeconds, UnixSeconds>> spans;
  auto collect = [&](UnixSeconds b, UnixSeconds e) { spans.emplace_back(b, e); };
  // 02:00-02:30 on the spring-forward Sunday does not exist.
  paris.MapLocalSpan(Utc(2026, 3, 29, 2), Utc(2026, 3, 29, 2, 30), collect);
  BOOST_TEST(spans.empty());
  // 01:30-03:30 that day lasts one hour.
  paris.MapLocalSpan(Utc(2026, 3, 29, 1, 30), Utc(2026, 3, 29, 3, 30), collect);
  BOOST_TEST_REQUIRE(spans.size() == 2u);
  BOOST_TEST(spans[0].first == Utc(2026, 3, 29, 0, 30));
  BOOST_TEST(spans[1].second == Utc(2026, 3, 29, 1, 30));
  // 02:00-02:30 on the fall-back Sunday happens twice.
  spans.clear();
  paris.MapLocalSpan(Utc(2026, 10, 25, 2), Utc(2026, 10, 25, 2, 30), collect);
  BOOST_TEST_REQUIRE(spans.size() == 2u);
  BOOST_TEST(spans[0].first == Utc(2026, 10, 25, 0));
  BOOST_TEST(spans[1].first == Utc(2026, 10, 25, 1));
}
