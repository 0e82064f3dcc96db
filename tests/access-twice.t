# access-twice.t: a chain that holds svc-access twice: the second starts
# from its own options, never the first's (-X, the kind of rules file),
# whether it is exec'd or run in the same forked child as the first
. tests/lib.sh
. tests/access.sh

printf '127.0.0.0/8 allow FOO=one\n* deny\n' >"$T/allow"
printf '127.0.0.0/8 allow BAR=two\n* deny\n' >"$T/bar"
svc-access -c "$T/bar" "$T/bar.idx" || fail "compile"

# -X lets the first in without its file; the second has no -X: denied
serve -X -f "$T/none" svc-access -f "$T/gone"
expect_eq "$(from 127.0.0.1)" "" "the second svc-access took the first's -X"
expect_log "svc-access: deny remote=127.0.0.1:" 10
expect_log " file=$T/gone error=\"No such file or directory\""
log_has "fatal" && fail "a fatal line: $(cat "$T/log")"
stop "$LPID"
newlog

# a text file, then an index: each its own kind, both rules applied
serve -f "$T/allow" svc-access -i "$T/bar.idx"
expect "$(from 127.0.0.1)" "ok FOO=one BAR=two "
log_has "fatal" && fail "a fatal line: $(cat "$T/log")"
stop "$LPID"
newlog

# -q in the first only: the second still logs its refusal
serve -q -f "$T/allow" svc-access -f "$T/gone"
expect_eq "$(from 127.0.0.1)" "" "denied by the second"
expect_log "svc-access: deny remote=127.0.0.1:" 10
stop "$LPID"
