# tests/limit.sh: what the limit-*.t tests share.  Sourced after
# tests/lib.sh.  Clients come from distinct loopback addresses, so that
# each is a source of its own.

# from SRC [HOST]: one connection from address SRC to the service,
# sending nothing; prints the reply (and any error of the client's)
from() {
	client -T 20 -i "$1" "${2:-127.0.0.1}" "$PORT" </dev/null 2>&1
}

# hold NAME SRC [HOST]: a client from SRC that keeps its connection open
# (never ends its side), the reply going to $T/NAME; waits until the
# service said HELLO.  $LPID is the client (svc-connect, not the client
# function, so that it is the pid that start records).
hold() {
	start svc-connect -i "$2" "${3:-127.0.0.1}" "$PORT" \
	    sh -c 'exec cat <&6 >"$0"' "$T/$1"
	wait_for "$1 to be served" 10 grep -q HELLO "$T/$1"
}

# serve ARG...: svc-listen on a free loopback port running svc-limit ARG...
# with its state in $T/state
serve() {
	start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-limit -f "$T/state" "$@"
}

# served N ARG...: N connections to the service in svc-connect's load
# mode (ARG: -c conc, -i addresses), each sending nothing; prints how
# many were answered HELLO
served() {
	_n=$1
	shift
	svc-connect -q -T 60 -n "$_n" "$@" -e 'HELLO\n' 127.0.0.1 "$PORT" \
	    >"$T/load" 2>&1
	_e=$(sed -n 's/.* errors=\([0-9]*\) .*/\1/p' "$T/load")
	echo $((_n - ${_e:-$_n}))
}

# load ARG...: loadgen to the service, for a tally of each distinct reply
# (and -i, -t pacing), which svc-connect does not do; into $T/load
load() {
	loadgen "$@" 127.0.0.1 "$PORT" >"$T/load" || fail "loadgen $*"
}

# tally REPLY: how many replies of the last load were REPLY (escaped)
tally() {
	R=$1 awk '{ n = $1; sub(/^[0-9]+ /, "") }
	    $0 == ENVIRON["R"] { c += n } END { print c + 0 }' "$T/load"
}

# pid_of REMOTE: the pid svc-listen logged for the first client from REMOTE
pid_of() {
	sed -n "s/^svc-listen: accept pid=\([0-9]*\) remote=$1:.*/\1/p" \
	    "$T/log" | head -n 1
}

# gone PID: svc-listen logged that PID ended
gone() {
	log_has "end pid=$1 "
}
