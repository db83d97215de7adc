#define BOOST_TEST_MODULE closure_notice
#include "wasm/engine/closure_notice.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "tests/engine/test_snapshot.h"
#include "wasm/engine/instant.h"
#include "wasm/engine/relay_record.h"

using namespace relais;
using nlohmann::json;

namespace {

DayNumber Day(const char* iso) { return *ParseIsoDate(iso); }

// The notice as the fixture and relais-edge spell it, or null.
json Spelled(const std::optional<ClosureNotice>& n) {
  if (!n) return nullptr;
  return {{"from", FormatIsoDate(n->first_day)}, {"to", FormatIsoDate(n->last_day)}, {"in_force", n->in_force}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(in_force_else_the_first_to_start_within_the_window) {
  const std::vector<ClosurePeriod> closures = {{Day("2026-12-21"), Day("2026-12-31")},
                                               {Day("2027-01-20"), Day("2027-01-25")}};
  BOOST_TEST(!ClosureNoticeOn(closures, Day("2026-11-20")));  // 31 days ahead: not yet.
  BOOST_TEST(Spelled(ClosureNoticeOn(closures, Day("2026-11-21"))) ==
             json({{"from", "2026-12-21"}, {"to", "2026-12-31"}, {"in_force", false}}));  // 30 days ahead.
  BOOST_TEST(Spelled(ClosureNoticeOn(closures, Day("2026-12-21"))) ==
             json({{"from", "2026-12-21"}, {"to", "2026-12-31"}, {"in_force", true}}));  // Its first day.
  BOOST_TEST(Spelled(ClosureNoticeOn(closures, Day("2026-12-31"))) ==
             json({{"from", "2026-12-21"}, {"to", "2026-12-31"}, {"in_force", true}}));  // Its last day.
  BOOST_TEST(Spelled(ClosureNoticeOn(closures, Day("2027-01-01"))) ==
             json({{"from", "2027-01-20"}, {"to", "2027-01-25"}, {"in_force", false}}));
  BOOST_TEST(!ClosureNoticeOn(closures, Day("2027-01-26")));
  BOOST_TEST(!ClosureNoticeOn({}, Day("2027-01-26")));
}

BOOST_AUTO_TEST_CASE(the_order_of_the_closures_does_not_matter) {
  std::vector<ClosurePeriod> closures = {{Day("2026-12-10"), Day("2026-12-12")},
                                         {Day("2026-12-10"), Day("2026-12-15")},
                                         {Day("2026-12-05"), Day("2026-12-06")}};
  for (int turn = 0; turn < 3; ++turn) {
    std::rotate(closures.begin(), closures.begin() + 1, closures.end());
    BOOST_TEST(ClosureNoticeOn(closures, Day("2026-12-01"))->first_day == Day("2026-12-05"));
    BOOST_TEST(ClosureNoticeOn(closures, Day("2026-12-08"))->last_day == Day("2026-12-15"));  // Tie: the longer.
  }
}

// The fixture's points and instants: tests/wasm/closure_notice.test.mjs asks the WebAssembly module the same
// questions and expects the same answers, so the browser and relais-edge (which answers with
// ClosureNoticeAt) announce the same closure.
BOOST_AUTO_TEST_CASE(the_shared_cases_on_a_snapshot_judged_on_each_points_clock) {
  std::ifstream in("tests/fixtures/closure_notice.json");
  BOOST_REQUIRE(in);
  const json fixture = json::parse(in);
  std::vector<RelayPoint> points;
  for (const json& record : fixture["points"]) {
    const RecordParse parsed = ParseRelayRecord(record.dump());
    BOOST_REQUIRE_MESSAGE(parsed.point, parsed.error);
    points.push_back(*parsed.point);
  }
  const testing::TestSnapshot snapshot(points);
  for (const json& c : fixture["cases"]) {
    const std::optional<uint32_t> point = snapshot->Find("mondial-relay", c["point"].get<std::string>());
    BOOST_REQUIRE(point);
    const std::optional<UnixSeconds> at = ParseInstant(c["at"].get<std::string>());
    BOOST_REQUIRE(at);
    BOOST_TEST(Spelled(ClosureNoticeAt(*snapshot, *point, *at)) == c["notice"], c["point"] << " at " << c["at"]);
  }
}
