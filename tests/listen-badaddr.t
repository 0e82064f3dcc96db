# listen-badaddr.t: an IPv4 address that is not four decimal numbers is
# bad usage (exit 100, nothing bound), where getaddrinfo would take the
# inet_aton shorthand "1.2.3" as 1.2.0.3; svc-connect refuses it too.
. tests/lib.sh

for a in 1.2.3 127.1 0x7f.0.0.1 010.0.0.1 2130706433 1.2.3.4.5; do
	out=$(timeout 10 svc-listen "$a:0" true 2>&1)
	rc=$?
	expect_eq "$rc" 100 "svc-listen $a:0: exit status"
	expect "$out" "bad address: $a"
	out=$(timeout 10 svc-connect -z "$a" 1 2>&1)
	rc=$?
	expect_eq "$rc" 100 "svc-connect $a: exit status"
	expect "$out" "bad host: $a"
done

# four decimal numbers, and names, still work
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 sh -c 'echo ok'
expect_eq "$(svc-connect 127.0.0.1 "$PORT" </dev/null)" ok "127.0.0.1"
expect_eq "$(svc-connect localhost "$PORT" </dev/null)" ok "localhost"
exit 0
