# tests/pkg.sh: helpers for the packaging and supervision tests
# (tests/pkg-*.t), sourced after tests/lib.sh.

# mk ARGS...: make in the top directory, quietly, for the build under
# test (the sanitized one under "make test SAN=1")
mk() {
	if [ "$O" = san ]; then
		make -s -C "$TOP" SAN=1 "$@"
	else
		make -s -C "$TOP" O="$O" "$@"
	fi
}

# version: lib/die.h's SVC_VERSION
version() {
	sed -n 's/^#define SVC_VERSION "\(.*\)"$/\1/p' "$TOP/lib/die.h"
}

# alive PID: PID is running (a zombie is not)
alive() {
	_st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	case $_st in
	Z*|'') return 1 ;;
	esac
}

# dead PID: PID is not running
dead() {
	! alive "$1"
}

# unsupervised DIR: no s6-supervise runs on DIR
unsupervised() {
	! s6-svok "$1"
}

# has_child PID: PID has at least one running child
has_child() {
	[ "$(children_of "$1")" -ge 1 ]
}

# not_listening PORT: nothing accepts on 127.0.0.1:PORT any more
not_listening() {
	! svc-connect -z 127.0.0.1 "$1" >/dev/null 2>&1
}

# example KIND DIR: copy the hello service of package/examples/KIND to
# DIR and set it to listen on a free loopback port, written to $T/port:
# the run scripts read env/ADDR and env/OPTS, so the example runs as
# shipped, only its settings differ
example() {
	cp -R "$TOP/package/examples/$1/hello" "$2" ||
		fail "unable to copy the $1 example"
	echo 127.0.0.1:0 >"$2/env/ADDR"
	echo "-p $T/port" >"$2/env/OPTS"
	rm -f "$T/port"
	open_T	# the example's -u nobody writes it
}

# hello PORT NAME: the hello service on PORT answers NAME
hello() {
	_out=$(echo "$2" | client 127.0.0.1 "$1")
	expect_eq "$_out" "hello $2" "reply of the hello service"
}

# up: wait for the example's port file, set $PORT, see it answer
up() {
	wait_for "the port file" 10 test -s "$T/port"
	PORT=$(cat "$T/port")
	hello "$PORT" gonzalo
}

# logged DIR STAMP: the logger of the example in DIR keeps the
# listener's lines in DIR/log/main/current, each after a time stamp that
# the basic regular expression STAMP matches
logged() {
	_cur=$1/log/main/current
	wait_for "the log file" 10 grep -q "svc-listen: end pid=" "$_cur"
	grep -q "^$2 svc-listen: start local=127.0.0.1:$PORT max=100\$" \
	    "$_cur" || fail "no stamped start line in $_cur: $(cat "$_cur")"
}

# restart_keeps DIR PIDCMD RESTART...: with a connection open to the
# hello service of DIR listening on $PORT, restart it with RESTART: the
# listener (PIDCMD prints its pid) is replaced by a new one on the same
# port, which serves new connections, while the open connection, whose
# program started before the restart, completes.
restart_keeps() {
	_dir=$1 _pidcmd=$2
	shift 2
	# the new listener takes the port the kernel gave the first one
	echo "127.0.0.1:$PORT" >"$_dir/env/ADDR"
	_old=$($_pidcmd)
	[ -n "$_old" ] || fail "no listener pid"
	rm -f "$T/in"
	mkfifo "$T/in"
	exec 8<>"$T/in"
	(exec 8>&-; client 127.0.0.1 "$PORT" <"$T/in" >"$T/held") &
	_cpid=$!
	wait_for "the held connection's program" 10 has_child "$_old"
	rm -f "$T/port"
	"$@" || fail "$* failed"
	wait_for "the old listener to exit" 10 dead "$_old"
	wait_for "the new listener's port file" 10 test -s "$T/port"
	expect_eq "$(cat "$T/port")" "$PORT" "port after restart"
	_new=$($_pidcmd)
	[ -n "$_new" ] && [ "$_new" != "$_old" ] ||
		fail "listener pid after restart: '$_new', before: $_old"
	hello "$PORT" after
	echo held >&8
	exec 8>&-
	wait "$_cpid" || fail "the held connection failed"
	expect_eq "$(cat "$T/held")" "hello held" "connection held across restart"
}
