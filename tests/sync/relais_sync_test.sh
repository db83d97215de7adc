#!/usr/bin/env bash
# relais-sync against a real FTP server on loopback (pyftpdlib, started and stopped here): a seven-format
# publication, an unchanged re-run, vanished points kept inactive for a grace period, and the bad cases -- 30% broken rows, half the usual count, wrong
# credentials, a missing file -- each refused with the published snapshot and manifest left byte-identical.
set -euo pipefail
sync_bin=$1
snapshot_bin=$2
source "$(dirname "$0")/lib.sh"

mkdir -p "$work/ftp" "$work/out"
# Source 1: La Poste's 17,212 contact points (demo/data, found from this script's folder).
cp "$(dirname "$0")/../../demo/data/laposte_poincont2_2016.csv" "$work/ftp/laposte.csv"
# Sources 3 to 7 are carriers' real answers (tests/fixtures/carriers/*/SOURCE.md), some with points damaged on
# purpose. Source 3: DPD's getAll answer (14 good points; a high bad-record limit so that the share rule is
# what refuses a format change below).
cp tests/fixtures/carriers/dpd/dpd_getall.json "$work/ftp/dpd.json"
# Sources 4 and 5: Mondial Relay's SOAP answer (3 of 4 points damaged) and InPost's two recorded points API
# pages, one per line as the paged fetcher stores them (10 items, one a locker being installed, at 0/0: skipped, counted as not_yet_placed).
cp tests/fixtures/carriers/mondial-relay/wsi4_recherche_damaged.xml "$work/ftp/mondial-relay.xml"
/usr/bin/python3 -c 'import json, sys; [print(json.dumps(json.load(open(f)), ensure_ascii=False)) for f in sys.argv[1:]]' \
  tests/fixtures/carriers/inpost/shipx_points_page1.json tests/fixtures/carriers/inpost/shipx_points_page2.json \
  >"$work/ftp/inpost.jsonl"
# Sources 6 and 7: Relais Colis' JSON (2 good points) and Colissimo's SOAP answer (4 of 6 points damaged).
cp tests/fixtures/carriers/relais-colis/poislist.json "$work/ftp/relais-colis.json"
cp tests/fixtures/carriers/colissimo/findrdv_soap_damaged.xml "$work/ftp/colissimo.xml"
# Source 2: a partner carrier's canonical JSONL.
"$snapshot_bin" synth --count 2000 --seed 11 --out "$work/ftp/partner.jsonl"

port=$(random_port)
/usr/bin/python3 -m pyftpdlib -i 127.0.0.1 -p "$port" -d "$work/ftp" -u relais -P s3cret >"$work/ftp.log" 2>&1 &
server_pid=$!
wait_for_port "$port"

# The place table whose postcodes go into the widget's tile pack.
"$snapshot_bin" places --in demo/data/laposte_hexasmal_2020.csv --out "$work/places.rlpt" >/dev/null

