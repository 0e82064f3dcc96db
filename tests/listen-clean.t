# listen-clean.t: a served program starts clean: fds 0, 1, 2 only, every
# signal at its default and none blocked, even when the listener itself
# was started with extra descriptors, ignored and blocked signals
. tests/lib.sh

exec 5</dev/null 7>"$T/extra"
start -P "$T/port" sigmess svc-listen -p "$T/port" 127.0.0.1:0 fdlist
out=$(client 127.0.0.1 "$PORT" </dev/null)
expect_eq "$out" "0
1
2" "descriptors in the child"
stop "$LPID"
exec 5<&- 7>&-

start -P "$T/port2" sigmess svc-listen -p "$T/port2" 127.0.0.1:0 sigstate
out=$(client 127.0.0.1 "$PORT" </dev/null)
expect_eq "$out" "clean" "signal state in the child"
# and the listener still stops on SIGTERM, and ignores SIGHUP
kill -HUP "$LPID"
out=$(client 127.0.0.1 "$PORT" </dev/null)
expect_eq "$out" "clean" "after SIGHUP"
stop "$LPID"

# -D and -k reach the accepted socket; without them, neither is set
start -P "$T/port3" svc-listen -D -k -p "$T/port3" 127.0.0.1:0 sockopt
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" "nodelay=1 keepalive=1" "-D -k"
start -P "$T/port4" svc-listen -p "$T/port4" 127.0.0.1:0 sockopt
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" "nodelay=0 keepalive=0" "default"
exit 0
