# listen-ports.t: port 0 with -p, a port in use (111), readiness on a
# descriptor (-N), an unknown service name (a known one: listen-service.t)
. tests/lib.sh

start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 sh -c 'echo HELLO'
grep -qx '[0-9][0-9]*' "$T/port" || fail "port file: $(od -c "$T/port")"
[ "$PORT" -gt 0 ] || fail "port 0 reported"
expect_log "start local=127.0.0.1:$PORT "

# the same port again: one clear line, exit 111
svc-listen 127.0.0.1:"$PORT" true 2>"$T/err"
expect_eq $? 111 "port in use"
expect_eq "$(cat "$T/err")" \
    "svc-listen: fatal: unable to bind 127.0.0.1:$PORT: $(errstr EADDRINUSE)" \
    "port in use message"

# -N: a newline on the descriptor once listening, then it is closed
mkfifo "$T/ready"
svc-listen -N 3 -p "$T/port2" 127.0.0.1:0 sh -c 'echo up' 3>"$T/ready" \
    2>>"$T/log" &
LPID=$!
PIDS="$PIDS $LPID"
line=$(timeout 10 cat "$T/ready") || fail "no readiness notification"
expect_eq "$line" "" "notification"
expect_eq "$(client 127.0.0.1 "$(cat "$T/port2")" </dev/null)" up "after -N"
svc-listen -N 9 127.0.0.1:0 true 2>"$T/err"
expect_eq $? 100 "-N on a closed descriptor"
expect "$(cat "$T/err")" "-N 9: descriptor is not open"

svc-listen 127.0.0.1:no-such-service true 2>"$T/err"
expect_eq $? 100 "unknown service"
expect "$(cat "$T/err")" "bad port: no-such-service"
# an IPv4-mapped address binds its IPv4 address (it failed: bind EINVAL)
start -P "$T/port3" svc-listen -p "$T/port3" '[::ffff:127.0.0.1]:0' \
    sh -c 'echo "mapped $TCPREMOTEIP $TCPLOCALIP"'
expect_eq "$(svc-connect 127.0.0.1 "$PORT" </dev/null)" \
    "mapped 127.0.0.1 127.0.0.1" "IPv4-mapped address"
if [ -e /proc/net/if_inet6 ]; then
	svc-connect ::1 "$PORT" </dev/null 2>/dev/null &&
	    fail "the IPv4-mapped address served ::1"
fi
stop "$LPID"
exit 0
