# pkg-s6.t: package/examples/s6/hello under a real s6-supervise:
# readiness through notification-fd and svc-listen -N 3 (s6-svwait -U),
# "s6-svc -r" with a connection open lets that connection finish while
# a new listener serves on the same port, "s6-svc -xd" brings it down;
# then the whole service directory, logger included, under s6-svscan
. tests/lib.sh
. tests/pkg.sh
need s6-supervise s6-svc s6-svwait s6-svstat s6-svok s6-svscan \
    s6-svscanctl s6-log
need_root	# the example runs svc-listen -u nobody

SV=$T/hello
example s6 "$SV"
s6-supervise "$SV" >>"$T/log" 2>&1 &
SPID=$!
PIDS="$PIDS $SPID"
wait_for "s6-supervise" 10 s6-svok "$SV"
# up and ready: svc-listen wrote its newline to fd 3
s6-svwait -U -t 10000 "$SV" || fail "the service did not become ready"
s6-svstat "$SV" | grep -q '^up (pid [0-9]*) .*, ready ' ||
	fail "not ready: $(s6-svstat "$SV")"
test -s "$T/port" || fail "ready before the port file was written"
PORT=$(cat "$T/port")
hello "$PORT" gonzalo
expect_log "svc-listen: start local=127.0.0.1:$PORT max=100"

listener() {
	s6-svstat -p "$SV"
}
# -wR: s6-svc returns once the new listener is up and ready
restart_keeps "$SV" listener s6-svc -r -wR -T 10000 "$SV"
expect_log "svc-listen: stop signal=TERM conns=1"
[ "$(log_count "svc-listen: start local=127.0.0.1:$PORT")" = 2 ] ||
	fail "expected two start lines: $(cat "$T/log")"

s6-svc -xd -wD -T 10000 "$SV" || fail "s6-svc -xd failed"
wait_for "s6-supervise to exit" 10 dead "$SPID"
wait "$SPID"
expect_eq $? 0 "s6-supervise exit status"
not_listening "$PORT" || fail "still listening on $PORT"

# the service directory with its logger, as s6-svscan runs it: the
# listener's lines reach s6-log through the pipe s6-svscan keeps
mkdir "$T/scan"
SV=$T/scan/hello
example s6 "$SV"
s6-svscan "$T/scan" >>"$T/log" 2>&1 &
SCPID=$!
PIDS="$PIDS $SCPID"
wait_for "s6-supervise on hello" 10 s6-svok "$SV"
wait_for "s6-supervise on hello/log" 10 s6-svok "$SV/log"
s6-svwait -U -t 10000 "$SV" "$SV/log" || fail "service or logger not ready"
up
# s6-log's T: an ISO 8601 date and time before each line
logged "$SV" '[0-9-]* [0-9:.]* '
logger=$(s6-svstat -p "$SV/log")
s6-svscanctl -t "$T/scan" || fail "s6-svscanctl -t failed"
wait_for "s6-svscan to exit" 10 dead "$SCPID"
wait "$SCPID"
wait_for "the logger's s6-supervise to exit" 10 unsupervised "$SV/log"
wait_for "s6-log to exit" 10 dead "$logger"
not_listening "$PORT" || fail "still listening on $PORT"
exit 0
