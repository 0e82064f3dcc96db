# limit-conc.t: -C 2 refuses a source's third connection while two are
# held, and admits again as soon as one holder is killed with SIGKILL
. tests/lib.sh
. tests/limit.sh

serve -C 2 -m 'busy\n' sh -c 'echo HELLO; exec cat'
hold h1 127.0.0.2
hold h2 127.0.0.2
expect_eq "$(from 127.0.0.2)" busy "third from 127.0.0.2"
expect_log "svc-limit: deny remote=127.0.0.2:"
expect_log "reason=conc limit=2 source=127.0.0.2"
expect_eq "$(from 127.0.0.3)" HELLO "another source"

pid=$(pid_of 127.0.0.2)
[ -n "$pid" ] || fail "no pid for the first holder"
kill -KILL "$pid"
wait_for "pid $pid to end" 10 gone "$pid"
# exactly one slot came free: one more holder fits, the next does not
hold h3 127.0.0.2
expect_eq "$(from 127.0.0.2)" busy "third again"
expect_eq "$(log_count 'reason=conc')" 2 "deny lines"
