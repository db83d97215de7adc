#include "wasm/engine/container_packing.h"

#include <algorithm>
#include <numeric>

namespace relais {

std::string PackContainers(std::span<const PackUnit> units, std::span<const ContainerType> types,
                           std::vector<PackedContainer>* containers) {
  containers->clear();
  std::vector<int> order(units.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const PackUnit &x = units[a], &y = units[b];
    if (x.temperature != y.temperature) return x.temperature < y.temperature;
    if (x.volume_ml != y.volume_ml) return x.volume_ml > y.volume_ml;
    return x.weight_g > y.weight_g;
  });
  // The class's types, largest volume first (then heaviest load).
  std::vector<int> by_size(types.size());
  std::iota(by_size.begin(), by_size.end(), 0);
  std::stable_sort(by_size.begin(), by_size.end(), [&](int a, int b) {
    if (types[a].volume_ml != types[b].volume_ml) return types[a].volume_ml > types[b].volume_ml;
    return types[a].max_weight_g > types[b].max_weight_g;
  });
  std::vector<PackedContainer> out;
  for (int u : order) {
    const PackUnit& unit = units[u];
    auto fits = [&](const PackedContainer& c) {
      const ContainerType& t = types[c.type];
      return t.temperature == unit.temperature && c.volume_ml + unit.volume_ml <= t.volume_ml &&
             c.weight_g + unit.weight_g <= t.max_weight_g;
    };
    auto open = std::find_if(out.begin(), out.end(), fits);
    if (open == out.end()) {
      const auto type = std::find_if(by_size.begin(), by_size.end(), [&](int t) {
        return types[t].temperature == unit.temperature && unit.volume_ml <= types[t].volume_ml &&
               unit.weight_g <= types[t].max_weight_g;
      });
      if (type == by_size.end()) {
        return "unit " + std::to_string(u) + " (" + std::string(TemperatureName(unit.temperature)) + ", " +
               std::to_string(unit.volume_ml) + " ml, " + std::to_string(unit.weight_g) + " g): no " +
               std::string(TemperatureName(unit.temperature)) + " container holds it";
      }
      out.push_back({*type, {}, 0, 0});
      open = out.end() - 1;
    }
    open->units.push_back(u);
    open->volume_ml += unit.volume_ml;
    open->weight_g += unit.weight_g;
  }
  // Each container as small as what it holds allows.
  for (PackedContainer& c : out) {
    for (auto it = by_size.rbegin(); it != by_size.rend(); ++it) {
      const ContainerType& t = types[*it];
      if (t.temperature == types[c.type].temperature && c.volume_ml <= t.volume_ml && c.weight_g <= t.max_weight_g) {
        c.type = *it;
        break;
      }
    }
  }
  *containers = std::move(out);
  return "";
}

}  // namespace relais