write_config() {  # write_config <password variable> <laposte file>
  cat > "$work/sync.json" <<JSON
{ "output_dir": "$work/out", "keep_versions": 2, "places": "$work/places.rlpt",
  "sources": [
    { "name": "laposte", "url": "ftp://127.0.0.1:$port/${2:-laposte.csv}", "format": "laposte-csv",
      "username_env": "FTP_USER", "password_env": "$1", "retries": 1, "backoff_ms": 50, "timeout_s": 30 },
    { "name": "partner", "url": "ftp://127.0.0.1:$port/partner.jsonl", "format": "canonical-jsonl",
      "username_env": "FTP_USER", "password_env": "$1", "max_bad_percent": 5, "max_drop_percent": 20,
      "retries": 1, "backoff_ms": 50 },
    { "name": "dpd", "url": "ftp://127.0.0.1:$port/dpd.json", "format": "dpd-json", "max_bad_percent": 50,
      "username_env": "FTP_USER", "password_env": "$1", "retries": 1, "backoff_ms": 50 },
    { "name": "mondial-relay", "url": "ftp://127.0.0.1:$port/mondial-relay.xml", "format": "mondial-relay-xml",
      "max_bad_percent": 80, "username_env": "FTP_USER", "password_env": "$1", "retries": 1, "backoff_ms": 50 },
    { "name": "inpost", "url": "ftp://127.0.0.1:$port/inpost.jsonl", "format": "inpost-json",
      "max_bad_percent": 20, "username_env": "FTP_USER", "password_env": "$1", "retries": 1, "backoff_ms": 50 },
    { "name": "relais-colis", "url": "ftp://127.0.0.1:$port/relais-colis.json", "format": "relais-colis-json",
      "max_bad_percent": 60, "username_env": "FTP_USER", "password_env": "$1", "retries": 1, "backoff_ms": 50 },
    { "name": "colissimo", "url": "ftp://127.0.0.1:$port/colissimo.xml", "format": "colissimo-xml",
      "max_bad_percent": 70, "username_env": "FTP_USER", "password_env": "$1", "retries": 1, "backoff_ms": 50 } ] }
JSON
}
export FTP_USER=relais FTP_PASSWORD=s3cret FTP_WRONG=nope
run() { set +e; "$sync_bin" --config "$work/sync.json" "$@" >"$work/report.json" 2>"$work/stderr"; code=$?; set -e; }
status() { sed -n 's/^  "status": "\(.*\)",*$/\1/p' "$work/report.json"; }
published_state() { cat "$work/out/manifest.json" "$work/out/points.relais" | sha256sum; }

# 1. First run: both carriers published; the manifest's hash is the file's.
write_config FTP_PASSWORD
run
[ "$code" = 0 ] && [ "$(status)" = published ] || fail "first publish: exit $code, $(status)"
"$snapshot_bin" info --snapshot "$work/out/points.relais" >"$work/info.json" || fail "published snapshot does not open"
grep -q '"partner\|"mondial-relay"' "$work/info.json" || fail "partner carriers missing: $(cat "$work/info.json")"
grep -q '"la-poste"' "$work/info.json" || fail "la-poste missing"
"$snapshot_bin" get --snapshot "$work/out/points.relais" --carrier dpd --id NL24116 >"$work/dpd.json" ||
  fail "DPD point missing"
grep -q '"always": true' "$work/dpd.json" || fail "DPD's 00:01-23:59 locker is not open around the clock: $(cat "$work/dpd.json")"
# What each normalisation rule changed is in the report, per source.
grep -A3 '"round_the_clock"' "$work/report.json" | grep -q '"records": 1' || fail "normalisation counts missing"
grep -q '"rule": "Horaires_Lundi: times are HHMM"' "$work/report.json" || fail "Mondial Relay reject not reported"
"$snapshot_bin" get --snapshot "$work/out/points.relais" --carrier inpost --id KRA265M >"$work/inpost.json" ||
  fail "InPost locker missing"
grep -q '"always": true' "$work/inpost.json" || fail "InPost 24/7 lost: $(cat "$work/inpost.json")"
grep -A1 '"not_yet_placed"' "$work/report.json" | grep -q '"records": 1' || fail "InPost's locker being installed not counted"
grep -q '"shop_with_locker"' "$work/report.json" || fail "InPost rule not counted"
"$snapshot_bin" get --snapshot "$work/out/points.relais" --carrier relais-colis --id G2013 >"$work/rc.json" ||
  fail "Relais Colis point missing"
grep -q '"to": "2020-05-07"' "$work/rc.json" || fail "Relais Colis holidays lost: $(cat "$work/rc.json")"
"$snapshot_bin" get --snapshot "$work/out/points.relais" --carrier colissimo --id 921140 >"$work/colissimo.json" ||
  fail "Colissimo post office missing"
grep -q '"kind": "post_office"' "$work/colissimo.json" && grep -q '"status": "inactive"' "$work/colissimo.json" ||
  fail "Colissimo post office closed for holidays (congesTotal) is not inactive: $(cat "$work/colissimo.json")"
grep -q '"rule": "typeDePoint \\"XYZ\\" is not a known Colissimo point type"' "$work/report.json" ||
  fail "Colissimo reject not reported"
# Hostile text from a carrier is published as text, byte for byte (the widget escapes it on display).
"$snapshot_bin" get --snapshot "$work/out/points.relais" --carrier mondial-relay --id 070424 >"$work/hostile.json" ||
  fail "the Mondial Relay point with hostile text is missing"
