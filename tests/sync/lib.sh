# Shared by the relais-sync test scripts: a scratch folder, a loopback server that is always stopped,
# and failures that say what broke.
work=$(mktemp -d)
server_pid=""
more_server_pids=()  # Tests that start a second server add it here.
cleanup() {
  for pid in $server_pid "${more_server_pids[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# A port below Linux's ephemeral range (32768 and up, where the servers other tests bind to port 0 land) that
# nothing listens on now: a server already there would answer for ours.
random_port() {
  local port
  for _ in $(seq 50); do
    port=$(( 20000 + RANDOM % 12000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  fail "no free port"
}
wait_for_port() {  # wait_for_port <port>: until something listens on 127.0.0.1:<port> (5 s at most)
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  fail "no server on port $1"
}
