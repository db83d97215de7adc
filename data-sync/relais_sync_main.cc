// relais-sync: downloads every carrier source of a config, validates them, and publishes one snapshot.
//
//   relais-sync --config sync.json [--once]   fetch, validate, publish (the daily run)
//   relais-sync --config sync.json --check    fetch and validate only; publishes nothing
//   relais-sync --config sync.json --accept-shift   publish even though a source's accepted share or profile
//                                              moved (the carrier really changed its network, not its format)
//
// Config (JSON):
//   { "output_dir": "/var/lib/relais", "keep_versions": 7, "grace_days": 14, "moved_report_km": 1,
//     "places": "/var/lib/relais/places.rlpt",   (optional: postcodes' centres in the widget's tile pack)
//     "sources": [ { "name": "laposte", "url": "ftp://host/path/file.csv", "format": "laposte-csv",
//                    "username_env": "LAPOSTE_USER", "password_env": "LAPOSTE_PASSWORD",
//                    "max_bad_percent": 5, "max_drop_percent": 20, "max_share_shift_points": 5,
//                    "timeout_s": 300, "retries": 3, "backoff_ms": 1000, "ca_file": "carrier-ca.pem",
//                    "require_tls": true } ] }
// max_bad_percent refuses a file with too many bad records, max_drop_percent one with far fewer accepted
// points than the last publication, max_share_shift_points one whose accepted share (accepted / records, in
// points of %) fell that much since then, or whose profile moved that much: the share of its accepted points
// with known hours, open 24/7, active, of each kind, with each service. A carrier that renames a field or
// changes a value's spelling leaves its file readable but shifts one of these; publishing it would show
// shoppers wrong hours, kinds or services. The report lists per source what each normalisation rule changed
// ("normalised") and the profile ("profile"), beside the last publication's. Unknown config keys are errors.
// Credentials come from the named environment variables, never from the file. "require_tls" makes an
// ftp:// source upgrade to TLS (explicit FTPS) or fail; ftps:// is implicit FTPS.
//
// A JSON report goes to stdout and to output_dir/reports/. Exit status: 0 published or unchanged,
// 2 bad config, 3 a source could not be downloaded, 4 a source was refused by validation, 5 the
// publication failed. In every non-zero case the previous snapshot and manifest are untouched.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "data-sync/dataset_diff.h"
#include "data-sync/paged_fetcher.h"
#include "data-sync/publisher.h"
#include "data-sync/record_file.h"
#include "data-sync/run_on_threads.h"
#include "data-sync/sha256.h"
#include "data-sync/source_fetcher.h"
#include "io/snapshot_file.h"
#include "wasm/engine/place_table.h"
#include "wasm/engine/snapshot_builder.h"
#include "wasm/engine/snapshot_delta.h"

namespace relais {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

enum ExitCode { kOk = 0, kBadConfig = 2, kFetchFailed = 3, kRefused = 4, kPublishFailed = 5 };
constexpr size_t kRejectsInReport = 200;
constexpr double kShiftPoints = 5;  // A share's move must stand for at least this many points to refuse.

// 5 -> "5", 2.5 -> "2.5": thresholds as the config wrote them.
std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

struct Source {
  std::string name, url, format;
  bool paged = false;  // A paged JSON API (?page=N up to total_pages or totalPages), stored one page per line.
  FetchOptions fetch;
  double max_bad_percent = 5;
  double max_drop_percent = 20;
  // In points of %: how far the accepted share (accepted / records) may fall, and the share of accepted points
  // with known hours, open 24/7, active, of each kind or with each service may move, since the last run.
  double max_share_shift_points = 5;
};

struct Config {
  std::string output_dir;
  int keep_versions = 7;
  int grace_days = 14;           // A vanished point stays, inactive, this many days.
  double moved_report_km = 1.0;  // Points that moved farther are listed in the report.
  std::string places;            // A place table (relais-snapshot places) for the tile pack's postcodes.
  std::vector<Source> sources;
};

std::string NowIso() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

DayNumber Today() {
  const std::time_t now = std::time(nullptr);
  const std::tm* utc = std::gmtime(&now);
  return DaysFromCivil(utc->tm_year + 1900, utc->tm_mon + 1, utc->tm_mday);
}

// "" when every key of `object` is one of `known`, else which is not (a misspelt threshold must not be
// silently replaced by its default).
template <size_t N>
std::string UnknownKey(const json& object, const char* const (&known)[N], const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(std::begin(known), std::end(known), key) == std::end(known)) {
      return where + ": unknown key \"" + key + "\"";
    }
  }
  return "";
}

