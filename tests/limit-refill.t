# limit-refill.t: with -R 10/s -B 2 the bucket refills at 10 a second:
# never faster (an upper bound that holds under any load), and not far
# slower (a generous lower bound)
. tests/lib.sh
. tests/limit.sh

serve -R 10/s -B 2 -m 'busy\n' hello
load -b 127.0.0.2 -n 4 -k 4
expect_eq "$(tally 'HELLO\n')" 2 "burst"
# a refill comes within a second at most (wait_for bounds it at 5 s)
wait_for "a token" 5 sh -c '[ "$(loadgen -b 127.0.0.2 127.0.0.1 '"$PORT"' |
    head -n 1)" = "1 HELLO\n" ]'

# try every 20 ms for 2 s: 2 + 10 a second at most
load -b 127.0.0.3 -n 1000 -i 20 -t 2000 -k 4
got=$(tally 'HELLO\n')
ms=$(sed -n 's/^elapsed=//p' "$T/load")
max=$((2 + (10 * ms + 999) / 1000 + 1))
min=$((10 * ms / 1000 / 2))
echo "admitted $got in $ms ms (bounds $min..$max)"
[ "$got" -le "$max" ] || fail "admitted $got in $ms ms: more than $max"
[ "$got" -ge "$min" ] || fail "admitted $got in $ms ms: fewer than $min"
[ "$(tally 'busy\n')" -gt 0 ] || fail "nothing refused"
