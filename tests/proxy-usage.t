# proxy-usage.t: svc-proxy run wrongly, under env -: every line it prints
# and every exit status, compared with tests/proxy-usage.exp
. tests/lib.sh

P="$TOP/$O/bin/svc-proxy"
try() {
	echo "--- svc-proxy $*"
	env - "$P" "$@" 2>&1
	echo "exit $?"
}

{
try
try -x true
try -t
try -a
try -1 -2 true
try -2 -1 true
try -t 0 true
try -t 3601 true
try -t 1s true
try -t -1 true
try -a 10.1.2.3/8 true
try -a example.com true
try -a 10.0.0.0/33 true
try -a '' true
try -a "$(printf 'x\nsvc-proxy: forged')" true
try true </dev/null
} >"$T/got" 2>&1
diff -u tests/proxy-usage.exp "$T/got" ||
    fail "output differs from tests/proxy-usage.exp"
"$P" --version | grep -q '^svc-proxy [0-9]' || fail "--version"
"$P" --help | grep -q '^usage: svc-proxy' || fail "--help"
# fd 0 a pipe, not a socket
out=$(echo x | "$P" true 2>&1)
expect_eq "$?" 100 "exit status on a pipe"
expect "$out" "fd 0 is not a socket"