// The share of a source's accepted points with each trait, as counts: what a format change shifts.
void AddToProfile(const RelayPoint& p, std::map<std::string, size_t>* profile) {
  if (p.hours.kind != ScheduleKind::kUnknown) ++(*profile)["hours_known"];
  if (p.hours.kind == ScheduleKind::kAlwaysOpen) ++(*profile)["open_24_7"];
  if (p.active) ++(*profile)["active"];
  ++(*profile)["kind_" + std::string(PointKindName(p.kind))];
  for (int bit = 0; bit < kServiceCount; ++bit) {
    if (p.services & (1 << bit)) ++(*profile)["service_" + std::string(ServiceName(bit))];
  }
}

// Reads and checks the config; returns "" or what is wrong with it.
std::string LoadConfig(const std::string& path, Config* config) {
  std::ifstream in(path);
  if (!in) return "cannot read config " + path;
  std::stringstream text;
  text << in.rdbuf();
  const json j = json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return path + ": not valid JSON";
  try {
    config->output_dir = j.at("output_dir").get<std::string>();
    config->keep_versions = j.value("keep_versions", 7);
    static const char* const kConfigKeys[] = {"output_dir",      "keep_versions", "grace_days",
                                              "moved_report_km", "places",        "sources"};
    if (std::string e = UnknownKey(j, kConfigKeys, "the config"); !e.empty()) return path + ": " + e;
    config->grace_days = j.value("grace_days", 14);
    config->moved_report_km = j.value("moved_report_km", 1.0);
    config->places = j.value("places", "");
    if (!j.at("sources").is_array() || j.at("sources").empty())
      return path + ": \"sources\" must list at least one source";
    for (const json& s : j.at("sources")) {
      Source source;
      if (!s.is_object()) return path + ": each source is an object";
      source.name = s.at("name").get<std::string>();
      static const char* const kSourceKeys[] = {"name",
                                                "url",
                                                "format",
                                                "paged",
                                                "max_bad_percent",
                                                "max_drop_percent",
                                                "max_share_shift_points",
                                                "timeout_s",
                                                "connect_timeout_s",
                                                "retries",
                                                "backoff_ms",
                                                "insecure_tls",
                                                "ca_file",
                                                "require_tls",
                                                "username_env",
                                                "password_env"};
      if (std::string e = UnknownKey(s, kSourceKeys, "source " + source.name); !e.empty()) return path + ": " + e;
      if (source.name.empty() ||
          source.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != std::string::npos) {
        return "source name \"" + source.name + "\" must be letters, digits, '_' or '-'";
      }
      source.url = s.at("url").get<std::string>();
      source.format = s.at("format").get<std::string>();
      if (std::string e = CheckRecordFormat(source.format); !e.empty()) return "source " + source.name + ": " + e;
      source.paged = s.value("paged", false);
      if (source.paged && source.format != "inpost-json") {
        return "source " + source.name + ": \"paged\" needs a format that reads one page per line (inpost-json)";
      }
      source.max_bad_percent = s.value("max_bad_percent", 5.0);
      source.max_drop_percent = s.value("max_drop_percent", 20.0);
      source.max_share_shift_points = s.value("max_share_shift_points", 5.0);
      if (source.max_bad_percent < 0 || source.max_drop_percent < 0 || source.max_share_shift_points < 0) {
        return "source " + source.name + ": max_bad_percent, max_drop_percent and max_share_shift_points are >= 0";
      }
      source.fetch.timeout_s = s.value("timeout_s", 300);
      source.fetch.connect_timeout_s = s.value("connect_timeout_s", 15);
      source.fetch.retries = s.value("retries", 3);
      source.fetch.backoff_ms = s.value("backoff_ms", 1000);
      source.fetch.insecure_tls = s.value("insecure_tls", false);
      source.fetch.ca_file = s.value("ca_file", "");
      source.fetch.require_tls = s.value("require_tls", false);
      for (const auto& [key, target] :
           {std::pair{"username_env", &source.fetch.username}, {"password_env", &source.fetch.password}}) {
        if (!s.contains(key)) continue;
        const std::string var = s.at(key).get<std::string>();
        const char* value = std::getenv(var.c_str());
        if (!value) return "source " + source.name + ": environment variable " + var + " is not set";
        *target = value;
      }
      for (const Source& other : config->sources) {
        if (other.name == source.name) return "two sources are named " + source.name;
      }
      config->sources.push_back(std::move(source));
    }
  } catch (const json::exception& e) {
    return path + ": " + e.what();
  }
  return "";
}