grep -qF '"name": "<script>alert(1)</script> & Fils"' "$work/hostile.json" || fail "hostile name altered: $(cat "$work/hostile.json")"
manifest_sha=$(sed -n 's/^  "sha256": "\(.*\)",*$/\1/p' "$work/out/manifest.json")
[ "$manifest_sha" = "$(sha256sum < "$work/out/points.relais" | cut -d' ' -f1)" ] || fail "manifest sha256 differs from points.relais"
grep -q '"version": 1' "$work/out/manifest.json" || fail "version 1 expected"
# The widget's tile pack of the same snapshot, named by the manifest, every tile opened by the checker, with
# the place table's postcodes (Paris 4e's centre among them).
grep -q '"file": "points.tiles"' "$work/out/manifest.json" || fail "manifest does not name the tile pack"
"$snapshot_bin" tiles-check --pack "$work/out/points.tiles" --postcode 75004 >"$work/tiles.json" ||
  fail "published tile pack does not check"
grep -q '"town":"PARIS 04"' "$work/tiles.json" || fail "the tile pack does not say where 75004 is: $(cat "$work/tiles.json")"
before=$(published_state)

# 2. Same files again: nothing to do.
run
[ "$code" = 0 ] && [ "$(status)" = unchanged ] || fail "re-run: exit $code, $(status)"
[ "$(published_state)" = "$before" ] || fail "unchanged run touched the publication"

# 2b. DPD changes its format for 6 of its 14 points (hours days as names): under the bad-record limit, but the
# accepted share falls 43 points: refused like a bad file, publication untouched, and said on stderr too.
python3 - "$work/ftp/dpd.json" <<'PY'
import json, sys
answer = json.load(open("tests/fixtures/carriers/dpd/dpd_getall.json"))
for item in answer["data"]["items"][:6]:
    item["hours"][0]["day"] = "Monday"
json.dump(answer, open(sys.argv[1], "w"))
PY
run
[ "$code" = 4 ] && grep -q 'accepted share fell from 100.00% to 57.14%' "$work/report.json" ||
  fail "format change not refused: exit $code"
grep '^relais-sync: refused (exit 4): dpd: ' "$work/stderr" | grep -q 'accepted share fell' ||
  fail "no summary on stderr: $(cat "$work/stderr")"
[ "$(published_state)" = "$before" ] || fail "refused format change changed the publication"
# 2c. DPD renames "hours" (every point still reads, with unknown hours) and InPost spells its statuses in
# capitals (every point inactive): each source's profile moves, and the run is refused naming the trait.
sed 's/"hours":/"opening_hours":/g' tests/fixtures/carriers/dpd/dpd_getall.json > "$work/ftp/dpd.json"
cp "$work/ftp/inpost.jsonl" "$work/inpost.good"
sed -i 's/"status":"Operating"/"status":"OPERATING"/g; s/"status": "Operating"/"status": "OPERATING"/g' "$work/ftp/inpost.jsonl"
run
[ "$code" = 4 ] || fail "renamed field not refused: exit $code"
grep -q 'share of points with hours_known moved from 100.00% to 0.00%' "$work/report.json" ||
  fail "DPD's renamed hours not named: $(grep -A3 refused "$work/report.json")"
grep -q 'share of points with active moved from' "$work/report.json" || fail "InPost's statuses not named"
[ "$(published_state)" = "$before" ] || fail "refused renamed field changed the publication"
# When the change is real (the carrier did reclassify its points), --accept-shift lets it through, listed.
run --check --accept-shift
[ "$code" = 0 ] && grep -q '"accepted_shifts"' "$work/report.json" || fail "--accept-shift: exit $code"
cp tests/fixtures/carriers/dpd/dpd_getall.json "$work/ftp/dpd.json"
cp "$work/inpost.good" "$work/ftp/inpost.jsonl"
# 2d. A misspelt threshold or an unknown format is a bad config (exit 2), not a silent default.
sed 's/"max_bad_percent": 80/"max_bad_precent": 80/' "$work/sync.json" > "$work/sync.good" && mv "$work/sync.json" "$work/sync.keep"
mv "$work/sync.good" "$work/sync.json"
run
[ "$code" = 2 ] && grep -q 'unknown key \\"max_bad_precent\\"' "$work/report.json" || fail "misspelt key: exit $code $(cat "$work/report.json")"
sed 's/"format": "dpd-json"/"format": "dpd"/' "$work/sync.keep" > "$work/sync.json"
run
[ "$code" = 2 ] && grep -q 'unknown format \\"dpd\\"' "$work/report.json" || fail "unknown format: exit $code"
mv "$work/sync.keep" "$work/sync.json"

