# pkg-deb.t: make deb builds a Debian package with dpkg-deb alone: its
# contents (every program of cmd/ stripped, every page of doc/ gzipped
# -9n, copyright, changelog.Debian.gz, the examples), all owned by
# root:root; its control fields, Depends equal to what dpkg-shlibdeps
# computes; its md5sums; lintian finds no error or warning; and the
# programs, unpacked into a scratch root, serve a connection
. tests/lib.sh
. tests/pkg.sh
need dpkg-deb dpkg-parsechangelog dpkg-buildflags

# a package is built as by hand, with cc: not with the CC=... (exported
# by make) of a make test CC=musl-gcc that runs this test
MAKEFLAGS= MAKELEVEL= CC=cc make -s -C "$TOP" deb DEBDIR="$T/build" DEBOUT="$T" >"$T/make" 2>&1 ||
	fail "make deb failed: $(tail -n 20 "$T/make")"
arch=$(dpkg --print-architecture)
set -- "$T"/svc-tools_*_"$arch".deb
[ $# = 1 ] && [ -f "$1" ] || fail "expected one .deb: $*"
deb=$1

# control
field() {
	dpkg-deb -f "$deb" "$1"
}
expect_eq "$(field Package)" svc-tools "Package"
expect_eq "$(field Architecture)" "$arch" "Architecture"
case $(field Version) in
"$(version)"-[0-9]*) ;;
*) fail "Version $(field Version) is not $(version)-N" ;;
esac
expect_eq "$(field Version)" \
    "$(dpkg-parsechangelog -l "$TOP/package/deb/changelog" -S Version)" \
    "Version and changelog"
field Description | grep -q 'TCP service' || fail "no Description"

# contents: everything root:root, the files where Debian wants them
dpkg-deb -c "$deb" >"$T/list" || fail "dpkg-deb -c failed"
awk '$2 != "root/root"' "$T/list" >"$T/notroot"
[ ! -s "$T/notroot" ] || fail "not owned by root: $(cat "$T/notroot")"
has() {
	grep -q "^$1 root/root .* \./$2\$" "$T/list" ||
		fail "no $1 $2 in: $(cat "$T/list")"
}
for d in "$TOP"/cmd/*/; do
	has -rwxr-xr-x "usr/bin/$(basename "$d")"
done
for m in "$TOP"/doc/*.1; do
	has -rw-r--r-- "usr/share/man/man1/${m##*/}.gz"
done
doc=usr/share/doc/svc-tools
for m in "$TOP"/doc/*.7; do
	has -rw-r--r-- "usr/share/man/man7/${m##*/}.gz"
done
for f in copyright changelog.Debian.gz services.md examples/hello.php \
    examples/systemd/hello.service; do
	has -rw-r--r-- "$doc/$f"
done
has -rwxr-xr-x "$doc/examples/s6/hello/run"
has -rwxr-xr-x "$doc/examples/runit/hello/log/run"
has -rwxr-xr-x "$doc/examples/hello.sh"
grep -q '\.1$' "$T/list" && fail "an uncompressed man page"

# unpacked: md5sums hold, binaries are stripped, gzip -n left no time
root=$T/root
dpkg-deb -x "$deb" "$root" && dpkg-deb -e "$deb" "$T/DEBIAN" ||
	fail "unable to unpack"
(cd "$root" && md5sum -c --quiet "$T/DEBIAN/md5sums") ||
	fail "md5sums do not match"
expect_eq "$(wc -l <"$T/DEBIAN/md5sums")" "$(grep -c '^-' "$T/list")" \
    "md5sums lines"
for f in "$root"/usr/bin/*; do
	readelf -S "$f" | grep -q -e '\.symtab' -e '\.debug' &&
		fail "${f##*/} is not stripped"
done
for f in "$root"/usr/share/man/man[17]/*.gz "$root/$doc/changelog.Debian.gz"; do
	gzip -t "$f" || fail "$f: bad gzip"
	expect_eq "$(od -An -tu1 -j4 -N4 "$f" | tr -s ' ')" " 0 0 0 0" \
	    "gzip time stamp of ${f##*/}"
done
grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/$' \
    "$root/$doc/copyright" || fail "copyright is not DEP-5"

# Depends: what dpkg-shlibdeps says, given the debian/control it wants
# (it does not see that a static program using NSS needs the C library:
# package/mkdeb does, and then the two may differ)
nss=""
for f in "$root"/usr/bin/*; do
	readelf -l "$f" | grep -q 'program interpreter' && continue
	strings "$f" | grep -q libnss_ && nss="$nss ${f##*/}"
done
if [ -n "$nss" ]; then
	echo "static with NSS:$nss; Depends: $(field Depends)"
	field Depends | grep -q '^libc6[^ ]* (>= [0-9.]*)' ||
		fail "Depends lacks the C library: $(field Depends)"
elif command -v dpkg-shlibdeps >/dev/null 2>&1; then
	mkdir -p "$T/shl/debian"
	printf 'Source: svc-tools\n\nPackage: svc-tools\nArchitecture: any\n' \
	    >"$T/shl/debian/control"
	want=$(cd "$T/shl" && dpkg-shlibdeps -O "$root"/usr/bin/* 2>/dev/null |
	    sed -n 's/^shlibs:Depends=//p')
	expect_eq "$(field Depends)" "$want" "Depends"
fi

# the unpacked programs serve a connection
"$root/usr/bin/svc-listen" --version | grep -q "$(version)" ||
	fail "svc-listen --version"
start -P "$T/port" "$root/usr/bin/svc-listen" -p "$T/port" 127.0.0.1:0 \
    sh -c 'read n; echo "hello $n"'
out=$(echo gonzalo | "$root/usr/bin/svc-connect" 127.0.0.1 "$PORT")
expect_eq "$out" "hello gonzalo" "the unpacked programs"
stop "$LPID"

# lintian: no error, no warning (the overrides it honours say why)
if command -v lintian >/dev/null 2>&1; then
	lintian --fail-on error,warning --display-info "$deb" >"$T/lintian" 2>&1 ||
		fail "lintian: $(cat "$T/lintian")"
	cat "$T/lintian"
fi
exit 0
