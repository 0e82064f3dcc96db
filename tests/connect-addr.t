# connect-addr.t: HOST and PORT forms, -4/-6, -i, every address tried
. tests/lib.sh

start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 \
    sh -c 'echo "$TCPREMOTEIP $TCPLOCALPORT"'
p4=$PORT
out=$(svc-connect 127.0.0.1 "$p4" </dev/null) || fail "status $?"
expect_eq "$out" "127.0.0.1 $p4" "IPv4 literal"
out=$(svc-connect -4 localhost "$p4" </dev/null) || fail "status $?"
expect_eq "$out" "127.0.0.1 $p4" "-4 name"
out=$(svc-connect -i 127.0.0.3 127.0.0.1 "$p4" </dev/null) ||
    fail "status $?"
expect_eq "$out" "127.0.0.3 $p4" "-i source address"
svc-connect -6 127.0.0.1 "$p4" </dev/null 2>"$T/err"
expect_eq "$?" 111 "-6 with an IPv4 literal"
expect "$(cat "$T/err")" "svc-connect: fatal: unable to resolve 127.0.0.1"

# IPv6, where the loopback has ::1 (Linux lists it in if_inet6)
if grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null; then
	start -P "$T/port6" svc-listen -p "$T/port6" '[::1]:0' sh -c 'echo "$TCPREMOTEIP"'
	p6=$PORT
	out=$(svc-connect ::1 "$p6" </dev/null) || fail "status $?"
	expect_eq "$out" "::1" "IPv6 plain"
	out=$(svc-connect '[::1]' "$p6" </dev/null) || fail "status $?"
	expect_eq "$out" "::1" "IPv6 in brackets"
	out=$(svc-connect -6 -i ::1 ::1 "$p6" </dev/null) ||
	    fail "status $?"
	expect_eq "$out" "::1" "-6 -i ::1"
fi

# a service name: "echo" is port 7 in /etc/services, where nothing
# listens here: the error names the port the name resolved to
if grep -q '^echo[[:space:]]*7/tcp' /etc/services; then
	svc-connect 127.0.0.1 echo </dev/null 2>"$T/err"
	expect "$(cat "$T/err")" "unable to connect to 127.0.0.1:7:"
fi

# every address in order: in a private mount namespace, a name that
# resolves to ::1 (closed) and then 127.0.0.1 (open)
if unshare -m true 2>/dev/null; then
	printf '::1 multi\n127.0.0.1 multi\n' >"$T/hosts"
	out=$(unshare -m sh -c 'mount --bind "$1" /etc/hosts &&
	    exec svc-connect -v multi "$2" </dev/null' sh "$T/hosts" "$p4" \
	    2>"$T/err") || fail "status $?: $(cat "$T/err")"
	expect_eq "$out" "127.0.0.1 $p4" "second address"
	expect "$(cat "$T/err")" "unable to connect to [::1]:$p4"
	expect "$(cat "$T/err")" "connect local=127.0.0.1:"
else
	echo "no mount namespace: the multi-address case is not run"
fi
