# proxy-v1.t: version 1 headers, TCP4, TCP6 and UNKNOWN, set the
# environment the program sees; UNKNOWN keeps the socket's addresses;
# -2 refuses version 1
. tests/lib.sh
. tests/proxy.sh

serve -v
bytes "$T/tcp4" 'PROXY TCP4 192.0.2.7 198.51.100.1 40000 80\r\nhello\n'
out=$(send "$T/tcp4")
expect_eq "$out" "TCP 192.0.2.7:40000 198.51.100.1:80 192.0.2.7:40000 conn=unset
hello" "TCP4"
expect_log "svc-proxy: accept remote=192.0.2.7:40000 local=198.51.100.1:80 peer=127.0.0.1:"
expect_log " version=1"

bytes "$T/tcp6" 'PROXY TCP6 2001:DB8:0:0::7 2001:db8::1 65535 0\r\nhello\n'
out=$(send "$T/tcp6")
expect_eq "$out" "TCP 2001:db8::7:65535 2001:db8::1:0 2001:db8::7:65535 conn=unset
hello" "TCP6"
expect_log "svc-proxy: accept remote=[2001:db8::7]:65535 local=[2001:db8::1]:0 "

# an IPv4-mapped address is shown as IPv4, as svc-listen shows it
bytes "$T/mapped" 'PROXY TCP6 ::ffff:192.0.2.9 ::1 1 2\r\nhello\n'
out=$(send "$T/mapped")
expect "$out" "TCP 192.0.2.9:1 ::1:2 "

# UNKNOWN, short and long: the socket's own addresses, TCPCONNNUM kept
# (and whatever bytes follow UNKNOWN on its line: the specification says
# the receiver ignores them)
for h in 'PROXY UNKNOWN\r\n' \
    'PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n' \
    'PROXY UNKNOWN a\001b\377\r\n'; do
	bytes "$T/unknown" "${h}hello\\n"
	out=$(send "$T/unknown")
	expect "$out" "TCP 127.0.0.1:"
	expect "$out" " 127.0.0.1:$PORT 127.0.0.1:"
	expect_not "$out" "conn=unset"
	expect "$out" "
hello"
done
expect_log " version=1 command=unknown"
[ "$(log_count 'svc-proxy: deny')" = 0 ] || fail "a header refused"
stop "$LPID"

# -2: version 2 only
serve -2
refused "a v1 header under -2" "$T/tcp4"
denied version
stop "$LPID"

# the fast path's run runs svc-proxy in-process ($FAST: in a forked child)
if [ -z "${TEST_X:-}" ]; then
	newlog
	start -P "$T/port" svc-listen -v -p "$T/port" 127.0.0.1:0 \
	    svc-proxy $FAST true
	expect_log "svc-listen: fast links=svc-proxy,svc-limit run=child"
	stop "$LPID"
fi
