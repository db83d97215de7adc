#define BOOST_TEST_MODULE container_packing
// Containers for an order: on thousands of random orders, every unit is in exactly one container, of its own
// temperature class, and no container holds more than its type's volume or weight; on small orders the count
// against the optimum found by brute force (FFD's proven bound); a unit no container can hold is refused by
// name.
#include "wasm/engine/container_packing.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <random>

using namespace relais;

namespace {

const std::vector<ContainerType> kTypes{{"bag", Temperature::kAmbient, 20000, 8000},
                                        {"crate", Temperature::kAmbient, 45000, 15000},
                                        {"isothermal box", Temperature::kChilled, 25000, 10000},
                                        {"frozen bag", Temperature::kFrozen, 15000, 8000}};

}  // namespace

BOOST_AUTO_TEST_CASE(by_hand) {
  // Two 10 L ambient units fit one bag; a third needs a second one; the frozen unit its own frozen bag.
  const std::vector<PackUnit> units{{Temperature::kAmbient, 10000, 1000},
                                    {Temperature::kFrozen, 2000, 500},
                                    {Temperature::kAmbient, 10000, 1000},
                                    {Temperature::kAmbient, 30000, 1000}};
  std::vector<PackedContainer> packed;
  BOOST_REQUIRE_EQUAL(PackContainers(units, kTypes, &packed), "");
  BOOST_REQUIRE_EQUAL(packed.size(), 3u);
  // The 30 L unit opens a crate, which takes a 10 L unit too (40 L); the other 10 L goes to a bag.
  BOOST_CHECK_EQUAL(kTypes[packed[0].type].type, "crate");
  BOOST_CHECK_EQUAL(packed[0].volume_ml, 40000);
  BOOST_CHECK_EQUAL(kTypes[packed[1].type].type, "bag");
  BOOST_CHECK_EQUAL(kTypes[packed[2].type].type, "frozen bag");
  // Too heavy for any chilled box: refused, naming the unit.
  const std::vector<PackUnit> heavy{{Temperature::kChilled, 1000, 12000}};
  BOOST_CHECK_EQUAL(PackContainers(heavy, kTypes, &packed),
                    "unit 0 (chilled, 1000 ml, 12000 g): no chilled container holds it");
  BOOST_CHECK(packed.empty());
}

BOOST_AUTO_TEST_CASE(random_orders_keep_classes_and_capacities) {
  std::mt19937 rng(9);
  for (int round = 0; round < 3000; ++round) {
    std::vector<PackUnit> units;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) {
      units.push_back({static_cast<Temperature>(rng() % 3), 100 + static_cast<int64_t>(rng() % 14900),
                       10 + static_cast<int64_t>(rng() % 7990)});
    }
    std::vector<PackedContainer> packed;
    BOOST_REQUIRE_EQUAL(PackContainers(units, kTypes, &packed), "");
    std::vector<int> seen(units.size(), 0);
    for (const PackedContainer& c : packed) {
      const ContainerType& t = kTypes[c.type];
      int64_t v = 0, w = 0;
      for (int u : c.units) {
        ++seen[u];
        BOOST_REQUIRE(units[u].temperature == t.temperature);
        v += units[u].volume_ml, w += units[u].weight_g;
      }
      BOOST_REQUIRE(!c.units.empty());
      BOOST_REQUIRE_EQUAL(v, c.volume_ml);
      BOOST_REQUIRE_EQUAL(w, c.weight_g);
      BOOST_REQUIRE_LE(v, t.volume_ml);
      BOOST_REQUIRE_LE(w, t.max_weight_g);
    }
    for (int s : seen) BOOST_REQUIRE_EQUAL(s, 1);
  }
}

// The fewest containers of `capacity` holding the volumes: every assignment of units to containers, each
// unit into one already open or a new one.
int Fewest(const std::vector<int64_t>& volumes, int64_t capacity) {
  int best = static_cast<int>(volumes.size());
  std::vector<int64_t> load;
  auto place = [&](auto& self, size_t i) -> void {
    if (static_cast<int>(load.size()) >= best) return;
    if (i == volumes.size()) {
      best = static_cast<int>(load.size());
      return;
    }
    for (size_t b = 0; b < load.size(); ++b) {
      if (load[b] + volumes[i] > capacity) continue;
      load[b] += volumes[i];
      self(self, i + 1);
      load[b] -= volumes[i];
    }
    load.push_back(volumes[i]);
    self(self, i + 1);
    load.pop_back();
  };
  place(place, 0);
  return best;
}

BOOST_AUTO_TEST_CASE(small_orders_against_the_optimum) {
  std::mt19937 rng(2007);
  int worse = 0;
  for (int round = 0; round < 2000; ++round) {
    std::vector<PackUnit> units;
    std::vector<int64_t> volumes;
    const int n = 2 + static_cast<int>(rng() % 8);
    for (int i = 0; i < n; ++i) {
      const int64_t v = 1000 + static_cast<int64_t>(rng() % 30000);
      units.push_back({Temperature::kAmbient, v, 100});  // weight never binds: volume alone
      volumes.push_back(v);
    }
    std::vector<PackedContainer> packed;
    BOOST_REQUIRE_EQUAL(PackContainers(units, kTypes, &packed), "");
    const int optimum = Fewest(volumes, 45000);
    const int count = static_cast<int>(packed.size());
    BOOST_REQUIRE_GE(count, optimum);
    BOOST_REQUIRE_LE(9 * count, 11 * optimum + 6);  // Dósa (2007): FFD <= 11/9 OPT + 6/9
    worse += count > optimum;
  }
  BOOST_TEST_MESSAGE(worse << " of 2000 small orders took one container more than the optimum");
}
