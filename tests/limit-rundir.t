# limit-rundir.t: a listener that is not root, without XDG_RUNTIME_DIR,
# gives its children a directory of their own, SVC_RUNTIME_DIR, made
# under TMPDIR with a random name (0700, the listener's user), where
# svc-limit keeps its default state file.  So another user who made
# TMPDIR/svc-limit-UID first, with a file anyone can write in it and a
# lock on that file, no longer denies service, and the limits hold.  The
# directory goes at the stop (TERM, and the end of a -d drain); none is
# made as root, with XDG_RUNTIME_DIR set, or with SVC_RUNTIME_DIR given;
# one that cannot be made is one warning; svc-limit refuses a
# SVC_RUNTIME_DIR of another user's, or one others can write, with one
# line (status 111), and makes nothing in it.
. tests/lib.sh
. tests/limit.sh
need_root
need setpriv timeout
id nobody >/dev/null 2>&1 || skip "no user nobody"
id daemon >/dev/null 2>&1 || skip "no user daemon"
need_reach nobody svc-limit
need_reach daemon holdlock
nob=$(id -u nobody)
dae=$(id -u daemon)
open_T	# -u writes the port file
mkdir -m 1777 "$T/tmp"

# as UID CMD...: run CMD as that user, with its own group and no others
as() {
	_u=$1
	shift
	setpriv --reuid="$_u" --regid="$(id -g "$_u")" --clear-groups "$@"
}

# listen [VAR=VALUE...] -- [OPTION...] -- PROG...: svc-listen -u nobody
# on a free port, TMPDIR $T/tmp and neither XDG_RUNTIME_DIR nor
# SVC_RUNTIME_DIR unless given; $LISTENER its pid
listen() {
	_v=""
	while [ "$1" != -- ]; do
		_v="$_v $1"
		shift
	done
	shift
	_o=""
	while [ "$1" != -- ]; do
		_o="$_o $1"
		shift
	done
	shift
	# shellcheck disable=SC2086
	start -P "$T/port" env -u XDG_RUNTIME_DIR -u SVC_RUNTIME_DIR \
	    TMPDIR="$T/tmp" $_v svc-listen -u nobody $_o -p "$T/port" \
	    127.0.0.1:0 "$@"
	LISTENER=$LPID
}

# pid_from SRC: the pid of the last child svc-listen started for SRC
pid_from() {
	sed -n "s/^svc-listen: accept pid=\([0-9]*\) remote=$1:.*/\1/p" \
	    "$T/log" | tail -n 1
}

# made: what listeners left in $T/tmp (svc-listen.*), one a line
made() {
	ls -A "$T/tmp" | grep '^svc-listen\.' || true
}

svc='echo "HELLO ${SVC_RUNTIME_DIR-unset}"; exec cat'

# daemon took nobody's default directory and holds a lock on a file
# anyone can write there, named for the port
as "$dae" mkdir -m 777 "$T/tmp/svc-limit-$nob"
listen -- -- svc-limit -C 1 -m 'busy\n' sh -c "$svc"
as "$dae" sh -c "umask 0; : >'$T/tmp/svc-limit-$nob/$PORT'"
start setpriv --reuid="$dae" --regid="$(id -g "$dae")" --clear-groups \
    holdlock "$T/tmp/svc-limit-$nob/$PORT" 0 w >"$T/held"
wait_for "daemon's lock" 10 grep -q held "$T/held"

# served, and -C 1 holds: the second connection of a source is refused
hold h1 127.0.0.2
h1=$LPID
expect_eq "$(from 127.0.0.2)" busy "second from 127.0.0.2"
expect_log "svc-limit: deny remote=127.0.0.2:"
expect_log "reason=conc limit=1 source=127.0.0.2"
expect "$(from 127.0.0.3)" "HELLO $T/tmp/svc-listen."

# the child saw the directory: nobody's, 0700, the state file in it
dir=$(sed -n 's/^HELLO //p' "$T/h1")
expect_eq "$(made)" "${dir##*/}" "directories made"
expect_eq "$(stat -c '%a %u' "$dir")" "700 $nob" "directory"
expect_eq "$(stat -c '%a %u' "$dir/svc-limit/$PORT")" "600 $nob" "state file"
expect_eq "$(ls -A "$T/tmp/svc-limit-$nob")" "$PORT" "squatted directory"
expect_not "$(cat "$T/log")" "fatal"

# TERM: gone, though a child still runs
stop "$LISTENER"
[ -e "$dir" ] && fail "$dir left after TERM"
expect_eq "$(made)" "" "directories left after TERM"
expect_not "$(cat "$T/log")" "warning"
stop "$h1"

