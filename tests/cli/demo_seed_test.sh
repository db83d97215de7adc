#!/usr/bin/env bash
# The demo's store seeding (demo/seed_edge.sh) against a real relais-edge on loopback: sites, products,
# stock and an order to the relay point nearest the Hotel de Ville all go through, and the order's stock
# is reserved. Then the demo's shipping (demo/shipping.json): the order's relay parcel is labelled (the PDF's
# barcode, read by zbarimg, is its number), printed to a label printer listening on loopback, prepared and
# handed to its carrier on the day's manifest, and invoiced (demo/invoicing.json); the store's collection has a
# line short at preparation, whose remainder waits on a backorder.
set -euo pipefail
edge_bin=$1
snapshot_bin=$2
work=$(mktemp -d)
edge_pid=""
printer_pid=""
trap '[ -n "$edge_pid" ] && kill "$edge_pid" 2>/dev/null; [ -n "$printer_pid" ] && kill "$printer_pid" 2>/dev/null;
      rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$(dirname "$0")/start_edge.sh"

"$snapshot_bin" synth --count 3000 --seed 4 --out "$work/points.jsonl"
"$snapshot_bin" build --in "$work/points.jsonl" --out "$work/points.relais" >/dev/null
export DEMO_KEY=demo-test-key-0123456789
# A label printer: a loopback listener that keeps each job it is sent (raw TCP, as on port 9100).
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
n = 0
while True:
    c, _ = s.accept(); data = b""
    while True:
        chunk = c.recv(65536)
        if not chunk: break
        data += chunk
    c.close(); n += 1
    open(sys.argv[2] + str(n), "wb").write(data)
