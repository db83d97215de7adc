#!/usr/bin/env bash
# relais-edge on PostgreSQL under wrk on loopback: durable order creation (bench/edge_orders.lua: each request a
# new order with its own Idempotency-Key, its stock reserved) with 1 relais-edge node on SQLite, then 1, 2 and 3
# nodes sharing ONE PostgreSQL database, the same total of connections spread evenly over the nodes (one wrk per
# node, all at once, their requests/s summed). The physical reference: PostgreSQL's own pgbench (TPC-B-like,
# -s 10, -c 16 -j 2 -M prepared) on the same server, and orders/s as a share of its tps. Where the time goes:
# the CPU seconds of the postgres processes, the relais-edge processes and the load generator during each run,
# and the serialization failures (each one a write transaction run again) that the server logged.
# All measured in the same run on the same machine and disk.
#
# The server is a throwaway one, started as tests/support/test_postgres.cc does: initdb --no-sync in a folder
# under /tmp (trust authentication as "relais", the C locale), pg_ctl on a free loopback port, sockets in the
# folder, max_connections=200, and fsync and synchronous_commit ON -- a durability benchmark. As root, every
# PostgreSQL program runs as the `postgres` user (runuser). The EXIT trap stops it (pg_ctl stop -m fast), kills
# the relais-edge nodes and removes every file.
# Usage: bench/edge_postgres_bench.sh [build-dir] [seconds per run]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/edge_orders_shop.sh
build=${1:-build/native}
seconds=${2:-10}
edge=$build/edge/relais-edge
connections=48  # wrk connections in all, in every orders run: 48, 2 x 24, 3 x 16.
pgbench_clients=16
cores=$(nproc)
tck=$(getconf CLK_TCK)
[ -x "$edge" ] || { echo "no $edge: build relais-edge first" >&2; exit 1; }
for tool in wrk curl bc; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run bash scripts/setup" >&2; exit 1; }
done

# PostgreSQL's programs: pg_config --bindir when it holds initdb (Debian's wrapper answers the newest server's
# folder), else the newest /usr/lib/postgresql/<major>/bin.
bindir=$(pg_config --bindir 2>/dev/null || true)
if [ ! -x "$bindir/initdb" ]; then
  bindir=""
  while read -r dir; do [ -x "$dir/initdb" ] && bindir=$dir; done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
fi
[ -n "$bindir" ] || { echo "no PostgreSQL server found (no initdb): run bash scripts/setup" >&2; exit 1; }
as_pg=()  # What PostgreSQL's programs run with: runuser as root (initdb and postgres refuse root), else nothing.
if [ "$(id -u)" = 0 ]; then
  if ! id postgres >/dev/null 2>&1 || ! command -v runuser >/dev/null; then
    echo "as root, PostgreSQL runs as the postgres user through runuser: run bash scripts/setup" >&2
    exit 1
  fi
  as_pg=(runuser -u postgres --)
fi

