# log-notfound.t: a program that is not there -> one clear line and 127;
# there but not runnable -> 126 (DESIGN.md, as env(1) and the shell);
# both modes, and behind svc-listen the client is closed, not left hanging.
. tests/lib.sh
. tests/log.sh

for mode in "" -x; do
	svc-log $mode no-such-program-here </dev/null 2>"$T/err"
	expect_eq "$?" 127 "status for a missing program ($mode)"
	expect_eq "$(cat "$T/err")" \
	    "svc-log: fatal: unable to run no-such-program-here: No such file or directory" \
	    "the line ($mode)"

	svc-log $mode "$T/nothere/prog" </dev/null 2>"$T/err"
	expect_eq "$?" 127 "status for a missing path ($mode)"

	printf 'echo hi\n' >"$T/noexec"
	chmod 644 "$T/noexec"
	svc-log $mode "$T/noexec" </dev/null 2>"$T/err"
	expect_eq "$?" 126 "status for a file without x ($mode)"
	expect "$(cat "$T/err")" "svc-log: fatal: unable to run $T/noexec: "

	svc-log $mode "$T" </dev/null 2>"$T/err"
	expect_eq "$?" 126 "status for a directory ($mode)"
done

start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log no-such-program-here
out=$(echo hi | client)
expect_eq "$out" "" "nothing back"
expect_log 'svc-log: fatal: unable to run no-such-program-here: No such file'
expect_log 'status=127'
expect_eq "$(log_count 'svc-log: end')" 0 "end lines"
exit 0
