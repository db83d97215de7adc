// The containers a picker fills for one order: every unit in a container of its own temperature class (never
// a frozen item in an ambient bag), none over its type's volume or weight. First-fit decreasing -- units by
// volume, then weight, each into the first open container of its class with room for both, else a new one of
// the class's largest type that holds it -- then each container is swapped for the smallest type of its
// class that still holds what it got. FFD uses at most 11/9 of the optimum plus one container on volume
// alone (Dósa, 2007); the counts per class are what the label and the hand-over need.
#ifndef RELAIS_ENGINE_CONTAINER_PACKING_H_
#define RELAIS_ENGINE_CONTAINER_PACKING_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "wasm/engine/store_layout.h"
#include "wasm/engine/temperature.h"

namespace relais {

// One unit to place (a line of quantity 3 is three units).
struct PackUnit {
  Temperature temperature = Temperature::kAmbient;
  int64_t volume_ml = 0;
  int64_t weight_g = 0;
};

struct PackedContainer {
  int type = 0;            // index into the container types
  std::vector<int> units;  // indices into the units
  int64_t volume_ml = 0;   // what it holds
  int64_t weight_g = 0;
};

// Packs every unit into *containers (classes in order, then largest first). Returns "" or why a unit
// cannot be packed ("unit 4 (frozen, 30000 ml, 2000 g): no frozen container holds it"); *containers is then
// empty.
std::string PackContainers(std::span<const PackUnit> units, std::span<const ContainerType> types,
                           std::vector<PackedContainer>* containers);

}  // namespace relais

#endif  // RELAIS_ENGINE_CONTAINER_PACKING_H_
