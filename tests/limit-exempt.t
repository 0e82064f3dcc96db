# limit-exempt.t: -a exempts addresses from every limit, rates and
# concurrency alike, and an exempt connection takes nothing from others
. tests/lib.sh
. tests/limit.sh

serve -R 1/m -r 3/m -C 1 -a 127.0.0.3 -a 10.0.0.0/8 -a 2001:db8::/32 \
    -m 'busy\n' sh -c 'echo HELLO; exec cat'
expect_eq "$(served 6 -c 3 -i 127.0.0.3)" 6 "exempt source"
expect_eq "$(served 3 -c 1 -i 127.0.0.2)" 1 "limited source"
# two held from the exempt source, over -C 1, still leave room for others
hold h1 127.0.0.3
hold h2 127.0.0.3
hold h3 127.0.0.4
expect_eq "$(from 127.0.0.4)" busy "-C 1 for 127.0.0.4"
expect_eq "$(from 127.0.0.5)" HELLO "total rate: third admitted"
expect_eq "$(from 127.0.0.6)" busy "total rate: fourth refused"
expect_not "$(grep 'svc-limit: deny' "$T/log")" "127.0.0.3"