# 3. 30% broken rows in one source: refused, publication untouched.
cp "$work/ftp/partner.jsonl" "$work/partner.good"
awk 'NR % 10 < 3 { sub(/"lat":/, "\"lat\":\"x\",\"was\":"); } { print }' "$work/partner.good" > "$work/ftp/partner.jsonl"
run
[ "$code" = 4 ] && [ "$(status)" = refused ] || fail "30% broken: exit $code, $(status)"
grep -q 'over max_bad_percent' "$work/report.json" || fail "no reason given for the broken file"
grep -q '"rule": "lat must be a number"' "$work/report.json" || fail "rejects not listed with their rule"
[ "$(published_state)" = "$before" ] || fail "refused run changed the publication"

# 4. Half the usual count: refused.
head -n 1000 "$work/partner.good" > "$work/ftp/partner.jsonl"
run
[ "$code" = 4 ] && grep -q 'over max_drop_percent' "$work/report.json" || fail "half count: exit $code"
[ "$(published_state)" = "$before" ] || fail "drop run changed the publication"

# 5. Wrong credentials: a download error, publication untouched.
cp "$work/partner.good" "$work/ftp/partner.jsonl"
write_config FTP_WRONG
run
[ "$code" = 3 ] && [ "$(status)" = fetch_failed ] || fail "wrong credentials: exit $code, $(status)"
[ "$(published_state)" = "$before" ] || fail "failed login changed the publication"

# 6. A source missing on the server: a download error.
write_config FTP_PASSWORD missing.csv
run
[ "$code" = 3 ] || fail "missing file: exit $code"
[ "$(published_state)" = "$before" ] || fail "missing file changed the publication"

# 7. --check validates without publishing.
write_config FTP_PASSWORD
"$snapshot_bin" synth --count 2000 --seed 12 --out "$work/ftp/partner.jsonl"
run --check
[ "$code" = 0 ] && [ "$(status)" = valid ] || fail "check: exit $code, $(status)"
[ "$(published_state)" = "$before" ] || fail "--check published"

# 8. New data: version 2, then 3; only the newest two versioned files are kept.
run
[ "$code" = 0 ] && grep -q '"version": 2' "$work/out/manifest.json" || fail "second publish: exit $code"
"$snapshot_bin" synth --count 2000 --seed 13 --out "$work/ftp/partner.jsonl"
run
grep -q '"version": 3' "$work/out/manifest.json" || fail "third publish"
[ "$(ls "$work/out/snapshots" | tr '\n' ' ')" = "points-2.delta points-2.relais points-3.delta points-3.relais " ] ||
  fail "kept versions: $(ls "$work/out/snapshots")"
# A browser holding version 2 downloads the delta only: a fraction of the file, and it rebuilds version 3
# byte for byte.
delta_bytes=$(sed -n 's/^    "bytes": \([0-9]*\),*$/\1/p' "$work/report.json" | head -n 1)
full_bytes=$(stat -c %s "$work/out/points.relais")
[ -n "$delta_bytes" ] && [ $((delta_bytes * 2)) -lt "$full_bytes" ] || fail "delta not small: ${delta_bytes:-none} of $full_bytes"
grep -q '"file": "snapshots/points-3.delta"' "$work/out/manifest.json" || fail "manifest does not name the delta"
"$snapshot_bin" patch --snapshot "$work/out/snapshots/points-2.relais" --delta "$work/out/snapshots/points-3.delta" \
  --out "$work/patched.relais" >/dev/null || fail "delta does not apply"
