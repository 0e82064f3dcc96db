# limit-total-conc.t: -c 2 counts every source's open connections; a
# slot killed with SIGKILL is free again at once, never leaked
. tests/lib.sh
. tests/limit.sh

serve -c 2 -m 'full\n' sh -c 'echo HELLO; exec cat'
hold h1 127.0.0.2
c1=$LPID
hold h2 127.0.0.3
expect_eq "$(from 127.0.0.4)" full "third source"
expect_log "reason=total-conc limit=2"
expect_not "$(grep reason=total-conc "$T/log")" "source="

pid=$(pid_of 127.0.0.3)
kill -KILL "$pid"
wait_for "pid $pid to end" 10 gone "$pid"
hold h3 127.0.0.4
c3=$LPID
expect_eq "$(from 127.0.0.5)" full "full again"
# clients that hang up end their connections and free the slots too
stop "$c1"
stop "$c3"
wait_for "every connection to end" 10 sh -c \
    '[ "$(grep -c "accept pid" "$T/log")" = "$(grep -c "end pid" "$T/log")" ]'
hold h4 127.0.0.6
hold h5 127.0.0.7
expect_eq "$(from 127.0.0.8)" full "full with two new"
expect_eq "$(log_count 'reason=total-conc')" 3 "deny lines"
