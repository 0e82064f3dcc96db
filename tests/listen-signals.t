# listen-signals.t: signals whose default would kill the listener and
# that a stray kill(1) may send (USR1, USR2, ALRM, VTALRM, PROF, XFSZ) are
# ignored, during start-up too; QUIT stops it as TERM does; children
# start with every signal at its default
. tests/lib.sh

# started PID: PID's signal mask holds SIGTERM (bit 15, 0x4000): its
# main has begun; or it is ready already (the port file is there)
started() {
	_m=$(sed -n 's/^SigBlk:[[:space:]]*//p' "/proc/$1/status")
	[ -n "$_m" ] && [ $((0x$_m & 0x4000)) != 0 ] || test -s "$T/port"
}

start -P "$T/port" svc-listen -v -p "$T/port" 127.0.0.1:0 sigstate
for s in USR1 USR2 ALRM VTALRM PROF XFSZ HUP PIPE; do
	kill -s "$s" "$LPID"
	expect_log "svc-listen: signal $s ignored"
	kill -0 "$LPID" || fail "the listener died of SIG$s"
done
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" clean "child's signals"
kill -s QUIT "$LPID"
wait "$LPID"
expect_eq "$?" 0 "status after QUIT"
expect_log "svc-listen: stop signal=QUIT conns="

# held during start-up, as TERM is: sent at once, they wait for the loop
rm -f "$T/port"
svc-listen -p "$T/port" 127.0.0.1:0 true 2>>"$T/log" &
pid=$!
PIDS="$PIDS $pid"
# from the moment its main blocks TERM (before that, a signal meets the
# shell's child or a process that has not run yet, not svc-listen)
wait_for "svc-listen to block TERM" 10 started "$pid"
for s in USR1 USR2 ALRM; do
	kill -s "$s" "$pid"
done
wait_for "port file" 10 test -s "$T/port"
kill -0 "$pid" && ! grep -q '^State:.*Z' "/proc/$pid/status" ||
    fail "the listener died during start-up"
exit 0
