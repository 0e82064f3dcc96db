# listen-sigpipe.t: SIGPIPE sent to svc-listen at any moment of its
# start-up (from its exec to the accept loop) does not kill it: it is
# held, like TERM, INT and HUP, until svc-listend catches it; and the
# children still start with SIGPIPE at its default
. tests/lib.sh

# started PID: PID's signal mask holds SIGTERM (bit 15, 0x4000): its
# main has begun; or it is ready already (the port file is there)
started() {
	_m=$(sed -n 's/^SigBlk:[[:space:]]*//p' "/proc/$1/status")
	[ -n "$_m" ] && [ $((0x$_m & 0x4000)) != 0 ] || test -s "$T/p"
}

# ready_or_gone PID: the port file is there, or PID has ended
ready_or_gone() {
	test -s "$T/p" || ! test -d "/proc/$1" ||
	    grep -q '^State:.*Z' "/proc/$1/status"
}

i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	rm -f "$T/p"
	svc-listen -p "$T/p" 127.0.0.1:0 sigstate 2>>"$T/log" &
	pid=$!
	PIDS="$PIDS $pid"
	# from the moment its main blocks TERM (before that, a signal meets the
	# shell's child or a process that has not run yet, not svc-listen)
	wait_for "svc-listen to block TERM" 10 started "$pid"
	n=0
	while [ ! -s "$T/p" ] && [ $n -lt 5000 ] && kill -PIPE "$pid" 2>/dev/null
	do
		n=$((n + 1))
	done
	kill -PIPE "$pid" 2>/dev/null
	wait_for "port file $i, or the end" 10 ready_or_gone "$pid"
	test -s "$T/p" && kill -0 "$pid" 2>/dev/null &&
	    ! grep -q '^State:.*Z' "/proc/$pid/status" || {
		wait "$pid"
		fail "round $i: the listener died (status $?) after $n SIGPIPEs"
	}
	out=$(client 127.0.0.1 "$(cat "$T/p")" </dev/null)
	expect_eq "$out" clean "child's signals, round $i"
	stop "$pid"
done
exit 0
