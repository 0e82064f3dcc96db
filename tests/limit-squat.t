# limit-squat.t: another local user cannot stall or steal svc-limit's
# state: a squatted default directory (reached by svc-limit run alone, as
# under another server; behind svc-listen, see limit-rundir.t) is
# refused before anything is made in it, a file of another user's or one
# others could open is refused, and a lock held by someone else is waited
# on for a bounded time, then the connection is refused with one line
# (status 111)
. tests/lib.sh
need_root
need setpriv timeout mkfifo
id nobody >/dev/null 2>&1 || skip "no user nobody"
id daemon >/dev/null 2>&1 || skip "no user daemon"
need_reach nobody svc-limit holdlock
need_reach daemon svc-limit holdlock
nob=$(id -u nobody)
dae=$(id -u daemon)
chmod 755 "$T"

# as UID CMD...: run CMD as that user, with its own group and no others
as() {
	_u=$1
	shift
	setpriv --reuid="$_u" --regid="$(id -g "$_u")" --clear-groups "$@"
}

# lim ARGS...: one svc-limit run for a client, bounded; status in $rc,
# its lines in $T/err
lim() {
	timeout 30 env TCPREMOTEIP=127.0.0.1 TCPLOCALPORT=4242 \
	    svc-limit "$@" 2>"$T/err" </dev/null >/dev/null
	rc=$?
}

# holder UID FILE MODE: holdlock as UID on byte 0 of FILE; waits for it
holder() {
	start setpriv --reuid="$1" --regid="$(id -g "$1")" --clear-groups \
	    holdlock "$2" 0 "$3" >"$T/held"
	HPID=$LPID
	wait_for "the lock of $1" 10 grep -q held "$T/held"
}

# a state file of root's with mode 0644, read-locked by nobody before
# svc-limit ever ran: refused at once, one line, left as it is (a chmod
# would not close nobody's descriptor); once removed, made anew 0600
mkdir "$T/d"
touch "$T/d/state"
chmod 644 "$T/d/state"
holder "$nob" "$T/d/state" r
lim -f "$T/d/state" -c 2 true
expect_eq "$rc" 111 "status, mode 644"
expect_eq "$(cat "$T/err")" "svc-limit: fatal: refusing state file $T/d/state: mode 644 lets others open it (remove it: svc-limit makes it with mode 0600)"
expect_eq "$(stat -c %a "$T/d/state")" 644 "mode"
lim -f "$T/d/state" -R 5/s true
expect_eq "$rc" 111 "status, mode 644, -R"
stop "$HPID"
chmod 640 "$T/d/state"
lim -f "$T/d/state" -C 2 true
expect_eq "$rc" 111 "status, mode 640"
expect "$(cat "$T/err")" "mode 640 lets others open it"
rm "$T/d/state"
lim -f "$T/d/state" -c 2 -R 5/s true
expect_eq "$rc" 0 "status once made anew: $(cat "$T/err")"
expect_eq "$(stat -c '%a %u' "$T/d/state")" "600 0" "mode made"
as "$nob" holdlock "$T/d/state" 0 r 2>/dev/null && fail "nobody opened it"

# a lock held by someone else (root's own file, locked by root: the
# only ones who can open it): a bounded wait, then one line
holdlock "$T/d/state" 0 w >"$T/held2" &
HPID=$!
PIDS="$PIDS $HPID"
wait_for "root's lock" 10 grep -q held "$T/held2"
lim -f "$T/d/state" -c 2 true
expect_eq "$rc" 111 "status with a held lock"
expect_eq "$(cat "$T/err")" "svc-limit: fatal: unable to lock $T/d/state: another process held it for 5 seconds"
stop "$HPID"
lim -f "$T/d/state" -c 2 true
expect_eq "$rc" 0 "status once the holder is gone: $(cat "$T/err")"

# a state file of another user's: refused before any lock, one line
touch "$T/d/other"
chown "$nob" "$T/d/other"
holder "$nob" "$T/d/other" w
lim -f "$T/d/other" -C 2 true
expect_eq "$rc" 111 "status, file of nobody's"
expect_eq "$(cat "$T/err")" "svc-limit: fatal: refusing state file $T/d/other: not a regular file of uid 0"
stop "$HPID"