work=$(mktemp -d)                             # The nodes' folders, wrk's outputs.
pg=$(mktemp -d /tmp/relais-pgbench-XXXXXX)    # The server's: data/, postgres.log, its sockets.
edge_pids=()
load_pids=()
cleanup() {
  local pid
  for pid in "${load_pids[@]}"; do pkill -P "$pid" 2>/dev/null || true; done  # The wrk or pgbench it runs.
  for pid in "${load_pids[@]}" "${edge_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${load_pids[@]}" "${edge_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -f "$pg/data/postmaster.pid" ]; then
    (cd / && "${as_pg[@]}" "$bindir/pg_ctl" stop -D "$pg/data" -m fast -w >/dev/null 2>&1) || true
  fi
  rm -rf "$work" "$pg"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
[ ${#as_pg[@]} -eq 0 ] || chown postgres: "$pg"

# The server.
(cd / && "${as_pg[@]}" "$bindir/initdb" -D "$pg/data" -U relais --auth=trust --encoding=UTF8 --locale=C \
  --no-sync) >"$work/commands.log" 2>&1 || { cat "$work/commands.log" >&2; exit 1; }
port=""
for _ in 1 2 3 4 5; do  # A port found free may be taken before the server binds it.
  candidate=$((20000 + RANDOM % 30000))
  (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null && continue  # Someone answers there.
  if (cd / && "${as_pg[@]}" "$bindir/pg_ctl" start -D "$pg/data" -l "$pg/postgres.log" -w -t 60 \
      -o "-p $candidate -c listen_addresses=127.0.0.1 -k $pg -c max_connections=200 -c fsync=on \
          -c synchronous_commit=on") >>"$work/commands.log" 2>&1; then
    port=$candidate
    break
  fi
  grep -q "already in use" "$pg/postgres.log" 2>/dev/null || break
done
[ -n "$port" ] || { cat "$work/commands.log" "$pg/postgres.log" >&2; exit 1; }
postmaster=$(head -1 "$pg/data/postmaster.pid")
pg_client=(-h 127.0.0.1 -p "$port" -U relais)
"$bindir/createdb" "${pg_client[@]}" edge
"$bindir/createdb" "${pg_client[@]}" pgbench
uri="postgresql://relais@127.0.0.1:$port/edge"

export RELAIS_KEY=bench-merchant-key-0123456789
export RELAIS_METRICS_TOKEN=bench-metrics-token-0123456789
urls=()
# Starts node $1 on database $2 (a SQLite file or the URI) and appends its URL to urls.
start_node() {
  local dir=$work/node$1 listening=""
  mkdir -p "$dir"
  cat >"$dir/edge.json" <<JSON
{ "listen": "127.0.0.1", "port": 0, "database": "$2", "threads": 32, "metrics_token_env": "RELAIS_METRICS_TOKEN",
  "brands": [ { "id": "bench", "api_key_env": "RELAIS_KEY" } ] }
JSON
  "$edge" --config "$dir/edge.json" >"$dir/out" 2>"$dir/log" &
  edge_pids+=($!)
  for _ in $(seq 300); do
    listening=$(sed -n 's/.*"listening": "127.0.0.1:\([0-9]*\)".*/\1/p' "$dir/out")
    [ -n "$listening" ] && break
    kill -0 "${edge_pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$listening" ] || { echo "relais-edge node $1 did not start:" >&2; tail -20 "$dir/log" >&2; exit 1; }
  urls+=("http://127.0.0.1:$listening")
}

max() { printf '%s\n' "$@" | sort -g | tail -1; }
# utime+stime+cutime+cstime of the processes $@ (clock ticks; threads included, a process gone counts 0).
ticks() {
  local total=0 pid line f
  for pid in "$@"; do
    line=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    read -r -a f <<<"${line##*) }"  # From field 3 (state) on: the name before may hold spaces.
    total=$((total + f[11] + f[12] + f[13] + f[14]))
  done
  echo "$total"
}
# The server's: the postmaster (with the backends it has reaped) and its children alive now.
postgres_ticks() {
  local children
  mapfile -t children < <(pgrep -P "$postmaster" || true)
  ticks "$postmaster" "${children[@]}"
}
# The whole machine's busy ticks, all cores (/proc/stat: user nice system irq softirq steal).
busy_ticks() { awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
# Serialization failures and deadlocks the server logged (each an attempt of a transaction rolled back).
conflicts() { grep -cE 'ERROR: +(could not serialize access|deadlock detected)' "$pg/postgres.log" || true; }
other_errors() { grep -E 'ERROR: ' "$pg/postgres.log" | grep -cvE 'could not serialize access|deadlock detected' || true; }
# relais_store_write_retries_total of the nodes' /metrics, summed over $@ (the URLs), or "" when none answered.
metrics_retries() {
  local url text found="" total=0 value
  for url in "$@"; do
    text=$(curl -sf -H "Authorization: Bearer $RELAIS_METRICS_TOKEN" "$url/metrics") || continue
    while read -r value; do
      found=1
      total=$(echo "$total + $value" | bc)
    done < <(printf '%s\n' "$text" | grep -viE '^#' | grep -E '^relais_store_write_retries_total ' | awk '{ print $NF }')
  done
  if [ -n "$found" ]; then echo "$total"; fi
}
# Runs $2... with its output in $1, then writes the CPU ticks it used to $1.ticks: a shell of its own runs it and
# reads its own children's times once it has ended.
measured() {
  bash -c '"$@" >"$0" 2>&1; status=$?; read -r line </proc/$$/stat; read -r -a f <<<"${line##*) }"
    echo $((f[13] + f[14])) >"$0.ticks"; exit $status' "$@"
}
cpu_s() { printf '%.1f' "$(echo "$1 / $tck" | bc -l)"; }

# The orders stored in $database, the database the nodes use now ("" when sqlite3 is missing).
stored_orders() {
  case "$database" in
    postgresql://*) "$bindir/psql" "$database" -Atqc "SELECT count(*) FROM orders" ;;
    *) if command -v sqlite3 >/dev/null; then sqlite3 "$database" "SELECT count(*) FROM orders"; fi ;;
  esac
}

# One orders run over the nodes at $@: one wrk each, connections/N connections, all at once, each with keys of
# its own (ORDER_KEY_PREFIX). A slow answer is waited for (--timeout 30s) and shows in p99, rather than being
# dropped as a wrk timeout. Sets the figures of the run: orders_s, p50, p99 (the slowest node's), errors, stored
# (orders the database gained per 2xx answer), wall (s), the CPU ticks pg_t, edge_t, load_t, other_t (processes
# not of this benchmark) and idle_s, the CPU seconds no process used.
orders_run() {
  local n=$# i pid url threads pg0 edge0 busy0 wall0 out rps requests non2xx socket ok=0 stored0 stored1
  threads=$((2 / n)); [ "$threads" -ge 1 ] || threads=1
  stored0=$(stored_orders)
  pg0=$(postgres_ticks); edge0=$(ticks "${edge_pids[@]}"); busy0=$(busy_ticks); wall0=$(date +%s.%N)
  load_pids=()
  i=0
  for url in "$@"; do
    i=$((i + 1))
    ORDER_KEY_PREFIX="bench-$n-$i" measured "$work/wrk$i.txt" wrk -t "$threads" -c $((connections / n)) \
      -d "${seconds}s" --timeout 30s --latency -s bench/edge_orders.lua "$url" &
    load_pids+=($!)
  done
  i=0
  for pid in "${load_pids[@]}"; do
    i=$((i + 1))
    wait "$pid" || { echo "wrk failed:" >&2; cat "$work/wrk$i.txt" >&2; exit 1; }
  done
  load_pids=()
  pg_t=$(($(postgres_ticks) - pg0)); edge_t=$(($(ticks "${edge_pids[@]}") - edge0)); busy_t=$(($(busy_ticks) - busy0))
  wall=$(echo "$(date +%s.%N) - $wall0" | bc)
  orders_s=0; errors=0; load_t=0; p50s=(); p99s=()
  for i in $(seq "$n"); do
    out=$work/wrk$i.txt
    rps=$(field 'Requests\/sec:' "$out")
    requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$out")
    non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$out")
    socket=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1+\2+\3+\4/p' "$out")
    errors=$((errors + ${non2xx:-0} + ${socket:-0}))
    ok=$((ok + requests - ${non2xx:-0}))
    # Orders made: the requests/s wrk counted, less its non-2xx answers.
    orders_s=$(echo "$orders_s + $rps * ($requests - ${non2xx:-0}) / $requests" | bc -l)
    p50s+=("$(ms "$(field '50%' "$out")")"); p99s+=("$(ms "$(field '99%' "$out")")")
    load_t=$((load_t + $(cat "$out.ticks")))
  done
  p50=$(max "${p50s[@]}"); p99=$(max "${p99s[@]}")
  stored1=$(stored_orders)
  stored="-"
  if [ -n "$stored0" ] && [ -n "$stored1" ] && [ "$ok" -gt 0 ]; then
    stored=$(printf '%.3f' "$(echo "($stored1 - $stored0) / $ok" | bc -l)")
  fi
  other_t=$((busy_t - pg_t - edge_t - load_t)); [ "$other_t" -ge 0 ] || other_t=0
  idle_s=$(printf '%.1f' "$(echo "$cores * $wall - $busy_t / $tck" | bc -l)")
  note_other "$other_t" "$wall"
}
# Keeps the largest share of the machine's CPU that other processes took in a run ($1 ticks over $2 s).
other_most=0
note_other() {
  local share
  share=$(echo "100 * $1 / $tck / ($cores * $2)" | bc -l)
  other_most=$(max "$other_most" "$share")
}

row() { printf '  %-38s %9s %8s %8s %7s %10s %10s\n' "$@"; }
cpu_row() { printf '  %-38s %13s %13s %6s %6s %6s %13s %10s\n' "$@"; }
results=()    # The throughput table's lines.
cpu_lines=()  # The CPU table's lines.
per_order() {
  if [ "$(echo "$2 > 0" | bc)" = 1 ]; then printf '%.2f' "$(echo "1000 * $1 / $tck / $2" | bc -l)"; else echo "-"; fi
}

# 1. SQLite, 1 node.
database=$work/edge.db
start_node 0 "$database"
seed_orders_shop "${urls[0]}"
orders_run "${urls[0]}"
sqlite_orders=$orders_s
results+=("$(row "SQLite, 1 node" "$(printf '%.0f' "$orders_s")" "$p50" "$p99" "$errors" "$stored" "")")
cpu_lines+=("$(cpu_row "SQLite, 1 node" "-" "$(cpu_s "$edge_t") ($(per_order "$edge_t" "$(echo "$orders_s * $wall" | bc)"))" \
  "$(cpu_s "$load_t")" "$(cpu_s "$other_t")" "$idle_s" "-" "-")")
kill "${edge_pids[0]}"; wait "${edge_pids[0]}" 2>/dev/null || true
edge_pids=(); urls=()

# 2. pgbench, the physical reference: what the server does with TPC-B's small write transactions.
"$bindir/pgbench" "${pg_client[@]}" -i -s 10 -q pgbench >"$work/pgbench-init.txt" 2>&1 ||
  { cat "$work/pgbench-init.txt" >&2; exit 1; }
pg0=$(postgres_ticks); busy0=$(busy_ticks); wall0=$(date +%s.%N)
measured "$work/pgbench.txt" "$bindir/pgbench" "${pg_client[@]}" -c "$pgbench_clients" -j 2 -T "$seconds" \
  -M prepared pgbench &
load_pids=($!)
wait "${load_pids[0]}" || { cat "$work/pgbench.txt" >&2; exit 1; }
load_pids=()
pg_t=$(($(postgres_ticks) - pg0)); busy_t=$(($(busy_ticks) - busy0)); wall=$(echo "$(date +%s.%N) - $wall0" | bc)
load_t=$(cat "$work/pgbench.txt.ticks")
tps=$(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$work/pgbench.txt")
pgbench_latency=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/pgbench.txt")
other_t=$((busy_t - pg_t - load_t)); [ "$other_t" -ge 0 ] || other_t=0
note_other "$other_t" "$wall"
pgbench_cpu=$(cpu_row "pgbench TPC-B, $pgbench_clients clients" "$(cpu_s "$pg_t") ($(per_order "$pg_t" "$(echo "$tps * $wall" | bc)"))" \
  "-" "$(cpu_s "$load_t")" "$(cpu_s "$other_t")" "$(printf '%.1f' "$(echo "$cores * $wall - $busy_t / $tck" | bc -l)")" "-" "-")

# 3. PostgreSQL, 1, 2 and 3 nodes on the same database; node 1 seeds it, the others join before their run.
retries_seen=""
pg_orders=()  # By node count.
database=$uri
for n in 1 2 3; do
  start_node "$n" "$database"
  [ "$n" = 1 ] && seed_orders_shop "${urls[0]}"
  conflicts0=$(conflicts); others0=$(other_errors); retries0=$(metrics_retries "${urls[@]}")
  orders_run "${urls[@]}"
  conflicts_n=$(($(conflicts) - conflicts0)); others_n=$(($(other_errors) - others0))
  retries1=$(metrics_retries "${urls[@]}")
  if [ -n "$retries1" ]; then retries_seen=1; retries_n=$(echo "$retries1 - ${retries0:-0}" | bc); else retries_n="-"; fi
  pg_orders[n]=$orders_s
  label="PostgreSQL, $n node$([ "$n" = 1 ] || echo s) x $((connections / n)) conn."
  results+=("$(row "$label" "$(printf '%.0f' "$orders_s")" "$p50" "$p99" "$errors" "$stored" \
    "$(printf '%.1f%%' "$(echo "100 * $orders_s / $tps" | bc -l)")")")
  made=$(echo "$orders_s * $wall" | bc)
  cpu_lines+=("$(cpu_row "$label" "$(cpu_s "$pg_t") ($(per_order "$pg_t" "$made"))" \
    "$(cpu_s "$edge_t") ($(per_order "$edge_t" "$made"))" "$(cpu_s "$load_t")" "$(cpu_s "$other_t")" "$idle_s" \
    "$conflicts_n$([ "$others_n" = 0 ] || echo " +$others_n other")" "$retries_n")")
done

echo "relais-edge: durable orders on loopback (wrk, bench/edge_orders.lua: each request a new order, its stock"
echo "reserved), $connections connections in all spread evenly over the nodes, ${seconds} s per run; PostgreSQL $("$bindir/postgres" --version | awk '{ print $3 }')"
echo "with fsync and synchronous_commit on, SQLite with synchronous=FULL; this machine, one run."
echo "$cores cores: the nodes share them with PostgreSQL and wrk, all on this machine, so an added node brings no CPU:"
echo "the node curve flattens or drops once the cores are busy, and what it gains before that comes from more writes"
echo "in flight at once, not more CPU. It measures contention here, not what nodes on machines of their own give."
echo
row "" "orders/s" "p50 ms" "p99 ms" "errors" "stored/2xx" "/ pgbench"
printf '%s\n' "${results[@]}"
printf '  %-38s %9.0f   tps, latency average %s ms (-s 10 -c %s -j 2 -M prepared)\n' "pgbench TPC-B, same server" \
  "$tps" "$pgbench_latency" "$pgbench_clients"
echo "  orders/s: 2xx answers per second, all nodes; errors: other answers and wrk's socket errors; stored/2xx: orders"
echo "  the database gained in the run per 2xx answer (1.000: each a new order; a little more: answers in flight at the end)."
printf '  %-38s %8.2fx\n' "PostgreSQL 2 nodes / 1 node" "$(echo "${pg_orders[2]} / ${pg_orders[1]}" | bc -l)"
printf '  %-38s %8.2fx\n' "PostgreSQL 3 nodes / 1 node" "$(echo "${pg_orders[3]} / ${pg_orders[1]}" | bc -l)"
printf '  %-38s %8.2fx\n' "PostgreSQL 1 node / SQLite 1 node" "$(echo "${pg_orders[1]} / $sqlite_orders" | bc -l)"
echo
echo "Where the time goes: CPU seconds during each run (in brackets: CPU ms per order, or per pgbench transaction);"
echo "the machine has $cores cores x ${seconds} s = $((cores * seconds)) CPU s per run. \"other\": processes not of this"
echo "benchmark; \"conflicts\": serialization failures and deadlocks in PostgreSQL's log, each a write transaction"
echo "rolled back and run again (or, after 50 attempts, a failed request, then counted in errors too)."
cpu_row "" "postgres" "relais-edge" "load" "other" "idle" "conflicts" "retries"
cpu_row "" "" "" "(wrk)" "" "" "(server log)" "(/metrics)"
printf '%s\n' "${cpu_lines[@]}" "$pgbench_cpu"
[ -n "$retries_seen" ] ||
  echo "  No node's /metrics answered with relais_store_write_retries_total: the conflicts column is the count."
if [ "$(echo "$other_most > 10" | bc)" = 1 ]; then
  printf '  The machine was not idle: other processes took up to %.0f%% of its CPU in a run. The figures above are worse\n' \
    "$other_most"
  echo "  than a quiet machine's, and the runs were not all slowed alike."
fi
