# listen-forkfail.t: running out of processes (fork EAGAIN) pauses the
# listener without dropping anyone; it serves the waiting client once a
# process slot is free again
. tests/lib.sh
need_root
need setpriv prlimit
# a uid of its own, so that no other process counts against its limit
uid=$((40000 + $$ % 20000))
need_reach "$uid" hello

# the uid may run 2 processes: the listener and a blocker of ours
setpriv --reuid="$uid" --regid="$uid" --clear-groups sleep 120 &
blocker=$!
PIDS="$PIDS $blocker"
open_T	# the uid writes the port file
start -P "$T/port" prlimit --nproc=2: svc-listen -u "$uid" -g "$uid" -p "$T/port" \
    127.0.0.1:0 hello
expect_log "svc-listen: start"
client -T 60 127.0.0.1 "$PORT" </dev/null >"$T/f1" &
c=$!
expect_log "svc-listen: warning: unable to fork (pausing, will retry)"
[ -s "$T/f1" ] && fail "served while fork fails"
kill "$blocker"
wait "$c" || fail "client failed after fork recovered"
expect_eq "$(cat "$T/f1")" HELLO "client after fork recovered"
expect_log "svc-listen: recover op=fork failures="
kill -0 "$LPID" || fail "listener died"
exit 0
