#include "wasm/engine/snapshot_delta.h"

#include <cstring>
#include <unordered_set>

#include "wasm/engine/file_checksum.h"
#include "wasm/engine/snapshot_builder.h"

namespace relais {

namespace {

constexpr size_t kHeaderSize = 80;
constexpr size_t kChecksumOffset = 64;

template <typename T>
T Load(const uint8_t* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

template <typename T>
void Store(uint8_t* p, T value) {
  std::memcpy(p, &value, sizeof value);
}

size_t Aligned(size_t size) { return (size + 7) / 8 * 8; }

// (carrier, id) as one string: ids hold no '\0'.
std::string Key(std::string_view carrier, std::string_view id) {
  std::string key(carrier);
  key += '\0';
  key += id;
  return key;
}

void AppendShortString(std::string_view s, std::vector<uint8_t>* out) {
  out->push_back(static_cast<uint8_t>(s.size()));  // Carrier slugs and ids are at most 32 bytes.
  out->insert(out->end(), s.begin(), s.end());
}

// Reads the removed-key list; false when it is not exactly `count` well-formed keys.
bool ReadRemovedKeys(std::span<const uint8_t> list, uint32_t count, std::unordered_set<std::string>* keys) {
  size_t at = 0;
  std::string_view parts[2];
  for (uint32_t k = 0; k < count; ++k) {
    for (std::string_view& part : parts) {
      if (at >= list.size() || list[at] > list.size() - at - 1) return false;
      part = {reinterpret_cast<const char*>(list.data()) + at + 1, list[at]};
      at += 1 + list[at];
    }
    keys->insert(Key(parts[0], parts[1]));
  }
  return at == list.size();
}

}  // namespace

SnapshotDelta MakeSnapshotDelta(const Snapshot& from, const Snapshot& to) {
  SnapshotDelta out;
  SnapshotBuilder upserts;
  for (uint32_t i = 0; i < to.size(); ++i) {
    RelayPoint point = to.Record(i);
    const std::optional<uint32_t> old = from.Find(point.carrier, point.id);
    if (old && from.Record(*old) == point) continue;
    if (const std::string e = upserts.Add(std::move(point)); !e.empty()) {
      out.error = "the new snapshot holds a point the builder refuses: " + e;
      return out;
    }
    ++out.upserts;
  }
  std::vector<uint8_t> removed;
  for (uint32_t i = 0; i < from.size(); ++i) {
    if (to.Find(from.carrier(i), from.text(i, TextField::kId))) continue;
    AppendShortString(from.carrier(i), &removed);
    AppendShortString(from.text(i, TextField::kId), &removed);
    ++out.removed;
  }
  const std::vector<uint8_t> upsert_file = upserts.Build(to.dataset_day());

  const size_t upsert_offset = Aligned(kHeaderSize + removed.size());
  std::vector<uint8_t>& d = out.bytes;
  d.assign(upsert_offset + upsert_file.size(), 0);
  std::memcpy(d.data(), kDeltaMagic, 8);
  Store<uint32_t>(&d[12], kDeltaFormatVersion);
  Store<uint64_t>(&d[16], from.checksum());
  Store<uint64_t>(&d[24], to.checksum());
  Store<uint64_t>(&d[32], to.bytes().size());
  Store<int32_t>(&d[40], to.dataset_day());
  Store<uint32_t>(&d[44], out.removed);
  Store<uint64_t>(&d[48], removed.size());
  Store<uint64_t>(&d[56], upsert_file.size());
  if (!removed.empty()) std::memcpy(&d[kHeaderSize], removed.data(), removed.size());
  std::memcpy(&d[upsert_offset], upsert_file.data(), upsert_file.size());
  Store<uint64_t>(&d[kChecksumOffset], FileChecksum(d, kChecksumOffset));

  // A delta that would not reproduce `to` is never handed out.
  const DeltaApplied check = ApplySnapshotDelta(from, d);
  if (!check.error.empty() ||
      !std::equal(check.bytes.begin(), check.bytes.end(), to.bytes().begin(), to.bytes().end())) {
    out.error = "the delta does not reproduce the new snapshot" + (check.error.empty() ? "" : ": " + check.error);
    out.bytes.clear();
  }
  return out;
}

DeltaApplied ApplySnapshotDelta(const Snapshot& from, std::span<const uint8_t> delta) {
  DeltaApplied out;
  const uint8_t* d = delta.data();
  if (delta.size() < kHeaderSize || std::memcmp(d, kDeltaMagic, 8) != 0) {
    out.error = "not a snapshot delta";
    return out;
  }
  if (reinterpret_cast<uintptr_t>(d) % 8 != 0) {
    out.error = "delta bytes must start at an 8-byte aligned address";
    return out;
  }
  // The version first: a delta in an older format (checksummed otherwise) is named as such.
  if (const uint32_t version = Load<uint32_t>(d + 12); version != kDeltaFormatVersion) {
    out.error = "delta format version " + std::to_string(version) + " is not supported";
    return out;
  }
  if (FileChecksum(delta, kChecksumOffset) != Load<uint64_t>(d + kChecksumOffset)) {
    out.error = "delta corrupted: checksum mismatch";
    return out;
  }
  if (Load<uint64_t>(d + 16) != from.checksum()) {
    out.error = "the delta applies to another snapshot";
    return out;
  }
  const uint64_t removed_size = Load<uint64_t>(d + 48), upsert_size = Load<uint64_t>(d + 56);
  if (removed_size > delta.size() - kHeaderSize ||
      upsert_size != delta.size() - Aligned(kHeaderSize + static_cast<size_t>(removed_size))) {
    out.error = "delta sections do not fit its size";
    return out;
  }
  std::unordered_set<std::string> removed;
  if (!ReadRemovedKeys(delta.subspan(kHeaderSize, removed_size), Load<uint32_t>(d + 44), &removed)) {
    out.error = "delta removed-key list is malformed";
    return out;
  }
  const SnapshotOpen upserts = Snapshot::Open(delta.subspan(delta.size() - upsert_size), false);
  if (!upserts.snapshot) {
    out.error = "delta upserts: " + upserts.error;
    return out;
  }
  const Snapshot& up = *upserts.snapshot;

  SnapshotBuilder builder;
  builder.Reserve(from.size() + up.size());
  for (uint32_t i = 0; i < from.size(); ++i) {
    const std::string_view carrier = from.carrier(i), id = from.text(i, TextField::kId);
    if (up.Find(carrier, id) || removed.count(Key(carrier, id))) continue;
    if (const std::string e = builder.Add(from.Record(i)); !e.empty()) {
      out.error = "old snapshot point refused: " + e;
      return out;
    }
  }
  for (uint32_t i = 0; i < up.size(); ++i) {
    if (const std::string e = builder.Add(up.Record(i)); !e.empty()) {
      out.error = "delta point refused: " + e;
      return out;
    }
  }
  std::vector<uint8_t> bytes = builder.Build(Load<int32_t>(d + 40));
  if (bytes.size() != Load<uint64_t>(d + 32) ||
      Load<uint64_t>(bytes.data() + snapshot_format::kChecksumOffset) != Load<uint64_t>(d + 24)) {
    out.error = "the delta did not reproduce the published snapshot";
    return out;
  }
  out.bytes = std::move(bytes);
  return out;
}

}  // namespace relais
