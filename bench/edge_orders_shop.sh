# Sourced by the benches that run bench/edge_orders.lua against relais-edge: the shop it orders from, and
# wrk's figures read back. Needs $RELAIS_KEY, the brand's API key.

# The site "wh", the product "P" and a million units of it, through the relais-edge at $1 (once per database).
seed_orders_shop() {
  local auth=(-H "Authorization: Bearer $RELAIS_KEY" -H "Content-Type: application/json")
  curl -sf -X PUT "${auth[@]}" "$1/v1/sites/wh" -d '{"kind": "warehouse", "name": "W", "location": {"country": "FR",
    "lat": 48.9, "lon": 2.3, "tz": "Europe/Paris"}, "capabilities": {"click_collect": {"cost_cents": 0, "lead_time_hours": 1}}}' >/dev/null
  curl -sf -X PUT "${auth[@]}" "$1/v1/products/P" -d '{"name": "P", "category": "c", "temperature": "ambient",
    "weight_g": 100, "price_cents": 100}' >/dev/null
  curl -sf -X POST "${auth[@]}" "$1/v1/stock/movements" -d '{"kind": "receipt", "sku": "P", "site": "wh", "quantity": 1000000}' >/dev/null
}

# The first figure after the label $1 in wrk's output file $2 ("2.71ms", "5450.12").
field() { sed -n "s/^ *$1 *\([0-9.]*[a-z]*\).*/\1/p" "$2" | head -1; }
# wrk's duration $1 ("850.00us", "2.71ms", "1.02s") in milliseconds.
ms() { case "$1" in *us) echo "scale=3; ${1%us} / 1000" | bc ;; *ms) echo "${1%ms}" ;; *s) echo "${1%s} * 1000" | bc ;; esac; }
