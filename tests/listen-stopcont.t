# listen-stopcont.t: a supervisor stops a service with SIGTERM and then
# SIGCONT (runsv's sv down, sv restart and sv exit, with its status files
# written in between; daemontools' svc -d).  However late the CONT comes,
# into the listener's exit included, the listener ends at once, with
# status 0 and its stop line: twenty times, CONT sent again and again
# until it has exited.
. tests/lib.sh
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

# stops PID: SIGCONT after SIGCONT until PID has exited; false if it
# still runs after 10 s
stops() {
	_end=$(($(date +%s) + 10)) _k=0
	while ! over "$1"; do
		kill -CONT "$1" 2>/dev/null
		_k=$((_k + 1))
		[ $((_k % 1000)) = 0 ] && [ "$(date +%s)" -gt "$_end" ] &&
		    return 1
	done
	return 0
}

n=20 i=0
while [ $i -lt $n ]; do
	i=$((i + 1))
	start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 cat
	kill -TERM "$LPID"
	if ! stops "$LPID"; then
		kill -KILL "$LPID"	# so that the failure is quick
		fail "listener $i still running 10 s after TERM and CONT"
	fi
	wait "$LPID"
	expect_eq $? 0 "exit status of listener $i"
done
expect_eq "$(log_count "svc-listen: stop signal=TERM conns=0")" "$n" \
    "stop lines"
exit 0
