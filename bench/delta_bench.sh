#!/usr/bin/env bash
# What a returning shopper's browser downloads after one day of carrier changes: the delta
# (relais-snapshot delta) against its peer, the full snapshot, raw and gzipped (what a web server would
# send). "Yesterday" is La Poste's real points (demo/data/laposte_poincont2_2016.csv); "today"
# changes the hours or closures of 1% of them, moves 0.2%, removes 0.3% and adds 0.3% new ones -- a
# busy day for a carrier file. Usage: bench/delta_bench.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/native}/data-sync/relais-snapshot
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" convert --format laposte-csv --in demo/data/laposte_poincont2_2016.csv --out "$work/yesterday.jsonl" \
  >/dev/null 2>&1
total=$(wc -l < "$work/yesterday.jsonl")
# Day-to-day churn, decided by line number so that the run is reproducible.
awk '
  NR % 333 == 7 { next }                                                                  # removed
  NR % 100 == 3 { sub(/"closures":\[[^]]*\]/, ""); sub(/}$/, ",\"closures\":[{\"from\":\"2026-12-24\",\"to\":\"2026-12-26\"}]}") }
  NR % 500 == 11 { if (match($0, /"lat":[-0-9.]+/)) { lat = substr($0, RSTART + 6, RLENGTH - 6) + 0.001;
                   $0 = substr($0, 1, RSTART + 5) lat substr($0, RSTART + RLENGTH) } }      # moved
  { print }
  NR % 333 == 9 { line = $0; sub(/"id":"/, "\"id\":\"NEW", line); print line }              # added
' "$work/yesterday.jsonl" > "$work/today.jsonl"
"$bin" build --in "$work/yesterday.jsonl" --out "$work/yesterday.relais" --date 2026-11-24 >/dev/null 2>&1
"$bin" build --in "$work/today.jsonl" --out "$work/today.relais" --date 2026-11-25 >/dev/null 2>&1
"$bin" delta --from "$work/yesterday.relais" --to "$work/today.relais" --out "$work/today.delta" > "$work/delta.json"
"$bin" patch --snapshot "$work/yesterday.relais" --delta "$work/today.delta" --out "$work/patched.relais" >/dev/null
cmp -s "$work/patched.relais" "$work/today.relais" || { echo "delta does not reproduce today's snapshot" >&2; exit 1; }

full=$(stat -c %s "$work/today.relais")
delta=$(stat -c %s "$work/today.delta")
full_gz=$(gzip -9c "$work/today.relais" | wc -c)
delta_gz=$(gzip -9c "$work/today.delta" | wc -c)
echo "Daily delta, La Poste contact points ($total points; $(sed 's/[{}"]//g' "$work/delta.json"))"
printf '  %-44s %10s %10s\n' "" "raw bytes" "gzip -9"
printf '  %-44s %10d %10d\n' "full snapshot (peer: what is sent today)" "$full" "$full_gz"
printf '  %-44s %10d %10d\n' "relais delta" "$delta" "$delta_gz"
printf '  %-44s %9.1fx %9.1fx\n' "ratio (full / delta)" "$(echo "$full / $delta" | bc -l)" "$(echo "$full_gz / $delta_gz" | bc -l)"
