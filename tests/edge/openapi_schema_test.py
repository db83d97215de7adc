#!/usr/bin/env python3
"""relais-edge's /openapi.json against the real server: every documented operation is called on loopback,
each request body we send must satisfy the document's request schema, and every answer (success or error)
must satisfy the schema the document gives for its status. A body the schema refuses is refused by the
server too (400/415), so the document and the handlers agree in both directions on these samples.

Validation uses python3-jsonschema (Debian); OpenAPI 3.0's `nullable` is mapped to a JSON-schema null type.

    openapi_schema_test.py RELAIS_EDGE RELAIS_SNAPSHOT
"""
import copy
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

import jsonschema

MERCHANT_KEY = "openapi-merchant-key-0123456789"
METRICS_TOKEN = "openapi-metrics-token-0123456789"
WEBHOOK_SECRET = "openapi-webhook-secret-0123456789"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message, file=sys.stderr)


def to_json_schema(node, components):
    """Inlines $refs and maps OpenAPI 3.0 `nullable` onto JSON schema."""
    if isinstance(node, list):
        return [to_json_schema(n, components) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return to_json_schema(components[node["$ref"].rsplit("/", 1)[1]], components)
    out = {k: to_json_schema(v, components) for k, v in node.items() if k != "nullable"}
    if node.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


def start_server(work, snapshot):
    config = {"listen": "127.0.0.1", "port": 0, "database": os.path.join(work, "edge.db"),
              "snapshot": snapshot, "metrics_token_env": "OPENAPI_METRICS",
              "brands": [{"id": "demo", "api_key_env": "OPENAPI_KEY",
                          "carrier_webhooks": {"mondial-relay": {"secret_env": "OPENAPI_WEBHOOK"}},
                          "shipping": {"accounts": [{"carrier": "mondial-relay", "account": "BDTEST13", "low_at": 10,
                                                     "ranges": [{"scheme": "mondial-relay", "first": 1,
                                                                 "last": 99999}]}]},
                          "invoicing": {"seller": {"name": "Demo SAS"}, "vat": {"standard": 20}},
                          "returns": {"reasons": [{"code": "changed_mind", "label": {"fr": "Changé d'avis"}}],
                                      "drop_off": {"relay_carriers": ["mondial-relay"]}},
                          "settings": {"zones": {"paris": {"name": "Paris"}}}}]}
    with open(os.path.join(work, "edge.json"), "w") as f:
        json.dump(config, f)
    env = dict(os.environ, OPENAPI_KEY=MERCHANT_KEY, OPENAPI_METRICS=METRICS_TOKEN, OPENAPI_WEBHOOK=WEBHOOK_SECRET)
    log = open(os.path.join(work, "edge.log"), "w")
    server = subprocess.Popen([sys.argv[1], "--config", os.path.join(work, "edge.json")], env=env,
                              stdout=subprocess.PIPE, stderr=log, text=True)
    first = server.stdout.readline()
    match = re.search(r'"listening": "127\.0\.0\.1:(\d+)"', first)
    if not match:
        server.kill()
        sys.exit("relais-edge did not start: " + first + open(os.path.join(work, "edge.log")).read())
    return server, "http://127.0.0.1:" + match.group(1)


def build_snapshot(work):
    """Two Mondial Relay shops near Paris Châtelet, closed on Sundays: one to order to, one as alternative."""
    week = {day: [["09:00", "19:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat")}
    with open(os.path.join(work, "points.jsonl"), "w") as f:
        for point_id, lat in (("SHOP-1", 48.8584), ("SHOP-2", 48.8600)):
            f.write(json.dumps({"carrier": "mondial-relay", "id": point_id, "kind": "shop", "name": point_id,
                                "address": ["1 rue de Rivoli"], "postcode": "75001", "city": "PARIS",
                                "country": "FR", "lat": lat, "lon": 2.347, "tz": "Europe/Paris",
                                "hours": week, "max_weight_g": 20000, "status": "active",
                                "services": ["returns"] if point_id == "SHOP-2" else [],
                                "closures": [{"from": "2099-01-02", "to": "2099-01-10"}] if point_id == "SHOP-2"
                                else []}) + "\n")
    snapshot = os.path.join(work, "points.relais")
    subprocess.run([sys.argv[2], "build", "--in", os.path.join(work, "points.jsonl"), "--out", snapshot,
                    "--date", "2026-11-25"], check=True, stdout=subprocess.DEVNULL)
    return snapshot


def main():
    work = tempfile.mkdtemp(prefix="relais-openapi-")
    server, base = start_server(work, build_snapshot(work))
    try:
        run(base)
    finally:
        server.terminate()
        server.wait(timeout=10)
    if failures:
        sys.exit(f"{len(failures)} failure(s)")
    print("openapi schemas: all checks passed")


def run(base):
    document = json.load(urllib.request.urlopen(base + "/openapi.json"))
    components = document["components"]["schemas"]
    operations = {(m.upper(), p): op for p, ms in document["paths"].items() for m, op in ms.items()}
    called = set()

    def template_of(method, path):
        bare = path.split("?")[0]
        for (m, p) in operations:
            if m == method and re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", p), bare):
                return p
        return None

    def call(method, path, body=None, token=MERCHANT_KEY, key=None, raw=None, content_type="application/json",
             headers=None):
        template = template_of(method, path)
        check(template is not None, f"{method} {path}: not in the document")
        operation = operations.get((method, template), {})
        called.add((method, template))
        if body is not None and "requestBody" in operation:
            schema = to_json_schema(operation["requestBody"]["content"]["application/json"]["schema"], components)
            errors = list(jsonschema.Draft7Validator(schema).iter_errors(body))
            check(not errors, f"{method} {path}: our valid body breaks the request schema: {errors[:1]}")
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(base + path, data=data, method=method)
        if token:
            request.add_header("Authorization", "Bearer " + token)
        if data is not None:
            request.add_header("Content-Type", content_type)
        if key:
            request.add_header("Idempotency-Key", key)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            response = urllib.request.urlopen(request)
            status, text, ctype = response.status, response.read(), response.headers["Content-Type"]
        except urllib.error.HTTPError as e:
            status, text, ctype = e.code, e.read(), e.headers["Content-Type"]
        if not ctype.startswith("application/pdf"):
            text = text.decode()
        documented = operation.get("responses", {}).get(str(status))
        check(documented is not None, f"{method} {path}: status {status} not documented ({text[:200]})")
        if documented:
            content = documented["content"]
            if "application/pdf" in content:
                check(ctype.startswith("application/pdf"), f"{method} {path}: {ctype}, documented a PDF")
                return status, text
            if "text/plain" in content:
                check(ctype.startswith("text/plain"), f"{method} {path}: {ctype}, documented text/plain")
                return status, text
            answer = json.loads(text)
            schema = to_json_schema(content["application/json"]["schema"], components)
            errors = list(jsonschema.Draft7Validator(schema).iter_errors(answer))
            check(not errors, f"{method} {path} -> {status}: answer breaks its schema: "
                              f"{[e.message for e in errors[:2]]} in {text[:300]}")
            return status, answer
        return status, None

    def expect(status, got, what):
        check(got[0] == status, f"{what}: expected {status}, got {got[0]} {str(got[1])[:200]}")
        return got[1]

    expect(200, call("GET", "/healthz", token=None), "health")
    expect(200, call("GET", "/readyz", token=None), "ready")
    expect(200, call("GET", "/metrics", token=METRICS_TOKEN), "metrics")
    expect(200, call("GET", "/v1/brand"), "brand")
    settings = {"relay_enabled": True, "carriers": ["mondial-relay"], "max_weight_g": 20000,
                "zones": {"paris": {"name": "Paris"}}}
    expect(200, call("PUT", "/v1/brand/settings", settings), "settings")
    site = {"kind": "warehouse", "name": "Entrepôt", "zone": "paris",
            "location": {"address": ["ZI Nord"], "postcode": "93200", "city": "SAINT-DENIS", "country": "FR",
                         "lat": 48.93, "lon": 2.36, "tz": "Europe/Paris"},
            "capabilities": {"relay": {"cost_cents": 390, "lead_time_hours": 48},
                             "click_collect": {"cost_cents": 0, "lead_time_hours": 2},
                             "home": {"cost_cents": 590, "lead_time_hours": 48}}}
    expect(200, call("PUT", "/v1/sites/wh-1", site), "site")
    expect(200, call("GET", "/v1/sites/wh-1"), "get site")
    expect(200, call("GET", "/v1/sites"), "list sites")
    drive = dict(site, kind="drive", name="Drive", capabilities={"drive": {
        "cost_cents": 0, "lead_time_hours": 2,
        "slots": {"minutes": 30, "capacity": 4, "cutoff_minutes": 60, "hours": {"mon": [["10:00", "12:00"]]}}}})
    expect(200, call("PUT", "/v1/sites/drive-1", drive), "drive site booked by slot")
    slots = expect(200, call("GET", "/v1/sites/drive-1/slots?mode=drive&from=2099-06-08&days=2"), "slots")
    check(slots and [s["slot"] for s in slots["slots"]] == ["10:00-10:30", "10:30-11:00", "11:00-11:30",
                                                           "11:30-12:00"], f"slots: {slots}")
    expect(409, call("GET", "/v1/sites/wh-1/slots?mode=click_collect"), "a service without slots")
    product = {"name": "Guide", "category": "books/travel", "temperature": "ambient", "weight_g": 450,
               "dims_cm": [30, 20, 10], "price_cents": 2290}
    expect(200, call("PUT", "/v1/products/BOOK", product), "product")
    expect(200, call("GET", "/v1/products/BOOK"), "get product")
    expect(201, call("POST", "/v1/stock/movements",
                     {"kind": "receipt", "sku": "BOOK", "site": "wh-1", "quantity": 10}), "movement")
    expect(201, call("POST", "/v1/stock/movements",
                     {"movements": [{"kind": "shrinkage", "sku": "BOOK", "site": "wh-1", "quantity": 1,
                                     "reference": "broken"}]}), "batch")
    expect(200, call("GET", "/v1/stock/BOOK?zone=paris"), "stock")
    expect(200, call("GET", "/v1/stock/BOOK/history?site=wh-1&limit=5"), "history")
    expect(200, call("GET", "/v1/availability?skus=BOOK&site=wh-1"), "availability")
    # Past sales as CSV (a bad row refused by its line), then the forecast they give.
    imported = expect(200, call("POST", "/v1/sales/history",
                                raw=b"date,sku,site,quantity,in_stock\n2025-11-02,BOOK,wh-1,3,1\n2025-11-03,BOOK,wh-1,x,1\n"
                                    b"2025-11-04,BOOK,wh-1,0,0\n", content_type="text/csv"), "sales history")
    check(imported and imported["imported"] == 2 and imported["refused"][0]["line"] == 3, f"import: {imported}")
    expect(400, call("POST", "/v1/sales/history", raw=b"date,sku,site,quantity\n2025-11-03,NOPE,wh-1,1\n",
                     content_type="text/csv"), "a history with no good row")
    expect(200, call("GET", "/v1/forecast?sku=BOOK&site=wh-1&days=7&from=2025-11-05"), "forecast")
    expect(200, call("GET", "/v1/forecast?sku=BOOK&site=wh-1&days=7&from=2025-11-05&inputs=true"),
           "forecast with the what-if's inputs")
    expect(200, call("GET", "/v1/forecast?category=&site=wh-1&days=3&from=2025-11-05"), "forecast of a site")
    expect(400, call("GET", "/v1/forecast?category=&site=wh-1&inputs=true"), "inputs are a product's")
    expect(400, call("GET", "/v1/forecast?sku=BOOK&site=wh-1&days=400"), "a horizon over a year")
    expect(404, call("GET", "/v1/forecast?sku=NOPE&site=wh-1"), "forecast of an unknown sku")
    # The nightly refresh's stored forecasts (likely none yet: the site is younger than the server's first pass).
    stored = expect(200, call("GET", "/v1/forecasts?site=wh-1"), "stored forecasts")
    check(stored and (stored["made_on"] is not None or stored["products"] == []), f"stored forecasts: {stored}")
    expect(200, call("GET", "/v1/forecasts?site=wh-1&sku=BOOK"), "stored forecasts of a product")
    expect(400, call("GET", "/v1/forecasts"), "stored forecasts without a site")
    expect(404, call("GET", "/v1/forecasts?site=wh-1&sku=NOPE"), "stored forecasts of an unknown sku")
    expect(404, call("GET", "/v1/availability?skus=NOPE"), "availability of an unknown sku")
    relay_line = {"sku": "BOOK", "quantity": 1, "site": "wh-1", "mode": "relay",
                  "destination": {"carrier": "mondial-relay", "id": "SHOP-1"}, "date": "2026-11-27"}
    order = {"customer_id": "c-1", "purchase_site": "wh-1", "lines": [
        relay_line,
        {"sku": "BOOK", "quantity": 1, "site": "wh-1", "mode": "home",
         "destination": {"name": "A. Martin", "address": ["5 rue Oberkampf"], "postcode": "75011",
                         "city": "PARIS", "country": "FR"}}]}
    created = expect(201, call("POST", "/v1/orders", order, key="o-1"), "order")
    expect(200, call("POST", "/v1/orders", order, key="o-1"), "replayed order")
    sunday = dict(relay_line, date="2026-11-29")  # The shops are closed on Sundays: 409 with alternatives.
    refused = expect(409, call("POST", "/v1/orders", {"customer_id": "c-1", "lines": [sunday]}, key="o-2"),
                     "closed relay")
    check(refused and refused["error"]["reason"] == "closed_on_arrival", f"relay refusal: {refused}")
    expect(200, call("GET", "/v1/orders?limit=10"), "list orders")
    order_id = created["id"] if created else "none"
    expect(200, call("GET", f"/v1/orders/{order_id}"), "get order")
    expect(200, call("GET", "/v1/customers/c-1/preferences"), "preferences")
    expect(200, call("GET", "/v1/customers/nobody/preferences"), "no preferences")
    account = {"id": "c-2", "contact": {"name": "Hélène Dupont", "phone": "06 12 34 56 78"},
               "addresses": [{"label": "maison", "address": ["3 rue de la Paix"], "postcode": "75002",
                              "city": "Paris", "country": "FR"}], "notes": "Prefers calls after 18 h"}
    made = expect(201, call("POST", "/v1/customers", account), "customer account")
    expect(409, call("POST", "/v1/customers", dict(account, id="c-3")), "the same phone again")
    found = expect(200, call("GET", "/v1/customers?q=06.12.34.56.78"), "customer search")
    check(found and [c["id"] for c in found["customers"]] == ["c-2"], f"customer search: {found}")
    expect(200, call("GET", "/v1/customers/c-1"), "a customer known from orders")
    expect(404, call("GET", "/v1/customers/nobody"), "no such customer")
    expect(200, call("PUT", "/v1/customers/c-2", {"version": made["version"] if made else 1,
                                                  "contact": account["contact"], "notes": ""}), "change an account")
    expect(409, call("PUT", "/v1/customers/c-2", {"version": 1, "contact": account["contact"]}), "a stale version")
    found = expect(200, call("GET", "/v1/relays/nearest?lat=48.8584&lon=2.347&limit=5&at=2026-11-26T10:00:00Z"),
                   "relay search")
    check(found and [p["id"] for p in found["points"]] == ["SHOP-1", "SHOP-2"], f"relay search: {found}")
    page = expect(200, call("GET", "/v1/relays/mondial-relay/SHOP-2?lat=48.8584&lon=2.347&at=2098-12-20T10:00:00Z"),
                  "relay page")  # Its closure starts 13 days later: announced.
    check(page and page["point"].get("closure_notice", {}).get("to") == "2099-01-10", f"relay page: {page}")
    expect(404, call("GET", "/v1/relays/mondial-relay/NOPE"), "unknown relay")
    expect(200, call("POST", f"/v1/orders/{order_id}/cancel", {}), "cancel")
    second = expect(201, call("POST", "/v1/orders", dict(order, lines=order["lines"][1:]), key="o-3"), "order")
    shop = dict(site, kind="store", name="Boutique", capabilities={"click_collect": {"cost_cents": 0,
                                                                                     "lead_time_hours": 2}})
    expect(200, call("PUT", "/v1/sites/shop-2", shop), "store site")
    # Bought at the shop, served by the warehouse: a parent and the warehouse's child order.
    family = expect(201, call("POST", "/v1/orders", dict(order, purchase_site="shop-2", lines=order["lines"][1:]),
                              key="o-4"), "order served by another site")
    check(family and len(family.get("children", [])) == 1, f"child orders: {family}")
    child_id = family["children"][0]["id"] if family else "x"
    expect(200, call("GET", f"/v1/orders/{child_id}"), "child order")
    expect(200, call("POST", f"/v1/orders/{family['id'] if family else 'x'}/cancel", {}), "cancel a parent")
    basket = expect(201, call("POST", "/v1/baskets", {"customer_id": "c-3", "purchase_site": "wh-1"}), "basket")
    basket_id = basket["id"] if basket else "x"
    expect(200, call("PUT", f"/v1/baskets/{basket_id}/lines/BOOK", {"quantity": 1}), "basket line")
    expect(200, call("PUT", f"/v1/baskets/{basket_id}/choices",
                     {"choices": {"modes": ["click_collect"]}, "preference": "cheapest",
                      "contact": {"email": "c3@example.com"}}), "basket choices")
    planned = expect(200, call("GET", f"/v1/baskets/{basket_id}"), "get basket")
    check(planned and planned["plan"]["shipments"][0]["mode"] == "click_collect", f"basket plan: {planned}")
    expect(201, call("POST", f"/v1/baskets/{basket_id}/order", {}), "order a basket")
    other = expect(201, call("POST", "/v1/baskets", {"customer_id": "c-3", "lines": [{"sku": "BOOK", "quantity": 1}]}),
                   "second basket")
    expect(200, call("DELETE", f"/v1/baskets/{other['id'] if other else 'x'}/lines/BOOK"), "remove a line")
    found = expect(200, call("GET", "/v1/orders/search?q=c3@example.com"), "search by e-mail")
    check(found and len(found["orders"]) == 1, f"search: {found}")
    expect(200, call("GET", f"/v1/orders/{order_id}/events"), "events")
    to_relay = expect(201, call("POST", "/v1/orders", {"customer_id": "c-5", "lines": [relay_line]}, key="o-5"),
                      "relay order")
    moved = expect(200, call("POST", f"/v1/orders/{to_relay['id'] if to_relay else 'x'}/actions",
                             {"action": "change_relay", "reason": "the caller moved",
                              "relay": {"carrier": "mondial-relay", "id": "SHOP-2"}}), "change relay")
    check(moved and moved["lines"][0]["destination"]["id"] == "SHOP-2", f"change relay: {moved}")
    phone = {"customer_id": "c-2", "channel": "phone", "external_ref": "CALL-42",
             "contact": {"name": "A. Martin", "phone": "+33 6 12 34 56 78", "email": "a.martin@example.com"},
             "relay": {"carrier": "mondial-relay", "id": "SHOP-1"},
             "lines": [{"sku": "BOOK", "quantity": 1, "site": "wh-1", "mode": "relay", "date": "2026-11-27"}]}
    imported = expect(201, call("POST", "/v1/orders/import", phone), "import")
    check(imported and imported["lines"][0]["destination"]["id"] == "SHOP-1", f"import: {imported}")
    batch = expect(200, call("POST", "/v1/orders/import/batch",
                             {"orders": [phone, dict(phone, external_ref="CALL-43",
                                                     lines=[dict(phone["lines"][0], sku="NOPE")])]}), "import batch")
    check(batch and [r["status"] for r in batch["results"]] == [200, 404], f"import batch: {batch}")
    expect(200, call("POST", f"/v1/orders/{second['id'] if second else 'x'}/status", {"status": "preparing"}),
           "status")
    # The relay order through its workflow: events, the shopper's timeline, a signed carrier webhook.
    relay_id = to_relay["id"] if to_relay else "x"
    for event in ("preparation_started", "preparation_done"):
        expect(200, call("POST", f"/v1/orders/{relay_id}/events", {"event": event}), event)
    pdf = expect(200, call("POST", f"/v1/orders/{relay_id}/shipments/0/label", {"format": "pdf"}), "label")
    check(pdf is not None and pdf.startswith(b"%PDF"), "label: not a PDF")
    expect(409, call("POST", f"/v1/orders/{relay_id}/shipments/0/print", {"dpi": 203}), "print without a printer")
    expect(400, call("POST", f"/v1/orders/{relay_id}/shipments/0/label", raw=b'{"format": "png"}'), "bad format")
    expect(200, call("GET", "/v1/parcel-ranges"), "parcel ranges")
    expect(200, call("POST", f"/v1/orders/{relay_id}/events",
                     {"event": "handed_to_carrier", "parcel": {"carrier": "mondial-relay",
                                                              "tracking_number": "31234567"}}), "handed over")
    expect(409, call("POST", f"/v1/orders/{relay_id}/events", {"event": "picked_up"}), "refused event")
    webhook = json.dumps({"tracking_number": "31234567", "events": [
        {"code": "82", "text": "Colis disponible au Point Relais", "at": "2026-11-27T09:12:00+01:00"},
        {"code": "ZZ9", "at": "2026-11-27T09:13:00+01:00"}]}).encode()
    signature = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), webhook, hashlib.sha256).hexdigest()
    hooked = expect(200, call("POST", "/v1/webhooks/carriers/mondial-relay/demo", json.loads(webhook), token=None,
                              raw=webhook, headers={"X-Relais-Signature": signature}), "webhook")
    check(hooked and [e["outcome"] for e in hooked["events"]] == ["moved", "unknown_code"], f"webhook: {hooked}")
    expect(401, call("POST", "/v1/webhooks/carriers/mondial-relay/demo", json.loads(webhook), token=None,
                     raw=webhook, headers={"X-Relais-Signature": "sha256=00"}), "unsigned webhook")
    expect(200, call("GET", "/v1/parcel-events?unknown=true"), "parcel events")
    timeline = expect(200, call("GET", f"/v1/orders/{relay_id}/timeline?lang=en"), "timeline")
    check(timeline and timeline["shipments"][0]["step"] == "ready_for_pickup", f"timeline: {timeline}")
    # Collected, then returned: the options, the request, its steps, receipt, grading and validation.
    expect(200, call("POST", f"/v1/orders/{relay_id}/events", {"event": "picked_up"}), "collected")
    expect(200, call("PUT", "/v1/sites/returns-1", dict(site, kind="store", name="Retours",
                                                         capabilities={"returns": {"enabled": True}})), "returns site")
    options = expect(200, call("GET", f"/v1/orders/{relay_id}/returns"), "return options")
    check(options and options["lines"][0]["returnable"] == 1, f"return options: {options}")
    expect(409, call("POST", f"/v1/orders/{relay_id}/returns",
                     {"lines": [{"line": 0, "quantity": 2}], "reason": "changed_mind",
                      "drop_off": {"kind": "store", "site": "returns-1"}}), "more than bought")
    expect(400, call("POST", f"/v1/orders/{relay_id}/returns",
                     raw=b'{"lines": [{"line": 0, "quantity": 1}], "reason": "changed_mind", "drop_off": {"kind": "boat"}}'),
           "bad drop-off")
    returned = expect(201, call("POST", f"/v1/orders/{relay_id}/returns",
                                {"lines": [{"line": 0, "quantity": 1}], "reason": "changed_mind",
                                 "drop_off": {"kind": "relay", "carrier": "mondial-relay", "id": "SHOP-2"}}), "return")
    return_id = returned["id"] if returned else "RXXXXXXXXXX"
    expect(200, call("GET", f"/v1/returns/{return_id}"), "a return")
    expect(200, call("GET", f"/v1/returns/{return_id}/label"), "return label (the account numbers every mode)")
    expect(200, call("POST", f"/v1/returns/{return_id}/steps", {"event": "dropped_off"}), "dropped off")
    expect(201, call("POST", f"/v1/returns/{return_id}/receive", {"site": "returns-1"}), "received")
    expect(200, call("POST", f"/v1/returns/{return_id}/receive", {"site": "returns-1"}), "received again")
    expect(200, call("POST", f"/v1/returns/{return_id}/grade",
                     {"grades": [{"line": 0, "resellable": 1, "unsellable": 0}]}), "graded")
    expect(200, call("POST", f"/v1/returns/{return_id}/validate", {}), "validated")
    expect(409, call("POST", f"/v1/returns/{return_id}/steps", {"event": "cancel"}), "too late to cancel")
    expect(409, call("POST", f"/v1/returns/{return_id}/payment", {}), "no failed payment to ask again")
    # The day's hand-over of a second relay parcel, labelled and prepared: its manifest and documents.
    late = expect(201, call("POST", "/v1/orders", {"customer_id": "c-6", "lines": [relay_line]}, key="o-6"),
                  "late relay order")
    late_id = late["id"] if late else "x"
    for event in ("preparation_started", "preparation_done"):
        expect(200, call("POST", f"/v1/orders/{late_id}/events", {"event": event}), event)
    expect(200, call("POST", f"/v1/orders/{late_id}/shipments/0/label", {"format": "pdf-a4"}), "A4 label")
    expect(200, call("GET", "/v1/manifests/pending?site=wh-1&carrier=mondial-relay"), "pending manifest")
    manifest = expect(201, call("POST", "/v1/manifests", {"site": "wh-1", "carrier": "mondial-relay"}), "close the day")
    manifest_id = manifest["id"] if manifest else "x"
    expect(200, call("GET", f"/v1/manifests/{manifest_id}"), "manifest")
    expect(200, call("GET", f"/v1/manifests?site=wh-1&day={manifest['day'] if manifest else '2026-01-01'}"), "day")
    expect(200, call("GET", f"/v1/manifests/{manifest_id}/document"), "manifest PDF")
    expect(409, call("POST", f"/v1/manifests/{manifest_id}/pickup"), "no pickup asked of this account")
    # A line short at preparation: its remainder waits on its own shipment.
    short = expect(201, call("POST", "/v1/orders", {"customer_id": "c-7", "lines": [dict(relay_line, quantity=2)]},
                             key="o-7"), "two units to a relay point")
    short_id = short["id"] if short else "x"
    expect(200, call("POST", f"/v1/orders/{short_id}/events", {"event": "preparation_started"}), "preparing")
    expect(201, call("POST", f"/v1/orders/{short_id}/shipments/0/backorder",
                     {"lines": [{"sku": relay_line["sku"], "missing": 1}], "available_on": "2099-01-01"}), "backorder")
    expect(200, call("POST", f"/v1/orders/{short_id}/shipments/1/destination",
                     {"address": {"address": ["3 rue des Lilas"], "postcode": "75011", "city": "PARIS",
                                  "country": "FR"}}), "the backorder sent home")
    expect(409, call("POST", f"/v1/orders/{short_id}/shipments/0/destination",
                     {"relay": relay_line.get("destination", {"carrier": "x", "id": "y"})}), "not a backorder")
    expect(400, call("POST", f"/v1/orders/{short_id}/shipments/0/backorder",
                     {"lines": [{"sku": relay_line["sku"], "missing": 1}], "available_on": "1999-01-01"}), "the past")
    # The parcel that left was invoiced in the hand-over's commit.
    invoices = expect(200, call("GET", f"/v1/orders/{late_id}/invoices"), "the order's invoices")
    number = invoices["invoices"][0]["number"] if invoices and invoices["invoices"] else "F-000099"
    expect(200, call("GET", f"/v1/invoices/{number}"), "invoice")
    expect(200, call("GET", f"/v1/invoices/{number}/document"), "invoice PDF")
    expect(200, call("GET", f"/v1/orders/{late_id}/invoices/{number}/document"), "the order's invoice PDF")
    expect(409, call("POST", "/v1/manifests", {"site": "wh-1", "carrier": "mondial-relay"}), "nothing left")
    second_id = second["id"] if second else "x"
    asked = expect(201, call("POST", f"/v1/orders/{second_id}/questions",
                             {"kind": "choice", "text": {"fr": "Quel créneau ?", "en": "Which slot?"},
                              "choices": ["10h", "18h"]}), "question")
    question_id = asked["question"]["id"] if asked else "x"
    expect(200, call("POST", f"/v1/orders/{second_id}/questions/{question_id}/answer", {"choice": 1}), "answer")
    expect(409, call("POST", f"/v1/orders/{second_id}/questions/{question_id}/answer", {"choice": 0}),
           "another answer")
    expect(200, call("GET", f"/v1/orders/{relay_id}/notifications"), "notifications")
    expect(404, call("POST", f"/v1/orders/{relay_id}/notifications/1/resend", {}), "resend nothing")
    # The site's layout for picking: JSON, then its locations as CSV; refusals name the field or the row.
    layout = {"aisles": 4, "cross_aisles_m": [0, 14], "bay_m": 1.2, "levels": 3,
              "entrance": {"cross_aisle": "front", "x_m": 0}, "packing_desk": {"cross_aisle": "front", "x_m": 6},
              "locations": [{"sku": "BOOK", "aisle": 2, "bay": 3, "side": "left", "level": 1}],
              "containers": [{"type": "bag", "temperature": "ambient", "volume_l": 20, "max_weight_g": 8000}]}
    expect(201, call("PUT", "/v1/sites/wh-1/layout", layout), "layout")
    expect(201, call("PUT", "/v1/sites/wh-1/layout/locations", raw=b"sku,aisle,bay,side,level\nBOOK,3,1,right,2\n",
                     content_type="text/csv"), "locations from CSV")
    expect(400, call("PUT", "/v1/sites/wh-1/layout/locations", raw=b"sku,aisle,bay,side,level\nBOOK,9,1,right,2\n",
                     content_type="text/csv"), "a location outside the layout")
    expect(200, call("GET", "/v1/sites/wh-1/layout?version=1"), "layout version 1")
    expect(404, call("GET", "/v1/sites/wh-2/layout"), "no layout")
    walkways = {"walkways": {"nodes": [{"id": "door", "x": 0, "y": 0}, {"id": "shelf", "x": 4, "y": 3}],
                             "edges": [["door", "shelf"]]},
                "entrance": {"node": "door"}, "packing_desk": {"node": "door"},
                "locations": [{"sku": "BOOK", "node": "shelf"}], "containers": layout["containers"]}
    expect(201, call("PUT", "/v1/sites/drive-1/layout", walkways), "a layout of walkways")
    expect(200, call("GET", "/v1/sites/drive-1/layout"), "a layout of walkways read")
    # A pick list of a click & collect order at wh-1, walked by its staff: taken, its line picked by hand (then
    # too late to report it missing), completed; its refusals follow the Error schema too.
    picked_order = expect(201, call("POST", "/v1/orders", {"customer_id": "picker", "lines": [
        {"sku": "BOOK", "quantity": 1, "site": "wh-1", "mode": "click_collect"}]}, key="pick-1"), "order to pick")
    picked_id = picked_order["id"] if picked_order else "x"
    made = expect(201, call("POST", "/v1/sites/wh-1/pick-lists", {"orders": [picked_id], "wave": False}), "pick list")
    pick_id = made["pick_lists"][0]["id"] if made else "x"
    expect(200, call("GET", "/v1/sites/wh-1/pick-lists?status=open"), "open pick lists")
    expect(409, call("POST", "/v1/sites/wh-1/pick-lists", {"orders": [picked_id]}), "already picked")
    expect(201, call("POST", "/v1/sites/wh-1/pick-lists", {"date": "2099-01-01", "wave_size": 2}), "what is due")
    expect(400, call("POST", "/v1/sites/wh-1/pick-lists", {"date": "tomorrow"}), "a date that is no date")
    picker = expect(201, call("POST", "/v1/staff-tokens", {"site": "wh-1", "name": "Pia"}), "picker token")
    picker_token = picker["token"] if picker else "x"
    expect(200, call("GET", f"/v1/pick-lists/{pick_id}", token=picker_token), "pick list")
    expect(409, call("POST", f"/v1/pick-lists/{pick_id}/scans", {"scan_id": "early", "line": 0, "reason": "r"},
                     token=picker_token), "not taken yet")
    expect(200, call("POST", f"/v1/pick-lists/{pick_id}/claim", {}, token=picker_token), "claim")
    expect(200, call("POST", f"/v1/pick-lists/{pick_id}/release", {}), "released by the merchant")
    expect(200, call("POST", f"/v1/pick-lists/{pick_id}/claim", {}, token=picker_token), "claimed again")
    expect(400, call("POST", f"/v1/pick-lists/{pick_id}/scans", {"scan_id": "bad", "line": 0, "code": "123"},
                     token=picker_token), "not a barcode")
    expect(200, call("POST", f"/v1/pick-lists/{pick_id}/scans", {"scan_id": "s1", "line": 0, "reason": "no label"},
                     token=picker_token), "picked by hand")
    expect(409, call("POST", f"/v1/pick-lists/{pick_id}/missing", {"scan_id": "m1", "line": 0}, token=picker_token),
           "missing, once picked")
    expect(200, call("POST", f"/v1/pick-lists/{pick_id}/complete", {}, token=picker_token), "complete")
    token = expect(201, call("POST", "/v1/staff-tokens", {"site": "wh-1", "name": "Alice"}), "staff token")
    expect(200, call("GET", "/v1/me"), "who a merchant key is")
    expect(200, call("GET", "/v1/me", token=token["token"] if token else "x"), "who a staff token is")
    expect(200, call("DELETE", f"/v1/staff-tokens/{token['id'] if token else 'x'}"), "revoke")
    expect(401, call("GET", "/v1/me", token=token["token"] if token else "x"), "a revoked staff token")

    # Error answers follow the Error schema too (validated inside call()).
    expect(401, call("GET", "/v1/sites", token=None), "no credential")
    expect(404, call("GET", "/v1/products/NOPE"), "unknown product")
    listed = expect(200, call("GET", "/v1/products?q=boo"), "product search")
    check(listed and [p["sku"] for p in listed["products"]] == ["BOOK"], f"product search: {listed}")
    expect(415, call("PUT", "/v1/products/BOOK", product, content_type="text/plain"), "wrong content type")
    # Bodies the request schema refuses are refused by the server.
    refusals = [
        ("PUT", "/v1/products/BAD", dict(product, temperature="warm")),
        ("PUT", "/v1/products/BAD", {k: v for k, v in product.items() if k != "price_cents"}),
        ("PUT", "/v1/products/BAD", dict(product, colour="red")),
        ("PUT", "/v1/sites/bad", dict(site, kind="castle")),
        ("PUT", "/v1/brand/settings", dict(settings, carriers=["Mondial Relay"])),
        ("POST", "/v1/stock/movements", {"kind": "receipt", "sku": "BOOK", "site": "wh-1", "quantity": -1}),
        ("POST", "/v1/orders", {"customer_id": "c", "lines": []}),
        ("POST", "/v1/orders", {"customer_id": "c", "lines": [dict(relay_line, quantity=0)]}),
        ("POST", "/v1/staff-tokens", {"site": "wh-1"}),
        ("POST", "/v1/customers", {"contact": {"name": "No Way"}, "addresses": [{"postcode": "75002"}]}),
        ("PUT", "/v1/customers/c-2", {"contact": {"name": "N", "email": "n@example.com"}}),
    ]
    for n, (method, path, body) in enumerate(refusals):
        operation = operations[(method, template_of(method, path))]
        schema = to_json_schema(operation["requestBody"]["content"]["application/json"]["schema"], components)
        check(not jsonschema.Draft7Validator(schema).is_valid(body), f"{method} {path}: schema accepts {body}")
        request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method)
        request.add_header("Authorization", "Bearer " + MERCHANT_KEY)
        request.add_header("Content-Type", "application/json")
        request.add_header("Idempotency-Key", f"refusal-{n}")
        try:
            urllib.request.urlopen(request)
            check(False, f"{method} {path}: server accepted {body}")
        except urllib.error.HTTPError as e:
            check(e.code == 400, f"{method} {path}: {e.code} for {body}")

    missing = set(operations) - called - {("GET", "/openapi.json")}
    check(not missing, f"documented operations never called: {sorted(missing)}")


if __name__ == "__main__":
    main()
