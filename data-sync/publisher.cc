#include "data-sync/publisher.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "data-sync/tile_pack.h"
#include "io/atomic_file.h"
#include "wasm/engine/sha256.h"

namespace relais {

namespace fs = std::filesystem;

nlohmann::json ReadManifest(const std::string& output_dir, std::string* error) {
  error->clear();
  std::ifstream in(fs::path(output_dir) / "manifest.json");
  if (!in) return nlohmann::json::object();
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json manifest = nlohmann::json::parse(text.str(), nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object()) {
    *error = "manifest.json is not valid JSON";
    return nlohmann::json::object();
  }
  const auto has = [&](const char* key, bool (nlohmann::json::*is)() const noexcept) {
    return manifest.contains(key) && (manifest[key].*is)();
  };
  if (!has("version", &nlohmann::json::is_number_integer) || !has("snapshot", &nlohmann::json::is_string) ||
      !has("sha256", &nlohmann::json::is_string) || !has("sources", &nlohmann::json::is_object) ||
      (manifest.contains("missing_since") && !manifest["missing_since"].is_object())) {
    *error = "manifest.json lacks version, snapshot, sha256 or sources";
    return nlohmann::json::object();
  }
  for (const auto& [name, source] : manifest["sources"].items()) {
    if (!source.is_object() || !source.value("sha256", nlohmann::json()).is_string() ||
        !source.value("accepted", nlohmann::json()).is_number()) {
      *error = "manifest.json: source " + name + " lacks sha256 or accepted";
      return nlohmann::json::object();
    }
  }
  return manifest;
}

std::string PublishSnapshot(const std::string& output_dir, std::span<const uint8_t> snapshot,
                            std::span<const uint8_t> delta, int keep_versions, nlohmann::json* manifest,
                            const PlaceTable* places) {
  std::error_code ec;
  fs::create_directories(fs::path(output_dir) / "snapshots", ec);
  if (ec) return "cannot create " + output_dir + "/snapshots: " + ec.message();
  const int64_t version = manifest->value("version", int64_t{0});
  const std::string name = "points-" + std::to_string(version) + ".relais";
  (*manifest)["snapshot"] = "snapshots/" + name;
  (*manifest)["sha256"] = Sha256Hex(snapshot);
  (*manifest)["bytes"] = snapshot.size();
  std::string error;
  if (!delta.empty()) {
    const std::string delta_name = "points-" + std::to_string(version) + ".delta";
    nlohmann::json& entry = (*manifest)["delta"];
    entry["file"] = "snapshots/" + delta_name;
    entry["from_version"] = version - 1;
    entry["bytes"] = delta.size();
    entry["sha256"] = Sha256Hex(delta);
    if (!(error = WriteFileAtomically((fs::path(output_dir) / "snapshots" / delta_name).string(), delta)).empty())
      return error;
  }
  if (!(error = WriteFileAtomically((fs::path(output_dir) / "snapshots" / name).string(), snapshot)).empty())
    return error;
  if (!(error = WriteFileAtomically((fs::path(output_dir) / "points.relais").string(), snapshot)).empty()) return error;
  // The widget's tile pack of the same snapshot (data-sync/tile_pack.h), before the manifest names it.
  TilePackOptions options;
  options.places = places;
  const TilePack pack = BuildTilePack(snapshot, options);
  if (!pack.error.empty()) return "tile pack: " + pack.error;
  if (!(error = WriteFileAtomically((fs::path(output_dir) / "points.tiles").string(), pack.bytes)).empty())
    return error;
  (*manifest)["tiles"] = {{"file", "points.tiles"},
                          {"bytes", pack.bytes.size()},
                          {"sha256", Sha256Hex(pack.bytes)},
                          {"tiles", pack.tiles},
                          {"postcodes", pack.postcodes}};
  const std::string text = manifest->dump(2) + "\n";
  if (!(error = WriteFileAtomically((fs::path(output_dir) / "manifest.json").string(),
                                    {reinterpret_cast<const uint8_t*>(text.data()), text.size()}))
           .empty()) {
    return error;
  }
  // Keep the newest versions (snapshots and deltas); a failure here loses nothing that is published.
  const int64_t oldest_kept = version - std::max(keep_versions, 1) + 1;
  std::vector<fs::path> stale;
  for (const auto& entry : fs::directory_iterator(fs::path(output_dir) / "snapshots", ec)) {
    const std::string file = entry.path().filename().string();
    const std::string extension = entry.path().extension().string();
    if (!file.starts_with("points-") || (extension != ".relais" && extension != ".delta")) continue;
    try {
      if (std::stoll(file.substr(7, file.size() - 7 - extension.size())) < oldest_kept) stale.push_back(entry.path());
    } catch (const std::exception&) {
    }
  }
  for (const fs::path& path : stale) fs::remove(path, ec);
  return "";
}

}  // namespace relais
