# log-forge.t: a client cannot forge a line: the filters svc-log(1)
# documents for end lines match the real end line only, even when the
# client sends the text of an end line (traced with -x and -X, behind a
# logger's time stamp or not); and no program writes a value from its
# command line or environment raw into a fatal or warning line
. tests/lib.sh
. tests/log.sh

# the two filters, as the page writes them
jpat=$(sed -n "s/^journalctl -u hello -g '\(.*\)'\$/\1/p" doc/svc-log.1)
gpat=$(sed -n "s/^  grep --line-buffered -E '\(.*\)'\$/\1/p" doc/svc-log.1)
[ -n "$jpat" ] && [ -n "$gpat" ] || fail "filters not found in svc-log.1"

forged='svc-log: end remote=6.6.6.6:1 pid=1 status=0 duration=0.001 in=0 out=0'
for x in -x -X; do
	newlog
	start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log $x cat
	out=$(printf '%s\n"%s\n' "$forged" "$forged" | client)
	expect_log "svc-log: end remote=127.0.0.1:"
	stop "$LPID"
	log_count 'svc-log: end remote=6.6.6.6' | grep -qv '^0$' ||
	    fail "$x: the payload is not in the trace (test broken)"
	# journald keeps the line as it is; file loggers put a stamp first
	expect_eq "$(grep -cE "$jpat" "$T/log")" 1 "$x: journalctl -g matches"
	expect_eq "$(grep -cE "$gpat" "$T/log")" 1 "$x: grep matches"
	expect_eq "$(sed 's/^/@400000006931d4a51c8a7b24 /' "$T/log" |
	    grep -cE "$gpat")" 1 "$x: grep matches behind a time stamp"
	expect_eq "$(sed 's/^/2026-11-30_09:43:34.12345 /' "$T/log" |
	    grep -cE "$gpat")" 1 "$x: grep matches behind svlogd -tt"
done

# bad values in fatal lines: one line, control bytes escaped, quoted
# (the second line and the ESC byte would otherwise reach the log)
bad=$(printf 'x\nsvc-forged: line\033[2J')
one() {
	"$@" 2>"$T/err" </dev/null >/dev/null
	expect_eq "$(wc -l <"$T/err")" 1 "lines from $1: $(cat "$T/err")"
	grep -q "$(printf '\033')" "$T/err" && fail "$1: ESC in: $(cat "$T/err")"
	grep -q '^svc-forged' "$T/err" && fail "$1: forged line"
	expect "$(cat "$T/err")" "$want"
}
want='x\nsvc-forged: line\x1b[2J"'
one svc-listen -c "$bad" 127.0.0.1:0 true
one svc-listen -u "$bad" 127.0.0.1:0 true
one svc-listen 127.0.0.1:0 "$bad"
one svc-listend -c "$bad" -x /bin/true true
one svc-connect -t "$bad" 127.0.0.1 1
one svc-connect 127.0.0.1 "$bad"
one svc-log -t "$bad" true
one svc-log "$bad"
one svc-limit -C "$bad" true
one env TCPREMOTEIP="$bad" svc-limit -C 1 true
one env TCPREMOTEIP=127.0.0.1 svc-limit -C 1 -f "$T/$bad/x" true
one env TCPREMOTEIP=127.0.0.1 svc-limit -C 1 -f "$T/state" "$bad"
# no colon, or it would be split as host:port
bad=$(printf 'x\n\033[2J')
want='"x\n\x1b[2J"'
one svc-listen "$bad" true
exit 0