# -d: there while the drain waits for a child, gone at its end
listen -- -d 30 -- svc-limit -C 1 sh -c "$svc"
hold h2 127.0.0.4
dir=$(sed -n 's/^HELLO //p' "$T/h2")
expect "$dir" "$T/tmp/svc-listen."
[ -f "$dir/svc-limit/$PORT" ] || fail "no state file in $dir"
kill -TERM "$LISTENER"
expect_log "svc-listen: drain signal=TERM"
[ -d "$dir" ] || fail "$dir gone before the drain ended"
pid=$(pid_from 127.0.0.4)
[ -n "$pid" ] || fail "no pid for 127.0.0.4"
kill -TERM "$pid"
expect_log "svc-listen: stop signal=TERM" 30
wait "$LISTENER"
[ -e "$dir" ] && fail "$dir left after the drain"
expect_eq "$(made)" "" "directories left after the drain"

# none as root: the children see no SVC_RUNTIME_DIR
start -P "$T/port" env -u XDG_RUNTIME_DIR -u SVC_RUNTIME_DIR \
    TMPDIR="$T/tmp" svc-listen -p "$T/port" 127.0.0.1:0 sh -c "$svc"
expect_eq "$(from 127.0.0.5)" "HELLO unset" "as root"
expect_eq "$(made)" "" "directories made as root"
stop "$LPID"

# none with XDG_RUNTIME_DIR: svc-limit's state goes there
mkdir -m 700 "$T/xdg"
chown "$nob" "$T/xdg"
listen XDG_RUNTIME_DIR="$T/xdg" -- -- svc-limit -C 1 sh -c "$svc"
expect_eq "$(from 127.0.0.5)" "HELLO unset" "with XDG_RUNTIME_DIR"
expect_eq "$(made)" "" "directories made with XDG_RUNTIME_DIR"
[ -f "$T/xdg/svc-limit/$PORT" ] || fail "no state file in $T/xdg"
stop "$LISTENER"

# root's XDG_RUNTIME_DIR, left in the environment across -u: removed,
# and the listener's own directory given instead (svc-limit refused
# every connection with it)
mkdir -m 700 "$T/rootxdg"
listen XDG_RUNTIME_DIR="$T/rootxdg" -- -- svc-limit -C 1 sh -c \
    'echo "HELLO ${XDG_RUNTIME_DIR-unset} ${SVC_RUNTIME_DIR:+set}"'
expect_eq "$(from 127.0.0.5)" "HELLO unset set" "with root's XDG_RUNTIME_DIR"
[ -e "$T/rootxdg/svc-limit" ] && fail "svc-limit used root's XDG_RUNTIME_DIR"
stop "$LISTENER"

# none with SVC_RUNTIME_DIR given: passed on, used, and left at the stop
mkdir -m 700 "$T/own"
chown "$nob" "$T/own"
listen SVC_RUNTIME_DIR="$T/own" -- -- svc-limit -C 1 sh -c "$svc"
expect_eq "$(from 127.0.0.5)" "HELLO $T/own" "with SVC_RUNTIME_DIR"
expect_eq "$(made)" "" "directories made with SVC_RUNTIME_DIR"
stop "$LISTENER"
[ -f "$T/own/svc-limit/$PORT" ] || fail "the given directory was emptied"

# one that cannot be made: one warning, and service goes on
mkdir -m 755 "$T/ro"
newlog
listen TMPDIR="$T/ro" -- -- sh -c "$svc"
expect_eq "$(from 127.0.0.5)" "HELLO unset" "no directory made"
expect_eq "$(log_count 'warning')" 1 "warnings: $(cat "$T/log")"
expect_log "svc-listen: warning: unable to make a directory for SVC_RUNTIME_DIR in $T/ro: Permission denied"
stop "$LISTENER"

# a SVC_RUNTIME_DIR of daemon's, or one others can write: refused, with
# nothing made in it, run alone or behind the listener
mkdir -m 755 "$T/theirs" "$T/open"
chown "$dae" "$T/theirs"
chmod 777 "$T/open"
chown "$nob" "$T/open"
for d in "$T/theirs" "$T/open"; do
	as "$nob" env -u XDG_RUNTIME_DIR SVC_RUNTIME_DIR="$d" \
	    TMPDIR="$T/tmp" TCPREMOTEIP=127.0.0.1 TCPLOCALPORT=4242 \
	    timeout 30 svc-limit -C 2 true 2>"$T/err" </dev/null
	expect_eq "$?" 111 "status, SVC_RUNTIME_DIR $d: $(cat "$T/err")"
	expect_eq "$(cat "$T/err")" "svc-limit: fatal: refusing SVC_RUNTIME_DIR $d: not a directory of uid $nob that only it can write"
	expect_eq "$(ls -A "$d")" "" "made in $d"
done
newlog
listen SVC_RUNTIME_DIR="$T/open" -- -- svc-limit -C 1 sh -c "$svc"
expect_eq "$(from 127.0.0.5)" "" "behind the listener"
expect_log "svc-limit: fatal: refusing SVC_RUNTIME_DIR $T/open: not a directory of uid $nob"
expect_eq "$(ls -A "$T/open")" "" "made in $T/open"
stop "$LISTENER"
exit 0
