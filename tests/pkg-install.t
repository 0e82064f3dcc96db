# pkg-install.t: make install puts every program of cmd/, every page of
# doc/, the guides, the copyright file (the security contact's address
# is in it) and the service examples under DESTDIR and PREFIX,
# with their modes; the installed programs run; make uninstall takes
# all of it away again
. tests/lib.sh
. tests/pkg.sh

# PREFIX defaults to /usr/local
mk install DESTDIR="$T/default" >/dev/null || fail "make install failed"
test -x "$T/default/usr/local/bin/svc-listen" ||
	fail "not in /usr/local/bin: $(find "$T/default" -type f)"

root=$T/root
pre=$root/opt/svc
mk install DESTDIR="$root" PREFIX=/opt/svc >/dev/null ||
	fail "make install PREFIX=/opt/svc failed"
doc=$pre/share/doc/svc-tools
# mode FILE: its permission bits, as ls shows them
mode() {
	ls -ld "$1" | cut -c 1-10
}
n=0
for d in "$TOP"/cmd/*/; do
	p=$(basename "$d")
	expect_eq "$(mode "$pre/bin/$p")" -rwxr-xr-x "mode of bin/$p"
	"$pre/bin/$p" --version | grep -q "$(version)" ||
		fail "installed $p --version does not say $(version)"
	n=$((n + 1))
done
[ "$n" -ge 2 ] || fail "only $n programs in cmd/"
for m in "$TOP"/doc/*.1; do
	expect_eq "$(mode "$pre/share/man/man1/${m##*/}")" -rw-r--r-- \
	    "mode of man1/${m##*/}"
done
for m in "$TOP"/doc/*.7; do
	expect_eq "$(mode "$pre/share/man/man7/${m##*/}")" -rw-r--r-- \
	    "mode of man7/${m##*/}"
done
for f in services.md copyright examples/runit/hello/env/ADDR examples/hello.php \
    examples/s6/hello/notification-fd examples/systemd/hello.service; do
	expect_eq "$(mode "$doc/$f")" -rw-r--r-- "mode of $f"
done
# the source tree's documents stay there: they speak of make and tests/
for f in README.md bench.md design.md; do
	[ -e "$doc/$f" ] && fail "$f installed"
done
for f in hello.sh runit/hello/run runit/hello/log/run s6/hello/run s6/hello/log/run \
    daemontools/hello/run daemontools/hello/log/run; do
	expect_eq "$(mode "$doc/examples/$f")" -rwxr-xr-x "mode of examples/$f"
done
# the examples are copied whole, as package/examples holds them
(cd "$TOP/package/examples" && find . -type f | sort) >"$T/want"
(cd "$doc/examples" && find . -type f | sort) >"$T/got"
cmp -s "$T/want" "$T/got" || fail "examples differ: $(diff "$T/want" "$T/got")"

# the installed listener and client serve a connection
start -P "$T/port" "$pre/bin/svc-listen" -p "$T/port" 127.0.0.1:0 sh -c 'read n; echo "hello $n"'
out=$(echo gonzalo | "$pre/bin/svc-connect" 127.0.0.1 "$PORT")
expect_eq "$out" "hello gonzalo" "installed programs"
stop "$LPID"

# make install twice is fine; uninstall leaves no file behind
mk install DESTDIR="$root" PREFIX=/opt/svc >/dev/null ||
	fail "second make install failed"
mk uninstall DESTDIR="$root" PREFIX=/opt/svc >/dev/null ||
	fail "make uninstall failed"
left=$(find "$root" -type f)
[ -z "$left" ] || fail "left after uninstall: $left"
test ! -e "$doc" || fail "$doc left after uninstall"
exit 0
