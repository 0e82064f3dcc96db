# listen-flood.t: 2,000 short connections leave no zombie, no extra
# descriptor, and no growth of the listener's memory
. tests/lib.sh
need ps

rss() {
	awk '/^VmRSS:/{print $2}' "/proc/$1/status"
}

# the sanitizer build forks a process with a huge shadow map: fewer there
n=2000
[ "${O:-.}" = san ] && n=300
start -P "$T/port" svc-listen -c 40 -p "$T/port" 127.0.0.1:0 hello
expect_log "svc-listen: start"	# the accept loop is up, not only the socket
fds0=$(nfds "$LPID")
# warm up so the first connection's page faults are not counted as growth
svc-connect -n 50 -c 8 -e 'HELLO\n' 127.0.0.1 "$PORT" >/dev/null ||
    fail "warm-up failed"
wait_for "warm-up children" 20 log_atleast 50 "svc-listen: end pid="
rss0=$(rss "$LPID")
svc-connect -n "$n" -c 16 -e 'HELLO\n' 127.0.0.1 "$PORT" >"$T/bench" ||
    fail "load failed: $(cat "$T/bench")"
expect "$(cat "$T/bench")" "conns=$n errors=0"
wait_for "every end line" 30 log_atleast $((n + 50)) "svc-listen: end pid="
expect_eq "$(log_count 'svc-listen: end pid=')" $((n + 50)) "end lines"
expect_eq "$(log_count 'status=0 ')" $((n + 50)) "clean exits"
expect_eq "$(zombies_of "$LPID")" 0 "zombies"
expect_eq "$(children_of "$LPID")" 0 "children left"
expect_eq "$(nfds "$LPID")" "$fds0" "listener descriptors"
rss1=$(rss "$LPID")
[ "$rss1" -le $((rss0 + 64)) ] || fail "RSS grew from $rss0 kB to $rss1 kB"
echo "rss ${rss0}kB -> ${rss1}kB, fds $fds0"
exit 0
