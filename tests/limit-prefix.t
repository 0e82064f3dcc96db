# limit-prefix.t: -p 24:64 makes 127.0.0.2 and 127.0.0.3 one source, for
# rates and for concurrency, while 127.0.1.2 stays another
. tests/lib.sh
. tests/limit.sh

serve -p 24:64 -R 1/m -m 'busy\n' hello
expect_eq "$(from 127.0.0.2)" HELLO "127.0.0.2"
expect_eq "$(from 127.0.0.3)" busy "127.0.0.3, same /24"
expect_eq "$(from 127.0.1.2)" HELLO "127.0.1.2, another /24"
expect_log "svc-limit: deny remote=127.0.0.3:"
expect_log "reason=rate limit=1/m source=127.0.0.0/24"
stop "$LPID"

rm -f "$T/state"
serve -p 24:64 -C 1 -m 'busy\n' sh -c 'echo HELLO; exec cat'
hold h1 127.0.0.2
expect_eq "$(from 127.0.0.3)" busy "127.0.0.3 while .2 holds"
expect_eq "$(from 127.0.1.3)" HELLO "127.0.1.3"
expect_log "reason=conc limit=1 source=127.0.0.0/24"
