# access-rules.t: our rules format end to end over loopback: allow, deny
# with a message byte for byte, environment set and removed, a longer
# prefix beating an earlier shorter one, ::1, an IPv4-mapped client, and
# the same answers from the compiled index;
# a deny message read whole by a client that had sent a request
. tests/lib.sh
. tests/access.sh

cat >"$T/rules" <<'R'
# a comment, then a blank line

*               deny "421 not from here\r\n"
127.0.0.0/8     allow FOO=wide
127.0.0.0/24    deny
127.0.0.0/30    allow FOO="two words" -HOME BAR=
127.0.0.9       deny "bye\x00\tnow\n"
127.0.1.0/24    allow   # the /8's FOO is not inherited
::1             allow FOO=six
R

check() {	# the answers of serve "$@", over sockets
	serve "$@"
	expect_eq "$(from 127.0.0.2)" "ok FOO=two words BAR= HOME=unset" \
	    "127.0.0.2: /30 beats the earlier /24 and /8"
	expect_eq "$(from 127.0.0.5)" "" "127.0.0.5: the /24 denies, silently"
	expect_eq "$(from 127.0.1.7)" "ok FOO=unset BAR=unset HOME=$HOME" \
	    "127.0.1.7: its own /24, nothing set"
	expect_eq "$(from 127.1.2.3)" "ok FOO=wide BAR=unset HOME=$HOME" \
	    "127.1.2.3: the /8"
	from 127.0.0.9 >"$T/msg9"
	printf 'bye\000\tnow\n' | cmp - "$T/msg9" ||
	    fail "127.0.0.9: deny message not byte for byte"
	expect_log "svc-access: deny remote=127.0.0.9:"
	expect_log "svc-access: deny remote=127.0.0.5:"
	stop "$LPID"
	start -P "$T/port" svc-listen -p "$T/port" '[::1]:0' svc-access "$@" \
	    $FAST sh -c 'echo "ok FOO=${FOO-unset}"'
	expect_eq "$(client -T 20 ::1 "$PORT" </dev/null)" "ok FOO=six" "::1"
	stop "$LPID"
}

newlog
check -f "$T/rules"
expect_log "deny remote=127.0.0.9:" 
log_has "rule=$T/rules:7" || fail "deny line names the rule: $(cat "$T/log")"
log_has "rule=$T/rules:5" || fail "/24 deny line names line 5"

svc-access -c "$T/rules" "$T/idx" || fail "compile"
newlog
check -i "$T/idx"
log_has "rule=$T/rules:7" || fail "index deny line names the source line"

# a client that sent its request before the deny reads the message and
# a clean end, never a reset: svc-access reads the request to its end
serve -f "$T/rules"
for i in 1 2 3 4 5 6 7 8 9 10; do
	printf 'GET / HTTP/1.0\r\n\r\n' |
	    client -T 20 -i 127.0.0.9 127.0.0.1 "$PORT" >"$T/msgd" 2>"$T/errd" ||
	    fail "deny $i after a request: $(cat "$T/errd")"
	printf 'bye\000\tnow\n' | cmp -s - "$T/msgd" ||
	    fail "deny $i after a request: message not byte for byte"
done
stop "$LPID"

# nothing matches, and "*" is absent: deny; -v logs an allow with its rule
printf '10.0.0.0/8 allow\n' >"$T/few"
expect_eq "$(ask 127.0.0.1 -f "$T/few")" "denied 100" "no rule: deny"
expect_log "svc-access: deny remote=127.0.0.1 rule=default"
ask 127.0.0.3 -v -f "$T/rules" >/dev/null
expect_log "svc-access: allow remote=127.0.0.3 rule=$T/rules:6"

# an IPv4-mapped address meets the IPv4 rules, never ::/0
printf '::/0 allow FOO=v6\n127.0.0.0/8 allow FOO=v4\n' >"$T/mapped"
expect_eq "$(ask ::ffff:127.0.0.4 -f "$T/mapped")" \
    "ok FOO=v4 BAR=unset HOME=/home RELAYCLIENT=unset" "mapped client"
printf '::/0 allow FOO=v6\n' >"$T/v6only"
expect_eq "$(ask ::ffff:127.0.0.4 -f "$T/v6only")" "denied 100" \
    "mapped client and a v6-only file"
svc-access -c "$T/mapped" "$T/mapped.idx" || fail "compile mapped"
expect_eq "$(ask ::ffff:127.0.0.4 -i "$T/mapped.idx")" \
    "ok FOO=v4 BAR=unset HOME=/home RELAYCLIENT=unset" "mapped, index"
# an IPv6 prefix inside ::ffff:0:0/96 is an IPv4 prefix written the
# IPv6 way, as the page says
printf '::ffff:127.0.0.0/104 allow FOO=mapped\n' >"$T/v6mapped"
expect_eq "$(ask 127.0.0.4 -f "$T/v6mapped")" \
    "ok FOO=mapped BAR=unset HOME=/home RELAYCLIENT=unset" "a mapped prefix"
expect_eq "$(ask 10.0.0.4 -f "$T/v6mapped")" "denied 100" \
    "outside a mapped prefix"

# the fast path's run runs svc-access in-process ($FAST: in a forked child)
if [ -z "${TEST_X:-}" ]; then
	newlog
	start -P "$T/port" svc-listen -v -p "$T/port" 127.0.0.1:0 \
	    svc-access -f "$T/rules" $FAST true
	expect_log "svc-listen: fast links=svc-access,svc-limit run=child"
	stop "$LPID"
fi
exit 0
