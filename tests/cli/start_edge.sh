# Sourced by the shell tests: start_edge BIN CONFIG DIR starts relais-edge on loopback with CONFIG, its
# stdout in DIR/out and its log in DIR/log, and sets edge_pid and port (the port it printed first).
# The caller's EXIT trap kills $edge_pid; fail() must exist.
start_edge() {
  "$1" --config "$2" >"$3/out" 2>"$3/log" &
  edge_pid=$!
  for _ in $(seq 50); do [ -s "$3/out" ] && break; sleep 0.1; done
  port=$(sed -n 's/.*"listening": "127.0.0.1:\([0-9]*\)".*/\1/p' "$3/out")
  [ -n "$port" ] || fail "relais-edge did not start: $(cat "$3/log")"
}
