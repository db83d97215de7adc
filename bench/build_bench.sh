#!/usr/bin/env bash
# 1M canonical records -> validated snapshot (relais-snapshot build: parse, check every rule, index,
# cluster, write), against what an operator would otherwise do with the same records: load them as CSV
# with the sqlite3 shell's .import (no validation, no index). Same machine, same run, files in the page
# cache for both; best of three runs each. Usage: bench/build_bench.sh [build-dir] [count]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/native}
count=${2:-1000000}
bin=$build/data-sync/relais-snapshot
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" synth --count "$count" --seed 7 --out "$work/records.jsonl"
"$bin" synth --count "$count" --seed 7 --format csv --out "$work/records.csv"
cat "$work/records.jsonl" "$work/records.csv" >/dev/null
sync  # The generated files' writeback must not land inside either peer's timing.

seconds() { date +%s.%N; }
best() { printf '%s\n' "$@" | sort -g | head -1; }
ours=()
theirs=()
for run in 1 2 3; do
  t0=$(seconds)
  "$bin" build --in "$work/records.jsonl" --out "$work/points.relais" >"$work/build.json"
  t1=$(seconds)
  rm -f "$work/import.db"
  sqlite3 "$work/import.db" ".import --csv $work/records.csv points"
  t2=$(seconds)
  ours+=("$(echo "$t1 - $t0" | bc -l)")
  theirs+=("$(echo "$t2 - $t1" | bc -l)")
done
grep -q "\"points\":$count" "$work/build.json" || { echo "build did not keep every record: $(cat "$work/build.json")" >&2; exit 1; }
rows=$(sqlite3 "$work/import.db" "select count(*) from points")
[ "$rows" = "$count" ] || { echo "sqlite3 imported $rows rows, not $count" >&2; exit 1; }

ours_best=$(best "${ours[@]}")
theirs_best=$(best "${theirs[@]}")
mb() { echo $(($(stat -c %s "$1") / 1000000)); }
printf '\n%s records -> validated snapshot (best of 3 runs)\n' "$count"
printf '  %-46s %7.2f s  (%s MB JSONL -> %s MB snapshot)\n' "relais-snapshot build (target <= 5 s at 1M)" \
  "$ours_best" "$(mb "$work/records.jsonl")" "$(mb "$work/points.relais")"
printf '  %-46s %7.2f s  (%s MB CSV -> %s MB database)\n' "sqlite3 .import --csv of the same records" \
  "$theirs_best" "$(mb "$work/records.csv")" "$(mb "$work/import.db")"
printf '  %-46s %7.2fx\n' "ratio (sqlite3 time / relais time)" "$(echo "$theirs_best / $ours_best" | bc -l)"
