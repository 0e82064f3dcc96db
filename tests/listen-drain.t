# listen-drain.t: -d 2:1 on SIGTERM stops accepting at once, lets the
# children run up to 2 s, then sends them SIGTERM, then after 1 s
# SIGKILL to one that ignores it; each step logged with its count; exit
# 0.  A second SIGTERM moves to the next step at once.
. tests/lib.sh

# quick: ends within the wait; polite: ends at SIGTERM; stubborn: only
# SIGKILL ends it (TERM stays ignored across its exec)
start -P "$T/port" svc-listen -d 2:1 -p "$T/port" 127.0.0.1:0 sh -c '
	read kind
	case $kind in
	quick) echo HELLO; read x; echo "done $x" ;;
	polite) echo HELLO; exec sleep 60 ;;
	stubborn) trap "" TERM; echo HELLO; exec sleep 60 ;;
	esac'
lpid=$LPID
held() {
	mkfifo "$T/$1.in"
	exec 9<>"$T/$1.in"
	start sh -c 'exec svc-connect 127.0.0.1 "$1" <"$2" >"$3"' sh "$PORT" \
	    "$T/$1.in" "$T/$1.out"
	echo "$1" >&9
	exec 9>&-
	wait_for "$1 to be served" 10 grep -q HELLO "$T/$1.out"
}
held quick
held polite
held stubborn
exec 7>"$T/quick.in"	# its last line comes during the drain

kill -TERM "$lpid"
expect_log "svc-listen: drain signal=TERM conns=3 wait=2.000 grace=1.000"
# not accepting any more, at once
svc-connect 127.0.0.1 "$PORT" </dev/null >/dev/null 2>&1 && fail "still accepting"
echo bye >&7
exec 7>&-
wait_for "quick to finish" 10 grep -q "done bye" "$T/quick.out"
expect_log "svc-listen: drain-term conns=2 reason=timeout"
expect_log "signal=TERM duration="
expect_log "svc-listen: drain-kill conns=1 reason=timeout"
expect_log "signal=KILL duration="
wait "$lpid"
expect_eq $? 0 "exit status after the drain"
expect_log "svc-listen: stop signal=TERM conns=0"
# the steps came in order, each after its wait
sed -n 's/^svc-listen: \(drain[a-z-]*\|stop\) .*/\1/p' "$T/log" | tr '\n' ' ' >"$T/steps"
expect_eq "$(cat "$T/steps")" "drain drain-term drain-kill stop " "order of the steps"

# a second and a third SIGTERM end the waits early: well under 60 s
newlog
start -P "$T/port2" svc-listen -d 60:60 -p "$T/port2" 127.0.0.1:0 sh -c \
    'trap "" TERM; echo HELLO; exec sleep 60'
lpid=$LPID
start sh -c 'exec svc-connect 127.0.0.1 "$1" </dev/null >"$2"' sh "$PORT" "$T/s.out"
wait_for "stubborn to be served" 10 grep -q HELLO "$T/s.out"
t0=$(date +%s)
kill -TERM "$lpid"
expect_log "svc-listen: drain signal=TERM conns=1 wait=60.000 grace=60.000"
kill -TERM "$lpid"
expect_log "svc-listen: drain-term conns=1 reason=signal"
kill -TERM "$lpid"
expect_log "svc-listen: drain-kill conns=1 reason=signal"
wait "$lpid"
expect_eq $? 0 "exit status after an early end"
[ $(( $(date +%s) - t0 )) -lt 30 ] || fail "the second SIGTERM did not shorten the drain"
exit 0
