#include "wasm/engine/temperature.h"

namespace relais {

std::string_view TemperatureName(Temperature temperature) {
  switch (temperature) {
    case Temperature::kAmbient:
      return "ambient";
    case Temperature::kChilled:
      return "chilled";
    case Temperature::kFrozen:
      return "frozen";
  }
  return "ambient";
}

std::optional<Temperature> ParseTemperature(std::string_view name) {
  for (Temperature t : {Temperature::kAmbient, Temperature::kChilled, Temperature::kFrozen}) {
    if (TemperatureName(t) == name) return t;
  }
  return std::nullopt;
}

}  // namespace relais
