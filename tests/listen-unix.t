# listen-unix.t: svc-listen on a UNIX-domain socket path: the file's mode
# and owner, the peer's credentials in the child's environment, a stale
# socket replaced, anything else at the path refused and left alone, the
# file removed at the stop.
. tests/lib.sh
need setpriv
need_root	# -o and a client of another uid

chmod 711 "$T"	# nobody, the other client, must reach the socket
start -P "$T/path" svc-listen -m 0666 -o nobody:daemon -p "$T/path" "$T/s.sock" \
    sh -c 'echo "$PROTO $UNIXLOCALPATH $UNIXLOCALUID $UNIXREMOTEEUID $UNIXREMOTEEGID $UNIXREMOTEPID"; env'
expect_eq "$PORT" "$T/s.sock" "-p file of a socket path"
expect_eq "$(stat -c '%a %U %G %F' "$T/s.sock")" "666 nobody daemon socket" \
    "mode and owner of the socket file"
expect_log "svc-listen: start local=$T/s.sock max=100"

# the client's uid, gid and pid as the kernel saw them
out=$(svc-connect "$T/s.sock" sh -c 'echo "$$"; cat <&6')
pid=$(echo "$out" | head -n 1)
expect "$out" "UNIX $T/s.sock 0 0 0 $pid"
expect_not "$out" "TCPREMOTEIP"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
    svc-connect "$T/s.sock" </dev/null | head -n 1)
expect "$out" "UNIX $T/s.sock 0 65534 65534 "
expect_log "remote=uid:65534,gid:65534,pid:"
grep -q "^svc-listen: accept pid=[0-9]* remote=uid:0,gid:0,pid:$pid conns=1/100\$" \
    "$T/log" || fail "no accept line: $(cat "$T/log")"

# a second listener on a live socket: refused, the first one unharmed
out=$(svc-listen "$T/s.sock" true 2>&1)
expect_eq "$?" 111 "exit status on a live socket"
expect "$out" "svc-listen: fatal: unable to bind $T/s.sock: a listener answers there"
svc-connect "$T/s.sock" </dev/null | grep -q '^UNIX' || fail "first listener gone"

# the stop removes the file it made
stop "$LPID"
test -e "$T/s.sock" && fail "socket file left behind"

# a stale socket (nothing listens on it: its listener was killed) is
# replaced
start -P "$T/path2" svc-listen -p "$T/path2" "$T/stale.sock" echo old
kill -KILL "$LPID"
wait "$LPID" 2>/dev/null
test -S "$T/stale.sock" || fail "no stale socket left by a killed listener"
svc-connect "$T/stale.sock" </dev/null 2>/dev/null && fail "stale socket answers"
start -P "$T/path2b" svc-listen -p "$T/path2b" "$T/stale.sock" echo fresh
out=$(svc-connect "$T/stale.sock" </dev/null)
expect_eq "$out" "fresh" "served on a replaced stale socket"
stop "$LPID"

# a regular file, a symbolic link (even to a socket), a directory: the
# start is refused with exit 111 and the file is left as it was
echo precious >"$T/file"
out=$(svc-listen "$T/file" true 2>&1)
expect_eq "$?" 111 "exit status on a regular file"
expect_eq "$out" "svc-listen: fatal: refusing to replace $T/file: not a socket"
expect_eq "$(cat "$T/file")" "precious" "the regular file"
start -P "$T/path3" svc-listen -p "$T/path3" "$T/target.sock" true
ln -s "$T/target.sock" "$T/link"
out=$(svc-listen "$T/link" true 2>&1)
expect_eq "$?" 111 "exit status on a symbolic link"
expect_eq "$out" "svc-listen: fatal: refusing to replace $T/link: not a socket"
test -L "$T/link" || fail "the link was touched"
mkdir "$T/dir"
svc-listen "$T/dir" true 2>/dev/null
expect_eq "$?" 111 "exit status on a directory"
test -d "$T/dir" || fail "the directory was touched"

# a path too long for a socket address is bad usage
long=$T/$(printf '%0120d' 0)
out=$(svc-listen "$long" true 2>&1)
expect_eq "$?" 100 "exit status on a path too long"
expect "$out" "socket path too long"
exit 0
