# access-bad.t: bad input denies, with one line: a malformed rule names
# file:line (exit 100 on compile, and per connection, where the client is
# denied); a missing, truncated, garbage or foreign index or cdb denies
# with a log line and never crashes; -X lets a client in only when the
# file is absent
. tests/lib.sh
. tests/access.sh

# malformed lines, ours and tcprules', per connection and on compile
n=0
for bad in '10.0.0.0/8 allw' '10.0.0.1/8 allow' 'example.com allow' \
    '* allow "msg on allow"' '* deny FOO=x' '* allow FOO="open' \
    '* allow 1X=2' '* deny "bad \q"' '127.:allow,FOO' '127.:allowed' \
    '127.0.0.a-b:deny'; do
	n=$((n + 1))
	printf '# line 1\n127.0.0.1 allow\n%s\n' "$bad" >"$T/bad$n"
	case $bad in *:*) printf '127.:allow\n%s\n' "$bad" >"$T/bad$n" ;; esac
	newlog
	expect_eq "$(ask 127.0.0.1 -f "$T/bad$n")" "denied 100" "[$bad]"
	case $bad in *:*) line=2 ;; *) line=3 ;; esac
	log_has "svc-access: deny remote=127.0.0.1 rule=$T/bad$n:$line error=" ||
	    fail "[$bad]: no deny line with file:line: $(cat "$T/log")"
	[ "$(wc -l <"$T/log")" = 1 ] || fail "[$bad]: not one line"
	case $bad in *:*) continue ;; esac
	out=$(svc-access -c "$T/bad$n" "$T/idx$n" 2>&1)
	expect_eq "$?" 100 "compile [$bad]"
	expect "$out" "svc-access: fatal: $T/bad$n:3: "
	[ ! -e "$T/idx$n" ] || fail "[$bad]: an index was written"
	ls "$T" | grep -q "^idx$n\." && fail "[$bad]: a temporary file is left"
done
# a line too long; tcprules' text given to -c
awk 'BEGIN { printf "* allow FOO="; for (i = 0; i < 5000; i++) printf "x"; print "" }' >"$T/long"
expect_eq "$(ask 127.0.0.1 -f "$T/long")" "denied 100" "long line"
expect_log "rule=$T/long:1 error=\"line too long\""
printf '127.:allow\n' >"$T/tcp"
out=$(svc-access -c "$T/tcp" "$T/tcp.idx" 2>&1)
expect_eq "$?" 100 "compile tcprules' text"
expect "$out" "$T/tcp:1: tcprules' format"

# damaged files, over loopback: each denied with one clear line
printf '127.0.0.0/8 allow FOO=ok\n* deny\n' >"$T/rules"
svc-access -c "$T/rules" "$T/good.idx" || fail "compile"
size=$(wc -c <"$T/good.idx")
head -c $((size - 9)) "$T/good.idx" >"$T/trunc.idx"
head -c 100 "$T/good.idx" >"$T/short.idx"
: >"$T/empty.idx"
head -c 5000 /dev/urandom >"$T/garbage.idx"
# a garbage file whose tables point far past its end
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%c%c%c%c%c%c%c%c", 255, 255, 255, 127, 200, 0, 0, 0 }' >"$T/huge.idx"
printf '127.:allow\n' | tcprules "$T/tcp.idx" "$T/tcp.tmp" 2>/dev/null ||
    cp "$T/garbage.idx" "$T/tcp.idx"
cp "$T/good.idx" "$T/foreign.cdb"
cp "$T/trunc.idx" "$T/trunc.cdb"
cp "$T/garbage.idx" "$T/garbage.cdb"
cp "$T/huge.idx" "$T/huge.cdb"
cp "$T/short.idx" "$T/short.cdb"

for f in trunc.idx short.idx empty.idx garbage.idx huge.idx tcp.idx \
    missing.idx trunc.cdb garbage.cdb huge.cdb short.cdb foreign.cdb \
    missing.cdb; do
	case $f in *.cdb) opt=-x ;; *) opt=-i ;; esac
	serve $opt "$T/$f"
	expect_eq "$(from 127.0.0.1)" "" "$f: denied"
	expect_log "svc-access: deny remote=127.0.0.1:"
	log_has "file=$T/$f error=" || fail "$f: no error: $(cat "$T/log")"
	stop "$LPID"
	newlog
done
# -X: an absent file lets clients in, a damaged one still does not
expect_eq "$(ask 127.0.0.1 -X -i "$T/missing.idx")" \
    "ok FOO=unset BAR=unset HOME=/home RELAYCLIENT=unset" "-X, absent"
expect_eq "$(ask 127.0.0.1 -X -i "$T/trunc.idx")" "denied 100" \
    "-X, damaged"
expect_eq "$(ask 127.0.0.1 -X -f "$T/nothere")" \
    "ok FOO=unset BAR=unset HOME=/home RELAYCLIENT=unset" "-X, text"
expect_eq "$(ask 127.0.0.1 -i "$T/good.idx")" \
    "ok FOO=ok BAR=unset HOME=/home RELAYCLIENT=unset" "the good index"
exit 0
