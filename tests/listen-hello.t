# listen-hello.t: the seed's two services, on IPv4 and IPv6, and the log
. tests/lib.sh

start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 sh -c 'echo HELLO'
out=$(client 127.0.0.1 "$PORT" </dev/null)
expect_eq "$out" "HELLO" "seed service"
expect_log "svc-listen: start local=127.0.0.1:$PORT max=100"
expect_log "svc-listen: end pid="
grep -q "^svc-listen: accept pid=[0-9]* remote=127.0.0.1:[0-9]* conns=1/100\$" \
    "$T/log" || fail "no accept line: $(cat "$T/log")"
grep -q "^svc-listen: end pid=[0-9]* remote=127.0.0.1:[0-9]* status=0 duration=[0-9]*\.[0-9][0-9][0-9]\$" \
    "$T/log" || fail "no end line: $(cat "$T/log")"
stop "$LPID"

start -P "$T/port6" svc-listen -p "$T/port6" '[::1]:0' sh -c 'read n; echo "hello $n"'
out=$(echo gonzalo | client ::1 "$PORT")
expect_eq "$out" "hello gonzalo" "stdin service over IPv6"
expect_log "svc-listen: start local=[::1]:$PORT"
expect_log "remote=[::1]:"

# the end line carries the exit status or the signal name
start -P "$T/port3" svc-listen -p "$T/port3" 127.0.0.1:0 sh -c 'read x; exit $x'
echo 3 | client 127.0.0.1 "$PORT" >/dev/null
expect_log "status=3 duration="
start -P "$T/port4" svc-listen -p "$T/port4" 127.0.0.1:0 sh -c 'kill -9 $$'
client 127.0.0.1 "$PORT" </dev/null >/dev/null
expect_log "signal=KILL duration="
exit 0
