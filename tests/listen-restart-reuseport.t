# listen-restart-reuseport.t: restarts beside the old listener with -s
# (SO_REUSEPORT): the new one binds the same port, then the old one gets
# SIGTERM and drains.  With net.ipv4.tcp_migrate_req=1 the kernel moves
# the old socket's queue to the new one, so at 50 connections a second
# over 10 restarts none is refused, reset or cut.  The sysctl is per
# network namespace: the test runs in one of its own.
if [ -z "${SVC_IN_NETNS:-}" ]; then
	command -v unshare >/dev/null 2>&1 || { echo "SKIP: unshare not installed"; exit 77; }
	exec unshare -n env SVC_IN_NETNS=1 sh "$0" "$@"
fi
. tests/lib.sh
need ip
ip link set lo up || skip "cannot set up a network namespace"
[ -w /proc/sys/net/ipv4/tcp_migrate_req ] ||
	skip "no net.ipv4.tcp_migrate_req (Linux before 5.14)"
echo "${MIGRATE:-1}" >/proc/sys/net/ipv4/tcp_migrate_req

svc='read x; sleep 0.2; echo HELLO'
start svc-listen -q -s -d 10 -p "$T/port" 127.0.0.1:0 sh -c "$svc"
old=$LPID
port=$PORT

svc-connect -n 400 -c 40 -r 50 -t 20 -T 20 -s 'x\n' -e 'HELLO\n' \
    127.0.0.1 "$port" >"$T/load" 2>>"$T/log" &
load=$!
PIDS="$PIDS $load"
i=1
while [ $i -le 10 ]; do
	sleep 0.4	# spreads the restarts over the load, not a sync
	# the new one first: start returns once it listens (its port file)
	start svc-listen -q -s -d 10 -p "$T/port$i" "127.0.0.1:$port" \
	    sh -c "$svc"
	# the old one accepts nothing for 0.3 s before its SIGTERM, so its
	# queue holds clients when it closes, as a busy one's (-c reached)
	# does: those are the clients a close resets without tcp_migrate_req
	kill -STOP "$old"
	sleep 0.3
	kill -TERM "$old"
	kill -CONT "$old"
	old=$LPID
	i=$((i + 1))
done
kill -0 "$load" 2>/dev/null || fail "the load ended before the 10th restart"
wait "$load"
rc=$?
cat "$T/load"
expect "$(cat "$T/load")" "conns=400 errors=0"
expect_eq "$rc" 0 "load status"
exit 0
