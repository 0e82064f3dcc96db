# connect-bench.t: bench/run works end to end on a tiny run (two rows,
# one round, few connections) and prints its table; no figures checked
. tests/lib.sh

BENCH_OUT=$T BENCH_ROUNDS=1 BENCH_N=20 BENCH_WARM=10 BENCH_CONC="1 4" \
    BENCH_ONLY="svc-listen ref-vfork" sh bench/run >"$T/table" 2>"$T/err" ||
    fail "bench/run status $?: $(tail -n 3 "$T/err")"
table=$(cat "$T/table")
expect "$table" "listener        conc          conn/s"
for c in 1 4; do
	echo "$table" | grep -Eq "^svc-listen +$c +[0-9]+ \(1\.00\) " ||
	    fail "no svc-listen row for c=$c: $table"
	echo "$table" | grep -Eq "^ref-vfork +$c +[0-9]+ \([0-9.]+\) .* 0$" ||
	    fail "no ref-vfork row for c=$c: $table"
done
expect "$table" "medians of 1 rounds of 20 connections"
