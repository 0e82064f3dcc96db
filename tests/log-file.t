# log-file.t: -o DIR writes each connection's lines to a file of its own,
# mode 0600, named TIME-IP-PORT-PID so that names sort by time; the lines
# are the ones on stderr.
. tests/lib.sh
. tests/log.sh

mkdir "$T/d"
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log -v -x -o "$T/d" cat
out=$(printf 'one\n' | client)
expect_eq "$out" one "echo"
expect_log 'svc-log: end'
first=$(field "$(endline)" pid)
out=$(printf 'two' | client)
expect_eq "$out" two "echo"
wait_for "the second end line" 10 log_atleast 2 'svc-log: end'
second=$(field "$(endline)" pid)
stop "$LPID"

set -- $(ls "$T/d")
[ $# = 2 ] || fail "want 2 files, got: $*"
case $1 in
[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z-127.0.0.1-[0-9]*-"$first") ;;
*) fail "first file name: $1" ;;
esac
expect "$2" "Z-127.0.0.1-"
expect "$2" "-$second"
# ls sorts by name: the first connection's file comes first
expect "$(cat "$T/d/$1")" 'svc-log: end'
expect "$(cat "$T/d/$1")" "svc-log: $first < 0 4 \"one\\n\""
expect "$(cat "$T/d/$2")" "svc-log: $second > 0 3 \"two\""
# the same lines as on stderr, in the same order
grep -e "^svc-log: .* pid=$first " -e "^svc-log: $first " "$T/log" >"$T/want"
cmp -s "$T/want" "$T/d/$1" ||
    fail "file differs from the log: $(diff "$T/want" "$T/d/$1")"
perm=$(ls -l "$T/d/$1" | cut -c1-10)
expect_eq "$perm" "-rw-------" "mode"

# default mode too, and a umask that would open it up changes nothing
newlog
rm -f "$T/d"/*
(umask 0; exec svc-log -o "$T/d" true) </dev/null 2>>"$T/log"
set -- $(ls "$T/d")
[ $# = 1 ] || fail "want 1 file, got: $*"
expect_eq "$(ls -l "$T/d/$1" | cut -c1-10)" "-rw-------" "mode with umask 0"
expect "$1" "Z-local-0-"
expect_eq "$(cat "$T/d/$1")" "$(cat "$T/log")" "default mode file"

# a directory that is not there: a warning, the program still runs
out=$(echo hi | svc-log -o "$T/nowhere" cat 2>"$T/err")
expect_eq "$out" hi "the program ran"
expect "$(cat "$T/err")" 'svc-log: warning: unable to create '
expect "$(cat "$T/err")" 'svc-log: end '
exit 0
