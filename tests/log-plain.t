# log-plain.t: svc-log outside a UCSPI server (a plain sh -c, no
# TCPREMOTEIP): the remote field and, for pipes, in/out are left out in
# default mode; -x counts exactly anyway.  The program gets no descriptor
# of svc-log's own, default signals and an empty mask, and SIGTERM, SIGINT
# and SIGHUP sent to svc-log reach it.
. tests/lib.sh
. tests/log.sh
unset TCPREMOTEIP TCPREMOTEPORT TCPLOCALIP TCPLOCALPORT PROTO

out=$(printf 'abc' | sh -c 'svc-log sh -c "cat; exit 4"' 2>"$T/err")
expect_eq "$?" 4 "status"
expect_eq "$out" abc "output"
line=$(cat "$T/err")
expect "$line" 'svc-log: end pid='
expect "$line" ' status=4 duration='
expect_not "$line" 'remote='
expect_not "$line" ' in='

out=$(printf 'abc' | sh -c 'svc-log -x sh -c "cat; printf d"' 2>"$T/err")
expect_eq "$out" abcd "output through -x"
expect "$(cat "$T/err")" ' < 0 3 "abc"'
expect "$(grep 'svc-log: end' "$T/err")" ' status=0 '
expect "$(grep 'svc-log: end' "$T/err")" ' in=3 out=4'
expect_not "$(cat "$T/err")" 'remote='
# the caller's descriptor flags are as they were (-x made them nonblocking)
if [ -r /proc/self/fdinfo/1 ]; then
	{ grep flags /proc/self/fdinfo/1; svc-log -x true </dev/null 2>/dev/null
	    grep flags /proc/self/fdinfo/1; } >"$T/flags"
	[ "$(sed -n 1p "$T/flags")" = "$(sed -n 2p "$T/flags")" ] ||
	    fail "fd 1 flags changed: $(cat "$T/flags")"
fi

# a clean start, even under ignored and blocked signals; fds 0, 1, 2 only
# (a sanitizer build's helper has handlers of its own: compare with it)
base=$(sigstate </dev/null)
for mode in "" -x; do
	out=$(trap '' HUP INT QUIT TERM PIPE USR1; svc-log $mode sigstate </dev/null \
	    2>/dev/null)
	expect_eq "$out" "$base" "signals ($mode)"
	# what svc-log got it passes on (say, a slot of svc-limit's), no more
	want=$(exec 5</dev/null; fdlist </dev/null)
	out=$(exec 5</dev/null; svc-log $mode fdlist </dev/null 2>/dev/null)
	expect "$(echo $want)" "0 1 2 5"
	expect_eq "$(echo $out)" "$(echo $want)" "descriptors ($mode)"
done

# the kernel's view too, which sees the C library's own signals (glibc's
# posix_spawn leaves 32 and 33 ignored; GNU make starts us that way, and
# no call of the C library can undo it, so compare with our own state)
if [ -r /proc/self/status ]; then
	base=$(grep -E '^Sig(Ign|Blk)' /proc/self/status)
	for mode in "" -x; do
		out=$(trap '' HUP INT QUIT TERM PIPE USR1; svc-log $mode \
		    grep -E '^Sig(Ign|Blk)' /proc/self/status </dev/null \
		    2>/dev/null)
		expect_eq "$(echo $out)" "$(echo $base)" \
		    "ignored and blocked ($mode)"
	done
fi

# signals sent to svc-log go to the program
for mode in "" -x; do
	for sig in TERM INT HUP; do
		rm -f "$T/ready"
		start svc-log $mode sh -c \
		    'trap "exit 7" '$sig'; : >"$0"; i=0
		    while [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
		    exit 9' \
		    "$T/ready"
		wait_for "the program to start" 10 test -e "$T/ready"
		kill -$sig "$LPID"
		wait "$LPID"
		expect_eq "$?" 7 "status after $sig ($mode)"
	done
done
expect_eq "$(log_count ' status=7 ')" 6 "end lines"

# killed by a signal: svc-log dies of the same one (SEGV is 11)
(svc-log sh -c 'ulimit -c 0; kill -SEGV $$' 2>"$T/err")
expect_eq "$?" 139 "status"
expect "$(cat "$T/err")" ' signal=SEGV '
exit 0
