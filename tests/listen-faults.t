# listen-faults.t: running out of descriptors (EMFILE) pauses the
# listener without spinning or dropping anyone; it serves everybody once
# the limit is raised (running out of processes: listen-forkfail.t)
. tests/lib.sh
need prlimit

cpu_ticks() {
	# utime + stime, fields 14 and 15 (the name in field 2 has no spaces)
	awk '{print $14 + $15}' "/proc/$1/stat"
}

start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 hello
expect_log "svc-listen: start"	# the accept loop is up, not only the socket
# the lowest free descriptor is what accept would take: make it over the limit
n=0
while [ -e "/proc/$LPID/fd/$n" ] && [ $n -lt 4096 ]; do
	n=$((n + 1))
done
prlimit --pid "$LPID" --nofile="$n": || skip "prlimit cannot change limits"
pids=""
for i in 1 2 3 4 5; do
	client 127.0.0.1 "$PORT" </dev/null >"$T/o$i" &
	pids="$pids $!"
done
expect_log "svc-listen: warning: unable to accept (pausing, will retry): $(errstr EMFILE)"
t0=$(cpu_ticks "$LPID")
sleep 1		# a window to measure CPU in, not a synchronisation
t1=$(cpu_ticks "$LPID")
echo "cpu ticks while out of descriptors: $((t1 - t0)) in 1 s"
[ $((t1 - t0)) -le 5 ] || fail "listener spins: $((t1 - t0)) ticks in 1 s"
expect_eq "$(log_count 'unable to accept')" 1 "warnings per burst"
for i in 1 2 3 4 5; do
	[ -s "$T/o$i" ] && fail "client $i served while out of descriptors"
done
prlimit --pid "$LPID" --nofile=1024:
for p in $pids; do
	wait "$p" || fail "client failed"
done
for i in 1 2 3 4 5; do
	expect_eq "$(cat "$T/o$i")" HELLO "client $i after recovery"
done
expect_log "svc-listen: recover op=accept failures="
stop "$LPID"

exit 0
