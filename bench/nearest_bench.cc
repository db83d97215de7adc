// Native timings of the engine on a snapshot, for bench/run.mjs to set beside the WebAssembly ones.
//   relais-bench --snapshot points.relais --queries queries.txt [--carrier chronopost] [--k 10] [--rounds 3]
// queries.txt: one "lat lon" per line. Prints JSON: load (open + first answer) and per-query microseconds,
// the best of the rounds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "wasm/engine/point_search.h"
#include "wasm/engine/snapshot.h"

using namespace relais;
using Clock = std::chrono::steady_clock;

static double Micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

int main(int argc, char** argv) {
  std::string snapshot_path, queries_path, carrier;
  uint32_t k = 10;
  int rounds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--snapshot")
      snapshot_path = argv[i + 1];
    else if (flag == "--queries")
      queries_path = argv[i + 1];
    else if (flag == "--carrier")
      carrier = argv[i + 1];
    else if (flag == "--k")
      k = static_cast<uint32_t>(std::stoul(argv[i + 1]));
    else if (flag == "--rounds")
      rounds = std::stoi(argv[i + 1]);
  }
  std::ifstream file(snapshot_path, std::ios::binary | std::ios::ate);
  std::ifstream qfile(queries_path);
  if (!file || !qfile) {
    std::cerr << "usage: relais-bench --snapshot F --queries F [--carrier C] [--k K]\n";
    return 1;
  }
  const size_t size = static_cast<size_t>(file.tellg());
  std::vector<char> raw(size);
  file.seekg(0);
  file.read(raw.data(), static_cast<std::streamsize>(size));
  std::vector<std::pair<double, double>> queries;
  for (double lat, lon; qfile >> lat >> lon;) queries.emplace_back(lat, lon);

  // Load = bytes in memory -> first answer, as in the browser: copy into an aligned buffer, validate.
  double best_load = 1e18, best_load_nocrc = 1e18, best_query = 1e18;
  std::vector<NearestHit> hits;
  for (int round = 0; round < rounds; ++round) {
    for (bool verify : {true, false}) {
      const auto t0 = Clock::now();
      std::vector<uint64_t> words((size + 7) / 8);
      std::memcpy(words.data(), raw.data(), size);
      const SnapshotOpen open = Snapshot::Open({reinterpret_cast<const uint8_t*>(words.data()), size}, verify);
      if (!open.snapshot) {
        std::cerr << open.error << "\n";
        return 1;
      }
      PointSearch search(*open.snapshot);
      NearestQuery q;
      q.lat = queries[0].first;
      q.lon = queries[0].second;
      search.Nearest(q, &hits);
      const double load = Micros(Clock::now() - t0);
      (verify ? best_load : best_load_nocrc) = std::min(verify ? best_load : best_load_nocrc, load);
      if (!verify) continue;
      NearestQuery query;
      query.k = k;
      if (!carrier.empty()) query.filter.SetCarriers(*open.snapshot, {carrier});
      size_t found = 0;
      const auto t1 = Clock::now();
      for (const auto& [lat, lon] : queries) {
        query.lat = lat;
        query.lon = lon;
        search.Nearest(query, &hits);
        found += hits.size();
      }
      best_query = std::min(best_query, Micros(Clock::now() - t1) / static_cast<double>(queries.size()));
      if (found == 0) return 2;
    }
  }
  std::printf("{\"load_ms\":%.3f,\"load_nocrc_ms\":%.3f,\"query_us\":%.3f}\n", best_load / 1000, best_load_nocrc / 1000,
              best_query);
  return 0;
}
