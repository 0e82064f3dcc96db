# tests/lib.sh: helpers for end-to-end tests.  Sourced by tests/*.t, which
# tests/run starts in the top directory with $T a fresh directory, the
# built programs first on PATH.  Every wait is bounded; cleanup ends only
# the processes that start recorded.
set -u
: "${T:?run me through tests/run}"
PIDS=""
PORT=""
LPID=""

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
}
trap cleanup EXIT

# FAST: a second link of ours that changes nothing, for a test of one
# link to put after it: a chain of one link of ours is always exec'd, so
# only with a second one does the fast path's run (tests/run runs the
# link tests twice, the second time with TEST_X=1 and -X) run the link
# in-process.  svc-limit at a rate no test reaches, its lines off (the
# SVC_LIMIT_* variables, which svc-access rules may set, would change
# it: not for those tests); empty in the -X run.
if [ -z "${TEST_X:-}" ]; then
	FAST="svc-limit -q -f $T/fast.state -R 1000000/s"
else
	FAST=""
fi

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 77
}

# wait_for WHAT SECS CMD...: run CMD every 20 ms until it succeeds
wait_for() {
	_what=$1 _n=$(($2 * 50))
	shift 2
	while [ "$_n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.02
		_n=$((_n - 1))
	done
	fail "timed out waiting for $_what"
}

# newlog: $T/log emptied for the next part of a test, once the processes
# a stop left running have ended: a chain whose listener was stopped can
# still be ending (the listener does not wait for it), and its last line
# would land in the new log.  Bounded: after 10 s it is emptied anyway.
newlog() {
	_n=500
	for _p in $STOPPED; do
		while [ "$_n" -gt 0 ] && kill -0 "$_p" 2>/dev/null; do
			sleep 0.02
			_n=$((_n - 1))
		done
	done
	STOPPED=""
	: >"$T/log"
}
STOPPED=""

# kids PID: the processes under PID, its children and theirs (from
# Linux's /proc; elsewhere none)
kids() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$1" '
	{ pid = $1; sub(/.*\) /, ""); up[pid] = $2 }
	END {
		n = 0; q[n++] = root
		for (i = 0; i < n; i++)
			for (p in up)
				if (up[p] == q[i]) { q[n++] = p; print p }
	}'
}

# start [-P FILE] CMD...: run CMD in the background, its stderr appended
# to $T/log, $LPID its pid; with -P, wait until CMD has written its port
# to FILE (as svc-listen -p FILE does) and set $PORT.
start() {
	_pf=""
	if [ "$1" = -P ]; then
		_pf=$2
		shift 2
		rm -f "$_pf"
	fi
	"$@" 2>>"$T/log" &
	LPID=$!
	PIDS="$PIDS $LPID"
	if [ -n "$_pf" ]; then
		wait_for "port file $_pf" 10 test -s "$_pf"
		PORT=$(cat "$_pf")
	fi
}

# stop PID: SIGTERM and wait for it
stop() {
	STOPPED="$STOPPED $(kids "$1")"
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# expect OUTPUT STRING: OUTPUT contains STRING
expect() {
	case $1 in
	*"$2"*) ;;
	*) fail "expected '$2' in: $1" ;;
	esac
}

# expect_not OUTPUT STRING: OUTPUT does not contain STRING
expect_not() {
	case $1 in
	*"$2"*) fail "did not expect '$2' in: $1" ;;
	esac
}

# expect_eq GOT WANT [WHAT]
expect_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: got '$1', want '$2'"
}

# log_has STRING: the log holds STRING
log_has() {
	grep -qF -- "$1" "$T/log" 2>/dev/null
}

# expect_log STRING [SECS]: wait until the log holds STRING
expect_log() {
	wait_for "log line '$1'" "${2:-10}" log_has "$1"
}

# log_count STRING: how many log lines hold STRING
log_count() {
	grep -cF -- "$1" "$T/log" 2>/dev/null || true
}

# pkg_of CMD: the Debian package that has CMD (tests/tools), or CMD
pkg_of() {
	awk -v c="$1" '$1 == c { print $2; f = 1 } END { if (!f) print c }' \
	    "$TOP/tests/tools"
}

# need CMD...: skip unless every command exists, naming its package
need() {
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 ||
		    skip "$_c not installed (Debian package $(pkg_of "$_c"))"
	done
}

# need_file FILE PACKAGE: skip unless FILE exists
need_file() {
	[ -e "$1" ] || skip "no $1 (Debian package $2)"
}

# counts_tcp: the build reads TCP_INFO's byte counters (built without
# -DSVC_PORTABLE, which leaves svc-log's in= and out= out)
counts_tcp() {
	case " ${SVC_CPPFLAGS:-} " in
	*" -DSVC_PORTABLE "*) return 1 ;;
	esac
	[ "$(uname -s)" = Linux ]
}

# open_T: let other users make files in $T (sticky, as /tmp is): a
# listener run with -u writes its -p file after dropping privileges
open_T() {
	chmod 1777 "$T"
}

# need_reach USER CMD...: skip unless USER (a name or a uid) can run each
# CMD where it is: a checkout under a private folder, such as /root, is
# out of reach of the users a test runs programs as
need_reach() {
	_u=$1
	shift
	need setpriv
	_g=$(id -g "$_u" 2>/dev/null || echo "$_u")
	_u=$(id -u "$_u" 2>/dev/null || echo "$_u")
	for _c in "$@"; do
		_p=$(command -v "$_c") || skip "$_c not found"
		setpriv --reuid="$_u" --regid="$_g" --clear-groups test -x "$_p" ||
		    skip "uid $_u cannot run $_p (a folder on the way is private)"
	done
}

# need_root: skip unless running as root
need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root"
}

# client ARGS...: the test client (svc-connect in pipe mode)
client() {
	svc-connect "$@"
}

# children_of PID: how many live (non-zombie) children PID has (need ps)
children_of() {
	ps -o stat= --ppid "$1" 2>/dev/null | grep -vc '^Z' || true
}

# zombies_of PID: how many zombie children PID has
zombies_of() {
	ps -o stat= --ppid "$1" 2>/dev/null | grep -c '^Z' || true
}

# nfds PID: how many descriptors PID has open
nfds() {
	ls "/proc/$1/fd" | wc -l
}

# log_atleast N STRING: the log holds STRING on at least N lines
log_atleast() {
	[ "$(log_count "$2")" -ge "$1" ]
}
