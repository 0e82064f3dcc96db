# access-ipv6.t: IPv6 prefixes end to end, in a network namespace of the
# test's own where the loopback interface holds addresses of
# 2001:db8::/32: a /64 allowed, a /128 inside it denied, the next /64
# denied by the default, from the text file and from the index
if [ -z "${ACCESS_NETNS:-}" ]; then
	. tests/lib.sh
	need unshare ip
	unshare -n true 2>/dev/null ||
	    skip "no network namespace (unshare -n) to add addresses"
	ACCESS_NETNS=1 exec unshare -n sh "$0"
fi
. tests/lib.sh
. tests/access.sh

ip link set lo up || skip "cannot bring lo up"
for a in 2001:db8::1 2001:db8::2 2001:db8::3 2001:db8:0:1::2; do
	ip addr add "$a/64" dev lo nodad || skip "cannot add $a"
done

cat >"$T/rules" <<'R'
2001:db8::/64    allow FOO=net
2001:db8::3      deny "not you\r\n"
*                deny
R
svc-access -c "$T/rules" "$T/idx" || fail "compile"

for how in "-f $T/rules" "-i $T/idx"; do
	# shellcheck disable=SC2086 # two words
	start -P "$T/port" svc-listen -p "$T/port" '[2001:db8::1]:0' svc-access $how \
	    $FAST sh -c 'echo "ok FOO=${FOO-unset}"'
	expect_eq "$(from 2001:db8::2 2001:db8::1)" "ok FOO=net" "$how: /64"
	expect_eq "$(from 2001:db8::3 2001:db8::1)" "$(printf 'not you\r')" \
	    "$how: the /128 inside it"
	expect_eq "$(from 2001:db8:0:1::2 2001:db8::1)" "" \
	    "$how: the next /64"
	expect_log "svc-access: deny remote=[2001:db8::3]:"
	expect_log "svc-access: deny remote=[2001:db8:0:1::2]:"
	stop "$LPID"
	newlog
done
exit 0
