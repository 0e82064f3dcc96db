# listen-ucspi-unix.t: Debian's ucspi-unix and the suite talk both ways:
# unixclient to svc-listen, svc-connect to unixserver; both see the same
# environment names (PROTO=UNIX, UNIXREMOTEEUID, ...)
. tests/lib.sh
need unixclient unixserver

# unixclient -> svc-listen
start -P "$T/path" svc-listen -p "$T/path" "$T/s.sock" \
    sh -c 'read n; echo "hello $n $PROTO $UNIXREMOTEEUID $UNIXREMOTEPID"'
out=$(unixclient "$T/s.sock" sh -c 'echo "$$" >&2; echo ucspi >&7; cat <&6' \
    2>"$T/cpid")
expect_eq "$out" "hello ucspi UNIX $(id -u) $(cat "$T/cpid")" \
    "unixclient to svc-listen"
stop "$LPID"

# svc-connect -> unixserver, pipe mode and UCSPI mode
POSIXLY_CORRECT=1 start unixserver "$T/u.sock" sh -c 'read n; echo "hello $n $PROTO $UNIXREMOTEEUID $UNIXREMOTEPID"'
out=$(echo pipe | svc-connect -w 10 "$T/u.sock")
expect "$out" "hello pipe UNIX $(id -u) "
out=$(svc-connect -w 10 "$T/u.sock" sh -c \
    'echo "$$ $PROTO $UNIXREMOTEEUID $UNIXREMOTEPID" >&2; echo ucspi >&7; cat <&6' \
    2>"$T/env")
set -- $(cat "$T/env")
expect_eq "$out" "hello ucspi UNIX $(id -u) $1" "svc-connect to unixserver"
expect_eq "$2 $3" "UNIX $(id -u)" "svc-connect's own UCSPI variables"
expect_eq "$4" "$LPID" "UNIXREMOTEPID: the server's pid (unixserver)"

# load mode to a path
out=$(svc-connect -n 20 -c 4 -s "x\\n" "$T/u.sock" 2>&1)
expect "$out" "conns=20 errors=0"
exit 0
