# proxy-haproxy.t: scale-out for real.  Debian's haproxy, in a network
# namespace of the test's own, spreads one service over three hosts, each
# a namespace of its own running svc-listen, svc-proxy and svc-limit;
# clients come from several addresses in namespaces of their own.  Shown:
# - every host sees the real clients (send-proxy-v2 with a CRC32C, and
#   health checks with check-send-proxy, LOCAL headers);
# - svc-limit, keyed on those addresses, refuses the abusive client on
#   each host while the others are served;
# - a host taken down is routed around, with no failed connection once
#   HAProxy has marked it down, and takes traffic again once back up;
# - a stick table in HAProxy limits a client across all hosts at once,
#   and a second balancer, its peer, holds the same table.
# The namespaces and their addresses (10.200.0.0/16, 10.201.0.0/16) exist
# only inside the namespaces made here, removed at exit; a fixed port in
# them cannot be anyone else's.
. tests/lib.sh
need_root
need haproxy ip socat

NS="svcp$$"
NSLIST=""
PORT=8000		# each host's svc-listen, inside its namespace

# netns_cleanup: the processes first (lib.sh), then the namespaces
netns_cleanup() {
	cleanup
	for n in $NSLIST; do
		ip netns del "$n" 2>/dev/null
	done
}
trap netns_cleanup EXIT

# mkns NAME: a namespace of ours, its loopback up
mkns() {
	ip netns add "$NS-$1" || skip "cannot add a network namespace"
	NSLIST="$NSLIST $NS-$1"
	ip -n "$NS-$1" link set lo up
}

# link NAME LBADDR ADDR...: a veth pair from the balancer to NAME, the
# balancer's end LBADDR/24, NAME's end the first ADDR/24, then the others
link() {
	_n=$1 _lb=$2
	shift 2
	ip -n "$NS-lb" link add "v-$_n" type veth peer name eth0 \
	    netns "$NS-$_n" || fail "veth to $_n"
	ip -n "$NS-lb" addr add "$_lb/24" dev "v-$_n"
	ip -n "$NS-lb" link set "v-$_n" up
	for _a in "$@"; do
		ip -n "$NS-$_n" addr add "$_a/24" dev eth0 ||
		    fail "address $_a"
	done
	ip -n "$NS-$_n" link set eth0 up
}

# inns NAME CMD...: run CMD in namespace NAME (start runs ip netns exec
# itself, so that its pid is the program's: ip execs it in place)
inns() {
	_n=$1
	shift
	ip netns exec "$NS-$_n" "$@"
}

mkns lb
for h in h1 h2 h3; do
	mkns "$h"
done
for c in c1 c2 c3; do
	mkns "$c"
done
link h1 10.201.1.1 10.201.1.2
link h2 10.201.2.1 10.201.2.2
link h3 10.201.3.1 10.201.3.2
# c1: 31 well-behaved clients; c2: 4 more; c3: the abusive ones
a=""
i=2
while [ "$i" -le 40 ]; do
	a="$a 10.200.1.$i"
	i=$((i + 1))
done
# shellcheck disable=SC2086
link c1 10.200.1.1 $a
link c2 10.200.2.1 10.200.2.2 10.200.2.3 10.200.2.4 10.200.2.5
link c3 10.200.3.1 10.200.3.2 10.200.3.3

# host N: svc-listen, svc-proxy (only the balancer may send a header),
# svc-limit keyed on the real client (the balancer's own health checks
# exempt), a program that notes whom it served in $T/hN.seen
host() {
	rm -f "$T/h$1.port"
	start ip netns exec "$NS-h$1" svc-listen -p "$T/h$1.port" "10.201.$1.2:$PORT" \
	    svc-proxy -v -a "10.201.$1.1" \
	    svc-limit -f "$T/h$1.state" -a "10.201.$1.1" -R 4/h -m 'busy\n' \
	    sh -c 'read l; echo "$TCPREMOTEIP" >>"$0"; echo ok' "$T/h$1.seen"
	eval "HPID$1=\$LPID"
}
for n in 1 2 3; do
	host "$n"
done

