# log-stop.t: svc-log's end lines when the listener stops while
# connections run.  Without -d the listener exits at once and no end line
# is lost: in the fast path, where the listener owes svc-log's line, it
# writes one for each running connection at its stop, status=detached,
# the duration so far and (TCP_INFO) the bytes so far; an exec'd svc-log
# (svc-listen -X, tests/run's second run of this test) stays and writes
# the program's real status when it ends.  With -d the connections that
# end during the drain get their real end lines, one ended by the drain's
# SIGTERM names TERM, and one ended by its SIGKILL names KILL in the fast
# path, where the program is the listener's child; with -X that SIGKILL
# hits svc-log itself, which can write nothing (its program runs on).
# A connection that ended before the stop but was not reaped yet gets its
# real lines.  The stop runs twice: svc-log alone, inside the listener,
# and behind svc-access, in a forked child.  Each run asserts its own
# mode's documented behaviour.
. tests/lib.sh
. tests/log.sh

# the first run has the built svc-listen first on PATH, the second a
# wrapper that adds -X
if cmp -s "$(command -v svc-listen)" "$TOP/$O/bin/svc-listen"; then
	mode=fast
else
	mode=X
fi

# exited PID: PID has ended (gone, or a zombie not yet waited for)
exited() {
	[ ! -e "/proc/$1" ] || grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat"
}

# held NAME FD: a client that stays connected, its input the fifo
# $T/NAME.in held open on FD, what it receives in $T/NAME.out; sends
# NAME as its first line and waits for the program's "got"
held() {
	rm -f "$T/$1.in" "$T/$1.out"
	mkfifo "$T/$1.in"
	start sh -c 'exec svc-connect 127.0.0.1 "$1" <"$2" >"$3" 4>&- 5>&- 6>&-' \
	    sh "$PORT" "$T/$1.in" "$T/$1.out"
	eval "cpid_$1=\$LPID"
	eval "exec $2>\"\$T/\$1.in\""
	eval "echo \"\$1\" >&$2"
	wait_for "$1 to be served" 10 grep -q got "$T/$1.out"
}

# pid_of N: the pid of the Nth connection accepted
pid_of() {
	sed -n 's/^svc-listen: accept pid=\([0-9]*\) .*/\1/p' "$T/log" |
	    sed -n "$1p"
}

# logend PID: svc-log's end line for the connection PID
logend() {
	grep -E "^svc-log: end .* pid=$1 " "$T/log"
}

# a program that waits for a second line, then exits 5; "deaf" ignores
# SIGTERM
PROGRAM='read kind; [ "$kind" = deaf ] && trap "" TERM; echo got; read x; exit 5'

# 1. stopped without -d, two connections running and a third ended but
# not yet reaped (the listener held with SIGSTOP meanwhile): that one
# gets its real end lines, svc-log's and svc-listen's, before the stop.
# stopped FAST LINK...: the chain LINK... svc-log sh, FAST what -v says
# of the fast path ("LINKS run=WHERE")
stopped() {
_fast=$1
shift
newlog
start -P "$T/port" svc-listen -v -p "$T/port" 127.0.0.1:0 "$@" svc-log \
    sh -c "$PROGRAM"
lpid=$LPID
if [ $mode = fast ]; then
	expect_log "svc-listen: fast links=$_fast"
fi
held one 4
held two 5
held three 6
wait_for "three accept lines" 10 log_atleast 3 "svc-listen: accept pid="
p1=$(pid_of 1) p2=$(pid_of 2) p3=$(pid_of 3)
kill -STOP "$lpid"
echo bye >&6
exec 6>&-
wait_for "the third connection's child to end" 10 exited "$p3"
kill -TERM "$lpid"
kill -CONT "$lpid"
wait_for "the listener to exit" 10 exited "$lpid"
wait "$lpid"
expect_eq $? 0 "the listener's exit status"
expect_log "svc-listen: stop signal=TERM conns=2"
expect "$(grep "svc-listen: end pid=$p3 " "$T/log")" " status=5 "
expect "$(logend "$p3")" " pid=$p3 status=5 duration="
if [ $mode = fast ]; then
	# the listener's lines for both, before it exits
	for p in $p1 $p2; do
		line=$(logend "$p")
		[ -n "$line" ] || fail "no svc-log end line for pid $p"
		case $line in
		"svc-log: end remote=127.0.0.1:"*" pid=$p status=detached duration="*) ;;
		*) fail "not a detached end line: $line" ;;
		esac
		field "$line" duration | grep -qx '[0-9][0-9]*\.[0-9]\{3\}' ||
		    fail "no duration in: $line"
		if counts_tcp; then
			# what the client sent: its name and a newline
			expect_eq "$(field "$line" in)" 4 "in="
			expect "$line" " out="
		else
			expect_not "$line" " in="
		fi
	done
	# the documented filters find them
	expect_eq "$(grep -cE '^[^"|]*svc-log: end ' "$T/log")" 3 "filtered lines"
