# limit-flood.t: a table of -n 64 entries fed 300 sources keeps its size,
# never refuses a newcomer for want of room, admits a steady client
# throughout, and still holds a fresh abuser to its rate afterwards.
# (tests/unit/limtab.c feeds the table 10,000 sources directly.)
. tests/lib.sh
. tests/limit.sh

size=$((64 + 2 * 64 * 32))
serve -n 64 -R 5/m -B 20 -m 'busy\n' hello
i=0
while [ $i -lt 10 ]; do
	expect_eq "$(served 30 -c 4 -i "127.1.$i.1-30")" 30 \
	    "round $i of new sources"
	expect_eq "$(from 127.0.0.2)" HELLO "steady client, round $i"
	expect_eq "$(wc -c <"$T/state")" "$size" "size, round $i"
	i=$((i + 1))
done
expect_eq "$(log_count 'svc-listen: accept')" 310 "accepted"
expect_eq "$(log_count 'svc-limit: deny')" 0 "refused"
expect_eq "$(served 25 -c 1 -i 127.0.0.9)" 20 "abuser after the flood"
expect_eq "$(wc -c <"$T/state")" "$size" "size at the end"
