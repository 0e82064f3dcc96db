# fault-log.t: svc-log -x with fork, pipe, write, open (-o) and fcntl
# failing at random points under load: every run that started ends with
# its end line, and every connection has either an end line or one fatal
# line saying why it could not start; and in the fast path, svc-log's end
# line, which the listener writes, under failures in the listener.
. tests/lib.sh
. tests/fault.sh

# load ARG...: svc-connect ARG... to the service, the faults on meanwhile
load() {
	touch "$T/on"
	svc-connect "$@" 127.0.0.1 "$PORT" >"$T/load" 2>&1
	rm -f "$T/on"
	cat "$T/load"
}

# ended: once every connection accepted has ended, $conns the connections
# and $ends svc-log's end lines
ended() {
	wait_for "every connection to end" 20 sh -c \
	    '[ "$(grep -c "svc-listen: accept pid" "$T/log")" = \
	    "$(grep -c "svc-listen: end pid" "$T/log")" ]'
	conns=$(log_count "svc-listen: end pid=")
	ends=$(log_count "svc-log: end ")
}

mkdir "$T/trace"
FAULT_ONLY=svc-log FAULT_RATE=40 FAULT_BURST=2 FAULT_FLAG=$T/on \
FAULT_LOG=$T/faults FAULT_CALLS=accept,fork,pipe,write,open,fcntl
export FAULT_ONLY FAULT_RATE FAULT_BURST FAULT_FLAG FAULT_LOG FAULT_CALLS
start -P "$T/port" env LD_PRELOAD="$FI_PRELOAD" svc-listen -c 40 -p "$T/port" \
    127.0.0.1:0 svc-log -v -x -o "$T/trace" cat
expect_log "svc-listen: start"
load -n 400 -c 20 -s 'ping\n' -e 'ping\n'
echo "injected: fork $(faults fork), write $(faults write)," \
    "open $(faults open), fcntl $(faults fcntl)"
[ "$(faults write)" -ge 5 ] && [ "$(faults fork)" -ge 2 ] ||
    fail "too few failures injected to prove anything"
ended
fatal=$(grep -c '^svc-log: fatal: ' "$T/log")
echo "connections $conns, end lines $ends, fatal lines $fatal"
expect_eq "$((ends + fatal))" "$conns" "end and fatal lines"
# each start line has the end line of its pid
for pid in $(sed -n 's/^svc-log: start pid=\([0-9]*\) .*/\1/p' "$T/log"); do
	grep -q "^svc-log: end .*pid=$pid " "$T/log" ||
	    fail "pid $pid started and has no end line"
done
kill -0 "$LPID" || fail "listener died"

# out of descriptors or processes when starting prog is temporary (111,
# "unable to start"), not a program that cannot run (126)
for f in pipe:EMFILE pipe:ENFILE fork:EAGAIN fork:ENOMEM; do
	FAULT_CALLS=${f%:*} FAULT_ERRNOS=${f#*:} FAULT_RATE=1000
	export FAULT_CALLS FAULT_ERRNOS FAULT_RATE
	touch "$T/on"
	env LD_PRELOAD="$FI_PRELOAD" svc-log true 2>"$T/err"
	rc=$?
	rm -f "$T/on"
	expect_eq "$rc" 111 "$f: status"
	expect "$(cat "$T/err")" "svc-log: fatal: unable to start true: "
done

# svc-log's default mode in the fast path: the listener writes its end
# line at the reap.  Under accept, fork and fcntl failures in svc-listend
# (its copy of the socket included), every connection that ran has both
# end lines, the listener's and svc-log's, however many failed
unset FAULT_ERRNOS
FAULT_ONLY=svc-listend FAULT_RATE=60 FAULT_BURST=2 FAULT_CALLS=accept,fork,fcntl
export FAULT_ONLY FAULT_RATE FAULT_BURST FAULT_CALLS
: >"$T/faults"
newlog
start -P "$T/port" env LD_PRELOAD="$FI_PRELOAD" svc-listen -v -c 40 \
    -p "$T/port" 127.0.0.1:0 svc-log hello
expect_log "svc-listen: fast links=svc-log run=listener"
load -n 400 -c 20 -e 'HELLO\n'
echo "injected: accept $(faults accept), fork $(faults fork)," \
    "fcntl $(faults fcntl)"
[ "$(faults fork)" -ge 2 ] && [ "$(faults fcntl)" -ge 2 ] ||
    fail "too few failures injected to prove anything"
ended
echo "connections $conns, svc-log end lines $ends"
[ "$conns" -ge 100 ] || fail "only $conns connections ran"
expect_eq "$ends" "$conns" "svc-log end lines in the fast path"
kill -0 "$LPID" || fail "listener died"
stop "$LPID"
exit 0
