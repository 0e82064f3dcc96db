# connect-ucspi.t: PROGRAM runs with the socket on fds 6 (read) and 7
# (write) and the UCSPI variables, as under tcpclient
. tests/lib.sh

start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 \
    sh -c 'read n; echo "hello $n $TCPREMOTEPORT"'
out=$(TCPREMOTEHOST=stale TCPLOCALHOST=stale TCPREMOTEINFO=stale \
    svc-connect 127.0.0.1 "$PORT" sh -c 'echo gonzalo >&7; read r <&6
    echo "$r|$PROTO|$TCPLOCALIP|$TCPLOCALPORT|$TCPREMOTEIP|$TCPREMOTEPORT"
    echo "${TCPREMOTEHOST-unset} ${TCPLOCALHOST-unset} ${TCPREMOTEINFO-unset}"' \
    </dev/null) || fail "status $?"
line1=$(echo "$out" | sed -n 1p)
lport=${line1##*hello gonzalo }
lport=${lport%%|*}
case $lport in
''|*[!0-9]*) fail "no local port in: $out" ;;
esac
expect_eq "$line1" \
    "hello gonzalo $lport|TCP|127.0.0.1|$lport|127.0.0.1|$PORT" "variables"
expect_eq "$(echo "$out" | sed -n 2p)" "unset unset unset" "stale variables"

# fds: what the caller passed (the test shell's own, listed by fdlist
# run directly), plus 6 and 7; nothing of svc-connect's
base=$(fdlist | grep -vx '[67]' | sort -n)
want=$(printf '%s\n6\n7\n' "$base" | sort -n)
out=$(svc-connect 127.0.0.1 "$PORT" fdlist </dev/null) || fail "status $?"
expect_eq "$(echo $out)" "$(echo $want)" "descriptors"

# its exit status is ours; not found is 127
svc-connect 127.0.0.1 "$PORT" sh -c 'exit 7' </dev/null
expect_eq "$?" 7 "status passed through"
err=$(svc-connect 127.0.0.1 "$PORT" no-such-program-x </dev/null 2>&1)
expect_eq "$?" 127 "status when not found"
expect "$err" "svc-connect: fatal: unable to run no-such-program-x: "

# fds 6 and 7 already open in the caller are replaced, not leaked
out=$(svc-connect 127.0.0.1 "$PORT" fdlist 6</dev/null 7</dev/null \
    </dev/null) || fail "status $?"
expect_eq "$(echo $out)" "$(echo $want)" "descriptors with 6, 7 open"
