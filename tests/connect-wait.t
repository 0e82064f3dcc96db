# connect-wait.t: -z probes, -w waits for a service that starts late and
# gives up with 111 on one that never starts
. tests/lib.sh

start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 sh -c 'read n; echo "hello $n"'
port=$PORT
svc-connect -z 127.0.0.1 "$port" </dev/null || fail "-z open: status $?"
# a port that is free now: the one the listener had, once it is stopped
stop "$LPID"
err=$(svc-connect -z 127.0.0.1 "$port" 2>&1)
expect_eq "$?" 111 "-z closed"
expect "$err" "unable to connect to 127.0.0.1:$port: Connection refused"

# -w 2, nobody listening: about 2 s of retries, then 111
t0=$(date +%s)
err=$(svc-connect -w 2 127.0.0.1 "$port" 2>&1 </dev/null)
rc=$? t1=$(date +%s)
expect_eq "$rc" 111 "-w that never connects"
expect "$err" "unable to connect to 127.0.0.1:$port: Connection refused"
[ $((t1 - t0)) -ge 1 ] && [ $((t1 - t0)) -le 10 ] ||
    fail "-w 2 gave up after $((t1 - t0)) s"

# -w 10: the client retries (its -v log says so), the server comes up
# a second later (the scenario, not a wait for anything), and it connects
echo gonzalo | svc-connect -v -w 10 127.0.0.1 "$port" >"$T/out" \
    2>>"$T/log" &
cpid=$!
PIDS="$PIDS $cpid"
expect_log "svc-connect: retry remote=127.0.0.1:$port"
sleep 1
start -P "$T/port" svc-listen -p "$T/port" "127.0.0.1:$port" \
    sh -c 'read n; echo "hello $n"'
wait "$cpid"
expect_eq "$?" 0 "-w status once the server is up"
expect_eq "$(cat "$T/out")" "hello gonzalo" "-w reply"
