# listen-restart-s6.t: the socket outlives the listener under s6, with
# s6's own tools: s6-fdholder-daemon holds a UNIX-domain socket bound by
# s6-ipcserver-socketbinder, and the run script of an s6-supervise'd
# service fetches it at each start (s6-fdholder-retrieve ... svc-listen
# fd:0).  50 connections a second keep coming while "s6-svc -r -wR"
# restarts the service 10 times: none refused, reset or cut.
. tests/lib.sh
need s6-fdholder-daemon s6-fdholder-store s6-fdholder-retrieve \
    s6-ipcserver-socketbinder s6-supervise s6-svc s6-svwait s6-svok

# the fd holder: root may store and retrieve any identifier
mkdir -p "$T/rules/uid/0/env"
: >"$T/rules/uid/0/allow"
echo '.*' >"$T/rules/uid/0/env/S6_FDHOLDER_STORE_REGEX"
echo '.*' >"$T/rules/uid/0/env/S6_FDHOLDER_RETRIEVE_REGEX"
[ "$(id -u)" = 0 ] || skip "the rules above are root's"
start s6-fdholder-daemon -i "$T/rules" "$T/fdholder"
wait_for "the fd holder" 10 test -S "$T/fdholder"
# once: bind the service's socket and hand it to the holder
s6-ipcserver-socketbinder "$T/hello.sock" \
    s6-fdholder-store "$T/fdholder" unix:hello ||
	fail "unable to store the socket"

SV=$T/hello
mkdir "$SV"
echo 3 >"$SV/notification-fd"
cat >"$SV/run" <<EOS
#!/bin/sh
exec 2>>"$T/log"
exec s6-fdholder-retrieve "$T/fdholder" unix:hello \\
    svc-listen -q -d 10 -N 3 fd:0 sh -c 'read x; sleep 0.2; echo HELLO'
EOS
chmod +x "$SV/run"
start s6-supervise "$SV"
wait_for "s6-supervise" 10 s6-svok "$SV"
s6-svwait -U -t 10000 "$SV" || fail "the service did not become ready"

# s6-supervise starts run at most once a second: 10 restarts take 10 s
svc-connect -n 800 -c 80 -r 50 -t 20 -T 20 -s 'x\n' -e 'HELLO\n' \
    "$T/hello.sock" >"$T/load" 2>>"$T/log" &
load=$!
PIDS="$PIDS $load"
i=1
while [ $i -le 10 ]; do
	s6-svc -r -wR -T 10000 "$SV" || fail "restart $i"
	i=$((i + 1))
done
kill -0 "$load" 2>/dev/null || { cat "$T/load"; fail "the load ended before the 10th restart"; }
wait "$load"
rc=$?
cat "$T/load"
expect "$(cat "$T/load")" "conns=800 errors=0"
expect_eq "$rc" 0 "load status"
s6-svc -xd -wD -T 10000 "$SV"
exit 0
