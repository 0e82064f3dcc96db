# connect-bench.t: bench/run works end to end on a tiny run (two rows,
# one round, few connections) and prints its table, and draws it
# (bench/svg): a bar per row, concurrency and chart; no figures checked
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

# the picture: in BENCH_OUT, and in BENCH_SVG only when that is set (as
# make bench sets doc/bench.svg)
set -- "$T"/bench-*.svg
[ $# = 1 ] && [ -s "$1" ] || fail "no picture in BENCH_OUT: $(ls "$T")"
svg=$1
head -n 1 "$svg" | grep -q '^<svg xmlns="http://www.w3.org/2000/svg" ' ||
    fail "not an SVG: $(head -n 1 "$svg")"
expect_eq "$(tail -n 1 "$svg")" "</svg>" "last line of the picture"
for s in '>svc-listen<' '>ref-vfork<' '>clients at once:<' '>1<' '>4<' \
    'Connections per second' 'p99 latency' '>Measured '; do
	grep -qF "$s" "$svg" || fail "no $s in the picture"
done
# 2 rows x 2 concurrencies x 2 charts, in the legend's 2 colours
expect_eq "$(grep -c '<rect [^>]*fill="#\(4e79a7\|f28e2b\)"' "$svg")" 10 \
    "bars and legend squares"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$svg" || fail "the picture is not well-formed XML"
fi
BENCH_SVG=$T/copy.svg BENCH_OUT=$T/2 BENCH_ROUNDS=1 BENCH_N=5 BENCH_WARM=5 \
    BENCH_CONC=1 BENCH_ONLY=svc-listen sh bench/run >/dev/null 2>"$T/err" ||
    fail "bench/run status $?: $(tail -n 3 "$T/err")"
grep -q '>svc-listen<' "$T/copy.svg" || fail "no copy in BENCH_SVG"
# bench/svg without results says so
sh bench/svg /dev/null x >"$T/none" 2>"$T/err"
expect_eq "$?" 111 "bench/svg status without results"
expect "$(cat "$T/err")" "no results"
