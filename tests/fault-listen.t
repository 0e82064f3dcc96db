# fault-listen.t: accept, fork, pipe, write, open and fcntl failing at
# random points under load: the listener never dies, loses no client,
# leaks no descriptor or child, logs each burst once and recovers; with
# accept or fork failing all the time it pauses without spinning.
. tests/lib.sh
. tests/fault.sh

# 1. random failures (3% of calls start one, bursts of up to 4) while
# 600 connections come 30 at a time
FAULT_ONLY=svc-listend FAULT_RATE=30 FAULT_BURST=4 FAULT_FLAG=$T/on \
FAULT_LOG=$T/faults FAULT_CALLS=accept,fork,pipe,write,open,fcntl
export FAULT_ONLY FAULT_RATE FAULT_BURST FAULT_FLAG FAULT_LOG FAULT_CALLS
start -P "$T/port" env LD_PRELOAD="$FI_PRELOAD" svc-listen -c 40 -p "$T/port" \
    127.0.0.1:0 hello
expect_log "svc-listen: start"
fds=$(nfds "$LPID")
touch "$T/on"
out=$(svc-connect -n 600 -c 30 -e 'HELLO\n' 127.0.0.1 "$PORT") ||
    fail "load: status $?: $out"
rm -f "$T/on"
echo "$out"
expect "$out" "conns=600 errors=0 "
kill -0 "$LPID" || fail "listener died"
echo "injected: accept $(faults accept), fork $(faults fork)," \
    "write $(faults write)"
[ "$(faults accept)" -ge 5 ] && [ "$(faults fork)" -ge 5 ] ||
    fail "too few failures injected to prove anything"
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" HELLO "after the faults"
wait_for "every child reaped" 20 no_children "$LPID"
expect_eq "$(nfds "$LPID")" "$fds" "listener descriptors"
bursts_alternate || fail "bursts not logged once each"
stop "$LPID"

# 2. accept, then fork, failing on every call: one warning, no spinning
for f in accept:EMFILE accept:ENOBUFS fork:EAGAIN fork:ENOMEM; do
	newlog
	FAULT_CALLS=${f%:*} FAULT_ERRNOS=${f#*:} FAULT_RATE=1000
	export FAULT_CALLS FAULT_ERRNOS FAULT_RATE
	rm -f "$T/on"
	start -P "$T/port" env LD_PRELOAD="$FI_PRELOAD" svc-listen -p "$T/port" \
	    127.0.0.1:0 hello
	expect_log "svc-listen: start"
	touch "$T/on"
	pids=""
	for i in 1 2 3; do
		client 127.0.0.1 "$PORT" </dev/null >"$T/o$i" &
		pids="$pids $!"
	done
	expect_log "svc-listen: warning: unable to ${f%:*}"
	t0=$(cpu_ticks "$LPID")
	sleep 2		# a window to measure CPU in, not a synchronisation
	t1=$(cpu_ticks "$LPID")
	echo "$f: $((t1 - t0)) ticks in 2 s while failing"
	[ $((t1 - t0)) -le 10 ] || fail "$f: listener spins"
	expect_eq "$(log_count 'unable to')" 1 "$f: warnings in one burst"
	rm -f "$T/on"
	for p in $pids; do
		wait "$p" || fail "$f: a client failed after recovery"
	done
	for i in 1 2 3; do
		expect_eq "$(cat "$T/o$i")" HELLO "$f: client $i"
	done
	expect_eq "$(log_count 'recover op=')" 1 "$f: recover lines"
	kill -0 "$LPID" || fail "$f: listener died"
	stop "$LPID"
done
exit 0
