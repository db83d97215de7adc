#!/usr/bin/env bash
# relais-edge under hostile clients (issue 18): each attack of relais-hostile runs for a few seconds against
# a real relais-edge on loopback while a normal client asks GET /healthz every 20 ms. The server must stay
# alive, answer the normal client (p99 within 1 s, no failure), stay under a memory bound, and answer each
# attack the way the attack expects (400/401/413/431 JSON errors, never a 500 or an exception's text).
#   hostile_test.sh RELAIS_EDGE RELAIS_HOSTILE [SECONDS]     (bench/hostile_bench.sh runs it longer)
set -euo pipefail
edge_bin=$1
hostile_bin=$2
seconds=${3:-3}
work=$(mktemp -d)
edge_pid=""
trap '[ -n "$edge_pid" ] && kill "$edge_pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

export HOSTILE_KEY=hostile-test-key-0123456789 HOSTILE_METRICS=hostile-metrics-0123456789
cat > "$work/edge.json" <<JSON
{ "listen": "127.0.0.1", "port": 0, "database": "$work/edge.db", "threads": 8,
  "metrics_token_env": "HOSTILE_METRICS", "brands": [ { "id": "demo", "api_key_env": "HOSTILE_KEY" } ] }
JSON
"$edge_bin" --config "$work/edge.json" >"$work/out" 2>"$work/log" &
edge_pid=$!
for _ in $(seq 50); do [ -s "$work/out" ] && break; sleep 0.1; done
port=$(sed -n 's/.*"listening": "127.0.0.1:\([0-9]*\)".*/\1/p' "$work/out")
[ -n "$port" ] || fail "relais-edge did not start: $(cat "$work/log")"

status=0
for attack in none bad-utf8 slowloris idle chunked gzip-bomb deep-json big-header; do
  if ! "$hostile_bin" --port "$port" --pid "$edge_pid" --attack "$attack" --seconds "$seconds" \
       --key "$HOSTILE_KEY" --max-p99-ms 1000 --max-rss-mb 300; then
    echo "FAIL: attack $attack broke a bound (line above)" >&2
    status=1
  fi
  kill -0 "$edge_pid" 2>/dev/null || fail "relais-edge died during $attack: $(tail -5 "$work/log")"
done
# Nothing an attacker sent may reach the log as a fault: no exception escaped a handler.
if grep -q '"level":"error"' "$work/log"; then
  fail "errors logged: $(grep '"level":"error"' "$work/log" | head -3)"
fi
# The transport's refusals show on /metrics; every answer carries its request id.
metrics=$(curl -sf -H "Authorization: Bearer $HOSTILE_METRICS" "http://127.0.0.1:$port/metrics")
refused=$(echo "$metrics" | sed -n 's/^relais_http_refused_framing_total \([0-9]*\)$/\1/p')
[ "${refused:-0}" -gt 0 ] || fail "no framing refusal counted on /metrics: $(echo "$metrics" | grep relais_http_)"
echo "$metrics" | grep -q '^relais_http_connections_open ' || fail "no open-connections gauge on /metrics"
curl -sfi "http://127.0.0.1:$port/healthz" | grep -qi '^X-Request-Id: [0-9a-f]\{16\}' || fail "no X-Request-Id"
[ "$status" -eq 0 ] && echo "hostile clients: all bounds held"
exit "$status"
