// relais-snapshot: build snapshots from canonical records and query them from the command line.
//
//   relais-snapshot build   --in records.jsonl --out points.relais [--date YYYY-MM-DD (default: today, UTC)]
//                           [--format laposte-csv]
//   relais-snapshot convert --format laposte-csv --in laposte_poincont2.csv --out records.jsonl [--date YYYY-MM-DD]
//   relais-snapshot synth   --count N [--seed S] [--anchors laposte_poincont2.csv] [--format csv]
//                           --out records.jsonl
//   relais-snapshot info    --snapshot points.relais
//   relais-snapshot nearest --snapshot points.relais --lat 48.85 --lon 2.35 [--k 10] [--max-km 5]
//                           [--kinds shop,locker] [--carriers a,b] [--services accessible]
//                           [--weight-g 1200] [--dims-cm 30,20,10] [--open-at 2026-11-24T10:00:00Z]
//                           [--open-on 2026-11-24] [--open-from T --open-until T] [--known-hours] [--all]
//                           (a point whose carrier publishes no hours passes the date tests unless a
//                           declared closure says closed, as on the server; --known-hours: only published
//                           hours say yes)
//   relais-snapshot get     --snapshot points.relais --carrier la-poste --id 15015A
//   relais-snapshot box     --snapshot points.relais --bbox south,west,north,east [--limit 1000]
//   relais-snapshot clusters --snapshot points.relais --bbox south,west,north,east --zoom 8
//   relais-snapshot delta   --from yesterday.relais --to today.relais --out today.delta
//   relais-snapshot patch   --snapshot yesterday.relais --delta today.delta --out today.relais
//   relais-snapshot split   --in baskets.jsonl [--snapshot points.relais]   (one plan per basket line)
//   relais-snapshot split-synth --count N [--seed S] [--lines L --sites K [--fixed 1]] --out baskets.jsonl
//   relais-snapshot tiles   --snapshot points.relais --out points.tiles [--tile-points 128] [--places places.rlpt]
//                           (the widget's tile pack: data-sync/tile_pack.h)
//   relais-snapshot tiles-check --pack points.tiles [--postcode 75004]   (every tile and postcode page checked)
//   relais-snapshot places  --in laposte_hexasmal.csv --out places.rlpt   (the widget's postcode search)
//   relais-snapshot place   --places places.rlpt --q "75004" [--limit 8]
// Answers are JSON on stdout; problems go to stderr with a non-zero exit status.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "data-sync/laposte_contact_points.h"
#include "data-sync/record_file.h"
#include "data-sync/run_on_threads.h"
#include "data-sync/synthetic_baskets.h"
#include "data-sync/synthetic_points.h"
#include "data-sync/tile_pack.h"
#include "io/atomic_file.h"
#include "io/snapshot_file.h"
#include "wasm/engine/clusters.h"
#include "wasm/engine/file_checksum.h"
#include "wasm/engine/instant.h"
#include "wasm/engine/place_index.h"
#include "wasm/engine/place_table.h"
#include "wasm/engine/point_search.h"
#include "wasm/engine/relay_record.h"
#include "wasm/engine/snapshot.h"
#include "wasm/engine/snapshot_builder.h"
#include "wasm/engine/snapshot_delta.h"
#include "wasm/engine/split_json.h"

namespace relais {
namespace {

using Flags = std::map<std::string, std::string>;

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "relais-snapshot: " << message << "\n";
  std::exit(1);
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 2; i < argc; ++i) {
    std::string key = argv[i];
    if (!key.starts_with("--")) Fail("unexpected argument " + key);
    key = key.substr(2);
    if (key == "all" || key == "timings" || key == "known-hours") {  // Switches without a value.
      flags[key] = "1";
    } else if (i + 1 < argc) {
      flags[key] = argv[++i];
    } else {
      Fail("--" + key + " needs a value");
    }
  }
  return flags;
}

std::string Required(const Flags& flags, const std::string& key) {
  const auto it = flags.find(key);
  if (it == flags.end()) Fail("--" + key + " is required");
  return it->second;
}

double Number(const Flags& flags, const std::string& key, double fallback) {
  const auto it = flags.find(key);
  if (it == flags.end()) return fallback;
  try {
    size_t used = 0;
    const double v = std::stod(it->second, &used);
    if (used != it->second.size()) throw std::invalid_argument("trailing");
    return v;
  } catch (const std::exception&) {
    Fail("--" + key + " must be a number, got \"" + it->second + "\"");
  }
}

