#!/usr/bin/env bash
# kill -9 in the middle of a publication, many times at random moments: afterwards the published
# snapshot is always a whole one (old or new) whose checksum verifies, and the manifest describes a
# snapshot that exists with that sha256.
set -euo pipefail
sync_bin=$1
snapshot_bin=$2
source "$(dirname "$0")/lib.sh"

mkdir -p "$work/src" "$work/out"
cat > "$work/sync.json" <<JSON
{ "output_dir": "$work/out", "keep_versions": 3,
  "sources": [ { "name": "partner", "url": "file://$work/src/partner.jsonl", "format": "canonical-jsonl",
                 "max_drop_percent": 90 } ] }
JSON
"$snapshot_bin" synth --count 20000 --seed 1 --out "$work/src/partner.jsonl"
# How long a whole run takes on this build (sanitizers are much slower): kills land anywhere in it.
start=$(date +%s%N)
"$sync_bin" --config "$work/sync.json" >/dev/null || fail "first publish"
run_ms=$(( ($(date +%s%N) - start) / 1000000 + 1 ))

check_publication() {
  local snapshot sha
  snapshot=$(sed -n 's/^  "snapshot": "\(.*\)",*$/\1/p' "$work/out/manifest.json")
  sha=$(sed -n 's/^  "sha256": "\(.*\)",*$/\1/p' "$work/out/manifest.json")
  [ -n "$snapshot" ] && [ -f "$work/out/$snapshot" ] || fail "manifest refers to a missing snapshot ($snapshot)"
  [ "$(sha256sum < "$work/out/$snapshot" | cut -d' ' -f1)" = "$sha" ] || fail "manifest sha256 does not match $snapshot"
  "$snapshot_bin" info --snapshot "$work/out/points.relais" >/dev/null 2>"$work/err" || fail "points.relais broken: $(cat "$work/err")"
  local current found=no
  current=$(sha256sum < "$work/out/points.relais" | cut -d' ' -f1)
  for f in "$work/out/snapshots"/*.relais; do
    [ "$(sha256sum < "$f" | cut -d' ' -f1)" = "$current" ] && found=yes
  done
  [ "$found" = yes ] || fail "points.relais is not one of the published versions"
}

killed=0
for round in $(seq 2 17); do
  "$snapshot_bin" synth --count 20000 --seed "$round" --out "$work/src/partner.jsonl"
  "$sync_bin" --config "$work/sync.json" >/dev/null 2>&1 &
  pid=$!
  delay_ms=$(( RANDOM % (run_ms + run_ms / 10) ))
  sleep "$(( delay_ms / 1000 )).$(printf '%03d' $(( delay_ms % 1000 )))"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
  check_publication
done
# Left-over temporary files never replace anything, and a normal run still works afterwards.
"$sync_bin" --config "$work/sync.json" >/dev/null || fail "publish after crashes"
check_publication
[ "$killed" -gt 5 ] || fail "only $killed runs were killed: the test did not exercise crashes"
echo "relais-sync crash test: $killed runs killed, publication always whole"
