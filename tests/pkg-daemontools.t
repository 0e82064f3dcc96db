# pkg-daemontools.t: package/examples/daemontools/hello's run and
# log/run scripts, started by hand as svscan would (run's output piped
# into log/run, each in its own directory, under a timeout): the
# service answers and multilog keeps its lines; TERM stops both
. tests/lib.sh
. tests/pkg.sh
need multilog timeout
need_root	# the example runs svc-listen -u nobody

SV=$T/hello
example daemontools "$SV"
mkfifo "$T/pipe"
(cd "$SV/log" && exec timeout 60 ./run) <"$T/pipe" &
LOGPID=$!
(cd "$SV" && exec timeout 60 ./run) >"$T/pipe" &
RUNPID=$!
PIDS="$PIDS $RUNPID $LOGPID"
up
# multilog's t: a TAI64N label before each line
logged "$SV" '@[0-9a-f]\{24\}'
cur=$SV/log/main/current

# svc -d's TERM: svc-listen exits 0, multilog sees the end of its input
kill -TERM "$RUNPID"
wait "$RUNPID"
expect_eq $? 0 "run's exit status"
wait "$LOGPID"
expect_eq $? 0 "log/run's exit status"
grep -q "svc-listen: stop signal=TERM conns=0\$" "$cur" ||
	fail "no stop line in $cur: $(cat "$cur")"
not_listening "$PORT" || fail "still listening on $PORT"
exit 0
