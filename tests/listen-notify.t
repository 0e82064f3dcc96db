# listen-notify.t: with NOTIFY_SOCKET set, svc-listen sends READY=1 once
# it accepts and STOPPING=1 when it stops, one datagram each, to a path
# or to an abstract name ("@name"); the children do not see the variable
. tests/lib.sh
need socat

# a receiver of our own, writing each datagram it gets to a file
start socat -u "UNIX-RECV:$T/notify" "OPEN:$T/notes,creat,append"
wait_for "the receiver" 10 test -S "$T/notify"
NOTIFY_SOCKET=$T/notify start -P "$T/port" svc-listen -d 5 -p "$T/port" 127.0.0.1:0 \
    sh -c 'echo "notify=${NOTIFY_SOCKET-unset}"'
lpid=$LPID
wait_for "READY=1" 10 grep -q 'READY=1' "$T/notes"
out=$(svc-connect 127.0.0.1 "$PORT" </dev/null)
expect_eq "$out" "notify=unset" "NOTIFY_SOCKET in a child"
grep -q STOPPING "$T/notes" && fail "STOPPING=1 before the stop"
kill -TERM "$lpid"
wait "$lpid"
wait_for "STOPPING=1" 10 grep -q 'STOPPING=1' "$T/notes"
expect_eq "$(cat "$T/notes")" "READY=1STOPPING=1" "datagrams received"

# an abstract name, as systemd's own /run/systemd/notify is not
name=svc-test-notify-$$
start socat -u "ABSTRACT-RECV:$name" "OPEN:$T/notes2,creat,append"
wait_for "the abstract receiver" 10 grep -q "@$name" /proc/net/unix
NOTIFY_SOCKET=@$name start -P "$T/port2" svc-listen -p "$T/port2" 127.0.0.1:0 true
wait_for "READY=1 on @$name" 10 grep -q 'READY=1' "$T/notes2"

# no receiver: a warning, and the service runs on
NOTIFY_SOCKET=$T/nobody-there start -P "$T/port3" svc-listen -p "$T/port3" 127.0.0.1:0 echo up
expect_log "svc-listen: warning: unable to reach \$NOTIFY_SOCKET"
expect_eq "$(svc-connect 127.0.0.1 "$PORT" </dev/null)" "up" "service without a receiver"
exit 0