cmp -s "$work/patched.relais" "$work/out/points.relais" || fail "patched snapshot differs from version 3"
if "$snapshot_bin" patch --snapshot "$work/out/snapshots/points-3.relais" --delta "$work/out/snapshots/points-3.delta" \
  --out "$work/wrong.relais" 2>"$work/patch.err"; then fail "delta applied to the wrong snapshot"; fi
grep -q 'applies to another snapshot' "$work/patch.err" || fail "wrong base not explained: $(cat "$work/patch.err")"
ls "$work/out/reports"/report-*.json >/dev/null || fail "no report written"

# 9. 100 points vanish from a source: published inactive (grace period), listed in the report's diff.
head -n 1900 "$work/ftp/partner.jsonl" > "$work/partner.less" && cp "$work/partner.less" "$work/ftp/partner.jsonl"
gone=$(tail -n 1 "$work/ftp/partner.jsonl" | sed 's/.*"id":"\([0-9]*\)".*/\1/')
gone=$((gone + 1))
run
[ "$code" = 0 ] && grep -q '"version": 4' "$work/out/manifest.json" || fail "publish with vanished points: exit $code"
# (Points replaced by earlier steps are still in their grace period too: at least these 100 are kept.)
kept=$(sed -n 's/^ *"kept_inactive": \([0-9]*\),*$/\1/p' "$work/report.json")
[ "${kept:-0}" -ge 100 ] || fail "vanished points not kept: ${kept:-none}"
grep -q '"removed": 100' "$work/report.json" || fail "vanished points not reported"
grep -q "\"missing_since\"" "$work/out/manifest.json" || fail "manifest lacks missing_since"
for carrier in chronopost colissimo dpd inpost mondial-relay relais-colis; do
  if "$snapshot_bin" get --snapshot "$work/out/points.relais" --carrier "$carrier" --id "$gone" >"$work/gone.json" 2>/dev/null; then break; fi
done
grep -q '"status": "inactive"' "$work/gone.json" || fail "vanished point $gone is not kept inactive: $(cat "$work/gone.json")"
# With no grace period left, they go.
sed -i 's/"keep_versions": 2,/"keep_versions": 2, "grace_days": 0,/' "$work/sync.json"
run
[ "$code" = 0 ] && grep -q '"dropped_after_grace": true' "$work/report.json" || fail "grace expiry: exit $code"
for carrier in chronopost colissimo dpd inpost mondial-relay relais-colis; do
  if "$snapshot_bin" get --snapshot "$work/out/points.relais" --carrier "$carrier" --id "$gone" >/dev/null 2>&1; then fail "point $gone still there after its grace period"; fi
done

# 10. A damaged manifest stops the run before anything is overwritten.
cp "$work/out/manifest.json" "$work/manifest.good"
sed -i 's/"version": [0-9]*/"version": "x"/' "$work/out/manifest.json"
cp "$work/out/points.relais" "$work/points.before"
run
[ "$code" = 5 ] && grep -q 'repair it or remove it' "$work/report.json" || fail "damaged manifest: exit $code"
cmp -s "$work/out/points.relais" "$work/points.before" || fail "damaged manifest: points.relais was overwritten"
cp "$work/manifest.good" "$work/out/manifest.json"

# 11. A bad config is a clear error.
echo '{"output_dir": 1}' > "$work/sync.json"
run
[ "$code" = 2 ] || fail "bad config: exit $code"
echo "{\"output_dir\": \"$work/out\", \"sources\": [{\"name\": \"../x\", \"url\": \"file:///dev/null\", \"format\": \"laposte-csv\"}]}" > "$work/sync.json"
run
[ "$code" = 2 ] && grep -q 'must be letters' "$work/report.json" || fail "path in a source name: exit $code"
echo "{\"output_dir\": \"$work/out\", \"places\": \"$work/out/points.relais\", \"sources\": [{\"name\": \"x\", \"url\": \"file:///dev/null\", \"format\": \"laposte-csv\"}]}" > "$work/sync.json"
run
[ "$code" = 2 ] && grep -q 'points.relais' "$work/report.json" || fail "a place table that is not one: exit $code $(cat "$work/report.json")"
echo "relais-sync: all checks passed"