' "$work/printer.port" "$work/job" &
printer_pid=$!
for _ in $(seq 50); do [ -s "$work/printer.port" ] && break; sleep 0.1; done
shipping=$(python3 -c 'import json, sys; s = json.load(open("demo/shipping.json"))
s["printers"] = {"wh-nord": {"host": "127.0.0.1", "port": int(sys.argv[1])}}; print(json.dumps(s))' \
  "$(cat "$work/printer.port")")
cat > "$work/edge.json" <<JSON
{ "listen": "127.0.0.1", "port": 0, "database": "$work/edge.db", "snapshot": "$work/points.relais",
  "brands": [ { "id": "demo", "api_key_env": "DEMO_KEY", "settings": $(cat demo/brand_settings.json),
                "shipping": $shipping, "invoicing": $(cat demo/invoicing.json),
                "returns": $(cat demo/returns.json) } ] }
JSON
start_edge "$edge_bin" "$work/edge.json" "$work"
order=$(bash demo/seed_edge.sh "http://127.0.0.1:$port" "$DEMO_KEY" "$work/points.relais" "$snapshot_bin") ||
  fail "seeding failed: $order"
echo "$order" | grep -q '"mode":"relay"' || fail "no relay line in the demo order: $order"
echo "$order" | grep -q '"tracking_token":"demo\.' || fail "no tracking token: $order"
echo "$order" | grep -q '"purchase_site":"paris-rivoli"' || fail "the order lost its purchase site: $order"
stock=$(curl -sf -H "Authorization: Bearer $DEMO_KEY" "http://127.0.0.1:$port/v1/stock/BOOK-1?site=wh-nord")
echo "$stock" | grep -q '"reserved":1' || fail "the demo order reserved nothing: $stock"

# The relay parcel's child order (the warehouse's), labelled, printed, prepared, and handed over on the manifest.
field() { python3 -c 'import json, sys; print(eval("json.load(sys.stdin)" + sys.argv[1]))' "$1"; }
child=$(echo "$order" | field '["children"][0]["id"]')
[ "$(curl -sf -H "Authorization: Bearer $DEMO_KEY" "http://127.0.0.1:$port/v1/orders/$child" | field '["site"]')" = wh-nord ] ||
  fail "the first child is not the warehouse's: $order"
carrier=$(echo "$order" | field '["lines"][0]["destination"]["carrier"]')
call() { curl -sf -H "Authorization: Bearer $DEMO_KEY" -H 'Content-Type: application/json' "$@"; }
call -D "$work/headers" -o "$work/label.pdf" "http://127.0.0.1:$port/v1/orders/$child/shipments/0/label" \
  -d '{"format": "pdf"}' || fail "no label: $(cat "$work/label.pdf")"
number=$(tr -d '\r' < "$work/headers" | sed -n 's/^X-Parcel-Numbers: //Ip')
[ -n "$number" ] || fail "the label gave no number: $(cat "$work/headers")"
pdftoppm -r 300 -png "$work/label.pdf" "$work/page"
scanned=$(zbarimg --raw -q --nodbus "$work"/page*.png)
[ "$scanned" = "$number" ] || fail "the label's barcode reads '$scanned', its number is $number"
call "http://127.0.0.1:$port/v1/orders/$child/shipments/0/print" -d '{}' >/dev/null || fail "printing failed"
grep -q "$number" "$work/job1" || fail "the printer got no ZPL with $number"
for event in preparation_started preparation_done; do
  call "http://127.0.0.1:$port/v1/orders/$child/events" -d "{\"event\": \"$event\"}" >/dev/null || fail "$event"
done
manifest=$(call "http://127.0.0.1:$port/v1/manifests" -d "{\"site\": \"wh-nord\", \"carrier\": \"$carrier\"}") ||
  fail "closing the day failed"
[ "$(echo "$manifest" | field '["parcels"][0]["number"]')" = "$number" ] || fail "the manifest misses $number: $manifest"
status=$(curl -sf -H "Authorization: Bearer $DEMO_KEY" "http://127.0.0.1:$port/v1/orders/$child" | field '["status"]')
[ "$status" = shipped ] || fail "the parcel on the manifest is $status, not shipped"
# Left, so invoiced: the invoice names the relay point, and its PDF says so.
invoices=$(curl -sf -H "Authorization: Bearer $DEMO_KEY" "http://127.0.0.1:$port/v1/orders/$child/invoices")
[ "$(echo "$invoices" | field '["invoices"][0]["number"]')" = F-000001 ] || fail "no invoice F-000001: $invoices"
relay_code=$(echo "$invoices" | field '["invoices"][0]["delivery"]["relay"]["code"]')
[ -n "$relay_code" ] || fail "the invoice names no relay point: $invoices"
curl -sf -o "$work/invoice.pdf" -H "Authorization: Bearer $DEMO_KEY" "http://127.0.0.1:$port/v1/invoices/F-000001/document"
pdftotext "$work/invoice.pdf" - | grep -q "FACTURE N° F-000001" || fail "the invoice's PDF has no number"
pdftotext "$work/invoice.pdf" - | grep -q "$relay_code" || fail "the invoice's PDF does not name $relay_code"
# The store's collection: one of the two yogurts is not on the shelf -- it waits on a backorder of its own.
store_child=$(echo "$order" | field '["children"][1]["id"]')
call "http://127.0.0.1:$port/v1/orders/$store_child/events" -d '{"event": "preparation_started"}' >/dev/null ||
  fail "preparing the store's part"
later=$(date -u -d "+2 days" +%F)  # The site's own date may be ahead of UTC.
split=$(curl -s -H "Authorization: Bearer $DEMO_KEY" -H "Content-Type: application/json" "http://127.0.0.1:$port/v1/orders/$store_child/shipments/0/backorder" \
  -d "{\"lines\": [{\"sku\": \"YOG-4\", \"missing\": 1}], \"available_on\": \"$later\"}") ||
  fail "the backorder was refused: $split"
[ "$(echo "$split" | field '["backorder"]')" = 1 ] || fail "no backorder shipment: $split"
[ "$(echo "$split" | field '["order"]["lines"][1]["shipment"]')" = 1 ] || fail "the remainder is not on it: $split"
[ "$(echo "$split" | field '["order"]["delivery"][1]["cost_cents"]')" = 0 ] || fail "the backorder is charged: $split"
# The relay parcel collected, its book comes back to the store (demo/returns.json): received, graded resellable,
# validated -- recorded as refunded (no payment provider in the demo) and credited.
for event in ready_for_pickup picked_up; do
  call "http://127.0.0.1:$port/v1/orders/$child/events" -d "{\"event\": \"$event\"}" >/dev/null || fail "$event"
done
parent=$(echo "$order" | field '["id"]')
options=$(call "http://127.0.0.1:$port/v1/orders/$parent/returns") || fail "no return options: $options"
line=$(echo "$options" | python3 -c 'import json, sys; print([l["line"] for l in json.load(sys.stdin)["lines"] if l["returnable"] > 0][0])') ||
  fail "nothing returnable: $options"
asked=$(call "http://127.0.0.1:$port/v1/orders/$parent/returns" -d "{\"lines\": [{\"line\": $line, \"quantity\": 1}],
  \"reason\": \"changed_mind\", \"drop_off\": {\"kind\": \"store\", \"site\": \"paris-rivoli\"}}") || fail "return refused: $asked"
ret=$(echo "$asked" | field '["id"]')
call "http://127.0.0.1:$port/v1/returns/$ret/receive" -d '{"site": "paris-rivoli"}' >/dev/null || fail "receipt"
call "http://127.0.0.1:$port/v1/returns/$ret/grade" \
  -d "{\"grades\": [{\"line\": $line, \"resellable\": 1, \"unsellable\": 0}]}" >/dev/null || fail "grading"
done=$(call "http://127.0.0.1:$port/v1/returns/$ret/validate" -d '{}') || fail "validation: $done"
[ "$(echo "$done" | field '["status"]')" = refunded ] || fail "the return is not refunded: $done"
[ "$(echo "$done" | field '["credit_notes"][0]')" = AV-000001 ] || fail "no credit note: $done"
echo "demo seeding and shipping: all checks passed"
