#include "data-sync/dataset_diff.h"

#include <algorithm>

#include "wasm/engine/geo.h"

namespace relais {

namespace {
constexpr size_t kExamplesPerKind = 100;

std::string KeyOf(std::string_view carrier, std::string_view id) {
  return std::string(carrier) + "/" + std::string(id);
}
}  // namespace

DatasetDiff::DatasetDiff(const Snapshot* previous, std::map<std::string, std::string> missing_since,
                         double moved_report_km)
    : previous_(previous), missing_since_(std::move(missing_since)), moved_report_m_(moved_report_km * 1000) {
  for (const char* what : {"added", "removed", "kept_inactive", "moved", "hours_changed", "closures_changed",
                           "newly_inactive", "reactivated"}) {
    counts_[what] = 0;
  }
}

void DatasetDiff::Note(const char* what, const std::string& key, nlohmann::json detail) {
  ++counts_[what];
  nlohmann::json& list = examples_[what];
  if (list.size() >= kExamplesPerKind) return;
  list.push_back(detail.is_null() ? nlohmann::json(key) : nlohmann::json{{"point", key}, {"detail", detail}});
}

void DatasetDiff::Compare(const RelayPoint& p) {
  const std::string key = KeyOf(p.carrier, p.id);
  seen_.insert(key);
  if (!previous_) return;
  const std::optional<uint32_t> i = previous_->Find(p.carrier, p.id);
  if (!i) {
    Note("added", key);
    return;
  }
  const double moved = HaversineMeters(p.lat, p.lon, previous_->lat(*i), previous_->lon(*i));
  if (moved > moved_report_m_) Note("moved", key, {{"metres", std::round(moved)}});
  if (!(p.hours == previous_->schedule(*i))) Note("hours_changed", key);
  const std::span<const ClosurePeriod> before = previous_->closures(*i);
  std::vector<ClosurePeriod> now = p.closures;
  std::sort(now.begin(), now.end(),
            [](const ClosurePeriod& a, const ClosurePeriod& b) { return a.first_day < b.first_day; });
  if (!std::equal(now.begin(), now.end(), before.begin(), before.end())) Note("closures_changed", key);
  if (previous_->active(*i) && !p.active) Note("newly_inactive", key);
  if (!previous_->active(*i) && p.active) Note("reactivated", key);
}

std::vector<RelayPoint> DatasetDiff::KeptInactive(DayNumber today, int grace_days) {
  std::vector<RelayPoint> kept;
  if (!previous_) return kept;
  for (uint32_t i = 0; i < previous_->size(); ++i) {
    const std::string key = KeyOf(previous_->carrier(i), previous_->text(i, TextField::kId));
    if (seen_.count(key)) continue;
    const auto since = missing_since_.find(key);
    const std::string first_missed = since != missing_since_.end() ? since->second : FormatIsoDate(today);
    const std::optional<DayNumber> first_day = ParseIsoDate(first_missed);
    if (first_day && today - *first_day < grace_days) {
      RelayPoint p = previous_->Record(i);
      p.active = false;
      next_missing_since_[key] = first_missed;
      if (since == missing_since_.end())
        Note("removed", key, {{"kept_inactive_until", FormatIsoDate(*first_day + grace_days)}});
      ++counts_["kept_inactive"];
      kept.push_back(std::move(p));
    } else {
      Note("removed", key, {{"dropped_after_grace", true}});
    }
  }
  return kept;
}

nlohmann::json DatasetDiff::Report() const {
  nlohmann::json out = {{"counts", counts_}, {"examples", examples_}};
  if (!previous_) out["note"] = "first publication: nothing to compare with";
  return out;
}

}  // namespace relais