# lbconf NAME PORT: the configuration of balancer NAME, whose per-client
# frontend is on PORT; the two balancers share that frontend's stick
# table through the peers protocol (lb2 stands by for lb1)
lbconf() {
	cat <<EOF
global
    stats socket $T/$1.sock mode 600 level admin
    maxconn 1000

defaults
    mode tcp
    timeout connect 2s
    timeout client 10s
    timeout server 10s
    timeout check 5s
    retries 2
    option redispatch

peers lbs
    peer lb1 127.0.0.1:10001
    peer lb2 127.0.0.1:10002

# the service: the hosts' own svc-limit is the only per-client limit
frontend plain
    bind :8001
    default_backend hosts

# the same, behind a per-client limit global to all hosts
frontend global
    bind :$2
    stick-table type ip size 100k expire 60s store conn_rate(60s) peers lbs
    tcp-request connection track-sc0 src
    tcp-request connection reject if { sc0_conn_rate gt 5 }
    default_backend hosts

# health checks through the whole chain: a LOCAL header, a line, "ok"
backend hosts
    balance roundrobin
    option tcp-check
    tcp-check send "hi\\n"
    tcp-check expect string ok
    default-server send-proxy-v2 proxy-v2-options crc32c check check-send-proxy inter 200ms fall 2 rise 2
    server h1 10.201.1.2:$PORT
    server h2 10.201.2.2:$PORT
    server h3 10.201.3.2:$PORT
EOF
}
lbconf lb1 8002 >"$T/lb1.cfg"
haproxy -c -q -L lb1 -f "$T/lb1.cfg" || fail "haproxy -c"
start ip netns exec "$NS-lb" haproxy -db -L lb1 -f "$T/lb1.cfg"

# status SERVER: HAProxy's view of SERVER (UP, DOWN, ...) from its socket
status() {
	echo 'show stat' | socat -t 5 - "UNIX-CONNECT:$T/lb1.sock" \
	    2>/dev/null | awk -F, -v s="$1" '$1 == "hosts" && $2 == s {
		print $18 }'
}
is() {
	[ "$(status "$1")" = "$2" ]
}
for n in 1 2 3; do
	wait_for "h$n UP" 20 is "h$n" UP
done

# ask NS ADDR FRONTEND: one connection from ADDR in client namespace NS
# to the balancer's frontend, sending a line as the service expects;
# prints the reply ("" when refused)
ask() {
	_lb=${2%.*}.1
	echo hi | inns "$1" svc-connect -T 10 -i "$2" "$_lb" "$3" 2>/dev/null
}
# seen HOST ADDR: how many times HOST's program served ADDR
seen() {
	grep -cx "$2" "$T/h$1.seen" 2>/dev/null || true
}
# seen_all ADDR: how many times any host served ADDR
seen_all() {
	echo $(( $(seen 1 "$1") + $(seen 2 "$1") + $(seen 3 "$1") ))
}

# 1. real client addresses, each host: 9 clients once each, round robin
for a in 10.200.1.2 10.200.1.3 10.200.1.4 10.200.1.5 10.200.1.6 \
    10.200.2.2 10.200.2.3 10.200.2.4 10.200.2.5; do
	c=c1
	case $a in 10.200.2.*) c=c2 ;; esac
	expect_eq "$(ask "$c" "$a" 8001)" ok "client $a"
done
for n in 1 2 3; do
	[ "$(grep -c '^10\.200\.' "$T/h$n.seen")" -ge 3 ] ||
	    fail "h$n served fewer than 3 of 9 clients"
	grep -v '^10\.20[01]\.' "$T/h$n.seen" &&
	    fail "h$n saw an address that is no client's"
done
for a in 10.200.1.2 10.200.2.5; do
	[ "$(seen_all "$a")" = 1 ] || fail "$a not seen once"
done
expect_log "svc-proxy: accept remote=10.200.2.5:"
expect_log "version=2 crc32c=ok"
expect_log "version=2 command=local"	# HAProxy's health checks
grep 'svc-proxy: deny' "$T/log" | grep -v 'reason=reset got=0' &&
    fail "a header refused"

# 2. svc-limit on each host: 30 connections from 10.200.3.2 (at most 4 an
# hour per host: 12 served), while 3 others are served meanwhile
served=0 refused=0
i=0
while [ "$i" -lt 30 ]; do
	# a refused client gets "busy", or a reset if the refusal came
	# before its line was read
	case $(ask c3 10.200.3.2 8001) in
	ok) served=$((served + 1)) ;;
	*) refused=$((refused + 1)) ;;
	esac
	if [ $((i % 10)) = 0 ]; then
		for a in 10.200.1.7 10.200.1.8 10.200.2.2; do
			c=c1
			case $a in 10.200.2.*) c=c2 ;; esac
			expect_eq "$(ask "$c" "$a" 8001)" ok \
			    "$a while 10.200.3.2 is refused"
		done
	fi
	i=$((i + 1))
