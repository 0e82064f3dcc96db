# listen-ports.t: port 0 with -p, a service name from a services file,
# a port in use (111), readiness on a descriptor (-N)
. tests/lib.sh

start svc-listen -p "$T/port" 127.0.0.1:0 sh -c 'echo HELLO'
first=$LPID
firstport=$PORT
grep -qx '[0-9][0-9]*' "$T/port" || fail "port file: $(od -c "$T/port")"
[ "$PORT" -gt 0 ] || fail "port 0 reported"
expect_log "start local=127.0.0.1:$PORT "

# the same port again: one clear line, exit 111
svc-listen 127.0.0.1:"$PORT" true 2>"$T/err"
expect_eq $? 111 "port in use"
expect_eq "$(cat "$T/err")" \
    "svc-listen: fatal: unable to bind 127.0.0.1:$PORT: Address already in use" \
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

# a service name, from a services file seen only inside a mount namespace
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	cp /etc/services "$T/services" 2>/dev/null || : >"$T/services"
	printf 'myService\t0/tcp\t# my hello service\n' >>"$T/services"
	free=$firstport
	stop "$first"
	sed -i "s/^myService.*/myService	$free\/tcp/" "$T/services"
	unshare -m sh -c 'mount --bind "$1" /etc/services &&
	    exec svc-listen -p "$2" 127.0.0.1:myService sh -c "echo HELLO"' \
	    - "$T/services" "$T/port3" 2>>"$T/log" &
	PIDS="$PIDS $!"
	wait_for "service-name listener" 10 test -s "$T/port3"
	expect_eq "$(cat "$T/port3")" "$free" "port from the services file"
	expect_eq "$(client 127.0.0.1 "$free" </dev/null)" HELLO "by name"
else
	echo "note: no mount namespace here, service name not checked"
fi
svc-listen 127.0.0.1:no-such-service true 2>"$T/err"
expect_eq $? 100 "unknown service"
expect "$(cat "$T/err")" "bad port: no-such-service"
exit 0
