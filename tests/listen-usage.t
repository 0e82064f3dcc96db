# listen-usage.t: bad command lines get one line and exit 100
. tests/lib.sh
bin=$(command -v svc-listen)
run() {
	echo "--- $*"
	env - "$bin" "$@" 2>&1
	echo "$?"
}
{
	run
	run 80
	run -x 80 true
	run -c
	run -c 0 80 true
	run -c 16385 80 true
	run -c 12x 80 true
	run -C 0 80 true
	run -C '2:bad\q' 80 true
	run -b 0 80 true
	run -N 1 80 true
	run 65536 true
	run ::1:80 true
	run '[::1]80' true
	run ':80' true
	run -U 80 true
	run -m 999 /nonexistent/s.sock true
	run -m 0660 80 true
	run -o no-such-user /nonexistent/s.sock true
	run -n web 80 true
	run -s /nonexistent/s.sock true
	run -d 5x 80 true
	run -d 5:x 80 true
	run -d 1:2000001 80 true
	run fd:2 true
	run fd:x true
	run systemd true
} >"$T/got"
diff -u tests/listen-usage.exp "$T/got" || fail "usage output changed"
"$bin" --version | grep -q '^svc-listen [0-9]' || fail "--version"
"$bin" --help | grep -q '^usage: svc-listen' || fail "--help"
exit 0
