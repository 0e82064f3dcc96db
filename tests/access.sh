# tests/access.sh: what the access-*.t tests share.  Sourced after
# tests/lib.sh.  Clients come from distinct loopback addresses, so that
# each meets the rules as a different network.

# serve ARG...: svc-listen on a free loopback port running svc-access
# ARG... ($FAST after it) then a program that prints the variables the
# rules change
serve() {
	start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-access "$@" \
	    $FAST sh -c 'echo "ok FOO=${FOO-unset} BAR=${BAR-unset} HOME=${HOME-unset}"'
}

# from SRC [HOST]: one connection from address SRC; prints the reply
from() {
	client -T 20 -i "$1" "${2:-127.0.0.1}" "$PORT" </dev/null 2>&1
}

# ask IP ARG...: svc-access ARG... run as a UCSPI server runs it, for
# client IP (TCPREMOTEHOST from $HOST when set); prints what the program
# saw, or "denied STATUS" after the message
ask() {
	_ip=$1
	shift
	env TCPREMOTEIP="$_ip" ${HOST:+TCPREMOTEHOST="$HOST"} HOME=/home \
	    svc-access "$@" sh -c 'echo "ok FOO=${FOO-unset} BAR=${BAR-unset} HOME=${HOME-unset} RELAYCLIENT=${RELAYCLIENT-unset}"' 2>>"$T/log"
	_rc=$?
	[ $_rc = 0 ] || echo "denied $_rc"
}
