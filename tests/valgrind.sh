#!/bin/sh
# tests/valgrind.sh: run the hot programs under valgrind with real
# connections; any valgrind error, leak or unclosed descriptor fails.
# Run through "make valgrind" (a dynamic build in vg/).
O=${O:-vg}
top=$(pwd)
PATH="$top/$O/bin:$top/$O/tests/bin:$PATH"
export PATH
command -v valgrind >/dev/null || { echo "valgrind not installed"; exit 1; }
D=$(mktemp -d "${TMPDIR:-/tmp}/svc-vg.XXXXXX")
trap 'rm -rf "$D"' EXIT
status=0

# check NAME N LISTENER-ARGS...: serve N connections, then stop; each
# connection sends $SEND first (svc-connect options), if set.  Valgrind
# writes a file per process; with VGFD set, to the log (fd 2) instead,
# for exec'd links: the valgrind of the link a link execs would start
# that pid's file anew, losing what the first one wrote
SEND=""
VGFD=""
check() {
	name=$1
	count=$2
	shift 2
	rm -f "$D/port"
	vglog=--log-file="$D/$name.%p"
	[ -n "$VGFD" ] && vglog=--log-fd=2
	valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite \
	    --trace-children=yes --trace-children-skip='*/hello,*/sh,*/cat' \
	    "$vglog" "$@" 2>"$D/$name.log" &
	l=$!
	n=0
	while [ ! -s "$D/port" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
	# shellcheck disable=SC2086
	svc-connect $SEND -n "$count" -c 8 -e 'HELLO\n' 127.0.0.1 \
	    "$(cat "$D/port")" ||
	    { echo "$name: load failed"; status=1; }
	kill "$l"
	wait "$l"
	rc=$?
	if [ "$rc" != 0 ] || [ -n "$(cat "$D/$name".[0-9]* 2>/dev/null)" ] ||
	    grep -q '^==[0-9]*==' "$D/$name.log"; then
		echo "$name: valgrind found problems (status $rc):"
		{ cat "$D/$name".[0-9]* 2>/dev/null
		    grep '^==[0-9]*==' "$D/$name.log"; } | head -40
		status=1
	else
		echo "$name: clean"
	fi
}

check listen 200 svc-listen -p "$D/port" -c 4 127.0.0.1:0 hello
check listen-h 10 svc-listen -h -C 8 -p "$D/port" -c 4 127.0.0.1:0 hello
[ -x "$O/bin/svc-log" ] &&
    check log 100 svc-listen -p "$D/port" 127.0.0.1:0 svc-log -x hello
[ -x "$O/bin/svc-limit" ] &&
    check limit 100 svc-listen -p "$D/port" 127.0.0.1:0 \
	svc-limit -f "$D/limit" -R 100000/s -C 100 hello
# the chain's fast path: the links inside the listener
[ -x "$O/bin/svc-limit" ] && [ -x "$O/bin/svc-log" ] &&
    check chain 100 svc-listen -p "$D/port" 127.0.0.1:0 \
	svc-limit -f "$D/chain" -R 100000/s -C 100 svc-log hello
if [ -x "$O/bin/svc-access" ]; then
	printf '10.0.0.0/8 deny "no"\n127.0.0.0/8 allow A=1 -HOME\n* deny\n' \
	    >"$D/rules"
	svc-access -c "$D/rules" "$D/idx" || status=1
	# and in a forked child (svc-access sets the environment)
	check chain-child 100 svc-listen -p "$D/port" 127.0.0.1:0 \
	    svc-access -f "$D/rules" svc-limit -f "$D/chain" -R 100000/s \
	    svc-log hello
	check access-f 100 svc-listen -p "$D/port" 127.0.0.1:0 \
	    svc-access -f "$D/rules" hello
	check access-i 100 svc-listen -p "$D/port" 127.0.0.1:0 \
	    svc-access -i "$D/idx" hello
	if command -v tcprules >/dev/null; then
		printf '127.:allow,A="1"\n:deny\n' |
		    tcprules "$D/tcp.cdb" "$D/tcp.tmp" || status=1
		check access-x 100 svc-listen -p "$D/port" 127.0.0.1:0 \
		    svc-access -x "$D/tcp.cdb" hello
	fi
fi
SEND=-Pv2crc,192.0.2.7:40000,198.51.100.1:80
[ -x "$O/bin/svc-proxy" ] &&
    check proxy 100 svc-listen -p "$D/port" 127.0.0.1:0 \
	svc-proxy -a 127.0.0.1 hello
# two links that each run once per connection: in one forked child of
# the listener, and each exec'd (-X)
if [ -x "$O/bin/svc-access" ] && [ -x "$O/bin/svc-proxy" ]; then
	check access-proxy 20 svc-listen -p "$D/port" 127.0.0.1:0 \
	    svc-access -f "$D/rules" svc-proxy -a 127.0.0.1 hello
	VGFD=1
	check access-proxy-X 20 svc-listen -X -p "$D/port" 127.0.0.1:0 \
	    svc-access -f "$D/rules" svc-proxy -a 127.0.0.1 hello
	VGFD=""
fi
exit $status
