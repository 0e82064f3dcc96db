# log-silent.t: in= counts the client's data, never its FIN, whatever
# state the connection ended in.  A client that sends nothing is in=0:
# after its FIN alone (CLOSE_WAIT), and after FIN then reset (CLOSE),
# where the kernel has counted the FIN as a byte received.
. tests/lib.sh
. tests/log.sh
counts_tcp || skip "built without TCP_INFO's byte counters"

# the program reads to the client's EOF, waits for the test's word that
# the client has gone, then writes until the client's reset kills it
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log sh -c '
	cat >/dev/null
	i=0
	while [ ! -e "$0" ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i + 1)); done
	i=0
	while [ $i -lt 100 ] && printf x; do sleep 0.05; i=$((i + 1)); done' \
    "$T/gone"

# closed: FIN then reset
n=0
for how in silent data; do
	rm -f "$T/gone"
	newlog
	case $how in
	silent) svc-connect -T 1 127.0.0.1 "$PORT" </dev/null >/dev/null 2>&1 ;;
	data) printf abc | svc-connect -T 1 127.0.0.1 "$PORT" >/dev/null 2>&1 ;;
	esac
	: >"$T/gone"
	expect_log 'svc-log: end'
	line=$(endline)
	case $how in
	silent) expect_eq "$(field "$line" in)" 0 "in= of a silent client, closed" ;;
	data) expect_eq "$(field "$line" in)" 3 "in= of a client that sent 3 bytes, closed" ;;
	esac
done

# a probe: connect and close at once
newlog
rm -f "$T/gone"
svc-connect -z 127.0.0.1 "$PORT"
: >"$T/gone"
expect_log 'svc-log: end'
expect_eq "$(field "$(endline)" in)" 0 "in= of svc-connect -z"
stop "$LPID"

# half-closed: FIN alone, the program answers and ends
newlog
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log sh -c 'cat >/dev/null; echo HELLO'
out=$(client </dev/null)
expect_eq "$out" HELLO "reply"
expect_log 'svc-log: end'
expect_eq "$(field "$(endline)" in)" 0 "in= of a silent client, half-closed"
expect_eq "$(field "$(endline)" out)" 6 "out="
exit 0
