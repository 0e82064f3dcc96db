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

# start CMD...: run CMD in the background, its stderr appended to $T/log;
# when CMD has "-p FILE" (the first -p, the listener's), wait for FILE
# and set $PORT.  $LPID is its pid.
start() {
	_pf="" _prev=""
	for _a in "$@"; do
		[ "$_prev" = "-p" ] && [ -z "$_pf" ] && _pf=$_a	# the first -p
		_prev=$_a
	done
	[ -n "$_pf" ] && rm -f "$_pf"
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

# need CMD...: skip unless every command exists
need() {
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 || skip "$_c not installed"
	done
}

# open_T: let other users make files in $T (sticky, as /tmp is): a
# listener run with -u writes its -p file after dropping privileges
open_T() {
	chmod 1777 "$T"
}

# need_root: skip unless running as root
need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root"
}

# client ARGS...: the test client (svc-connect in pipe mode)
client() {
	svc-connect "$@"
}

# children_of PID: how many live (non-zombie) children PID has
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
