# log-end.t: the end line behind svc-listen: exit status, signal name,
# duration, and in/out counts from TCP_INFO equal to what the client sent
# and received; svc-log exits as the program did.
. tests/lib.sh
. tests/log.sh

start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log -v \
    sh -c 'cat >/dev/null; printf reply; exit 3'
out=$(printf 'hello' | client)
expect_eq "$out" reply "reply"
expect_log 'svc-log: end remote=127.0.0.1:'
line=$(endline)
expect "$line" ' status=3 '
if counts_tcp; then
	expect_eq "$(field "$line" in)" 5 "in="
	expect_eq "$(field "$line" out)" 5 "out="
else
	expect_not "$line" " in="	# unknown: left out, never made up
fi
pid=$(field "$line" pid)
expect_log "svc-listen: end pid=$pid remote=127.0.0.1:"
expect "$(grep "svc-listen: end pid=$pid " "$T/log")" ' status=3 '
expect "$(grep '^svc-log: start' "$T/log")" "pid=$pid child="
expect "$(grep '^svc-log: start' "$T/log")" "prog=sh"
# the remote field names the client's real port
rport=$(grep "svc-listen: accept pid=$pid " "$T/log" | sed 's/.*remote=//;s/ .*//')
expect "$line" "remote=$rport "
stop "$LPID"

# a bigger exchange: every byte counted once, none twice
head -c 300000 /dev/zero >"$T/big"
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log \
    sh -c 'wc -c | tr -d " "; exit 0'
out=$(client <"$T/big")
expect_eq "$out" 300000 "bytes seen by the program"
expect_log 'svc-log: end remote=127.0.0.1:'
line=$(endline)
expect "$line" ' status=0 '
if counts_tcp; then
	expect_eq "$(field "$line" in)" 300000 "in="
	expect_eq "$(field "$line" out)" 7 "out="
fi
stop "$LPID"

# killed by a signal: named in the end line, and svc-log dies of it too
newlog
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log sh -c 'kill -USR1 $$'
client </dev/null >/dev/null
expect_log 'svc-log: end'
line=$(endline)
expect "$line" ' signal=USR1 '
pid=$(field "$line" pid)
expect_log "svc-listen: end pid=$pid "
expect "$(grep "svc-listen: end pid=$pid " "$T/log")" ' signal=USR1 '
stop "$LPID"

# duration: a program that takes about half a second
newlog
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log sleep 0.5
client </dev/null >/dev/null
expect_log 'svc-log: end'
d=$(ms "$(field "$(endline)" duration)")
[ "$d" -ge 500 ] && [ "$d" -lt 10000 ] || fail "duration $d ms for sleep 0.5"
stop "$LPID"

# IPv6, where the host has ::1: the address in brackets
if grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null; then
	start -P "$T/port" svc-listen -p "$T/port" '[::1]:0' svc-log true
	client ::1 </dev/null >/dev/null
	expect_log 'svc-log: end remote=[::1]:'
fi
exit 0
