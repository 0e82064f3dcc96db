# log-timeout.t: -t ends a program that never exits after its lifetime,
# -i (with -x) after no byte passed either way for that long: SIGTERM,
# then SIGKILL -k seconds later if it is still there; the end line says
# reason=lifetime or reason=idle.  Bounds are generous: a busy machine
# may be slow, but never early.
. tests/lib.sh
. tests/log.sh

# within LINE LO HI: LO <= duration < HI milliseconds
within() {
	_d=$(ms "$(field "$1" duration)")
	[ "$_d" -ge "$2" ] && [ "$_d" -lt "$3" ] ||
	    fail "duration $_d ms, want $2 to $3: $1"
}

# -t, default mode: sleep is ended by SIGTERM after 1 s
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log -t 1 sleep 60
converse
expect_log 'svc-log: end' 15
hangup
line=$(endline)
expect "$line" ' signal=TERM '
expect "$line" ' reason=lifetime'
within "$line" 1000 8000
stop "$LPID"

# -t with -x, and a program that ignores SIGTERM: SIGKILL after -k 0.5
newlog
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log -x -t 1 -k 0.5 \
    sh -c 'trap "" TERM; printf ready; exec sleep 60'
converse
wait_for "the program to start" 10 grep -q ready "$T/out"
expect_log 'svc-log: end' 15
hangup
line=$(endline)
expect "$line" ' signal=KILL '
expect "$line" ' reason=lifetime'
within "$line" 1500 8500
stop "$LPID"

# -i: cat with a client that says one thing, then nothing
newlog
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log -x -i 1 cat
converse
printf 'ping' >&3
wait_for "the echo" 10 grep -q ping "$T/out"
expect_log 'svc-log: end' 15
hangup
line=$(endline)
expect "$line" ' signal=TERM '
expect "$line" ' reason=idle'
expect "$line" ' in=4 out=4 '
within "$line" 1000 8000
stop "$LPID"

# -i counts from the last byte: a program that writes every 0.2 s for
# 2 s is never idle for 1 s, and ends on its own
newlog
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log -x -i 1 \
    sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do printf .; sleep 0.2; done'
client </dev/null >"$T/out"
expect_eq "$(cat "$T/out")" .......... "output"
expect_log 'svc-log: end' 15
line=$(endline)
expect "$line" ' status=0 '
expect_not "$line" 'reason='
within "$line" 2000 10000
exit 0
