# listen-logstall.t: a logger that stops reading stalls the accept loop
# once the pipe is full (clients wait in the backlog), as svc-listen(1)
# says; once it reads again the listener goes on, no connection and no
# line lost
. tests/lib.sh
need mkfifo

mkfifo "$T/fifo"
# the logger: reads the fifo into $T/log2; stopped and resumed below
cat "$T/fifo" >"$T/log2" &
reader=$!
PIDS="$PIDS $reader"
svc-listen -b 1024 -p "$T/port" 127.0.0.1:0 hello 2>"$T/fifo" &
LPID=$!
PIDS="$PIDS $LPID"
wait_for "port file" 10 test -s "$T/port"
PORT=$(cat "$T/port")
kill -STOP "$reader"
# 2 lines a connection of about 80 bytes: 1000 overfill a 64 KiB pipe
loadgen -n 1000 -k 16 127.0.0.1 "$PORT" >"$T/load" &
lg=$!
PIDS="$PIDS $lg"
wait_for "the listener to wait on its log" 60 grep -q pipe_write \
    "/proc/$LPID/wchan"
kill -0 "$lg" 2>/dev/null || fail "all served with the logger stopped"
kill -CONT "$reader"
wait "$lg" || fail "loadgen"
expect_eq "$(cat "$T/load" | grep -v elapsed)" '1000 HELLO\n' "replies"
wait_for "1000 end lines" 20 \
    test "$(grep -c '^svc-listen: end ' "$T/log2")" = 1000
stop "$LPID"
wait "$reader"
expect_eq "$(grep -c '^svc-listen: accept ' "$T/log2")" 1000 "accept lines"
exit 0
