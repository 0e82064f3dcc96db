# limit-fd.t: with -C or -c the program gets one descriptor more, the
# state file, through which its slot is held; with rates only, or for an
# exempt client, it gets fds 0, 1 and 2 alone.  Where locks belong to the
# open file (Linux), a slot stays held while any process of the
# connection keeps that descriptor, even after the first one is killed.
. tests/lib.sh
need ps
. tests/limit.sh

serve -R 100/s -C 5 -a 127.0.0.3 fdlist
expect_eq "$(from 127.0.0.2 | tr '\n' ' ')" "0 1 2 3 " "with -C"
expect_eq "$(from 127.0.0.3 | tr '\n' ' ')" "0 1 2 " "exempt"
stop "$LPID"
serve -R 100/s -r 1000/s fdlist
expect_eq "$(from 127.0.0.2 | tr '\n' ' ')" "0 1 2 " "rates only"
stop "$LPID"
newlog

# the service forks a child that keeps the descriptor and says its pid,
# then waits on the connection itself
[ "$(uname -s)" = Linux ] || skip "slots held by the open file: Linux only"

# dead PID: PID has exited (a zombie counts: its descriptors are closed)
dead() {
	! kill -0 "$1" 2>/dev/null ||
	    [ "$(ps -o stat= -p "$1" | cut -c 1)" = Z ]
}

serve -C 1 -m 'busy\n' sh -c 'sleep 60 & echo "HELLO $!"; exec cat'
hold h1 127.0.0.2
child=$(sed -n 's/^HELLO //p' "$T/h1")
[ -n "$child" ] || fail "no child pid"
main=$(pid_of 127.0.0.2)
kill -KILL "$main"
wait_for "pid $main to end" 10 gone "$main"
expect_eq "$(from 127.0.0.2)" busy "while the child lives"
kill -KILL "$child"
wait_for "the child to end" 10 dead "$child"
hold h2 127.0.0.2
child=$(sed -n 's/^HELLO //p' "$T/h2")
kill -KILL "$child"
wait_for "the second child to end" 10 dead "$child"
