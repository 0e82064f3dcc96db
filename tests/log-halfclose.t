# log-halfclose.t: -x forwards a half-close each way, exactly.  The
# client shuts down writing -> the program reads EOF and can still
# answer; the program closes its output -> the client reads EOF while
# its own data still flows to the program.
. tests/lib.sh
. tests/log.sh

# 1. client EOF first: the answer is written only after the program's EOF
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log -x \
    sh -c 'n=$(wc -c); echo "got $n after eof"'
out=$(printf 'abcd' | client)
expect_eq "$(echo $out)" "got 4 after eof" "answer after the client's EOF"
expect_log 'svc-log: end'
pid=$(field "$(endline)" pid)
expect_log "svc-log: $pid < 4 eof"
expect_eq "$(field "$(endline)" in)" 4 "in="
expect_eq "$(field "$(endline)" out)" 16 "out="
stop "$LPID"

# 2. the program's EOF first: once it has the client's first words it
# says bye, closes its output, and goes on reading what the client
# sends after it has seen that EOF.  Waiting for the first words fixes
# the order of the trace: "< 0 6" is logged before the program can
# answer, "> 3 eof" before the client can see that EOF and send more.
newlog
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-log -x \
    sh -c 'head -c 6 >"$0"; printf bye; exec 1>&-; cat >>"$0"' "$T/got"
rm -f "$T/in"
mkfifo "$T/in"
# tcpc, since svc-connect ends at the server's EOF; exec: nothing else
# may hold the pipe, so that cat sees the client close its output
(exec tcpc 127.0.0.1 "$PORT" <"$T/in") |
    { cat >"$T/out"; : >"$T/eof"; } &
exec 3>"$T/in"
printf 'early ' >&3
wait_for "the client to see EOF" 10 test -e "$T/eof"
expect_eq "$(cat "$T/out")" bye "reply before EOF"
printf 'late' >&3
exec 3>&-
wait "$!"
expect_log 'svc-log: end'
expect_eq "$(cat "$T/got")" "early late" "what the program read"
pid=$(field "$(endline)" pid)
expect_log "svc-log: $pid > 3 eof"
expect_log "svc-log: $pid < 10 eof"
expect "$(endline)" ' status=0 '
expect_eq "$(field "$(endline)" in)" 10 "in="
expect_eq "$(field "$(endline)" out)" 3 "out="
# the program's EOF was forwarded before the client's late data came
# (the early data and the program's bye race each other: either first)
order=$(grep "^svc-log: $pid " "$T/log" | cut -d' ' -f3-5 | grep -v '^< 0 6$')
expect_eq "$(echo $order)" "> 0 3 > 3 eof < 6 4 < 10 eof" "order"
expect_log "svc-log: $pid < 0 6 \"early \""
exit 0
