# pkg-runit.t: package/examples/runit/hello under a real runsv, logging
# through svlogd: it serves, "sv restart" with a connection open lets
# that connection finish while a new listener serves on the same port,
# and "sv exit" brings it all down
. tests/lib.sh
. tests/pkg.sh
need runsv sv svlogd
need_root	# the example runs svc-listen -u nobody

SV=$T/hello
example runit "$SV"
runsv "$SV" >>"$T/log" 2>&1 &
RPID=$!
PIDS="$PIDS $RPID"
up
# the listener's lines reach svlogd's log, stamped with UTC time (-tt)
logged "$SV" '[0-9-]*_[0-9:.]*'
cur=$SV/log/main/current

listener() {
	cat "$SV/supervise/pid"
}
restart_keeps "$SV" listener sv restart "$SV"
wait_for "the old listener's stop line" 10 \
    grep -q "svc-listen: stop signal=TERM conns=1\$" "$cur"

# sv exit: runsv stops the listener, then the logger, then exits
sv exit "$SV" >/dev/null || fail "sv exit failed"
wait_for "runsv to exit" 10 dead "$RPID"
wait "$RPID"
expect_eq $? 0 "runsv exit status"
not_listening "$PORT" || fail "still listening on $PORT"
exit 0
