#!/usr/bin/env bash
# relais-edge under hostile clients, longer than the test does: each attack of relais-hostile
# (tests/edge/hostile_client.cc) for N seconds against a real relais-edge on loopback, beside a normal client
# asking GET /healthz every 20 ms. The peer is the same normal client with no attack, in the same run: the
# table prints each attack's p99 against it. Peak RSS is the server's high-water mark since it started.
# Usage: bench/hostile_bench.sh [build-dir] [seconds per attack]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/native}
seconds=${2:-10}
lines=$(bash tests/edge/hostile_test.sh "$build/edge/relais-edge" "$build/tests/relais-hostile" "$seconds" | grep '^{')
echo "relais-edge under hostile clients, ${seconds} s each, this machine (normal client: GET /healthz every 20 ms)"
python3 - "$lines" <<'PY'
import json, sys
rows = [json.loads(l) for l in sys.argv[1].splitlines()]
base = next(r for r in rows if r["attack"] == "none")
print(f'  {"attack":<12}{"normal ok":>10}{"failed":>8}{"p50 ms":>9}{"p99 ms":>9}{"max ms":>9}{"p99 / none":>12}'
      f'{"attack reqs":>13}{"peak RSS MB":>13}')
for r in rows:
    ratio = r["p99_ms"] / base["p99_ms"] if base["p99_ms"] else 0
    print(f'  {r["attack"]:<12}{r["normal_answered"]:>10}{r["normal_failed"]:>8}{r["p50_ms"]:>9.2f}{r["p99_ms"]:>9.2f}'
          f'{r["max_ms"]:>9.2f}{ratio:>11.1f}x{r["attack_requests"]:>13}{r["peak_rss_mb"]:>13.1f}')
PY
