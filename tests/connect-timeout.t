# connect-timeout.t: -t against an address that drops SYNs, -T on a
# silent connection.  The SYN-dropping address is a listening socket
# whose accept queue synfull has filled (the kernel then drops SYNs, as
# a DROP rule would); no firewall is needed.
. tests/lib.sh

# timed WANT CMD...: run CMD, its stderr into $err; it must exit WANT
# within 10 s (generous: the machine is shared)
timed() {
	_want=$1
	shift
	_t0=$(date +%s)
	err=$("$@" 2>&1 </dev/null)
	_rc=$? _t1=$(date +%s)
	expect_eq "$_rc" "$_want" "status of $*"
	[ $((_t1 - _t0)) -le 10 ] || fail "$* took $((_t1 - _t0)) s"
}

start -P "$T/port" synfull -p "$T/port"
timed 111 svc-connect -t 1 127.0.0.1 "$PORT"
expect "$err" "unable to connect to 127.0.0.1:$PORT: $(errstr ETIMEDOUT)"
# -w retries timed-out connects too, and still ends
timed 111 svc-connect -t 0.3 -w 1 -v 127.0.0.1 "$PORT"
expect "$err" "retry remote=127.0.0.1:$PORT error=\"$(errstr ETIMEDOUT)\""
# load mode: each connection has its own -t
out=$(svc-connect -n 3 -c 3 -t 0.5 127.0.0.1 "$PORT" 2>"$T/err")
expect_eq "$?" 111 "load -t status"
expect "$out" "svc-connect: bench conns=3 errors=3 "
expect "$(cat "$T/err")" "connect=0 timeout=3"
stop "$LPID"

# -T: a server that neither reads nor writes is closed after 1 s idle
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 sleep 5
timed 111 svc-connect -T 1 127.0.0.1 "$PORT"
expect "$err" "svc-connect: fatal: timed out: no data from or to 127.0.0.1:$PORT for 1.000 seconds"
stop "$LPID"

# ... but a connection that keeps talking outlives -T
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 \
    sh -c 'for i in 1 2 3 4 5; do echo $i; sleep 0.4; done'
out=$(svc-connect -T 1 127.0.0.1 "$PORT" </dev/null) || fail "status $?"
expect_eq "$(echo $out)" "1 2 3 4 5" "-T with data flowing"