done
echo "per-host layer: abusive client served=$served refused=$refused"
[ "$served" -le 12 ] && [ "$served" -ge 4 ] ||
    fail "abusive client served $served times, want 4 to 12"
[ "$refused" -ge 18 ] || fail "abusive client refused $refused times"
[ "$(log_count 'svc-limit: deny remote=10.200.3.2:')" = "$refused" ] ||
    fail "deny lines for 10.200.3.2"
log_has "svc-limit: deny remote=10.200.1." && fail "a good client refused"
log_has "svc-limit: deny remote=10.200.2." && fail "a good client refused"

# 3. h2 taken down: once HAProxy says DOWN, 30 connections from 30
# addresses, none failed, none to h2
stop "$HPID2"
wait_for "h2 DOWN" 20 is h2 DOWN
before=$(grep -c . "$T/h2.seen")
out=$(inns c1 svc-connect -n 30 -c 3 -T 10 -i 10.200.1.10-39 -s 'hi\n' -e 'ok\n' \
    10.200.1.1 8001 2>&1) || fail "h2 down: $out"
expect "$out" "conns=30 errors=0 "
echo "h2 down: $out"
[ "$(grep -c . "$T/h2.seen")" = "$before" ] || fail "h2 served while down"
# 4. h2 back: UP again, and it takes a share of 30 more
host 2
wait_for "h2 UP again" 20 is h2 UP
out=$(inns c1 svc-connect -n 30 -c 3 -T 10 -i 10.200.1.10-39 -s 'hi\n' -e 'ok\n' \
    10.200.1.1 8001 2>&1) || fail "h2 back: $out"
expect "$out" "conns=30 errors=0 "
got=$(( $(grep -c '^10\.200\.1\.[1-3][0-9]$' "$T/h2.seen") ))
echo "h2 back: it served $got of 30"
[ "$got" -ge 5 ] || fail "h2 back took $got of 30 connections"

# 5. the stick table: at most 5 a minute from one client through the
# global frontend, whichever host; others unaffected
served=0
i=0
while [ "$i" -lt 15 ]; do
	[ "$(ask c3 10.200.3.3 8002)" = ok ] && served=$((served + 1))
	i=$((i + 1))
done
echo "global layer: 10.200.3.3 served=$served of 15"
expect_eq "$served" 5 "10.200.3.3 through the stick table"
expect_eq "$(seen_all 10.200.3.3)" 5 "10.200.3.3 seen by the hosts"
[ "$(seen 1 10.200.3.3)" -le 2 ] && [ "$(seen 2 10.200.3.3)" -le 2 ] &&
    [ "$(seen 3 10.200.3.3)" -le 2 ] || fail "one host got most of 10.200.3.3"
expect_eq "$(ask c2 10.200.2.4 8002)" ok "10.200.2.4 through the table"
# table LB: lb's stick table of the global frontend
table() {
	echo 'show table global' | socat -t 5 - "UNIX-CONNECT:$T/$1.sock" \
	    2>/dev/null
}
table lb1 >"$T/table"
# over the limit of 5: every attempt counts, refused ones too
grep -Eq 'key=10\.200\.3\.3 .*conn_rate\(60000\)=([6-9]|[1-9][0-9])' \
    "$T/table" ||
    fail "stick table: $(cat "$T/table")"

# 6. lb2, standing by with the same table through the peers protocol:
# once lb1 has taken 10.200.3.3 over its limit, lb2 refuses it too, and
# still serves others (lb2's own frontend port stands for a failover)
lbconf lb2 8003 | sed '/^frontend plain/,/^$/d' >"$T/lb2.cfg"
start ip netns exec "$NS-lb" haproxy -db -L lb2 -f "$T/lb2.cfg"
synced() {
	table lb2 | grep -Eq \
	    'key=10\.200\.3\.3 .*conn_rate\(60000\)=([6-9]|[1-9][0-9])'
}
wait_for "lb2 to learn lb1's table" 20 synced
[ "$(ask c3 10.200.3.3 8003)" = ok ] && fail "lb2 served 10.200.3.3"
expect_eq "$(ask c2 10.200.2.3 8003)" ok "10.200.2.3 through lb2"
expect_eq "$(seen_all 10.200.3.3)" 5 "10.200.3.3 seen by the hosts"
