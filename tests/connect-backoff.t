# connect-backoff.t: -w never pauses past its deadline.  The monotonic
# clock jumps 7 ms at every reading (tests/fault/clock.c, on the dynamic
# build in tests/fi/), so that for some -w the deadline passes between
# the check that gives up and the pause before the next attempt, as a
# descheduled process sees it; the pause must then be none, not a poll
# that never ends.  Every -w from 10 to 60 ms gives up with 111 at once.
. tests/lib.sh
. tests/fault.sh
[ -f "$FI/clock.so" ] || fail "no $FI/clock.so (make check-build)"

# a port nobody listens on: the one a listener had, once it is stopped
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 true
port=$PORT
stop "$LPID"

ms=10
while [ $ms -le 60 ]; do
	LD_PRELOAD=$FI/clock.so timeout 20 svc-connect \
	    -w "0.0$ms" 127.0.0.1 "$port" </dev/null 2>"$T/err"
	rc=$?
	[ $rc = 124 ] && fail "-w 0.0$ms: still waiting after 20 s"
	expect_eq "$rc" 111 "-w 0.0$ms: status"
	expect "$(cat "$T/err")" "unable to connect to 127.0.0.1:$port"
	ms=$((ms + 1))
done
exit 0
