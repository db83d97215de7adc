// A product's temperature class. The order matters: colder is greater (a picking route takes ambient, then
// chilled, frozen last; a container of a class holds nothing of another).
#ifndef RELAIS_ENGINE_TEMPERATURE_H_
#define RELAIS_ENGINE_TEMPERATURE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace relais {

enum class Temperature : uint8_t { kAmbient, kChilled, kFrozen };
inline constexpr int kTemperatureCount = 3;

// "ambient", "chilled", "frozen": as the catalogue, the split input and a store's layout write it.
std::string_view TemperatureName(Temperature temperature);
std::optional<Temperature> ParseTemperature(std::string_view name);

}  // namespace relais

#endif  // RELAIS_ENGINE_TEMPERATURE_H_
