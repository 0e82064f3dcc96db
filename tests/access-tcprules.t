# access-tcprules.t: a tcp.smtp in tcprules' text format, and the same
# file compiled by tcprules itself, give the same answers through -f and
# -x: tcpserver's search order (address, =host, prefixes, =.domain, =,
# default), ranges, any quoting character, =host rules with and without
# TCPREMOTEHOST, the first of two equal lines, and the default (allow)
. tests/lib.sh
. tests/access.sh
need tcprules

cat >"$T/tcp.smtp" <<'R'
# qmail's relay rules
127.0.0.1:allow,RELAYCLIENT="",FOO="exact"
127.0.0.:allow,RELAYCLIENT="",FOO="prefix3"
127.:allow,FOO=/slashes "kept"/
127.0.0.2:deny
127.0.0.2:allow,FOO="second, never used"
127.0.5.10-20:deny
127.0.6.:deny
=mail.example.com:allow,FOO="host"
=.example.com:allow,FOO="domain"
=:allow,FOO="anyhost"
10.:deny
R
tcprules "$T/tcp.smtp.cdb" "$T/tcp.smtp.tmp" <"$T/tcp.smtp" ||
    fail "tcprules refused the file"

cases="127.0.0.1 127.0.0.2 127.0.0.3 127.0.5.9 127.0.5.10 127.0.5.15
127.0.5.20 127.0.5.21 127.0.6.1 127.1.2.3 10.1.2.3 192.0.2.1 ::1"
for HOST in "" mail.example.com a.b.example.com example.com other.org; do
	for ip in $cases; do
		f=$(ask "$ip" -f "$T/tcp.smtp")
		x=$(ask "$ip" -x "$T/tcp.smtp.cdb")
		expect_eq "$f" "$x" "$ip host=$HOST: text and cdb differ"
		echo "$ip ${HOST:-none} $f" >>"$T/answers"
	done
done
HOST=""

# what tcpserver answers, spelled out for a few
want() {
	grep -qxF "$1" "$T/answers" || fail "expected: $1 in
$(cat "$T/answers")"
}
want '127.0.0.1 none ok FOO=exact BAR=unset HOME=/home RELAYCLIENT='
want '127.0.0.3 none ok FOO=prefix3 BAR=unset HOME=/home RELAYCLIENT='
want '127.0.0.2 none denied 100'
want '127.0.5.9 none ok FOO=slashes "kept" BAR=unset HOME=/home RELAYCLIENT=unset'
want '127.0.5.15 none denied 100'
want '127.0.5.20 none denied 100'
want '127.0.5.21 none ok FOO=slashes "kept" BAR=unset HOME=/home RELAYCLIENT=unset'
want '127.0.6.1 none denied 100'
want '127.0.6.1 mail.example.com ok FOO=host BAR=unset HOME=/home RELAYCLIENT=unset'
want '10.1.2.3 a.b.example.com denied 100'
want '192.0.2.1 none ok FOO=unset BAR=unset HOME=/home RELAYCLIENT=unset'
want '192.0.2.1 mail.example.com ok FOO=host BAR=unset HOME=/home RELAYCLIENT=unset'
want '192.0.2.1 a.b.example.com ok FOO=domain BAR=unset HOME=/home RELAYCLIENT=unset'
want '192.0.2.1 example.com ok FOO=anyhost BAR=unset HOME=/home RELAYCLIENT=unset'
want '192.0.2.1 other.org ok FOO=anyhost BAR=unset HOME=/home RELAYCLIENT=unset'
want '127.0.0.3 mail.example.com ok FOO=host BAR=unset HOME=/home RELAYCLIENT=unset'
want '127.0.0.1 mail.example.com ok FOO=exact BAR=unset HOME=/home RELAYCLIENT='

# a change takes effect on the next connection, over loopback, for both
serve -v -x "$T/tcp.smtp.cdb"
expect_eq "$(from 127.0.0.3)" "ok FOO=prefix3 BAR=unset HOME=$HOME" "cdb"
expect_eq "$(from 127.0.0.2)" "" "cdb deny"
expect_log "svc-access: deny remote=127.0.0.2:"
log_has "rule=$T/tcp.smtp.cdb:127.0.0.2" || fail "deny names the cdb key"
log_has "rule=$T/tcp.smtp.cdb:127.0.0." || fail "allow names the cdb key"
printf '127.0.0.3:deny\n' | tcprules "$T/tcp.smtp.cdb" "$T/tcp.smtp.tmp" ||
    fail "tcprules again"
expect_eq "$(from 127.0.0.3)" "" "cdb replaced: denied"
stop "$LPID"

serve -f "$T/tcp.smtp"
expect_eq "$(from 127.0.0.3)" "ok FOO=prefix3 BAR=unset HOME=$HOME" "text"
printf '127.:deny\n' >"$T/tcp.smtp"
expect_eq "$(from 127.0.0.3)" "" "text changed: denied"
expect_log "rule=$T/tcp.smtp:1"
stop "$LPID"
exit 0
