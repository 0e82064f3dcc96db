# listen-env.t: the environment of DESIGN.md, for IPv4 and IPv6 clients;
# stale values in the listener's environment never reach the child
. tests/lib.sh

TCPREMOTEHOST=stale.example TCPREMOTEINFO=stale TCPLOCALHOST=stale \
REMOTE_HOST=stale TCPCONNNUM=99 KEEPME=yes \
    start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 env
out=$(client 127.0.0.1 "$PORT" </dev/null)
expect "$out" "PROTO=TCP"
expect "$out" "TCPLOCALIP=127.0.0.1"
expect "$out" "TCPLOCALPORT=$PORT"
expect "$out" "TCPREMOTEIP=127.0.0.1"
expect "$out" "REMOTE_ADDR=127.0.0.1"
expect "$out" "TCPCONNNUM=0"
expect "$out" "KEEPME=yes"
expect_not "$out" "stale"
expect_not "$out" "TCPREMOTEHOST"
expect_not "$out" "TCPREMOTEINFO"
expect_not "$out" "TCPLOCALHOST"
rport=$(printf '%s\n' "$out" | sed -n 's/^TCPREMOTEPORT=//p')
expect_eq "$(printf '%s\n' "$out" | sed -n 's/^REMOTE_PORT=//p')" "$rport" \
    "REMOTE_PORT"
case $rport in ''|*[!0-9]*) fail "TCPREMOTEPORT not a number: $rport" ;; esac
expect_log "remote=127.0.0.1:$rport"

start -P "$T/port6" svc-listen -p "$T/port6" '[::1]:0' env
out=$(client ::1 "$PORT" </dev/null)
expect "$out" "TCPLOCALIP=::1"
expect "$out" "TCPREMOTEIP=::1"
expect "$out" "REMOTE_ADDR=::1"
expect "$out" "TCPLOCALPORT=$PORT"

# -l sets TCPLOCALHOST; -h looks the client up (localhost from /etc/hosts)
start -P "$T/porth" svc-listen -h -l svc.example -p "$T/porth" 127.0.0.1:0 env
out=$(client 127.0.0.1 "$PORT" </dev/null)
expect "$out" "TCPLOCALHOST=svc.example"
if getent hosts 127.0.0.1 >/dev/null 2>&1; then
	name=$(getent hosts 127.0.0.1 | awk '{print $2; exit}')
	expect "$out" "TCPREMOTEHOST=$name"
	expect "$out" "REMOTE_HOST=$name"
fi

# TCPCONNNUM counts the other open connections from the same address
start -P "$T/portc" svc-listen -p "$T/portc" 127.0.0.1:0 sh -c 'echo "n=$TCPCONNNUM"; cat >/dev/null'
mkfifo "$T/hold"
exec 8<>"$T/hold"
(exec 8>&-; client 127.0.0.1 "$PORT" <"$T/hold" >"$T/first") &
hold=$!
wait_for "first connection" 10 grep -q n=0 "$T/first"
out=$(client 127.0.0.1 "$PORT" </dev/null)
expect_eq "$out" "n=1" "second connection's TCPCONNNUM"
exec 8>&-
wait $hold
exit 0
