# listen-fd0.t: svc-listend serves only a listening stream socket on fd 0;
# a connected socket, one bound but not listening, or a datagram socket
# gets one line and exit 100 before the start line, never an accept loop
. tests/lib.sh

# a connected socket: svc-listen's own child runs svc-listend on it
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-listend -x /bin/cat cat
client -T 20 127.0.0.1 "$PORT" </dev/null >/dev/null 2>&1
expect_log "status=100" 20
expect_log "svc-listen: fatal: fd 0 is not a listening socket"
expect_eq "$(log_count 'svc-listen: start')" 1 "start lines"
stop "$LPID"

for kind in tcp udp; do
	timeout 20 sockon0 "$kind" svc-listend -x /bin/cat cat 2>"$T/err"
	expect_eq "$?" 100 "status, $kind socket"
	expect_eq "$(wc -l <"$T/err")" 1 "lines, $kind: $(cat "$T/err")"
	expect "$(cat "$T/err")" "svc-listen: fatal: fd 0 is not a"
done
exit 0
