#!/usr/bin/env bash
# Seeds a demo store into a running relais-edge: three Paris sites (a warehouse, a store, a drive), seven
# products with stock, one order to the relay point nearest to the Hotel de Ville in the snapshot; for picking,
# the store's layout (demo/store_layout.json), two more click & collect orders there, a picker's staff token
# (written to STAFF_TOKEN_FILE) and a wave of the store's orders due today; for phone sales, the first order's
# shopper as a customer account (demo-shopper: demo@example.com, 06 12 34 56 78, 75004) and a sales agent's
# staff token, Dana's (written to AGENT_TOKEN_FILE), for web/staff/agent.html; for forecasts, two years of
# generated sales at the store.
#   demo/seed_edge.sh URL MERCHANT_KEY SNAPSHOT RELAIS_SNAPSHOT_BIN [STAFF_TOKEN_FILE] [AGENT_TOKEN_FILE]
# Prints the first order's answer (with its tracking token) on stdout.
set -euo pipefail
url=$1 key=$2 snapshot=$3 snapshot_bin=$4 staff_token_file=${5:-/dev/null} agent_token_file=${6:-/dev/null}
call() {  # call METHOD PATH BODY [KEY SUFFIX: two orders are two keys]
  curl -sS --fail-with-body -X "$1" -H "Authorization: Bearer $key" -H "Content-Type: application/json" \
    -H "Idempotency-Key: demo-$2${4:-}" "$url$2" -d "$3"
}
hours='"hours": {"mon": [["09:00", "19:30"]], "tue": [["09:00", "19:30"]], "wed": [["09:00", "19:30"]],
  "thu": [["09:00", "19:30"]], "fri": [["09:00", "19:30"]], "sat": [["09:30", "19:00"]]}'
call PUT /v1/sites/wh-nord "{\"kind\": \"warehouse\", \"name\": \"Entrepôt Nord\", \"zone\": \"idf\",
  \"location\": {\"address\": [\"ZI des Mardelles\"], \"postcode\": \"93600\", \"city\": \"AULNAY-SOUS-BOIS\",
  \"country\": \"FR\", \"lat\": 48.9385, \"lon\": 2.5008, \"tz\": \"Europe/Paris\"},
  \"capabilities\": {\"home\": {\"cost_cents\": 590, \"lead_time_hours\": 48},
                     \"relay\": {\"cost_cents\": 390, \"lead_time_hours\": 72},
                     \"locker\": {\"cost_cents\": 350, \"lead_time_hours\": 72}}}" >/dev/null
call PUT /v1/sites/paris-rivoli "{\"kind\": \"store\", \"name\": \"Paris Rivoli\", \"zone\": \"idf\",
  \"location\": {\"address\": [\"52 rue de Rivoli\"], \"postcode\": \"75004\", \"city\": \"PARIS\", \"country\": \"FR\",
  \"lat\": 48.8571, \"lon\": 2.3540, \"tz\": \"Europe/Paris\", $hours},
  \"capabilities\": {\"click_collect\": {\"cost_cents\": 0, \"lead_time_hours\": 2, \"cold_chain\": true},
                     \"pedestrian\": {\"cost_cents\": 0, \"lead_time_hours\": 1, \"cold_chain\": true},
                     \"returns\": {\"enabled\": true}}}" >/dev/null
call PUT /v1/sites/drive-ivry "{\"kind\": \"drive\", \"name\": \"Drive Ivry\", \"zone\": \"idf\",
  \"location\": {\"address\": [\"1 quai Marcel Boyer\"], \"postcode\": \"94200\", \"city\": \"IVRY-SUR-SEINE\",
  \"country\": \"FR\", \"lat\": 48.8170, \"lon\": 2.3960, \"tz\": \"Europe/Paris\", $hours},
  \"capabilities\": {\"drive\": {\"cost_cents\": 0, \"lead_time_hours\": 2, \"cold_chain\": true}}}" >/dev/null
# Real barcodes (EAN-13 read from photographs of products), lent to the demo's products for the picking page;
# the mug has none (its picker confirms it by hand). COF-6 and YOG-7 are sold at the store only.
while IFS=';' read -r sku name category temperature weight price gtin; do
  call PUT "/v1/products/$sku" "{\"name\": \"$name\", \"category\": \"$category\", \"temperature\": \"$temperature\",
    \"weight_g\": $weight, \"dims_cm\": [30, 20, 10], \"price_cents\": $price${gtin:+, \"gtin\": \"$gtin\"}}" >/dev/null
done <<'PRODUCTS'
BOOK-1;Guide des sentiers;books/travel;ambient;450;2290;9788430532674
MUG-2;Mug émaillé;home/kitchen;ambient;380;1290;
TEA-3;Thé vert 100 g;grocery/tea;ambient;120;690;8413000065504
YOG-4;Yaourts nature x4;grocery/dairy/yogurt;chilled;500;249;5201815331227
ICE-5;Sorbet citron;grocery/frozen;frozen;700;549;5000213101025
COF-6;Café moulu 250 g;grocery/coffee;ambient;260;459;8480010092271
YOG-7;Yaourts vanille x4;grocery/dairy/yogurt;chilled;500;279;5603667020517
PRODUCTS
call POST /v1/stock/movements '{"movements": [
  {"kind": "receipt", "sku": "BOOK-1", "site": "wh-nord", "quantity": 120},
  {"kind": "receipt", "sku": "MUG-2", "site": "wh-nord", "quantity": 80},
  {"kind": "receipt", "sku": "TEA-3", "site": "wh-nord", "quantity": 300},
  {"kind": "receipt", "sku": "BOOK-1", "site": "paris-rivoli", "quantity": 6},
  {"kind": "receipt", "sku": "YOG-4", "site": "paris-rivoli", "quantity": 40},
  {"kind": "receipt", "sku": "COF-6", "site": "paris-rivoli", "quantity": 30},
  {"kind": "receipt", "sku": "YOG-7", "site": "paris-rivoli", "quantity": 20},
  {"kind": "receipt", "sku": "ICE-5", "site": "paris-rivoli", "quantity": 10},
  {"kind": "receipt", "sku": "ICE-5", "site": "drive-ivry", "quantity": 25}]}' >/dev/null