# -f in a directory anyone can write and that is not sticky: refused
mkdir "$T/open"
chmod 777 "$T/open"
lim -f "$T/open/state" -C 2 true
expect_eq "$rc" 111 "status, -f in a world-writable directory"
expect "$(cat "$T/err")" "svc-limit: fatal: refusing $T/open: others can replace"
[ -e "$T/open/state" ] && fail "made a file in $T/open"

# a FIFO planted in a sticky directory: refused at once, no hang
mkdir "$T/tmp"
chmod 1777 "$T/tmp"
as "$nob" mkfifo "$T/tmp/fifo"
lim -f "$T/tmp/fifo" -C 2 true
expect_eq "$rc" 111 "status, a FIFO"
expect "$(cat "$T/err")" "svc-limit: fatal: refusing state file $T/tmp/fifo"

# the default directory of daemon under TMPDIR, made first by nobody,
# with a file anyone can write and a lock on it: refused at once, and
# nothing is made in it
as "$nob" mkdir -m 777 "$T/tmp/svc-limit-$dae"
as "$nob" sh -c "umask 0; : >'$T/tmp/svc-limit-$dae/4242'"
holder "$nob" "$T/tmp/svc-limit-$dae/4242" w
TMPDIR=$T/tmp as "$dae" env -u XDG_RUNTIME_DIR -u SVC_RUNTIME_DIR \
    TCPREMOTEIP=127.0.0.1 TCPLOCALPORT=4242 timeout 30 svc-limit -C 2 true \
    2>"$T/err" </dev/null
expect_eq "$?" 111 "status, squatted directory: $(cat "$T/err")"
expect_eq "$(wc -l <"$T/err")" 1 "lines: $(cat "$T/err")"
expect "$(cat "$T/err")" "svc-limit: fatal: refusing $T/tmp/svc-limit-$dae: not a directory of uid $dae that only it can write"
stop "$HPID"
rm "$T/tmp/svc-limit-$dae/4242"
TMPDIR=$T/tmp as "$dae" env -u XDG_RUNTIME_DIR -u SVC_RUNTIME_DIR \
    TCPREMOTEIP=127.0.0.1 TCPLOCALPORT=4242 timeout 30 svc-limit -C 2 true \
    2>"$T/err" </dev/null
expect_eq "$?" 111 "status, squatted empty directory"
expect_eq "$(ls -A "$T/tmp/svc-limit-$dae")" "" "files made in the squatted directory"

# with XDG_RUNTIME_DIR (private to the user) the squat does not matter
mkdir -m 700 "$T/xdg"
chown "$dae" "$T/xdg"
TMPDIR=$T/tmp XDG_RUNTIME_DIR=$T/xdg as "$dae" env TCPREMOTEIP=127.0.0.1 \
    TCPLOCALPORT=4242 timeout 30 svc-limit -C 2 true 2>"$T/err" </dev/null
expect_eq "$?" 0 "status under XDG_RUNTIME_DIR: $(cat "$T/err")"
expect_eq "$(stat -c '%a %u' "$T/xdg/svc-limit")" "700 $dae" "directory"
expect_eq "$(stat -c '%a %u' "$T/xdg/svc-limit/4242")" "600 $dae" "file"

# nor with SVC_RUNTIME_DIR (a listener's directory for its children)
mkdir -m 700 "$T/run"
chown "$dae" "$T/run"
TMPDIR=$T/tmp SVC_RUNTIME_DIR=$T/run as "$dae" env -u XDG_RUNTIME_DIR \
    TCPREMOTEIP=127.0.0.1 TCPLOCALPORT=4242 timeout 30 svc-limit -C 2 true \
    2>"$T/err" </dev/null
expect_eq "$?" 0 "status under SVC_RUNTIME_DIR: $(cat "$T/err")"
expect_eq "$(stat -c '%a %u' "$T/run/svc-limit/4242")" "600 $dae" "file"
exit 0
