# listen-restart-held.t: a restart is invisible when the socket outlives
# the listener (a supervisor holds it, svc-listen fd:3): 50 connections a
# second keep coming while the service is restarted 10 times, and none
# is refused, reset or cut, every reply complete.
. tests/lib.sh

# each reply takes 0.2 s, so children are running at every restart
start -P "$T/port" sockhold -r -p "$T/port" 127.0.0.1 0 \
    svc-listen -q -d 10 fd:3 sh -c 'read x; sleep 0.2; echo HELLO'
holder=$LPID
svc-connect -w 10 -z 127.0.0.1 "$PORT" || fail "service not up"

svc-connect -n 600 -c 40 -r 50 -t 20 -T 20 -s 'x\n' -e 'HELLO\n' \
    127.0.0.1 "$PORT" >"$T/load" 2>>"$T/log" &
load=$!
PIDS="$PIDS $load"
i=1
while [ $i -le 10 ]; do
	sleep 0.2	# spreads the restarts over the load, not a sync
	kill -HUP "$holder"
	expect_log "sockhold: restart $i" 20
	i=$((i + 1))
done
kill -0 "$load" 2>/dev/null || fail "the load ended before the 10th restart"
wait "$load"
rc=$?
cat "$T/load"
expect "$(cat "$T/load")" "conns=600 errors=0"
expect_eq "$rc" 0 "load status"
exit 0
