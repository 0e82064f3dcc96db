# connect-progress.t: load mode shows a progress line on stderr when it
# is a terminal (a pseudo-terminal of the test's own, tests/helpers/
# ptyrun), redrawn with \r and cleared at the end; none when stderr is a
# file, none with -q
. tests/lib.sh

[ -c /dev/ptmx ] || skip "no /dev/ptmx: no pseudo-terminals here"

# each connection takes 0.2 s and they go one at a time: the run lasts
# 1.6 s at least, well past the first refresh (0.5 s)
start -P "$T/port" svc-listen -q -c 4 -p "$T/port" 127.0.0.1:0 \
    sh -c 'sleep 0.2; echo HELLO'
ptyrun "$T/tty" 120 svc-connect -n 8 -e 'HELLO\n' 127.0.0.1 "$PORT" \
    >"$T/out" || fail "status $?: $(cat "$T/out")"
expect "$(cat "$T/out")" "svc-connect: bench conns=8 errors=0 "
tr '\r' '\n' <"$T/tty" >"$T/lines"
grep -Eq '^svc-connect: [0-9]/8 connections, [0-9]+\.[0-9]/s, 0 errors *$' \
    "$T/lines" || fail "no progress line on the terminal: $(od -c "$T/tty")"
# redrawn in place: \r, never a newline; cleared: it ends in \r, blanks
# as wide as the widest line shown, \r
expect_eq "$(grep -c . "$T/tty")" 1 "lines on the terminal"
tail -c 1 "$T/tty" | od -An -c | grep -q '\\r' ||
    fail "not cleared at the end: $(od -c "$T/tty")"
awk '{ w = length($0) > w ? length($0) : w; last = $0 }
    END { exit !(last ~ /^ +$/ && length(last) >= w) }' "$T/lines" ||
    fail "not cleared at the end: $(od -c "$T/tty")"
# the bench line is on stdout, not the terminal
expect_not "$(cat "$T/tty")" "bench conns="

# the count of errors so far: with a wrong -e every reply is one, so
# each refresh shows as many errors as connections done
ptyrun "$T/tty" 120 svc-connect -n 8 -e 'HELLx\n' 127.0.0.1 "$PORT" \
    >"$T/out"
expect_eq "$?" 111 "status with wrong replies"
tr '\r' '\n' <"$T/tty" >"$T/lines"
grep -q '^svc-connect: \([1-9]\)/8 connections, [0-9.]*/s, \1 errors* *$' \
    "$T/lines" || fail "no errors counted: $(od -c "$T/tty")"
expect "$(cat "$T/tty")" \
    "svc-connect: warning: failed connect=0 timeout=0 io=0 reply=8"

# -q: nothing on the terminal
ptyrun "$T/tty" 120 svc-connect -q -n 8 -e 'HELLO\n' 127.0.0.1 "$PORT" \
    >"$T/out" || fail "status $? with -q"
expect_eq "$(cat "$T/tty")" "" "terminal with -q"

# stderr a file: nothing either
svc-connect -n 8 -e 'HELLO\n' 127.0.0.1 "$PORT" >"$T/out" 2>"$T/err" ||
    fail "status $? without a terminal"
expect "$(cat "$T/out")" "svc-connect: bench conns=8 errors=0 "
expect_eq "$(wc -c <"$T/err")" 0 "bytes on stderr without a terminal"
