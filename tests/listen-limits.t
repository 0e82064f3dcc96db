# listen-limits.t: -c 2 serves 5 simultaneous clients never more than 2 at
# once; -C 1:MSG refuses a second connection from one address with MSG
. tests/lib.sh
need ps

# each child holds its connection until $T/go appears (bounded wait)
start -P "$T/port" svc-listen -c 2 -p "$T/port" 127.0.0.1:0 sh -c '
	echo + >>"$0/seq"
	n=0
	while [ ! -e "$0/go" ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n + 1)); done
	read x
	echo - >>"$0/seq"
	echo "ok $x"' "$T"
i=1
pids=""
while [ $i -le 5 ]; do
	echo "$i" | client 127.0.0.1 "$PORT" >"$T/out$i" &
	pids="$pids $!"
	i=$((i + 1))
done
wait_for "busy line" 10 log_has "svc-listen: busy conns=2/2"
wait_for "two children" 10 sh -c 'test "$(grep -c + "$0")" = 2' "$T/seq"
expect_eq "$(children_of "$LPID")" 2 "children while 5 clients wait"
touch "$T/go"
for p in $pids; do
	wait "$p" || fail "a client failed"
done
for i in 1 2 3 4 5; do
	expect_eq "$(cat "$T/out$i")" "ok $i" "client $i"
done
# the most children alive at once, from the +/- trail they left
max=$(awk '/\+/{n++; if (n > m) m = n} /-/{n--} END{print m}' "$T/seq")
expect_eq "$max" 2 "most children at once"
expect_eq "$(log_count 'svc-listen: end pid=')" 5 "end lines"
grep 'accept pid=' "$T/log" | grep -qv 'conns=[12]/2$' &&
    fail "accept beyond the limit: $(grep accept "$T/log")"
stop "$LPID"

newlog
start -P "$T/port2" svc-listen -C '1:go away\r\n' -p "$T/port2" 127.0.0.1:0 \
    sh -c 'echo in; cat >/dev/null'
mkfifo "$T/hold"
exec 8<>"$T/hold"
(exec 8>&-; client 127.0.0.1 "$PORT" <"$T/hold" >"$T/first") &
hold=$!
wait_for "first connection" 10 grep -q in "$T/first"
client 127.0.0.1 "$PORT" </dev/null >"$T/second"
printf 'go away\r\n' | cmp - "$T/second" || fail "second got: $(od -c "$T/second")"
expect_log "svc-listen: deny remote=127.0.0.1:"
expect_log "reason=per-source conns=1 limit=1"
# another address is a different source
out=$(client -i 127.0.0.2 127.0.0.1 "$PORT" </dev/null)
expect_eq "$out" "in" "another source"
exec 8>&-
wait $hold
# once the first has gone, the address is admitted again
wait_for "both ends" 10 log_atleast 2 "svc-listen: end pid="
out=$(client 127.0.0.1 "$PORT" </dev/null)
expect_eq "$out" "in" "after the holder left"
stop "$LPID"

# a client that reconnects the moment its last connection ended is not
# refused because the listener has not reaped that child yet
start -P "$T/port3" svc-listen -q -C '1:DENIED\n' -p "$T/port3" 127.0.0.1:0 hello
out=$(svc-connect -n 300 -c 1 -e 'HELLO\n' 127.0.0.1 "$PORT") ||
    fail "one at a time, some were refused: $out"
expect "$out" "conns=300 errors=0"
exit 0
