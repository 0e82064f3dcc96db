# access-limit.t: a rule's SVC_LIMIT_* variables change svc-limit's
# limits for the network it matches and for no other
. tests/lib.sh
. tests/limit.sh

cat >"$T/rules" <<'R'
127.0.0.2/32   allow SVC_LIMIT_R=1/m
127.0.0.4/32   allow SVC_LIMIT_R=nonsense
*              allow
R
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-access -f "$T/rules" \
    svc-limit -f "$T/state" -R 100/s -m 'busy\n' hello
expect_eq "$(from 127.0.0.2)" HELLO "127.0.0.2, first"
expect_eq "$(from 127.0.0.2)" busy "127.0.0.2, second: its rule's 1/m"
for i in 1 2 3 4 5; do
	expect_eq "$(from 127.0.0.3)" HELLO "127.0.0.3 connection $i: 100/s"
done
expect_log "svc-limit: deny remote=127.0.0.2:"
expect_log "reason=rate limit=1/m source=127.0.0.2"
log_has "svc-limit: deny remote=127.0.0.3:" && fail "127.0.0.3 limited"
# a bad value from a rule is bad configuration: refused, named
expect_eq "$(from 127.0.0.4)" "" "127.0.0.4: a bad SVC_LIMIT_R"
expect_log "svc-limit: fatal: SVC_LIMIT_R wants n/period"
stop "$LPID"

# the concurrency override: 127.0.0.2 gets one connection at a time
printf '127.0.0.2 allow SVC_LIMIT_C=1\n* allow\n' >"$T/rules"
rm -f "$T/state"
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-access -f "$T/rules" \
    svc-limit -f "$T/state" -C 4 -m 'busy\n' sh -c 'echo HELLO; exec cat'
L=$LPID
hold a 127.0.0.2
expect_eq "$(from 127.0.0.2)" busy "127.0.0.2: SVC_LIMIT_C=1"
hold b 127.0.0.3
hold c 127.0.0.3
expect_log "reason=conc limit=1"
stop "$L"
exit 0
