# Every fuzz harness replays its committed corpus through the plain
# driver (tests/fuzz/driver.c): a regression input that once crashed a
# parser stays in the suite, under gcc and under SAN=1 alike.
. "$TOP/tests/lib.sh"

n=0
for src in "$TOP"/tests/fuzz/*.c; do
	name=${src##*/}
	name=${name%.c}
	[ "$name" = driver ] && continue
	bin=$TOP/$O/tests/fbin/$name
	corpus=$TOP/tests/fuzz/corpus/$name
	[ -x "$bin" ] || fail "$name: no replayer $bin (make check-build)"
	[ -d "$corpus" ] || fail "$name: no corpus $corpus"
	"$bin" "$corpus" || fail "$name: replay failed"
	n=$((n + 1))
done
[ $n -gt 0 ] || fail "no harness found"
echo "$n harnesses replayed"
