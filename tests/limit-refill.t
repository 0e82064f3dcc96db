# limit-refill.t: with -R 2/s -B 2 the bucket refills at 2 a second:
# never faster (a bound that holds however slow the machine is: at most
# the burst plus 2 a second of the time the tries took, plus one for the
# edges), and it does refill (more than the burst gets through).  The
# rate is low so that even a sanitizer build goes over it.  limit-rate.t
# checks that a burst is exact.
. tests/lib.sh
. tests/limit.sh

serve -R 2/s -B 2 -m 'busy\n' hello
# try every 20 ms for 3 s, 16 at a time at most
load -b 127.0.0.2 -n 1000 -i 20 -t 3000 -k 16
cat "$T/load"
got=$(tally 'HELLO\n')
tries=$((got + $(tally 'busy\n')))
ms=$(sed -n 's/^elapsed=//p' "$T/load")
max=$((2 + (2 * ms + 999) / 1000 + 1))
echo "admitted $got of $tries in $ms ms (at most $max)"
[ "$got" -le "$max" ] || fail "admitted $got in $ms ms: more than $max"
[ "$got" -gt 2 ] || fail "admitted $got in $ms ms: no refill"
[ "$tries" -gt "$max" ] ||
    skip "only $tries tries in $ms ms: too slow a machine to go over 2/s"
expect_eq "$(log_count 'reason=rate limit=2/s')" "$(tally 'busy\n')" \
    "deny lines"
