// A site's store layout for picking as the store keeps it: each upload a new version, kept for good, so that a
// pick list started on one version keeps it (wasm/engine/store_layout.h reads and checks its JSON).
#ifndef RELAIS_EDGE_MODEL_SITE_LAYOUT_H_
#define RELAIS_EDGE_MODEL_SITE_LAYOUT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace relais::edge {

struct SiteLayout {
  std::string site;
  int64_t version = 0;  // 1, 2, ... per site
  std::string created_at;
  nlohmann::json layout;  // As StoreLayoutToJson writes it.
};

}  // namespace relais::edge

#endif  // RELAIS_EDGE_MODEL_SITE_LAYOUT_H_
