#!/usr/bin/env bash
# relais-edge under wrk on loopback: durable order creation (each request a new order, its stock reserved,
# synchronous=FULL) at 16 and 64 connections, stock reads, and the peer: the same durable writes as raw
# SQLite transactions (bench/sqlite_order_bench.cc), measured in the same run on the same disk.
# Usage: bench/edge_bench.sh [build-dir] [seconds per run]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/edge_orders_shop.sh
build=${1:-build/native}
seconds=${2:-10}
work=$(mktemp -d)
edge_pid=""
trap '[ -n "$edge_pid" ] && kill "$edge_pid" 2>/dev/null; rm -rf "$work"' EXIT

export RELAIS_KEY=bench-merchant-key-0123456789
cat > "$work/edge.json" <<JSON
{ "listen": "127.0.0.1", "port": 0, "database": "$work/edge.db", "threads": 64,
  "brands": [ { "id": "bench", "api_key_env": "RELAIS_KEY" } ] }
JSON
"$build/edge/relais-edge" --config "$work/edge.json" >"$work/out" 2>/dev/null &
edge_pid=$!
for _ in $(seq 50); do [ -s "$work/out" ] && break; sleep 0.1; done
port=$(sed -n 's/.*"listening": "127.0.0.1:\([0-9]*\)".*/\1/p' "$work/out")
url="http://127.0.0.1:$port"
seed_orders_shop "$url"

echo "relais-edge on loopback, ${seconds} s per run (wrk), this machine"
printf '  %-34s %12s %10s %10s %8s\n' "" "requests/s" "p50 ms" "p99 ms" "errors"
for connections in 16 64; do
  wrk -t 2 -c "$connections" -d "${seconds}s" --latency -s bench/edge_orders.lua "$url" >"$work/wrk.txt"
  errors=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$work/wrk.txt")
  printf '  %-34s %12s %10s %10s %8s\n' "orders, $connections connections" "$(field 'Requests\/sec:' "$work/wrk.txt")" \
    "$(ms "$(field '50%' "$work/wrk.txt")")" "$(ms "$(field '99%' "$work/wrk.txt")")" "${errors:-0}"
  [ "$connections" = 64 ] && orders_64=$(field 'Requests\/sec:' "$work/wrk.txt")
  [ "$connections" = 16 ] && orders_16=$(field 'Requests\/sec:' "$work/wrk.txt")
done
wrk -t 2 -c 64 -d "${seconds}s" --latency -H "Authorization: Bearer $RELAIS_KEY" "$url/v1/stock/P?site=wh" >"$work/wrk.txt"
printf '  %-34s %12s %10s %10s %8s\n' "stock reads, 64 connections" "$(field 'Requests\/sec:' "$work/wrk.txt")" \
  "$(ms "$(field '50%' "$work/wrk.txt")")" "$(ms "$(field '99%' "$work/wrk.txt")")" \
  "$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$work/wrk.txt" | grep . || echo 0)"
raw=$("$build/bench/sqlite-order-bench" "$work/raw.db" "$seconds")
best=$(printf '%s\n%s\n' "$orders_16" "$orders_64" | sort -g | tail -1)
printf '  %-34s %12s\n' "raw SQLite, same writes, 1 thread" "$raw"
printf '  %-34s %11.0f%%\n' "order path / raw SQLite" "$(echo "100 * $best / $raw" | bc -l)"
