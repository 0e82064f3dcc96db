# tests/fault.sh: sourced by tests/fault-*.t after lib.sh.  The programs
# of a dynamic build ($O/tests/fi/bin) first on PATH, and FI_PRELOAD the
# library (tests/fault/fault.c) that makes their system calls fail.
FI=$TOP/$O/tests/fi
# make check-build makes it against glibc only, whose calls it wraps
if [ ! -f "$FI/fault.so" ]; then
	printf '#ifndef __GLIBC__\n#error\n#endif\n' |
	    ${CC:-cc} -include stdio.h -E -x c - >/dev/null 2>&1 &&
	    fail "no fault-injection build in $FI (make check-build)"
	skip "fault injection wraps glibc's calls; this build is not against glibc"
fi
[ -x "$FI/bin/svc-listen" ] ||
    fail "no fault-injection build in $FI (make check-build)"
PATH=$FI/bin:$PATH
FI_PRELOAD=$FI/fault.so
# seeded: FAULT_SEED=N sh tests/run fault- repeats a run's sequence
FAULT_SEED=${FAULT_SEED:-1}
export PATH FAULT_SEED

# cpu_ticks PID: utime + stime (fields 14 and 15 of /proc/PID/stat)
cpu_ticks() {
	awk '{print $14 + $15}' "/proc/$1/stat"
}

# faults CALL: how many failures of CALL the library injected
faults() {
	grep -c " $1 " "$T/faults" 2>/dev/null || true
}

# no_children PID: PID has no child, live or zombie
no_children() {
	[ -z "$(ps -o pid= --ppid "$1" 2>/dev/null)" ]
}

# bursts_alternate: each "unable to" warning of the listener is followed
# by one recover line before the next: one warning per burst of failures
bursts_alternate() {
	awk '/svc-listen: warning: unable to (accept|fork|poll)/ {
		if (open) { print "two warnings in one burst: " $0; bad = 1 }
		open = 1; w++ }
	/svc-listen: recover op=/ {
		if (!open) { print "recover without a warning: " $0; bad = 1 }
		open = 0 }
	END { if (open) { print "a burst never recovered"; bad = 1 }
		print w " bursts"; exit bad }' "$T/log"
}
