# listen-exec.t: a program that cannot run is reported at start, with the
# statuses env(1) and the shell use; one that fails later is logged
. tests/lib.sh

svc-listen -p "$T/pf" 127.0.0.1:0 no-such-program-here 2>"$T/err"
expect_eq $? 127 "program not found"
[ -e "$T/pf" ] && fail "port file written for a listener that did not start"
expect_eq "$(cat "$T/err")" \
    "svc-listen: fatal: unable to run no-such-program-here: No such file or directory"
# tcpserver's order, host and port apart: the port taken for the program,
# and the line says how to write the address
svc-listen -p "$T/pf" 127.0.0.1:0 60321 cat 2>"$T/err"
expect_eq $? 127 "a port as the program"
expect_eq "$(cat "$T/err")" \
    "svc-listen: fatal: unable to run 60321: No such file or directory (the address is one operand: 60321 for every address, or host:60321)"
printf '#!/bin/sh\necho hi\n' >"$T/noexec"
chmod 644 "$T/noexec"
svc-listen 127.0.0.1:0 "$T/noexec" 2>"$T/err"
expect_eq $? 126 "program not executable"
expect "$(cat "$T/err")" "unable to run $T/noexec"

# a script without #! runs under sh, as execvp would run it
printf 'echo from a script\n' >"$T/nohashbang"
chmod 755 "$T/nohashbang"
start -P "$T/port0" svc-listen -p "$T/port0" 127.0.0.1:0 "$T/nohashbang"
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" "from a script" "script without #!"

# removed after start: the child says so and ends with 127
cp "$(command -v hello)" "$T/gone"
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 "$T/gone"
expect_eq "$(client 127.0.0.1 "$PORT" </dev/null)" HELLO "before removal"
rm "$T/gone"
client 127.0.0.1 "$PORT" </dev/null >/dev/null
expect_log "svc-listen: warning: unable to run $T/gone"
expect_log "status=127"
kill -0 "$LPID" || fail "listener died"
exit 0
