# access-replace.t: the index replaced 100 times (svc-access -c: write,
# fsync, rename) while 100 connections run; each connection gets the old
# answer or the new one, never an error, a deny or a half-read file
. tests/lib.sh

# two versions of a list of 20,000 rules, so that each compile takes a
# while; 127.0.0.0/8 is allowed by both with a different FOO
for v in old new; do
	awk -v v="$v" 'BEGIN {
		for (i = 0; i < 20000; i++)
			printf "10.%d.%d.0/24 deny\n", int(i / 256), i % 256
		print "127.0.0.0/8 allow FOO=" v
		print "* deny"
	}' >"$T/$v"
done
svc-access -c "$T/old" "$T/idx" || fail "compile"
start -P "$T/port" svc-listen -p "$T/port" -c 200 127.0.0.1:0 svc-access -i "$T/idx" \
    $FAST sh -c 'echo "ok FOO=$FOO"'

(
	i=0
	while [ $i -lt 100 ]; do
		if [ $((i % 2)) = 0 ]; then v=new; else v=old; fi
		svc-access -c "$T/$v" "$T/idx" || exit 1
		i=$((i + 1))
	done
) &
loop=$!
loadgen -n 100 -k 4 -i 5 127.0.0.1 "$PORT" >"$T/load" || fail "loadgen"
wait "$loop" || fail "a compile failed"
cat "$T/load"
awk '/^elapsed=/ { next } { c = $1; sub(/^[0-9]+ /, "") }
    $0 != "ok FOO=old\\n" && $0 != "ok FOO=new\\n" { bad = 1 }
    { n += c } END { exit bad || n != 100 }' "$T/load" ||
    fail "replies other than old and new: $(cat "$T/load")"
log_has "svc-access: deny" && fail "a connection was denied"
[ -z "$(ls "$T" | grep '^idx\.')" ] || fail "temporary files left"
exit 0