else
	# svc-log stays: no line yet, the programs still run
	expect_eq "$(log_count 'svc-log: end')" 1 "svc-log lines at the stop"
fi
# the programs run on; each ends with its second line
echo bye >&4
echo bye >&5
exec 4>&- 5>&-
wait_for "the clients to end" 10 exited "$cpid_one"
wait_for "the clients to end" 10 exited "$cpid_two"
wait_for "the clients to end" 10 exited "$cpid_three"
expect_eq "$(log_count 'svc-log: end')" 3 "svc-log end lines in all"
if [ $mode = X ]; then
	for p in $p1 $p2; do
		line=$(logend "$p")
		expect "$line" " pid=$p status=5 duration="
		counts_tcp && expect_eq "$(field "$line" in)" 8 "in="
	done
fi
grep -q 'status=detached' "$T/log" && [ $mode = X ] &&
    fail "an exec'd svc-log wrote status=detached"
}
stopped "svc-log run=listener"
# a chain whose links run in a forked child (svc-access sets the
# environment): the child shares svc-log's line with the listener
echo '127.0.0.1 allow' >"$T/rules"
stopped "svc-access,svc-log run=child" svc-access -f "$T/rules"

# 2. -d: one ends during the drain, one at its SIGTERM, one at SIGKILL
newlog
start -P "$T/port" svc-listen -d 60:60 -p "$T/port" 127.0.0.1:0 svc-log \
    sh -c "$PROGRAM"
lpid=$LPID
held quick 4
held polite 5
held deaf 6
wait_for "three accept lines" 10 log_atleast 3 "svc-listen: accept pid="
pq=$(pid_of 1) pp=$(pid_of 2) pd=$(pid_of 3)
kill -TERM "$lpid"
expect_log "svc-listen: drain signal=TERM conns=3"
echo bye >&4
exec 4>&-
expect_log "svc-listen: end pid=$pq "
expect "$(logend "$pq")" " pid=$pq status=5 duration="
kill -TERM "$lpid"
expect_log "svc-listen: drain-term conns=2 reason=signal"
expect_log "svc-listen: end pid=$pp "
expect "$(logend "$pp")" " pid=$pp signal=TERM duration="
kill -TERM "$lpid"
expect_log "svc-listen: drain-kill conns=1 reason=signal"
wait_for "the listener to exit" 10 exited "$lpid"
wait "$lpid"
expect_eq $? 0 "the listener's exit status after the drain"
expect_log "svc-listen: stop signal=TERM conns=0"
expect "$(grep "svc-listen: end pid=$pd " "$T/log")" " signal=KILL "
if [ $mode = fast ]; then
	expect "$(logend "$pd")" " pid=$pd signal=KILL duration="
else
	[ -z "$(logend "$pd")" ] || fail "svc-log wrote after its SIGKILL"
fi
expect_not "$(cat "$T/log")" "status=detached"
exec 5>&- 6>&-
wait_for "the clients to end" 10 exited "$cpid_deaf"
exit 0