std::vector<std::string> List(const Flags& flags, const std::string& key) {
  std::vector<std::string> items;
  const auto it = flags.find(key);
  if (it == flags.end()) return items;
  std::stringstream in(it->second);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

// An instant flag (--open-at...), read by the engine's rules (wasm/engine/instant.h).
UnixSeconds InstantFlag(const std::string& text) {
  const std::optional<UnixSeconds> t = ParseInstant(text);
  if (!t) Fail("not an instant (YYYY-MM-DDTHH:MM[:SS[.fff]] then Z or +HH:MM): " + text);
  return *t;
}

// Wall-clock time of each phase on stderr, when asked (--timings): where a build spends its time.
class PhaseTimer {
 public:
  explicit PhaseTimer(bool enabled) : enabled_(enabled), last_(std::chrono::steady_clock::now()) {}
  void Lap(const char* phase) {
    const auto now = std::chrono::steady_clock::now();
    if (enabled_) {
      std::cerr << phase << ": " << std::chrono::duration<double, std::milli>(now - last_).count() << " ms\n";
    }
    last_ = now;
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point last_;
};

// The file at `path` in aligned memory (io/snapshot_file.h), or a failure naming it.
SnapshotFile ReadFile(const std::string& path) {
  std::string error;
  std::optional<SnapshotFile> file = SnapshotFile::Read(path, &error);
  if (!file) Fail(error);
  return std::move(*file);
}

// Replaces `path` whole, durably (io/atomic_file.h): an interrupted run leaves the old file or the new one.
void WriteOutput(const std::string& path, std::span<const uint8_t> bytes) {
  if (const std::string error = WriteFileAtomically(path, bytes); !error.empty()) Fail(error);
}

nlohmann::json PointJson(const Snapshot& s, uint32_t i) {
  nlohmann::json j = nlohmann::json::parse(FormatRelayRecord(s.Record(i)));
  return j;
}

int Build(const Flags& flags) {
  PhaseTimer timer(flags.count("timings") > 0);
  // --date is also the day seasonal hours are judged on (none: applied as published).
  const std::optional<DayNumber> as_of = flags.count("date") ? ParseIsoDate(flags.at("date")) : std::nullopt;
  RecordFile file = ReadRecordFile(Required(flags, "in"),
                                   flags.count("format") ? flags.at("format") : "canonical-jsonl", as_of.value_or(0));
  if (!file.error.empty()) Fail(file.error);
  for (const auto& [field, line] : file.unknown_fields) {
    std::cerr << "line " << line << ": unknown field \"" << field << "\" ignored\n";
  }
  timer.Lap("read+validate");
  std::vector<RecordReject> rejects = file.rejects;
  SnapshotBuilder builder;
  builder.Reserve(file.points.size());
  for (RelayPoint& p : file.points) {
    if (std::string error = builder.Add(std::move(p)); !error.empty()) {
      rejects.push_back({0, error, p.id});
    }
  }
  for (const RecordReject& r : rejects) {
    std::cerr << (r.line ? "line " + std::to_string(r.line) + ": " : "") << "rejected: " << r.rule
              << (r.id.empty() ? "" : " (id " + r.id + ")") << "\n";
  }
  const size_t rejected = rejects.size();
  // The dataset's date (what the widget shows offline, and what deltas chain on): --date, else today (UTC).
  DayNumber day = DayOf(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  if (flags.count("date")) {
    const std::optional<DayNumber> d = ParseIsoDate(flags.at("date"));
    if (!d) Fail("--date must be YYYY-MM-DD");
    day = *d;
  }
  timer.Lap("add");
  const std::vector<uint8_t> bytes = builder.Build(day, RunOnThreads);
  timer.Lap("build");
  const std::string out_path = Required(flags, "out");
  WriteOutput(out_path, bytes);
  timer.Lap("write");
  std::cout << nlohmann::json{{"points", builder.size()},
                              {"rejected", rejected},
                              {"bytes", bytes.size()},
                              {"out", out_path}}
                   .dump()
            << std::endl;
  // Done: the operating system takes back a million points' allocations at once, instead of the
  // destructors freeing them one by one (0.2 s at 1M).
  std::_Exit(std::cout ? 0 : 1);
}

int Convert(const Flags& flags) {
  // --date: the day seasonal hours are judged on, as relais-sync judges them on its run's date.
  const std::optional<DayNumber> as_of = flags.count("date") ? ParseIsoDate(flags.at("date")) : std::nullopt;
  if (flags.count("date") && !as_of) Fail("--date must be YYYY-MM-DD");
  const RecordFile file = ReadRecordFile(Required(flags, "in"), Required(flags, "format"), as_of.value_or(0));
  if (!file.error.empty()) Fail(file.error);
  std::ofstream out(Required(flags, "out"));
  for (const RelayPoint& p : file.points) out << FormatRelayRecord(p) << "\n";
  for (const RecordReject& r : file.rejects) {
    std::cerr << "line " << r.line << ": rejected: " << r.rule << (r.id.empty() ? "" : " (id " + r.id + ")") << "\n";
  }
  if (!out) Fail("cannot write " + flags.at("out"));
  std::cout << nlohmann::json{{"records", file.points.size()}, {"rejected", file.rejects.size()}}.dump() << "\n";
  return 0;
}

// The canonical record's fields as one RFC 4180 CSV row (or the header row): what an operator would load
// into a database without relais. Structured fields (hours, closures, limits, services) stay JSON text.
std::string CsvRow(const nlohmann::json& record, bool header) {
  static constexpr const char* kColumns[] = {
      "carrier", "id", "kind",   "name",  "address",  "postcode",     "city",        "country",  "lat",
      "lon",     "tz", "always", "hours", "closures", "max_weight_g", "max_dims_cm", "services", "status"};
  std::string row;
  for (const char* column : kColumns) {
    std::string field = column;
    if (!header) {
      const auto it = record.find(column);
      field = it == record.end() ? "" : it->is_string() ? it->get<std::string>() : it->dump();
    }
    if (!row.empty()) row += ',';
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
      row += field;
      continue;
    }
    row += '"';
    for (char c : field) row += c == '"' ? std::string("\"\"") : std::string(1, c);
    row += '"';
  }
  return row + "\n";
}

int Synth(const Flags& flags) {
  SyntheticOptions options;
  options.count = static_cast<uint32_t>(Number(flags, "count", 10000));
  options.seed = static_cast<uint64_t>(Number(flags, "seed", 1));
  options.jitter_km = Number(flags, "jitter-km", 2.0);
  if (flags.count("anchors")) {
    std::ifstream in(flags.at("anchors"));
    if (!in) Fail("cannot read " + flags.at("anchors"));
    for (std::string line; std::getline(in, line);) {
      const LaPosteRow row = ParseLaPosteContactPoint(line);
      if (!row.header && row.error.empty()) options.anchors.emplace_back(row.point.lat, row.point.lon);
    }
  }
  std::ofstream out(Required(flags, "out"));
  const std::string format = flags.count("format") ? flags.at("format") : "canonical-jsonl";
  if (format != "canonical-jsonl" && format != "csv") Fail("--format is canonical-jsonl or csv");
  if (format == "csv") out << CsvRow(nlohmann::json(), true);
  for (const RelayPoint& p : GenerateSyntheticPoints(options)) {
    if (format == "csv") {
      out << CsvRow(nlohmann::json::parse(FormatRelayRecord(p)), false);
    } else {
      out << FormatRelayRecord(p) << "\n";
    }
  }
  return out ? 0 : 1;
}

struct Loaded {
  std::optional<SnapshotFile> file;
  std::optional<Snapshot> snapshot;
};

// The snapshot named by --<flag> (default --snapshot).
Loaded Load(const Flags& flags, const char* flag = "snapshot") {
  Loaded loaded;
  loaded.file = ReadFile(Required(flags, flag));
  SnapshotOpen open = Snapshot::Open(loaded.file->bytes());
  if (!open.snapshot) Fail(Required(flags, flag) + ": " + open.error);
  loaded.snapshot = *open.snapshot;
  return loaded;
}

PointFilter FilterFromFlags(const Flags& flags, const Snapshot& s) {
  PointFilter f;
  if (flags.count("kinds")) {
    f.kinds = 0;
    for (const std::string& k : List(flags, "kinds")) {
      const std::optional<PointKind> kind = ParsePointKind(k);
      if (!kind) Fail("unknown kind " + k);
      f.kinds |= 1u << static_cast<int>(*kind);
    }
  }
  if (flags.count("carriers")) {
    const std::vector<std::string> names = List(flags, "carriers");
    f.SetCarriers(s, std::vector<std::string_view>(names.begin(), names.end()));
  }
  for (const std::string& name : List(flags, "services")) {
    const std::optional<uint16_t> bit = ParseService(name);
    if (!bit) Fail("unknown service " + name);
    f.required_services |= *bit;
  }
  f.active_only = !flags.count("all");
  f.weight_g = static_cast<uint32_t>(Number(flags, "weight-g", 0));
  const std::vector<std::string> dims = List(flags, "dims-cm");
  for (size_t d = 0; d < dims.size() && d < 3; ++d) f.dims_cm[d] = static_cast<uint16_t>(std::stoi(dims[d]));
  if (flags.count("open-at")) f.open_at = InstantFlag(flags.at("open-at"));
  if (flags.count("open-from") != flags.count("open-until")) Fail("--open-from and --open-until go together");
  if (flags.count("open-from")) {
    f.open_from = InstantFlag(flags.at("open-from"));
    f.open_until = InstantFlag(flags.at("open-until"));
  }
  if (flags.count("open-on")) {
    f.open_on = ParseIsoDate(flags.at("open-on"));
    if (!f.open_on) Fail("--open-on must be YYYY-MM-DD");
  }
  f.unknown_hours_pass = !flags.count("known-hours");
  return f;
}

int Nearest(const Flags& flags) {
  const Loaded loaded = Load(flags);
  const Snapshot& s = *loaded.snapshot;
  NearestQuery q;
  q.lat = Number(flags, "lat", NAN);
  q.lon = Number(flags, "lon", NAN);
  if (!(q.lat >= -90 && q.lat <= 90) || !(q.lon >= -180 && q.lon <= 180)) Fail("--lat and --lon are required degrees");
  q.k = static_cast<uint32_t>(Number(flags, "k", 10));
  q.max_distance_m = Number(flags, "max-km", INFINITY) * 1000;
  q.filter = FilterFromFlags(flags, s);
  PointSearch search(s);
  std::vector<NearestHit> hits;
  search.Nearest(q, &hits);
  nlohmann::json out = nlohmann::json::array();
  for (const NearestHit& h : hits) {
    nlohmann::json j = PointJson(s, h.point);
    j["distance_m"] = std::round(h.distance_m * 10) / 10;
    out.push_back(j);
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

int Get(const Flags& flags) {
  const Loaded loaded = Load(flags);
  const std::optional<uint32_t> i = loaded.snapshot->Find(Required(flags, "carrier"), Required(flags, "id"));
  if (!i) {
    std::cerr << "relais-snapshot: no point " << flags.at("carrier") << "/" << flags.at("id") << "\n";
    return 2;
  }
  std::cout << PointJson(*loaded.snapshot, *i).dump(2) << "\n";
  return 0;
}

int Box(const Flags& flags) {
  const Loaded loaded = Load(flags);
  const std::vector<std::string> b = List(flags, "bbox");
  if (b.size() != 4) Fail("--bbox is south,west,north,east");
  BoundingBox box{std::stod(b[0]), std::stod(b[1]), std::stod(b[2]), std::stod(b[3])};
  PointSearch search(*loaded.snapshot);
  std::vector<uint32_t> points;
  search.InBox(box, FilterFromFlags(flags, *loaded.snapshot), static_cast<uint32_t>(Number(flags, "limit", 1000)),
               &points);
  nlohmann::json out = nlohmann::json::array();
  for (uint32_t p : points) out.push_back(PointJson(*loaded.snapshot, p));
  std::cout << out.dump(2) << "\n";
  return 0;
}

int Clusters(const Flags& flags) {
  const Loaded loaded = Load(flags);
  const std::vector<std::string> b = List(flags, "bbox");
  if (b.size() != 4) Fail("--bbox is south,west,north,east");
  std::vector<ClusterItem> items;
  QueryClusters(*loaded.snapshot, {std::stod(b[0]), std::stod(b[1]), std::stod(b[2]), std::stod(b[3])},
                Number(flags, "zoom", 10), static_cast<uint32_t>(Number(flags, "limit", 10000)), &items);
  nlohmann::json out = nlohmann::json::array();
  for (const ClusterItem& item : items) {
    nlohmann::json j = {{"lat", item.lat}, {"lon", item.lon}, {"count", item.count}};
    if (item.expansion_zoom < 0) {
      j["carrier"] = loaded.snapshot->carrier(item.node);
      j["id"] = loaded.snapshot->text(item.node, TextField::kId);
    } else {
      j["cluster_id"] = item.node;
      j["expansion_zoom"] = item.expansion_zoom;
    }
    out.push_back(j);
  }
  std::cout << out.dump() << "\n";
  return 0;
}

int Info(const Flags& flags) {
  const Loaded loaded = Load(flags);
  const Snapshot& s = *loaded.snapshot;
  nlohmann::json carriers = nlohmann::json::object();
  for (uint32_t i = 0; i < s.size(); ++i)
    carriers[std::string(s.carrier(i))] = carriers.value(std::string(s.carrier(i)), 0) + 1;
  std::cout << nlohmann::json{{"points", s.size()},
                              {"dataset_date", FormatIsoDate(s.dataset_day())},
                              {"checksum", ChecksumHex(s.checksum())},
                              {"bytes", s.bytes().size()},
                              {"carriers", carriers},
                              {"categories", s.categories().size()},
                              {"sub_indexed_points", s.sub_slots().size()}}
                   .dump(2)
            << "\n";
  return 0;
}

int Delta(const Flags& flags) {
  const Loaded from = Load(flags, "from"), to = Load(flags, "to");
  const SnapshotDelta delta = MakeSnapshotDelta(*from.snapshot, *to.snapshot);
  if (!delta.error.empty()) Fail(delta.error);
  WriteOutput(Required(flags, "out"), delta.bytes);
  const size_t full = to.snapshot->bytes().size();
  std::cout << nlohmann::json{{"removed", delta.removed},
                              {"upserts", delta.upserts},
                              {"bytes", delta.bytes.size()},
                              {"snapshot_bytes", full},
                              {"percent_of_snapshot", 100.0 * static_cast<double>(delta.bytes.size()) / full}}
                   .dump()
            << "\n";
  return 0;
}

int Patch(const Flags& flags) {
  const Loaded from = Load(flags);
  const SnapshotFile delta = ReadFile(Required(flags, "delta"));
  const DeltaApplied applied = ApplySnapshotDelta(*from.snapshot, delta.bytes());
  if (!applied.error.empty()) Fail(Required(flags, "delta") + ": " + applied.error);
  WriteOutput(Required(flags, "out"), applied.bytes);
  std::cout << nlohmann::json{{"bytes", applied.bytes.size()}, {"out", Required(flags, "out")}}.dump() << "\n";
  return 0;
}

int Tiles(const Flags& flags) {
  const Loaded loaded = Load(flags);
  TilePackOptions options;
  if (flags.count("tile-points")) options.tile_points = static_cast<uint32_t>(std::stoul(flags.at("tile-points")));
  std::optional<SnapshotFile> places_file;
  std::optional<PlaceTable> places;
  if (flags.count("places")) {
    places_file = ReadFile(flags.at("places"));
    PlaceTableOpen open = PlaceTable::Open(places_file->bytes());
    if (!open.table) Fail(flags.at("places") + ": " + open.error);
    places = *open.table;
    options.places = &*places;
  }
  const TilePack pack = BuildTilePack(loaded.snapshot->bytes(), options);
  if (!pack.error.empty()) Fail(pack.error);
  WriteOutput(Required(flags, "out"), pack.bytes);
  std::cout << nlohmann::json{{"tiles", pack.tiles},
                              {"pages", pack.pages},
                              {"tile_points", options.tile_points},
                              {"largest_tile_bytes", pack.largest_tile},
                              {"postcodes", pack.postcodes},
                              {"bytes", pack.bytes.size()},
                              {"snapshot_bytes", loaded.snapshot->bytes().size()}}
                   .dump()
            << "\n";
  return 0;
}

int TilesCheck(const Flags& flags) {
  const SnapshotFile pack = ReadFile(Required(flags, "pack"));
  std::vector<TileEntry> tiles;
  std::vector<PackedPostcode> postcodes;
  if (std::string error = CheckTilePack(pack.bytes(), &tiles, &postcodes); !error.empty())
    Fail(Required(flags, "pack") + ": " + error);
  uint32_t largest = 0;
  for (const TileEntry& t : tiles) largest = std::max(largest, t.size);
  nlohmann::json answer{{"tiles", tiles.size()}, {"largest_tile_bytes", largest}, {"postcodes", postcodes.size()}};
  if (flags.count("postcode")) {  // One postcode's centre, as the widget finds it.
    for (const PackedPostcode& p : postcodes) {
      if (p.postcode == flags.at("postcode"))
        answer["postcode"] = {
            {"postcode", p.postcode}, {"town", p.town}, {"lat", p.lat_e6 / 1e6}, {"lon", p.lon_e6 / 1e6}};
    }
  }
  std::cout << answer.dump() << "\n";
  return 0;
}

// Plans each basket of --in (one split input per line, JSON; a relay or locker given by key is looked up
// in --snapshot when given) and prints one plan per line: the native reference the WebAssembly module is
// compared with.
int SplitBaskets(const Flags& flags) {
  Loaded loaded;
  if (flags.count("snapshot")) loaded = Load(flags);
  std::ifstream in(Required(flags, "in"));
  if (!in) Fail("cannot read " + Required(flags, "in"));
  int failures = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    SplitInput input;
    const std::string error = ParseSplitInput(line, loaded.snapshot ? &*loaded.snapshot : nullptr, &input);
    SplitPlan plan;
    if (!error.empty()) plan.error = error;
    if (error.empty()) plan = Split(input);
    failures += !plan.error.empty();
    std::cout << SplitPlanJson(input, plan) << "\n";
  }
  return failures ? 1 : 0;
}

// Writes --count synthetic baskets (--seed), their sizes cycling up to --lines lines and --sites sites.
int SplitSynth(const Flags& flags) {
  SyntheticBaskets baskets(static_cast<uint32_t>(Number(flags, "seed", 1)));
  const int count = static_cast<int>(Number(flags, "count", 100));
  const int lines = static_cast<int>(Number(flags, "lines", 20)), sites = static_cast<int>(Number(flags, "sites", 50));
  const bool cycle = Number(flags, "fixed", 0) == 0;
  std::ofstream out(Required(flags, "out"));
  for (int i = 0; i < count; ++i) {
    out << SplitInputJson(baskets.Next(cycle ? 1 + i % lines : lines, cycle ? 1 + i % sites : sites)) << "\n";
  }
  return out ? 0 : 1;
}

// Turns La Poste's postcode CSV into the place table the widget downloads for its offline search.
int Places(const Flags& flags) {
  std::ifstream in(Required(flags, "in"), std::ios::binary);
  if (!in) Fail("cannot read " + Required(flags, "in"));
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  const std::optional<PlaceIndex> places = PlaceIndex::FromLaPosteCsv(text.str(), &error);
  if (!places) Fail(Required(flags, "in") + ": " + error);
  WriteOutput(Required(flags, "out"), places->bytes());
  std::cout << nlohmann::json{{"places", places->size()},
                              {"skipped_rows", places->skipped_rows()},
                              {"repeated_rows", places->repeated_rows()},
                              {"bytes", places->bytes().size()},
                              {"out", Required(flags, "out")}}
                   .dump()
            << "\n";
  return 0;
}

// What the widget's search box finds for --q in a place table: one JSON object per place.
int PlaceSearch(const Flags& flags) {
  const SnapshotFile places = ReadFile(Required(flags, "places"));
  const PlaceTableOpen open = PlaceTable::Open(places.bytes());
  if (!open.table) Fail(Required(flags, "places") + ": " + open.error);
  for (uint32_t i : open.table->Search(Required(flags, "q"), static_cast<size_t>(Number(flags, "limit", 8)))) {
    std::cout << nlohmann::json{{"postcode", open.table->postcode(i)},
                                {"town", open.table->town(i)},
                                {"lat", open.table->lat(i)},
                                {"lon", open.table->lon(i)}}
                     .dump()
              << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace relais

int main(int argc, char** argv) {
  using namespace relais;
  const std::string command = argc > 1 ? argv[1] : "";
  if (command.empty() || command == "--help" || command == "help") {
    std::cout << "usage: relais-snapshot "
                 "build|convert|synth|info|nearest|get|box|clusters|delta|patch|tiles|tiles-check|split|split-synth|"
                 "places|place "
                 "[--flags]\n";
    return command.empty() ? 1 : 0;
  }
  const Flags flags = ParseFlags(argc, argv);
  if (command == "build") return Build(flags);
  if (command == "convert") return Convert(flags);
  if (command == "synth") return Synth(flags);
  if (command == "info") return Info(flags);
  if (command == "nearest") return Nearest(flags);
  if (command == "get") return Get(flags);
  if (command == "box") return Box(flags);
  if (command == "clusters") return Clusters(flags);
  if (command == "delta") return Delta(flags);
  if (command == "patch") return Patch(flags);
  if (command == "tiles") return Tiles(flags);
  if (command == "tiles-check") return TilesCheck(flags);
  if (command == "split") return SplitBaskets(flags);
  if (command == "split-synth") return SplitSynth(flags);
  if (command == "places") return Places(flags);
  if (command == "place") return PlaceSearch(flags);
  Fail("unknown command " + command);
}
