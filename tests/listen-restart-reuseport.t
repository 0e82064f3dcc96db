# listen-restart-reuseport.t: restarts beside the old listener with -s
# (SO_REUSEPORT): the new one binds the same port, then the old one gets
# SIGTERM and drains.  The drain serves the clients already in its queue
# before it closes, and with net.ipv4.tcp_migrate_req=1 the kernel moves
# whatever arrives in between to the new listener, so at 50 connections
# a second over 10 restarts none is refused, reset or cut; then the same
# at full speed (about 1000 a second here).  The sysctl is per network
# namespace: the test runs in one of its own.
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
start -P "$T/port" svc-listen -q -s -d 10 -p "$T/port" 127.0.0.1:0 sh -c "$svc"
old=$LPID
port=$PORT

svc-connect -n 600 -c 40 -r 50 -t 20 -T 20 -s 'x\n' -e 'HELLO\n' \
    127.0.0.1 "$port" >"$T/load" 2>>"$T/log" &
load=$!
PIDS="$PIDS $load"
i=1
while [ $i -le 10 ]; do
	sleep 0.2	# spreads the restarts over the load, not a sync
	# the new one first: start returns once it listens (its port file)
	start -P "$T/port$i" svc-listen -q -s -d 10 -p "$T/port$i" "127.0.0.1:$port" \
	    sh -c "$svc"
	# the old one accepts nothing for 0.3 s before its SIGTERM, so its
	# queue holds clients when the stop comes, as a busy one's does
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
expect "$(cat "$T/load")" "conns=600 errors=0"
expect_eq "$rc" 0 "load status"

# full speed: a client completes its handshake in the microseconds
# between the old listener's last accept and its close; without
# tcp_migrate_req a few of these are reset (39 of 20000 over 10
# restarts when measured), with it none
svc-connect -n 12000 -c 20 -t 20 -T 20 -e 'HELLO\n' 127.0.0.1 "$port" \
    >"$T/load2" 2>>"$T/log" &
load=$!
PIDS="$PIDS $load"
i=1
while [ $i -le 5 ]; do
	sleep 0.2	# spreads the restarts over the load, not a sync
	start -P "$T/fport$i" svc-listen -q -s -d 10 -p "$T/fport$i" "127.0.0.1:$port" hello
	kill -TERM "$old"
	old=$LPID
	i=$((i + 1))
done
kill -0 "$load" 2>/dev/null || fail "the fast load ended before the 5th restart"
wait "$load"
rc=$?
cat "$T/load2"
expect "$(cat "$T/load2")" "conns=12000 errors=0"
expect_eq "$rc" 0 "fast load status"
exit 0
