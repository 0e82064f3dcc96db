# limit-rate.t: -R 5/m admits a burst of exactly 5 from one source and
# refuses the other 15 with the message, while another source is served
. tests/lib.sh
. tests/limit.sh

serve -R 5/m -m 'busy\r\n' hello
# the other source connects while the burst is going on
svc-connect -n 5 -c 1 -i 127.0.0.3 -e 'HELLO\n' 127.0.0.1 "$PORT" \
    >"$T/other" &
other=$!
load -b 127.0.0.2 -n 20 -k 4
wait "$other" || fail "127.0.0.3 was refused: $(cat "$T/other")"
expect_eq "$(tally 'HELLO\n')" 5 "admitted from 127.0.0.2"
expect_eq "$(tally 'busy\r\n')" 15 "refused from 127.0.0.2"
expect "$(cat "$T/other")" "conns=5 errors=0 "
expect_eq "$(log_count 'svc-limit: deny remote=127.0.0.2:')" 15 "deny lines"
expect_log "reason=rate limit=5/m source=127.0.0.2"
expect_eq "$(grep -c 'accept pid=.* remote=127.0.0.3:' "$T/log")" 5 \
    "accepts from 127.0.0.3"
expect_not "$(grep 'svc-limit: deny' "$T/log")" "127.0.0.3"

# still refused: nothing refills for 12 s; a refusal spends nothing
expect_eq "$(from 127.0.0.2)" "$(printf 'busy\r')" "one more"
expect_eq "$(from 127.0.0.3)" "$(printf 'busy\r')" "127.0.0.3 after its 5"
expect_eq "$(from 127.0.0.4)" HELLO "a third source"
stop "$LPID"

# -q: refused all the same, without a deny line
newlog
rm -f "$T/state"
serve -q -R 1/m -m 'busy\n' hello
expect_eq "$(from 127.0.0.2)" HELLO "-q, first"
expect_eq "$(from 127.0.0.2)" busy "-q, second"
expect_log "status=100"
expect_eq "$(log_count 'svc-limit:')" 0 "svc-limit lines with -q"
