# connect-load.t: load mode (-n, -c) with and without -s and -e; the
# error count is exact when some replies are wrong
. tests/lib.sh

# bench_ok LINE CONNS ERRORS: LINE is the one bench line, well formed,
# with these counts and ordered percentiles
bench_ok() {
	echo "$1" | grep -Eqx "svc-connect: bench conns=$2 errors=$3 \
seconds=[0-9]+\.[0-9]{3} rate=[0-9]+\.[0-9] p50_us=[0-9]+ p90_us=[0-9]+ \
p99_us=[0-9]+ max_us=[0-9]+" || fail "bad bench line: $1"
	set -- $(echo "$1" | sed 's/.*p50_us=\([0-9]*\) p90_us=\([0-9]*\) p99_us=\([0-9]*\) max_us=\([0-9]*\)/\1 \2 \3 \4/')
	[ "$1" -le "$2" ] && [ "$2" -le "$3" ] && [ "$3" -le "$4" ] ||
	    fail "percentiles out of order: $*"
}

start -P "$T/port" svc-listen -q -c 20 -p "$T/port" 127.0.0.1:0 hello
out=$(svc-connect -n 100 -c 8 -e 'HELLO\n' 127.0.0.1 "$PORT") ||
    fail "status $?: $out"
bench_ok "$out" 100 0
expect_eq "$(echo "$out" | wc -l)" 1 "lines on stdout"
out=$(svc-connect -n 50 -c 50 127.0.0.1 "$PORT") || fail "status $?"
bench_ok "$out" 50 0
# -c above -n is cut to -n; -c 1 is sequential
out=$(svc-connect -n 5 127.0.0.1 "$PORT") || fail "status $?"
bench_ok "$out" 5 0
# a reply shorter or longer than -e is wrong too
svc-connect -n 4 -c 2 -e 'HELLO' 127.0.0.1 "$PORT" >"$T/out" 2>"$T/err"
expect_eq "$?" 111 "status with a longer reply"
bench_ok "$(cat "$T/out")" 4 4
svc-connect -n 4 -c 2 -e 'HELLO\n\n' 127.0.0.1 "$PORT" >"$T/out" \
    2>"$T/err"
expect_eq "$?" 111 "status with a shorter reply"
bench_ok "$(cat "$T/out")" 4 4
expect "$(cat "$T/err")" "svc-connect: warning: failed connect=0 timeout=0 io=0 reply=4"
stop "$LPID"

# -s is sent, then the sending half is shut: the server sees its EOF
start -P "$T/port" svc-listen -q -p "$T/port" 127.0.0.1:0 wc -c
out=$(svc-connect -n 20 -c 4 -s 'abc\x00\n' -e '5\n' 127.0.0.1 "$PORT") ||
    fail "status $?: $out"
bench_ok "$out" 20 0
stop "$LPID"

# every third connection comes from 127.0.0.3 (-i rotates through the
# range) and is answered wrongly: exactly 10 errors of 30, at any -c
start -P "$T/port" svc-listen -q -p "$T/port" 127.0.0.1:0 sh -c \
    'if [ "$TCPREMOTEIP" = 127.0.0.3 ]; then echo WRONG; else echo HELLO; fi'
svc-connect -n 30 -c 7 -i 127.0.0.1-3 -e 'HELLO\n' 127.0.0.1 "$PORT" \
    >"$T/out" 2>"$T/err"
expect_eq "$?" 111 "status with wrong replies"
bench_ok "$(cat "$T/out")" 30 10
expect "$(cat "$T/err")" "reply=10 first_reply=\"the reply differs from -e\""
# without -e every reply counts as good
out=$(svc-connect -n 30 -c 7 -i 127.0.0.1-3 127.0.0.1 "$PORT") ||
    fail "status $?"
bench_ok "$out" 30 0
stop "$LPID"

# a closed port: every connection fails, and says why
port=$PORT
svc-connect -n 5 -c 2 127.0.0.1 "$port" >"$T/out" 2>"$T/err"
expect_eq "$?" 111 "status when refused"
bench_ok "$(cat "$T/out")" 5 5
expect "$(cat "$T/err")" "connect=5 timeout=0 io=0 reply=0 first_connect=\"unable to connect: Connection refused\""
# -q: the bench line alone
svc-connect -q -n 2 127.0.0.1 "$port" >"$T/out" 2>"$T/err"
expect_eq "$?" 111 "status when refused, -q"
bench_ok "$(cat "$T/out")" 2 2
expect_eq "$(cat "$T/err")" "" "stderr with -q"

# -T: silent connections time out, each counted once
start -P "$T/port" svc-listen -q -p "$T/port" 127.0.0.1:0 sleep 5
svc-connect -n 3 -c 3 -T 0.5 127.0.0.1 "$PORT" >"$T/out" 2>"$T/err"
expect_eq "$?" 111 "status with -T"
bench_ok "$(cat "$T/out")" 3 3
expect "$(cat "$T/err")" "timeout=3"
