#define BOOST_TEST_MODULE dataset_diff
#include "data-sync/dataset_diff.h"

#include <boost/test/unit_test.hpp>
#include <cstring>

#include "tests/engine/test_snapshot.h"

using namespace relais;
using relais::testing::TestSnapshot;

namespace {

std::vector<RelayPoint> Points() {
  std::vector<RelayPoint> points = relais::testing::SyntheticPoints(6, 4);
  for (RelayPoint& p : points) {
    p.active = true;
    p.closures.clear();
  }
  return points;
}

size_t Count(const nlohmann::json& report, const char* what) { return report["counts"][what].get<size_t>(); }

}  // namespace

BOOST_AUTO_TEST_CASE(changes_are_classified) {
  const std::vector<RelayPoint> before = Points();
  const TestSnapshot published(before);
  std::vector<RelayPoint> now = before;
  now[0].lat += 0.05;  // ~5.6 km north.
  now[1].hours = WeeklySchedule::AlwaysOpen();
  now[2].closures = {{DaysFromCivil(2026, 12, 24), DaysFromCivil(2026, 12, 26)}};
  now[3].active = false;
  now.pop_back();  // points[5] vanishes.
  RelayPoint added = before[0];
  added.id = "new-one";
  now.push_back(added);

  DatasetDiff diff(&*published, {}, 1.0);
  for (const RelayPoint& p : now) diff.Compare(p);
  const DayNumber today = DaysFromCivil(2026, 11, 24);
  const std::vector<RelayPoint> kept = diff.KeptInactive(today, 14);
  const nlohmann::json report = diff.Report();
  BOOST_TEST(Count(report, "moved") == 1u);
  BOOST_TEST(report["examples"]["moved"][0]["detail"]["metres"].get<double>() > 5000);
  BOOST_TEST(Count(report, "hours_changed") == 1u);
  BOOST_TEST(Count(report, "closures_changed") == 1u);
  BOOST_TEST(Count(report, "newly_inactive") == 1u);
  BOOST_TEST(Count(report, "added") == 1u);
  BOOST_TEST(Count(report, "removed") == 1u);
  BOOST_TEST_REQUIRE(kept.size() == 1u);
  BOOST_TEST(kept[0].id == before[5].id);
  BOOST_TEST(!kept[0].active);
  BOOST_TEST(diff.missing_since().at(before[5].carrier + "/" + before[5].id) == "2026-11-24");
}

BOOST_AUTO_TEST_CASE(grace_period_counts_from_the_first_miss) {
  const std::vector<RelayPoint> before = Points();
  const TestSnapshot published(before);
  const std::string key = before[5].carrier + "/" + before[5].id;
  const DayNumber today = DaysFromCivil(2026, 11, 24);
  for (int missed_days_ago : {13, 14}) {
    DatasetDiff diff(&*published, {{key, FormatIsoDate(today - missed_days_ago)}}, 1.0);
    for (size_t i = 0; i + 1 < before.size(); ++i) diff.Compare(before[i]);
    const std::vector<RelayPoint> kept = diff.KeptInactive(today, 14);
    BOOST_TEST(kept.size() == (missed_days_ago < 14 ? 1u : 0u), "missed " << missed_days_ago << " days ago");
    BOOST_TEST(Count(diff.Report(), "removed") == (missed_days_ago < 14 ? 0u : 1u));  // Reported once.
  }
  // A vanished point that comes back is reactivated and leaves missing_since.
  DatasetDiff first_run(&*published, {}, 1.0);
  for (size_t i = 0; i + 1 < before.size(); ++i) first_run.Compare(before[i]);
  const std::vector<RelayPoint> kept = first_run.KeptInactive(today, 14);
  std::vector<RelayPoint> with_kept(before.begin(), before.end() - 1);
  with_kept.insert(with_kept.end(), kept.begin(), kept.end());
  const TestSnapshot second(with_kept);
  DatasetDiff back(&*second, first_run.missing_since(), 1.0);
  for (const RelayPoint& p : before) back.Compare(p);
  BOOST_TEST(back.KeptInactive(today + 1, 14).empty());
  BOOST_TEST(Count(back.Report(), "reactivated") == 1u);
  BOOST_TEST(back.missing_since().empty());
}

BOOST_AUTO_TEST_CASE(first_run_has_nothing_to_compare) {
  DatasetDiff diff(nullptr, {}, 1.0);
  for (const RelayPoint& p : Points()) diff.Compare(p);
  BOOST_TEST(diff.KeptInactive(0, 14).empty());
  BOOST_TEST(diff.Report().contains("note"));
}
