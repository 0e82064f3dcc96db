# listen-stopcont.t: a supervisor stops a service with SIGTERM and then
# SIGCONT (runsv's sv down, sv restart and sv exit, with its status files
# written in between; daemontools' svc -d).  However late the CONT comes,
# into the listener's exit included, the listener ends at once, with
# status 0 and its stop line: twenty times, CONT sent again and again
# until it has exited; then ten times with the CONTs sent to its process
# group, as GNU timeout sends them.
. tests/lib.sh
need setsid
[ -r /proc/$$/stat ] || skip "no /proc/PID/stat to see a process exit"

# over PID: PID has exited (a zombie until waited for) or is gone; read
# by the shell itself, so that the CONTs between two looks come quickly
over() {
	read -r _st 2>/dev/null </proc/"$1"/stat || return 0
	case ${_st##*) } in
	Z*) return 0 ;;
	esac
	return 1
}

# stops PID [TO]: SIGCONT after SIGCONT to TO (PID; -N: process group
# N) until PID has exited; false if it still runs after 10 s
stops() {
	_end=$(($(date +%s) + 10)) _k=0
	while ! over "$1"; do
		kill -s CONT -- "${2:-$1}" 2>/dev/null
		_k=$((_k + 1))
		[ $((_k % 1000)) = 0 ] && [ "$(date +%s)" -gt "$_end" ] &&
		    return 1
	done
	return 0
}

# round I [group]: start a listener (with group, as the leader of a
# process group of its own), TERM it, CONT it (or its group) until it
# has exited, which it must within 10 s and with status 0
round() {
	if [ $# = 2 ]; then
		# not a group leader, setsid execs at once: the pid is ours
		start -P "$T/port" setsid svc-listen -p "$T/port" 127.0.0.1:0 cat
		# the process group: field 5 of /proc/PID/stat (the command,
		# field 2, is "(svc-listend)", without spaces)
		expect_eq "$(awk '{ print $5 }' "/proc/$LPID/stat")" "$LPID" \
		    "process group of listener $1"
		_to=-$LPID
	else
		start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 cat
		_to=$LPID
	fi
	kill -TERM "$LPID"
	if ! stops "$LPID" "$_to"; then
		kill -KILL "$_to"	# so that the failure is quick
		fail "listener $1 still running 10 s after TERM and" \
		    "CONT${2:+ to its group}"
	fi
	wait "$LPID"
	expect_eq $? 0 "exit status of listener $1"
}

i=0
while [ $i -lt 20 ]; do
	i=$((i + 1))
	round $i
done
while [ $i -lt 30 ]; do
	i=$((i + 1))
	round $i group
done
expect_eq "$(log_count "svc-listen: stop signal=TERM conns=0")" 30 \
    "stop lines"
exit 0
