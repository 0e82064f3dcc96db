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

# every option svc-listen passes on to svc-listend at once (-u too, as
# root): the command line it builds holds them all, where a list too
# short for them overran its buffer (a sanitizer build stopped on it)
u=""
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 &&
    (need_reach nobody svc-listen svc-listend) >/dev/null 2>&1; then
	u="-u nobody"
	open_T
fi
: >"$T/notes"
# shellcheck disable=SC2086
NOTIFY_SOCKET=$T/notify start -P "$T/port4" svc-listen $u -v -h \
    -C 3:busy -N 9 -d 5 -c 7 -l name -p "$T/port4" 127.0.0.1:0 \
    sh -c 'echo "all $TCPLOCALHOST"' 9>"$T/ready"
wait_for "READY=1, every option" 10 grep -q 'READY=1' "$T/notes"
expect_eq "$(svc-connect 127.0.0.1 "$PORT" </dev/null)" "all name" \
    "service with every option"
expect_eq "$(cat "$T/ready")" "" "-N's newline"
expect_eq "$(wc -c <"$T/ready")" 1 "-N's newline"
expect_log "svc-listen: start local=127.0.0.1:$PORT max=7"
kill -TERM "$LPID"
wait "$LPID"
expect_eq "$?" 0 "status of the listener with every option"

# no receiver: a warning, and the service runs on
NOTIFY_SOCKET=$T/nobody-there start -P "$T/port3" svc-listen -p "$T/port3" 127.0.0.1:0 echo up
expect_log "svc-listen: warning: unable to reach \$NOTIFY_SOCKET"
expect_eq "$(svc-connect 127.0.0.1 "$PORT" </dev/null)" "up" "service without a receiver"
exit 0
