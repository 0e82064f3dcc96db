# limit-ipv6.t: an IPv6 source is its /64 by default (-p to change), end
# to end, in a network namespace of the test's own where it can give the
# loopback interface addresses of 2001:db8::/32
. tests/lib.sh
if [ -z "${LIMIT_NETNS:-}" ]; then
	need unshare ip
	unshare -n true 2>/dev/null ||
	    skip "no network namespace (unshare -n) to add addresses"
	trap - EXIT
	LIMIT_NETNS=1 exec unshare -n sh "$0"
fi
. tests/limit.sh

ip link set lo up || skip "cannot bring lo up"
for a in 2001:db8::1 2001:db8::2 2001:db8::3 2001:db8:0:1::2; do
	ip addr add "$a/64" dev lo nodad || skip "cannot add $a"
done

# serve6 ARG...: svc-listen on [2001:db8::1], svc-limit ARG... -R 1/m
# with a fresh state file
serve6() {
	rm -f "$T/state"
	start -P "$T/port" svc-listen -p "$T/port" '[2001:db8::1]:0' \
	    svc-limit -f "$T/state" "$@" -R 1/m -m 'busy\n' hello
}

serve6
expect_eq "$(from 2001:db8::2 2001:db8::1)" HELLO "2001:db8::2"
expect_eq "$(from 2001:db8::3 2001:db8::1)" busy "2001:db8::3, same /64"
expect_eq "$(from 2001:db8:0:1::2 2001:db8::1)" HELLO "2001:db8:0:1::2"
expect_log "svc-limit: deny remote=[2001:db8::3]:"
expect_log "reason=rate limit=1/m source=2001:db8::/64"
stop "$LPID"

serve6 -p 32:48
expect_eq "$(from 2001:db8::2 2001:db8::1)" HELLO "2001:db8::2"
expect_eq "$(from 2001:db8:0:1::2 2001:db8::1)" busy "2001:db8:0:1::2, same /48"
expect_log "source=2001:db8::/48"
stop "$LPID"

serve6 -p 32:128
expect_eq "$(from 2001:db8::2 2001:db8::1)" HELLO "2001:db8::2"
expect_eq "$(from 2001:db8::3 2001:db8::1)" HELLO "2001:db8::3, its own /128"
