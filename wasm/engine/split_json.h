// The split's JSON faces: the input a browser or edge sends (`r.split({...})`, POST bodies) and the plan
// it gets back. The plan's text is deterministic -- integers and strings only, keys sorted -- so the same
// input gives byte-identical plans natively and in WebAssembly.
//
// Input:
//   { "today": "2026-11-25", "now_hour": 10, "purchase_site": "paris-store",
//     "sites": [ { "id", "zone", "lat", "lon", "preparation_cents", "open_days": "1101...",
//                  "modes": { "home": {offer}, "click_collect": {offer}, ... }, "transfer": {offer} } ],
//     "basket": [ { "sku", "quantity", "weight_g", "dims_cm": [l, w, h], "temperature", "mode" } ],
//     "stock": { "<sku>": { "<site id>": units } },
//     "choices": { "modes": ["home", "relay", ...], "home": {"lat", "lon"},
//                  "relay": {"carrier", "id", "lat", "lon", "max_weight_g", "max_dims_cm", "open_days"},
//                  "locker": {...}, "collect_site", "drive_site", "pedestrian_site",
//                  "collect_slot" | "drive_slot" | "pedestrian_slot": {"date", "start": "HH:MM"} },
//     "preference": "cheapest" | "fastest", "shipment_penalty_cents": 300,
//     "open_shipments": [ { "id", "site", "via", "mode", "destination": {"site"} | {"carrier", "id"} |
//                           {"home": true}, "weight_g", "latest": "2026-11-28" } ] }
//   offer: { "enabled", "cost_cents", "per_kg_cents", "per_km_cents", "lead_time_hours", "transit_days",
//            "window_days", "cold_chain" } (an offer given is enabled unless "enabled": false).
//   open_days: one character per day from today, '1' open; absent: open every day.
//   A relay or locker given by carrier and id only is looked up in the snapshot passed, if any.
#ifndef RELAIS_ENGINE_SPLIT_JSON_H_
#define RELAIS_ENGINE_SPLIT_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "wasm/engine/snapshot.h"
#include "wasm/engine/split_plan.h"
#include "wasm/engine/split_point.h"  // PointOpenDays, SplitPointOf: a relay or locker known by its key.

namespace relais {

// Replaces *input with what `text` says. Returns "" or what is wrong, naming the field.
std::string ParseSplitInput(std::string_view text, const Snapshot* snapshot, SplitInput* input);

// Applies an update to a parsed input -- { "quantities": {sku: units (0 drops the line)}, "line_modes":
// {sku: mode, or null for any}, "choices": {...}, "preference": ... } -- the choices and preference replacing
// the previous ones. The widget parses the
// availability once and re-plans on each change of the shopper's mind. Returns "" or what is wrong (then
// *input is unchanged).
std::string UpdateSplitInput(std::string_view text, const Snapshot* snapshot, SplitInput* input);
std::string UpdateSplitInputFromJson(const nlohmann::json& update, const Snapshot* snapshot, SplitInput* input);

// One offer ({enabled, cost_cents, ...} as above) into *offer; "" or what is wrong, named under `at`.
std::string ReadModeOffer(const nlohmann::json& offer_json, const std::string& at, ModeOffer* offer);

// `input` as JSON text in the format above (ParseSplitInput reads it back to the same input): what edge
// sends browsers to split with, and what tests and benchmarks replay in WebAssembly.
std::string SplitInputJson(const SplitInput& input);
nlohmann::json SplitInputToJson(const SplitInput& input);  // The same, for callers that add to it.

// The plan as JSON text ({"error": ...} when plan.error is set); a shipment joining an open one names it
// ("joins": its id) and counts only what it adds.
std::string SplitPlanJson(const SplitInput& input, const SplitPlan& plan);
nlohmann::json SplitPlanToJson(const SplitInput& input, const SplitPlan& plan);

}  // namespace relais

#endif  // RELAIS_ENGINE_SPLIT_JSON_H_
