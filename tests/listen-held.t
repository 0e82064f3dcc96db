# listen-held.t: the listener holds 10,000 connections at once; every
# one is served, every child reaped (no zombie), and the listener's
# descriptors are back to what they were at the start
. tests/lib.sh

h=10000
# the sanitizer build forks a process with a huge shadow map: fewer there
[ "${O:-.}" = san ] && h=500
need ps
# each held connection is a process and two sockets: check the room
pidmax=$(cat /proc/sys/kernel/pid_max 2>/dev/null || echo 0)
thrmax=$(cat /proc/sys/kernel/threads-max 2>/dev/null || echo 0)
nproc=$(ps -e --no-headers 2>/dev/null | wc -l)
[ $((pidmax - nproc)) -gt $((h + 2000)) ] ||
    skip "pid_max $pidmax leaves no room for $h more processes"
[ $((thrmax - nproc)) -gt $((h + 2000)) ] ||
    skip "threads-max $thrmax leaves no room for $h more processes"
nprocmax=$(ulimit -u)
[ "$nprocmax" = unlimited ] || [ "$(id -u)" = 0 ] ||
    [ $((nprocmax - nproc)) -gt $((h + 2000)) ] ||
    skip "ulimit -u $nprocmax leaves no room for $h more processes"
avail=$(awk '/^MemAvailable:/{print $2}' /proc/meminfo 2>/dev/null)
[ "${avail:-0}" -gt 2000000 ] || skip "less than 2 GB of memory available"
# svc-connect holds h sockets; svc-listend raises its own limit
ulimit -n $((h + 1000)) 2>/dev/null ||
    skip "cannot raise the descriptor limit to $((h + 1000))"

: >"$T/lock"
start gate hold "$T/lock" >"$T/locked"
holder=$LPID
wait_for "the gate lock" 10 grep -q locked "$T/locked"
start -P "$T/port" svc-listen -c $((h + 10)) -b 4096 -p "$T/port" 127.0.0.1:0 \
    gate wait "$T/lock"
lpid=$LPID
expect_log "svc-listen: start"	# the accept loop is up, not only the socket
fds0=$(nfds "$lpid")
# in batches of 1000, each let in before the next: 10,000 SYNs at once
# would overflow the accept queue into syncookies, and lose some; the
# sources spread over 127.0.0.2-254 so that ports never run short
b=1000
[ $h -lt $b ] && b=$h
cpids="" k=0
while [ $k -lt $((h / b)) ]; do
	start svc-connect -n $b -c $b -T 80 -i 127.0.0.2-254 -e 'BYE\n' \
	    127.0.0.1 "$PORT" >"$T/bench.$k"
	cpids="$cpids $LPID"
	k=$((k + 1))
	wait_for "$((k * b)) accepted" 30 log_atleast $((k * b)) \
	    "svc-listen: accept pid="
done
wait_for "$h children" 20 test "$(children_of "$lpid")" -ge $h
expect_eq "$(log_count 'svc-listen: end pid=')" 0 "ends while held"
# still quick to serve while it holds them all: one more, let through
svc-connect -z -t 10 127.0.0.1 "$PORT" || fail "no connect while holding"
stop "$holder"
k=0
for p in $cpids; do
	wait "$p" || fail "load failed: $(cat "$T/bench.$k")"
	expect "$(cat "$T/bench.$k")" "conns=$b errors=0"
	k=$((k + 1))
done
wait_for "every end line" 60 log_atleast $((h + 1)) "svc-listen: end pid="
expect_eq "$(log_count 'status=0 ')" $((h + 1)) "clean exits"
wait_for "no child left" 20 test "$(children_of "$lpid")" -eq 0
expect_eq "$(zombies_of "$lpid")" 0 "zombies"
expect_eq "$(nfds "$lpid")" "$fds0" "listener descriptors"
echo "held $h; fds $fds0"
exit 0
