# listen-term.t: SIGTERM stops accepting and exits 0 while a running
# child's connection goes on undisturbed; SIGHUP does not stop it
. tests/lib.sh

start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 sh -c 'read a; echo "got $a"; read b; echo "got $b"'
kill -HUP "$LPID"
mkfifo "$T/in"
exec 8<>"$T/in"
(exec 8>&-; client 127.0.0.1 "$PORT" <"$T/in" >"$T/out") &
cpid=$!
echo one >&8
wait_for "first reply" 10 grep -q "got one" "$T/out"
kill -0 "$LPID" || fail "SIGHUP stopped the listener"
kill -TERM "$LPID"
wait "$LPID"
expect_eq $? 0 "listener exit status on SIGTERM"
expect_log "svc-listen: stop signal=TERM conns=1"
# new connections are refused at once
client 127.0.0.1 "$PORT" </dev/null >/dev/null 2>&1 && fail "still accepting"
# the old one still works both ways
echo two >&8
exec 8>&-
wait $cpid || fail "client failed after SIGTERM"
expect_eq "$(cat "$T/out")" "got one
got two" "connection across SIGTERM"

# SIGINT too
start -P "$T/port2" svc-listen -p "$T/port2" 127.0.0.1:0 true
kill -INT "$LPID"
wait "$LPID"
expect_eq $? 0 "listener exit status on SIGINT"
exit 0