int Finish(json report, int code, const std::string& output_dir) {
  report["exit_code"] = code;
  report["finished_at"] = NowIso();
  const std::string text = report.dump(2);
  std::cout << text << "\n";
  if (code != kOk) {  // One line for cron's mail and journald, whatever happens to stdout.
    std::string why = report.value("error", "");
    for (const json& source : report.value("sources", json::array())) {
      for (const json& problem : source.value("refused", json::array())) {
        why += (why.empty() ? "" : "; ") + source.value("name", "") + ": " + problem.get<std::string>();
      }
      if (source.contains("error") && source["error"].is_string() &&
          why.find(source["error"].get<std::string>()) == std::string::npos) {
        why += (why.empty() ? "" : "; ") + source.value("name", "") + ": " + source["error"].get<std::string>();
      }
    }
    std::cerr << "relais-sync: " << report.value("status", "failed") << " (exit " << code << "): " << why << "\n";
  }
  if (!output_dir.empty()) {
    std::error_code ec;
    fs::create_directories(fs::path(output_dir) / "reports", ec);
    std::string stamp = report.value("started_at", NowIso());
    for (char& c : stamp) {
      if (c == ':') c = '-';
    }
    std::ofstream(fs::path(output_dir) / "reports" / ("report-" + stamp + ".json")) << text << "\n";
  }
  return code;
}