# The relay point nearest to the Hotel de Ville that is open next Wednesday, or simply the nearest when the
# carrier publishes no hours (La Poste's file: the server accepts those unless a closure says otherwise).
arrival=$(date -d "next wednesday" +%F)
point=$("$snapshot_bin" nearest --snapshot "$snapshot" --lat 48.8566 --lon 2.3522 --k 1 --open-on "$arrival" \
  --kinds shop,post_office)
if [ "$(echo "$point" | tr -d ' \n')" = "[]" ]; then
  point=$("$snapshot_bin" nearest --snapshot "$snapshot" --lat 48.8566 --lon 2.3522 --k 1 --kinds shop,post_office)
fi
carrier=$(echo "$point" | sed -n 's/.*"carrier": *"\([^"]*\)".*/\1/p' | head -1)
id=$(echo "$point" | sed -n 's/.*"id": *"\([^"]*\)".*/\1/p' | head -1)
call POST /v1/orders "{\"customer_id\": \"demo-shopper\", \"purchase_site\": \"paris-rivoli\",
  \"contact\": {\"name\": \"Demo Shopper\", \"email\": \"demo@example.com\"}, \"lines\": [
  {\"sku\": \"BOOK-1\", \"quantity\": 1, \"site\": \"wh-nord\", \"mode\": \"relay\",
   \"destination\": {\"carrier\": \"$carrier\", \"id\": \"$id\"}, \"date\": \"$arrival\"},
  {\"sku\": \"YOG-4\", \"quantity\": 2, \"site\": \"paris-rivoli\", \"mode\": \"click_collect\"}]}"
# Picking at the store: its layout, two more orders to collect there, a picker, and a wave of what is due.
curl -sS --fail-with-body -X PUT -H "Authorization: Bearer $key" -H "Content-Type: application/json" \
  "$url/v1/sites/paris-rivoli/layout" --data "@$(dirname "$0")/store_layout.json" >/dev/null
call POST /v1/orders '{"customer_id": "demo-shopper-2", "allow_substitutions": true, "lines": [
  {"sku": "BOOK-1", "quantity": 1, "site": "paris-rivoli", "mode": "click_collect"},
  {"sku": "COF-6", "quantity": 2, "site": "paris-rivoli", "mode": "click_collect"}]}' -2 >/dev/null
call POST /v1/orders '{"customer_id": "demo-shopper-3", "lines": [
  {"sku": "COF-6", "quantity": 1, "site": "paris-rivoli", "mode": "click_collect"},
  {"sku": "ICE-5", "quantity": 1, "site": "paris-rivoli", "mode": "click_collect"}]}' -3 >/dev/null
call POST /v1/staff-tokens '{"site": "paris-rivoli", "name": "Ana"}' |
  sed -n 's/.*"token": *"\([^"]*\)".*/\1/p' > "$staff_token_file"
# Phone sales: the shopper of the first order gets an account (its orders and last relay point come with its id),
# and a sales agent of the whole brand a token.
call POST /v1/customers '{"id": "demo-shopper", "contact": {"name": "Demo Shopper", "email": "demo@example.com",
  "phone": "06 12 34 56 78"}, "addresses": [{"label": "maison", "address": ["52 rue de Rivoli"], "postcode": "75004",
  "city": "Paris", "country": "FR"}], "notes": "Client de démonstration : préfère être rappelé après 18 h"}' >/dev/null
call POST /v1/staff-tokens '{"role": "agent", "name": "Dana"}' -agent |
  sed -n 's/.*"token": *"\([^"]*\)".*/\1/p' > "$agent_token_file"
call POST /v1/sites/paris-rivoli/pick-lists "{\"date\": \"$(date +%F)\"}" >/dev/null
# Sales forecasts (web/staff/forecast.html): two years of sales at the store up to yesterday, GENERATED by
# relais-forecast (weekly and yearly shapes, holidays, stock-outs: not a real shop's), given to the demo's
# products; YOG-7 is new (six weeks on sale), so its forecast falls back on the yogurts' category.
forecast_bin=$(dirname "$snapshot_bin")/../edge/relais-forecast
if [ -x "$forecast_bin" ]; then
  "$forecast_bin" generate --sites 1 --categories 2 --launches 1 --days 800 --end "$(date +%F)" --seed 3 |
    awk -F, -v OFS=, 'BEGIN { split("MUG1=YOG-4 MUG5=YOG-7 MUG2=COF-6 MUG3=TEA-3 PLA1=BOOK-1 PLA2=MUG-2 PLA3=ICE-5", m, " ");
                              for (i in m) { split(m[i], p, "="); to[p[1]] = p[2] } }
         NR == 1 { print "date,sku,site,quantity,in_stock"; next }
         $2 in to { print $1, to[$2], "paris-rivoli", $4, $5 }' |
    curl -sS --fail-with-body -X POST -H "Authorization: Bearer $key" -H "Content-Type: text/csv" \
      "$url/v1/sales/history" --data-binary @- >/dev/null
fi
