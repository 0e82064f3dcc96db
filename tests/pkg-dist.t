# pkg-dist.t: the release tarball holds exactly the files git tracks,
# under svc-tools-VERSION/, and builds and passes tests on its own
# (a quick subset here; make distcheck runs the whole suite)
. tests/lib.sh
. tests/pkg.sh
need git tar gzip
gtop=$(git -C "$TOP" rev-parse --show-toplevel 2>/dev/null) &&
    [ "$(cd "$gtop" && pwd -P)" = "$(cd "$TOP" && pwd -P)" ] ||
	skip "not a git checkout (an unpacked tarball, say)"

v=$(version)
[ -n "$v" ] || fail "no version in lib/die.h"
sh "$TOP/package/mkdist" "$T" >/dev/null || fail "mkdist failed"
tgz=$T/svc-tools-$v.tar.gz
test -s "$tgz" || fail "no $tgz"
gzip -dc "$tgz" | (cd "$T" && tar xf -) || fail "unable to unpack $tgz"
dir=$T/svc-tools-$v

(cd "$dir" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) >"$T/got"
git -C "$TOP" ls-files | LC_ALL=C sort >"$T/want"
cmp -s "$T/want" "$T/got" ||
	fail "tarball and git ls-files differ: $(diff "$T/want" "$T/got")"
test -x "$dir/package/mkdist" || fail "mkdist lost its mode"

# built and tested away from the checkout (no .git there)
(cd "$dir" && make -s O=. SAN= check-build) >"$T/build" 2>&1 ||
	fail "the tarball does not build: $(tail -n 20 "$T/build")"
(cd "$dir" && O=. sh tests/run listen-hello connect-pipe listen-usage \
    pkg-install pkg-dist) >"$T/tests" 2>&1
tail -n 1 "$T/tests" | grep -q '^4 passed, 0 failed, 1 skipped$' ||
	fail "the tarball's tests: $(cat "$T/tests")"
exit 0
