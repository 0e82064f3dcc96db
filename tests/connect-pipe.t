# connect-pipe.t: pipe mode against svc-listen: the seed's hello, a
# half-close, a server that closes first, lines going through at once,
# and a reset
. tests/lib.sh

# the seed: echo gonzalo | svc-connect localhost PORT -> hello gonzalo
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 sh -c 'read n; echo "hello $n"'
out=$(echo gonzalo | svc-connect localhost "$PORT") || fail "status $?"
expect_eq "$out" "hello gonzalo" "hello"
stop "$LPID"

# half-close: the server answers only once it has read to the end
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 wc -c
out=$(printf 'abc' | svc-connect 127.0.0.1 "$PORT") || fail "status $?"
expect_eq "$(echo $out)" "3" "byte count after half-close"
out=$(svc-connect 127.0.0.1 "$PORT" </dev/null) || fail "status $?"
expect_eq "$(echo $out)" "0" "byte count of empty input"
stop "$LPID"

# the server closes first while stdin stays open: svc-connect stops too
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 echo bye
mkfifo "$T/in"
start sh -c 'exec sleep 60 >"$0"' "$T/in"
out=$(timeout 10 svc-connect 127.0.0.1 "$PORT" <"$T/in")
rc=$?
expect_eq "$rc" 0 "status when the server closes first"
expect_eq "$out" "bye" "reply when the server closes first"
stop "$LPID"

# no added delay: each line is answered while stdin is still open
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 \
    sh -c 'while read l; do echo "re $l"; done'
mkfifo "$T/up" "$T/down"
svc-connect 127.0.0.1 "$PORT" <"$T/up" >"$T/down" 2>>"$T/log" &
cpid=$!
PIDS="$PIDS $cpid"
cat "$T/down" >"$T/got" &
PIDS="$PIDS $!"
exec 3>"$T/up"
echo one >&3
wait_for "first reply" 10 grep -q "re one" "$T/got"
echo two >&3
wait_for "second reply" 10 grep -q "re two" "$T/got"
exec 3>&-
wait "$cpid"
expect_eq "$?" 0 "status after an interactive session"
stop "$LPID"

# a reset is an error: one line, status 111 (the server exits with a
# byte unread, so its kernel answers with RST)
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 dd bs=1 count=1 of=/dev/null
err=$(printf 'ab' | svc-connect 127.0.0.1 "$PORT" 2>&1 >/dev/null)
rc=$?
expect_eq "$rc" 111 "status after a reset"
expect "$err" "svc-connect: fatal: unable to read from 127.0.0.1:$PORT: "
expect_eq "$(echo "$err" | wc -l)" 1 "error lines"
