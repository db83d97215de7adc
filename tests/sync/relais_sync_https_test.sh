#!/usr/bin/env bash
# relais-sync over TLS on loopback, with a certificate made here. HTTPS: a normal download, a connection
# dropped half-way then resumed, a server that always drops (refused, publication untouched), a
# certificate that is not trusted (refused), and a paged API fetched page by page. Explicit FTPS (AUTH
# TLS): a download with "require_tls", and the same server refusing a clear-text login.
set -euo pipefail
sync_bin=$1
snapshot_bin=$2
https_server_bin=$3  # tests/sync/https_file_server.cc (cpp-httplib)
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

mkdir -p "$work/www" "$work/out"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
"$snapshot_bin" synth --count 3000 --seed 21 --out "$work/www/a.jsonl"
"$snapshot_bin" synth --count 3000 --seed 22 --out "$work/www/b.jsonl"
port=$(random_port)
"$https_server_bin" "$work/www" "$port" "$work/cert.pem" "$work/key.pem" &
server_pid=$!
wait_for_port "$port"

config() {  # config <path> [ca_file]
  cat > "$work/sync.json" <<JSON
{ "output_dir": "$work/out",
  "sources": [ { "name": "partner", "url": "https://127.0.0.1:$port/$1", "format": "canonical-jsonl",
                 ${2:+\"ca_file\": \"$2\",} "retries": 2, "backoff_ms": 50, "max_drop_percent": 90 } ] }
JSON
}
run() { set +e; "$sync_bin" --config "$work/sync.json" >"$work/report.json" 2>&1; code=$?; set -e; }
state() { cat "$work/out/manifest.json" "$work/out/points.relais" | sha256sum; }

config plain/a.jsonl "$work/cert.pem"
run
[ "$code" = 0 ] && grep -q '"status": "published"' "$work/report.json" || fail "plain https: exit $code $(head -c 600 "$work/report.json")"
before=$(state)

# Dropped half-way, then resumed where it stopped: the file arrives whole (its hash is the source's).
config cut-once/b.jsonl "$work/cert.pem"
run
[ "$code" = 0 ] || fail "resumed download: exit $code $(head -c 800 "$work/report.json")"
grep -q '"attempts": 2' "$work/report.json" || fail "the cut was not retried"
grep -q "\"sha256\": \"$(sha256sum < "$work/www/b.jsonl" | cut -d' ' -f1)\"" "$work/out/manifest.json" || fail "resumed file differs from the source"
before=$(state)

# Always dropped: refused after the retries, publication untouched.
"$snapshot_bin" synth --count 3000 --seed 23 --out "$work/www/c.jsonl"
config cut-always/c.jsonl "$work/cert.pem"
run
[ "$code" = 3 ] && grep -q '"status": "fetch_failed"' "$work/report.json" || fail "always cut: exit $code"
grep -q '"attempts": 3' "$work/report.json" || fail "retries not used"
[ "$(state)" = "$before" ] || fail "a failed download changed the publication"

# An untrusted certificate is an error, not a silent download.
config plain/c.jsonl
run
[ "$code" = 3 ] && grep -qi 'certificate' "$work/report.json" || fail "untrusted certificate accepted: exit $code"
[ "$(state)" = "$before" ] || fail "untrusted server changed the publication"
# Paged APIs (InPost's two, two pages each): every page fetched and published, one page per line. The points
# API gives the number of pages as "total_pages", the location API as "totalPages".
cp tests/fixtures/carriers/inpost/shipx_points_page1.json "$work/www/inpost-1.json"
cp tests/fixtures/carriers/inpost/shipx_points_page2.json "$work/www/inpost-2.json"
cp tests/fixtures/carriers/inpost/location_api_page1.json "$work/www/inpost-location-1.json"
cp tests/fixtures/carriers/inpost/location_api_page2.json "$work/www/inpost-location-2.json"
cat > "$work/sync.json" <<JSON
{ "output_dir": "$work/paged",
  "sources": [ { "name": "inpost", "url": "https://127.0.0.1:$port/pages/inpost?per_page=5", "format": "inpost-json",
                 "paged": true, "ca_file": "$work/cert.pem", "max_bad_percent": 20, "retries": 1, "backoff_ms": 50 },
               { "name": "inpost-location", "url": "https://127.0.0.1:$port/pages/inpost-location?perPage=5",
                 "format": "inpost-json", "paged": true, "ca_file": "$work/cert.pem", "retries": 1, "backoff_ms": 50 } ] }
JSON
run
[ "$code" = 0 ] || fail "paged API: exit $code $(head -c 800 "$work/report.json")"
for id in KRA265M POP-WAW640 PL_KRA265M ES_ES000027; do  # One from each page of each API.
  "$snapshot_bin" get --snapshot "$work/paged/points.relais" --carrier inpost --id "$id" >/dev/null || fail "paged: $id missing"
done
grep -q '"records": 9' "$work/paged/manifest.json" && grep -q '"not_yet_placed": 1' "$work/paged/manifest.json" ||
  fail "paged: not every item of the points API was read"
grep -q '"records": 9' "$work/paged/manifest.json" || fail "paged: not every item of the location API was read"
rm "$work/www/inpost-2.json"  # A page missing: the run fails, the publication stays.
before=$(cat "$work/paged/manifest.json" "$work/paged/points.relais" | sha256sum)
run
[ "$code" = 3 ] || fail "paged API with a missing page: exit $code"
[ "$(cat "$work/paged/manifest.json" "$work/paged/points.relais" | sha256sum)" = "$before" ] || fail "paged failure changed the publication"

# Explicit FTPS: the carrier's FTP server demands TLS for the login and the data.
mkdir -p "$work/ftps" && cp "$work/www/a.jsonl" "$work/ftps/points.jsonl"
ftps_port=$(random_port)
/usr/bin/python3 "$here/ftps_server.py" "$work/ftps" "$ftps_port" "$work/cert.pem" "$work/key.pem" relais s3cret \
  >"$work/ftps.log" 2>&1 &
more_server_pids+=($!)
wait_for_port "$ftps_port"
export FTPS_USER=relais FTPS_PASSWORD=s3cret
ftps_config() {  # ftps_config <require_tls> [ca_file]
  cat > "$work/sync.json" <<JSON
{ "output_dir": "$work/ftps-out",
  "sources": [ { "name": "partner", "url": "ftp://127.0.0.1:$ftps_port/points.jsonl", "format": "canonical-jsonl",
                 "username_env": "FTPS_USER", "password_env": "FTPS_PASSWORD", "require_tls": $1,
                 ${2:+\"ca_file\": \"$2\",} "retries": 1, "backoff_ms": 50 } ] }
JSON
}
ftps_config true "$work/cert.pem"
run
[ "$code" = 0 ] || fail "explicit FTPS: exit $code $(head -c 800 "$work/report.json") $(tail -5 "$work/ftps.log")"
grep -q "\"sha256\": \"$(sha256sum < "$work/ftps/points.jsonl" | cut -d' ' -f1)\"" "$work/ftps-out/manifest.json" ||
  fail "FTPS download differs from the source"
ftps_before=$(cat "$work/ftps-out/manifest.json" "$work/ftps-out/points.relais" | sha256sum)
"$snapshot_bin" synth --count 3000 --seed 24 --out "$work/ftps/points.jsonl"
ftps_config false  # Clear text: the server refuses the login, nothing is published.
run
[ "$code" = 3 ] || fail "clear-text login to an FTPS-only server: exit $code"
ftps_config true  # TLS, but the certificate is not trusted.
run
[ "$code" = 3 ] || fail "untrusted FTPS certificate accepted: exit $code"
[ "$(cat "$work/ftps-out/manifest.json" "$work/ftps-out/points.relais" | sha256sum)" = "$ftps_before" ] ||
  fail "failed FTPS runs changed the publication"
echo "relais-sync https and ftps: all checks passed"
