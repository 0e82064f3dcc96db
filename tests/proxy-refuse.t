# proxy-refuse.t: svc-proxy never guesses.  No header within -t, a header
# cut short then stalled, a client that closes first, garbage, an
# oversized v1 line, and a peer outside -a (IPv4 and IPv6): each refused
# with one deny line and exit 100, the program never run.
. tests/lib.sh
. tests/proxy.sh

# ended STATUS: svc-listen logged an end with STATUS, the last line's
# duration in ms printed
ended() {
	expect_log "svc-listen: end pid=" 15
	_line=$(grep 'svc-listen: end pid=' "$T/log" | tail -n 1)
	expect "$_line" " status=$1 "
	_d=${_line##* duration=}
	echo "$_d" | tr -d . | sed 's/^0*//; s/^$/0/'
}

serve -t 1
# no header: refused after -t, not before
out=$(client 127.0.0.1 "$PORT" sh -c 'exec cat <&6' 2>&1)
expect_eq "$out" "" "no header"
denied timeout
expect_log "reason=timeout got=0"
ms=$(ended 100)
[ "$ms" -ge 950 ] && [ "$ms" -lt 10000 ] || fail "timed out after $ms ms"
newlog

# 12 bytes of a header, then nothing: every one of them taken, then refused
out=$(client 127.0.0.1 "$PORT" sh -c \
    'printf "PROXY TCP4 1" >&7; exec cat <&6' 2>&1)
expect_eq "$out" "" "a header stalled"
expect_log "reason=timeout got=12"
ms=$(ended 100)
[ "$ms" -ge 950 ] || fail "a stalled header refused after $ms ms"
newlog

# the client closes before a whole header
bytes "$T/short" 'PROXY TCP4 192.0.2.7 198.51.100.1 400'
refused "a header cut short" "$T/short"
expect_log "reason=eof got=37"
newlog
refused "nothing at all" /dev/null
expect_log "reason=eof got=0"
newlog

# garbage: HTTP, the start of a TLS hello, SSH, a lower-case "proxy"
for g in 'GET / HTTP/1.0\r\n\r\n' '\026\003\001\002\000\001\000\001\374\003\003' \
    'SSH-2.0-OpenSSH_9.2\r\n' 'proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n'; do
	bytes "$T/garbage" "$g"
	refused "garbage $g" "$T/garbage"
done
[ "$(log_count 'reason=signature')" = 4 ] || fail "garbage refused 4 times"
ended 100 >/dev/null
newlog

# v1: a line one byte over 107, a line that never ends, a bare LF
bytes "$T/long" 'PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 655355\r\nhello\n'
refused "108 bytes of v1" "$T/long"
expect_log "reason=v1-too-long got="
dd if=/dev/zero bs=1024 count=64 2>/dev/null | tr '\0' x >"$T/x"
{ printf 'PROXY TCP4 '; cat "$T/x"; } >"$T/endless"
refused "an endless v1 line" "$T/endless"
[ "$(log_count 'reason=v1-too-long')" = 2 ] || fail "long lines refused twice"
bytes "$T/lf" 'PROXY TCP4 192.0.2.7 198.51.100.1 40000 80\nhello\n'
refused "a bare LF" "$T/lf"
expect_log "reason=v1-syntax"
bytes "$T/zero" 'PROXY TCP4 192.0.2.07 198.51.100.1 40000 80\r\nhello\n'
refused "a leading zero" "$T/zero"
expect_log "reason=v1-address"
stop "$LPID"
newlog

# -a: a peer outside is refused before a byte is read; one inside served
bytes "$T/tcp4" 'PROXY TCP4 192.0.2.7 198.51.100.1 40000 80\r\nhello\n'
serve -a 127.0.0.2 -a 10.0.0.0/8
refused "a peer outside -a" "$T/tcp4"
expect_log "svc-proxy: deny remote=127.0.0.1:"
expect_log "reason=peer got=0"
out=$(send "$T/tcp4" -i 127.0.0.2)
expect "$out" "TCP 192.0.2.7:40000 "
[ "$(log_count 'svc-proxy: deny')" = 1 ] || fail "127.0.0.2 refused"
stop "$LPID"
newlog
serve -a 127.0.0.0/24
expect "$(send "$T/tcp4" -i 127.0.0.3)" "TCP 192.0.2.7:40000 "
refused "127.0.1.1 outside 127.0.0.0/24" "$T/tcp4" -i 127.0.1.1
expect_log "svc-proxy: deny remote=127.0.1.1:"
stop "$LPID"

# an IPv6 peer: -a ::1 lets it send a header, -a 127.0.0.0/8 does not
newlog
start -P "$T/port" svc-listen -p "$T/port" '[::1]:0' svc-proxy -a ::1 $FAST \
    sh -c "$SHOW"
out=$(client -T 20 ::1 "$PORT" <"$T/tcp4" 2>&1)
expect "$out" "TCP 192.0.2.7:40000 "
stop "$LPID"
start -P "$T/port" svc-listen -p "$T/port" '[::1]:0' svc-proxy -a 127.0.0.0/8 \
    $FAST sh -c "$SHOW"
out=$(client -T 20 ::1 "$PORT" <"$T/tcp4" 2>&1)
expect_not "$out" "TCP "
expect_log "svc-proxy: deny remote=[::1]:"
