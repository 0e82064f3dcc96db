# listen-activate.t: svc-listen on a socket it did not bind: systemd's
# socket activation (Debian's systemd-socket-activate as the activator),
# and a descriptor a process of our own holds (fd:N), TCP and UNIX.
. tests/lib.sh
need systemd-socket-activate unshare ip

# activated UNIX socket: the activator execs svc-listen at the first
# connection, which is served; the LISTEN_* variables reach no child
systemd-socket-activate -l "$T/act.sock" svc-listen -p "$T/path" systemd \
    env 2>>"$T/log" &
PIDS="$PIDS $!"
wait_for "the activator's socket" 10 test -S "$T/act.sock"
out=$(svc-connect "$T/act.sock" </dev/null)
expect "$out" "PROTO=UNIX"
expect "$out" "UNIXLOCALPATH=$T/act.sock"
expect_not "$out" "LISTEN_"
expect_eq "$(cat "$T/path")" "$T/act.sock" "-p file of an activated socket"
expect_log "svc-listen: start local=$T/act.sock max=100"

# two sockets passed, one picked by name (LISTEN_FDNAMES, -n)
systemd-socket-activate -l "$T/a.sock" -l "$T/b.sock" --fdname=one:two \
    svc-listen -n two systemd sh -c 'echo "two $UNIXLOCALPATH"' \
    2>>"$T/log" &
PIDS="$PIDS $!"
wait_for "the activator's sockets" 10 test -S "$T/b.sock"
out=$(svc-connect "$T/b.sock" </dev/null)
expect_eq "$out" "two $T/b.sock" "socket picked by name"

# activated TCP socket: the activator needs a fixed port, so it runs in
# a network namespace of this test's own
unshare -n sh -c '
	ip link set lo up || exit 1
	systemd-socket-activate -l 127.0.0.1:4000 svc-listen systemd \
	    sh -c "echo HELLO \$TCPLOCALPORT; env" 2>>"$T/log" &
	a=$!
	svc-connect -w 10 127.0.0.1 4000 </dev/null >"$T/tcp.out"
	kill $a; wait $a
' || fail "TCP activation in a namespace"
out=$(cat "$T/tcp.out")
expect "$out" "HELLO 4000"
expect "$out" "PROTO=TCP"
expect_not "$out" "LISTEN_"

# LISTEN_PID of another process: one line, exit 100, nothing started
out=$(LISTEN_PID=1 LISTEN_FDS=1 svc-listen systemd true 2>&1)
expect_eq "$?" 100 "exit status for LISTEN_PID not ours"
expect_eq "$out" "svc-listen: fatal: systemd: LISTEN_PID is 1, not our pid $(echo "$out" | sed -n 's/.*not our pid \([0-9]*\):.*/\1/p'): the sockets are another process's" "LISTEN_PID line"
out=$(svc-listen systemd true 2>&1)
expect_eq "$?" 100 "exit status without LISTEN_FDS"
expect "$out" "LISTEN_FDS unset"

# a descriptor held by a process of ours: TCP, then UNIX
start -P "$T/port" sockhold -p "$T/port" 127.0.0.1 0 svc-listen fd:3 \
    sh -c 'read n; echo "hello $n $TCPLOCALPORT"'
out=$(echo held | svc-connect 127.0.0.1 "$PORT")
expect_eq "$out" "hello held $PORT" "TCP socket on fd 3"
expect_log "svc-listen: start local=127.0.0.1:$PORT max=100"
start -P "$T/upath" sockhold -p "$T/upath" "$T/held.sock" svc-listen fd:3 \
    sh -c 'read n; echo "hello $n $PROTO"'
out=$(echo held | svc-connect "$T/held.sock")
expect_eq "$out" "hello held UNIX" "UNIX socket on fd 3"
# not ours to remove: the holder made it
stop "$LPID"
test -S "$T/held.sock" || fail "svc-listen removed a socket file it did not make"

# fd 0, as s6-tcpserverd takes it
start -P "$T/port0" sockhold -p "$T/port0" 127.0.0.1 0 sh -c 'exec svc-listen fd:0 \
    sh -c "echo zero" <&3 3<&-'
out=$(svc-connect 127.0.0.1 "$PORT" </dev/null)
expect_eq "$out" "zero" "socket on fd 0"

# a descriptor that is not a listening socket: one line, exit 100
out=$(svc-listen fd:5 true 5</dev/null 2>&1)
expect_eq "$?" 100 "fd:5 on /dev/null"
expect_eq "$out" "svc-listen: fatal: fd:5: not a listening stream socket"
out=$(svc-listen fd:7 true 2>&1)
expect_eq "$?" 100 "fd:7 closed"
expect_eq "$out" "svc-listen: fatal: fd:7: descriptor is not open"
exit 0
