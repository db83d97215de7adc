#!/usr/bin/env bash
# The demo's store seeding (demo/seed_edge.sh) against a real relais-edge on loopback: sites, products,
# stock and an order to the relay point nearest the Hotel de Ville all go through, and the order's stock
# is reserved.
set -euo pipefail
edge_bin=$1
snapshot_bin=$2
work=$(mktemp -d)
edge_pid=""
trap '[ -n "$edge_pid" ] && kill "$edge_pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$(dirname "$0")/start_edge.sh"

"$snapshot_bin" synth --count 3000 --seed 4 --out "$work/points.jsonl"
"$snapshot_bin" build --in "$work/points.jsonl" --out "$work/points.relais" >/dev/null
export DEMO_KEY=demo-test-key-0123456789
cat > "$work/edge.json" <<JSON
{ "listen": "127.0.0.1", "port": 0, "database": "$work/edge.db", "snapshot": "$work/points.relais",
  "brands": [ { "id": "demo", "api_key_env": "DEMO_KEY", "settings": $(cat demo/brand_settings.json) } ] }
JSON
start_edge "$edge_bin" "$work/edge.json" "$work"
order=$(bash demo/seed_edge.sh "http://127.0.0.1:$port" "$DEMO_KEY" "$work/points.relais" "$snapshot_bin") ||
  fail "seeding failed: $order"
echo "$order" | grep -q '"mode":"relay"' || fail "no relay line in the demo order: $order"
echo "$order" | grep -q '"tracking_token":"demo\.' || fail "no tracking token: $order"
echo "$order" | grep -q '"purchase_site":"paris-rivoli"' || fail "the order lost its purchase site: $order"
stock=$(curl -sf -H "Authorization: Bearer $DEMO_KEY" "http://127.0.0.1:$port/v1/stock/BOOK-1?site=wh-nord")
echo "$stock" | grep -q '"reserved":1' || fail "the demo order reserved nothing: $stock"
echo "demo seeding: all checks passed"