int Run(const std::string& config_path, bool check_only, bool accept_shift) {
  json report = {{"started_at", NowIso()}, {"mode", check_only ? "check" : "publish"}, {"sources", json::array()}};
  Config config;
  if (const std::string error = LoadConfig(config_path, &config); !error.empty()) {
    report["status"] = "bad_config";
    report["error"] = error;
    return Finish(report, kBadConfig, "");
  }
  // The place table whose postcodes the widget's tile pack carries: checked now, before any download.
  std::optional<SnapshotFile> places_file;
  std::optional<PlaceTable> places;
  if (!config.places.empty()) {
    std::string error;
    places_file = SnapshotFile::Read(config.places, &error);
    PlaceTableOpen open = places_file ? PlaceTable::Open(places_file->bytes()) : PlaceTableOpen{};
    if (!open.table) {
      report["status"] = "bad_config";
      report["error"] = config.places + ": " + (places_file ? open.error : error);
      return Finish(report, kBadConfig, "");
    }
    places = *open.table;
  }
  std::string manifest_error;
  const json previous = ReadManifest(config.output_dir, &manifest_error);
  if (!manifest_error.empty()) {
    // Publishing over a damaged manifest would restart versions and lose the sources' history: an
    // operator decides (repair it, or remove it for a fresh start).
    report["status"] = "failed";
    report["error"] = manifest_error + ": repair it or remove it to start afresh";
    return Finish(report, kPublishFailed, "");
  }
  // The published snapshot, to compare with and to keep vanished points from.
  std::vector<uint64_t> previous_words;
  std::optional<Snapshot> previous_snapshot;
  if (previous.contains("snapshot")) {
    const fs::path path = fs::path(config.output_dir) / previous.value("snapshot", "");
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    const auto size =
        static_cast<size_t>(std::max<std::streamoff>(0, in ? static_cast<std::streamoff>(in.tellg()) : 0));
    previous_words.resize((size + 7) / 8);
    in.seekg(0);
    in.read(reinterpret_cast<char*>(previous_words.data()), static_cast<std::streamsize>(size));
    SnapshotOpen open = Snapshot::Open({reinterpret_cast<const uint8_t*>(previous_words.data()), size});
    if (open.snapshot) {
      previous_snapshot = *open.snapshot;
    } else {
      report["warning"] =
          "previous snapshot " + path.string() + " unreadable (" + open.error + "): no diff, no grace period";
    }
  }
  std::map<std::string, std::string> missing_since;
  if (previous.contains("missing_since") && previous["missing_since"].is_object()) {
    for (const auto& [key, value] : previous["missing_since"].items()) {
      if (value.is_string()) missing_since[key] = value.get<std::string>();
    }
  }
  const DayNumber today = Today();
  bool grace_expired = false;
  for (const auto& [key, since] : missing_since) {
    const std::optional<DayNumber> day = ParseIsoDate(since);
    grace_expired = grace_expired || !day || today - *day >= config.grace_days;
  }
  DatasetDiff diff(previous_snapshot ? &*previous_snapshot : nullptr, missing_since, config.moved_report_km);

  const fs::path work = fs::path(config.output_dir) / "work";
  std::error_code ec;
  fs::create_directories(work, ec);
  if (ec) {
    report["status"] = "failed";
    report["error"] = "cannot create " + work.string() + ": " + ec.message();
    return Finish(report, kPublishFailed, "");
  }

  // 1. Download every source; any failure stops the run before anything is published.
  std::vector<std::string> hashes;
  bool unchanged = previous.contains("sources");
  for (const Source& source : config.sources) {
    json entry = {{"name", source.name}, {"url", source.url}, {"format", source.format}};
    const std::string path = (work / (source.name + ".download")).string();
    const FetchResult fetched =
        source.paged ? FetchPages(source.url, path, source.fetch) : FetchSource(source.url, path, source.fetch);
    entry["attempts"] = fetched.attempts;
    if (source.fetch.insecure_tls) entry["warning"] = "TLS verification is off for this source";
    if (!fetched.ok) {
      entry["error"] = fetched.error;
      report["sources"].push_back(entry);
      report["status"] = "fetch_failed";
      report["error"] = source.name + ": " + fetched.error;
      return Finish(report, kFetchFailed, config.output_dir);
    }
    entry["bytes"] = fetched.bytes;
    hashes.push_back(Sha256HexOfFile(path).value_or(""));
    entry["sha256"] = hashes.back();
    unchanged = unchanged && previous["sources"].contains(source.name) &&
                previous["sources"][source.name].value("sha256", "") == hashes.back();
    report["sources"].push_back(entry);
  }
  // Seasonal hours are judged on the run's date: the same files read on another day may publish other hours.
  bool dated_rules = false;
  const json previous_sources = previous.value("sources", json::object());
  for (const auto& [name, source] : previous_sources.items()) {
    const json rules = source.value("rules", json::object());
    dated_rules = dated_rules || rules.contains("seasonal_hours") || rules.contains("out_of_season_hours");
  }
  if (dated_rules && previous.value("dataset_date", "") != FormatIsoDate(today)) unchanged = false;
  if (unchanged && !grace_expired && !check_only && previous["sources"].size() == config.sources.size()) {
    report["status"] = "unchanged";
    report["published"] = previous;
    return Finish(report, kOk, config.output_dir);
  }

  // 2. Read and validate each source; a source over its thresholds refuses the whole publication.
  SnapshotBuilder builder;
  json manifest_sources = json::object();
  std::map<std::string, size_t> points_per_carrier;
  bool refused = false;
  for (size_t i = 0; i < config.sources.size(); ++i) {
    const Source& source = config.sources[i];
    json& entry = report["sources"][i];
    RecordFile file = ReadRecordFile((work / (source.name + ".download")).string(), source.format, today);
    if (!file.error.empty()) {
      entry["error"] = file.error;
      refused = true;
      continue;
    }
    std::vector<RecordReject> rejects = std::move(file.rejects);
    size_t accepted = 0;
    std::map<std::string, size_t> profile;
    builder.Reserve(builder.size() + file.points.size());
    for (RelayPoint& p : file.points) {
      diff.Compare(p);
      const std::string carrier = p.carrier;
      std::map<std::string, size_t> traits;
      AddToProfile(p, &traits);
      if (std::string error = builder.Add(std::move(p)); !error.empty()) {
        rejects.push_back({0, error, p.id});
      } else {
        ++accepted;
        ++points_per_carrier[carrier];
        for (const auto& [trait, n] : traits) profile[trait] += n;
      }
    }
    const double bad_percent =
        file.records ? 100.0 * static_cast<double>(rejects.size()) / static_cast<double>(file.records) : 0;
    entry["records"] = file.records;
    entry["accepted"] = accepted;
    entry["rejected"] = rejects.size();
    entry["bad_percent"] = std::round(bad_percent * 100) / 100;
    json listed = json::array();
    for (size_t r = 0; r < rejects.size() && r < kRejectsInReport; ++r) {
      json listed_reject = {{"line", rejects[r].line}, {"rule", rejects[r].rule}};
      if (!rejects[r].id.empty()) listed_reject["id"] = rejects[r].id;
      listed.push_back(listed_reject);
    }
    entry["rejects"] = listed;
    // What the normalisation rules changed, beside the last publication's counts: a carrier that changes its
    // format shows here before shoppers see it.
    const json before = previous.contains("sources") && previous["sources"].contains(source.name)
                            ? previous["sources"][source.name]
                            : json::object();
    json normalised = json::object();
    for (const auto& [rule, count] : file.rules) {
      normalised[rule] = {{"records", count}};
      if (before.contains("rules")) normalised[rule]["before"] = before["rules"].value(rule, 0);
    }
    if (before.contains("rules") && before["rules"].is_object()) {
      for (const auto& [rule, count] : before["rules"].items()) {
        if (!normalised.contains(rule)) normalised[rule] = {{"records", 0}, {"before", count}};
      }
    }
    entry["normalised"] = normalised;
    const double share = file.records ? 100.0 * static_cast<double>(accepted) / static_cast<double>(file.records) : 0;
    entry["accepted_percent"] = std::round(share * 100) / 100;
    // Hours made unknown because their season is over are still published hours: the season's turn is no
    // format change.
    if (const auto season = file.rules.find("out_of_season_hours"); season != file.rules.end()) {
      profile["hours_known"] += season->second;
    }
    json unknown = json::object();
    for (const auto& [field, line] : file.unknown_fields) unknown[field] = line;
    if (!unknown.empty()) entry["unknown_fields"] = unknown;
    std::vector<std::string> problems;
    if (file.records == 0) problems.push_back("no record at all");
    if (bad_percent > source.max_bad_percent) {
      problems.push_back(std::to_string(rejects.size()) + " of " + std::to_string(file.records) +
                         " records rejected, over max_bad_percent " + Number(source.max_bad_percent));
    }
    if (const double accepted_before = before.value("accepted", 0.0);
        accepted_before > 0 && static_cast<double>(accepted) < accepted_before * (1 - source.max_drop_percent / 100)) {
      problems.push_back("accepted records dropped from " + std::to_string(static_cast<long long>(accepted_before)) +
                         " to " + std::to_string(accepted) + ", over max_drop_percent " +
                         Number(source.max_drop_percent));
    }
    std::vector<std::string> shifts;  // Refusals --accept-shift lets through: the carrier really changed.
    if (before.contains("records") && before.value("records", 0.0) > 0) {
      const double share_before = 100.0 * before.value("accepted", 0.0) / before.value("records", 1.0);
      if (share < share_before - source.max_share_shift_points &&
          (share_before - share) / 100 * static_cast<double>(file.records) >= kShiftPoints) {
        char text[160];
        std::snprintf(text, sizeof(text),
                      "accepted share fell from %.2f%% to %.2f%%, over max_share_shift_points %g: has the "
                      "carrier changed its format? (if not, run once with --accept-shift)",
                      share_before, share, source.max_share_shift_points);
        shifts.push_back(text);
      }
    }
    // The profile: each trait's share of accepted points, today and at the last publication.
    const double accepted_before = before.value("accepted", 0.0);
    const json profile_before = before.value("profile", json::object());
    json profile_report = json::object();
    std::map<std::string, std::pair<double, double>> shares;  // Trait -> (today, before), in %.
    for (const auto& [trait, n] : profile) shares[trait].first = accepted ? 100.0 * n / accepted : 0;
    if (profile_before.is_object() && accepted_before > 0) {
      for (const auto& [trait, n] : profile_before.items()) {
        if (n.is_number()) shares[trait].second = 100.0 * n.get<double>() / accepted_before;
      }
    }
    for (const auto& [trait, share_pair] : shares) {
      const auto [now, then] = share_pair;
      profile_report[trait] = {{"percent", std::round(now * 100) / 100}};
      if (accepted_before > 0 && profile_before.is_object() && !profile_before.empty()) {
        profile_report[trait]["before"] = std::round(then * 100) / 100;
        // A move counts when it is more than the threshold and more than a few points: a search API's
        // answer of 20 points may gain or lose a locker.
        if (accepted > 0 && std::abs(now - then) > source.max_share_shift_points &&
            std::abs(now - then) / 100 * static_cast<double>(accepted) >= kShiftPoints) {
          char text[240];
          std::snprintf(text, sizeof(text),
                        "share of points with %s moved from %.2f%% to %.2f%%, over max_share_shift_points %g: has "
                        "the carrier changed its format? (if not, run once with --accept-shift)",
                        trait.c_str(), then, now, source.max_share_shift_points);
          shifts.push_back(text);
        }
      }
    }
    entry["profile"] = profile_report;
    if (accept_shift && !shifts.empty()) {
      entry["accepted_shifts"] = shifts;
    } else {
      problems.insert(problems.end(), shifts.begin(), shifts.end());
    }
    if (!problems.empty()) {
      entry["refused"] = problems;
      refused = true;
    }
    manifest_sources[source.name] = {{"url", source.url},    {"sha256", hashes[i]},        {"records", file.records},
                                     {"accepted", accepted}, {"rejected", rejects.size()}, {"rules", file.rules},
                                     {"profile", profile}};
  }
  if (refused) {
    diff.KeptInactive(today, config.grace_days);  // So that the report lists the vanished points too.
    report["diff"] = diff.Report();
    report["status"] = "refused";
    return Finish(report, kRefused, config.output_dir);
  }
  // Vanished points stay, inactive, for the grace period.
  for (RelayPoint& p : diff.KeptInactive(today, config.grace_days)) builder.Add(std::move(p));
  report["diff"] = diff.Report();
  if (check_only) {
    report["status"] = "valid";
    return Finish(report, kOk, config.output_dir);
  }

  // 3. Build and publish.
  const std::vector<uint8_t> bytes = builder.Build(today, RunOnThreads);
  // The change since the published snapshot, for browsers that hold it (operator new aligns the bytes
  // as Snapshot::Open requires).
  SnapshotDelta delta;
  if (previous_snapshot) {
    const SnapshotOpen opened = Snapshot::Open(bytes, false);
    delta = opened.snapshot ? MakeSnapshotDelta(*previous_snapshot, *opened.snapshot) : SnapshotDelta{{}, opened.error};
    if (delta.error.empty()) {
      report["delta"] = {{"bytes", delta.bytes.size()},
                         {"snapshot_bytes", bytes.size()},
                         {"percent_of_snapshot", 100.0 * static_cast<double>(delta.bytes.size()) / bytes.size()},
                         {"removed", delta.removed},
                         {"upserts", delta.upserts}};
    } else {
      report["warning"] = "no delta published: " + delta.error;
    }
  }
  json manifest = {{"version", previous.value("version", int64_t{0}) + 1},
                   {"published_at", NowIso()},
                   {"dataset_date", FormatIsoDate(today)},
                   {"points", builder.size()},
                   {"carriers", points_per_carrier},
                   {"sources", manifest_sources},
                   {"grace_days", config.grace_days},
                   {"missing_since", diff.missing_since()}};
  if (!delta.bytes.empty()) manifest["delta"] = {{"from_sha256", previous.value("sha256", "")}};
  if (const std::string error = PublishSnapshot(config.output_dir, bytes, delta.bytes, config.keep_versions, &manifest,
                                                places ? &*places : nullptr);
      !error.empty()) {
    report["status"] = "publish_failed";
    report["error"] = error;
    return Finish(report, kPublishFailed, config.output_dir);
  }
  report["status"] = "published";
  report["published"] = manifest;
  return Finish(report, kOk, config.output_dir);
}

}  // namespace
}  // namespace relais

int main(int argc, char** argv) {
  std::string config;
  bool check_only = false, accept_shift = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc) {
      config = argv[++i];
    } else if (arg == "--check") {
      check_only = true;
    } else if (arg == "--once") {
    } else if (arg == "--accept-shift") {
      accept_shift = true;
    } else {
      std::cerr << "usage: relais-sync --config sync.json [--once | --check] [--accept-shift]\n";
      return relais::kBadConfig;
    }
  }
  if (config.empty()) {
    std::cerr << "usage: relais-sync --config sync.json [--once | --check] [--accept-shift]\n";
    return relais::kBadConfig;
  }
  try {
    return relais::Run(config, check_only, accept_shift);
  } catch (const std::exception& e) {  // A bug, not an input: still a clean report and a failure code.
    std::cout << nlohmann::json{{"status", "failed"}, {"error", std::string("internal error: ") + e.what()}}.dump(2)
              << "\n";
    return relais::kPublishFailed;
  }
}
