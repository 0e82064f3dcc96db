# connect-unix.t: svc-connect to a UNIX-domain socket path in each mode:
# -w waits for the socket to appear, -z probes, pipe, and load mode,
# which waits and retries when the listener's queue is full (a UNIX
# connect fails at once there, where TCP retransmits)
. tests/lib.sh

svc-connect -z "$T/s.sock" 2>/dev/null && fail "probe of a missing socket"
# -w: the socket appears a little later
svc-connect -w 10 -z "$T/s.sock" 2>>"$T/log" &
probe=$!
start -P "$T/path" svc-listen -q -b 4 -c 5 -p "$T/path" "$T/s.sock" \
    sh -c 'read x; sleep 0.02; echo "HELLO $x"'
wait "$probe" || fail "svc-connect -w -z did not see the socket appear"
out=$(echo pipe | svc-connect "$T/s.sock")
expect_eq "$out" "HELLO pipe" "pipe mode"
# 50 at once into a queue of 4 and 5 children: all served, none refused
out=$(svc-connect -n 200 -c 50 -t 60 -s 'x\n' -e 'HELLO x\n' "$T/s.sock" 2>&1)
expect "$out" "conns=200 errors=0"
# a program that is not there: one line, its name escaped and quoted
bad=$(printf 'no-such\nsvc-forged: line')
svc-connect "$T/s.sock" "$bad" </dev/null 2>"$T/err"
expect_eq "$?" 127 "a program that is not there"
expect_eq "$(wc -l <"$T/err")" 1 "lines: $(cat "$T/err")"
expect "$(cat "$T/err")" 'unable to run "no-such\nsvc-forged: line"'
exit 0
