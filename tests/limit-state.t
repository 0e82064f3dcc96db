# limit-state.t: a state file truncated, filled with garbage or scribbled
# on between connections is detected and made anew with one warning, never
# trusted and never a crash; one that cannot be used refuses the
# connection with one line
. tests/lib.sh
. tests/limit.sh

# with only -C and -c the file stays empty: their slots are locks, as
# svc-limit(1) says, and a rate limit sizes it
serve -n 64 -C 4 -c 8 hello
expect_eq "$(from 127.0.0.2)" HELLO "-C -c"
expect_eq "$(wc -c <"$T/state")" 0 "size with -C and -c only"
stop "$LPID"
rm -f "$T/state"

size=$((64 + 2 * 64 * 32))	# -n 64: the header and 128 slots of 32 bytes
serve -n 64 -R 2/m -m 'busy\n' hello
expect_eq "$(from 127.0.0.2)" HELLO "first"
expect_eq "$(wc -c <"$T/state")" "$size" "size"
[ "$(stat -c %a "$T/state" 2>/dev/null || echo 600)" = 600 ] ||
    fail "state file mode $(stat -c %a "$T/state")"

# made_anew WHY: a connection is served and the log says why, once
made_anew() {
	n=$(log_count 'warning: state file')
	expect_eq "$(from 127.0.0.2)" HELLO "after: $1"
	expect_log "svc-limit: warning: state file $T/state made anew: $1"
	expect_eq "$(log_count 'warning: state file')" $((n + 1)) "warnings"
	expect_eq "$(wc -c <"$T/state")" "$size" "size after: $1"
}

head -c 100 "$T/state" >"$T/cut" && cat "$T/cut" >"$T/state"
made_anew "truncated or extended"
head -c 10 "$T/cut" >"$T/state"
made_anew "shorter than its header"
head -c "$size" /dev/urandom >"$T/state"
made_anew "not a svc-limit state file"
echo "some other program's file" >"$T/state"
made_anew "shorter than its header"
head -c 100000 /dev/zero >"$T/state"
made_anew "not a svc-limit state file"
# one byte of the header's hash seed changed: the seed is random, so the
# byte written is chosen to differ from the one there (x, or y if it is x)
b=$(od -An -tx1 -j24 -N1 "$T/state" | tr -d ' ')
[ "$b" = 78 ] && c=y || c=x
printf '%s' "$c" | dd of="$T/state" bs=1 seek=24 conv=notrunc 2>/dev/null
[ "$b" != "$(od -An -tx1 -j24 -N1 "$T/state" | tr -d ' ')" ] ||
    fail "seed byte unchanged"
made_anew "header checksum wrong"
# the service restarted with another -n: made anew for the new size
stop "$LPID"
serve -n 128 -R 2/m -m 'busy\n' hello
size=$((64 + 2 * 128 * 32))
made_anew "made for another -n"

# entries scribbled on under a valid header: no warning, nothing trusted
# (a bucket time of all ones is read as a full bucket)
n=$(log_count warning)
head -c $((2 * 128 * 32)) /dev/zero | tr '\0' '\377' |
    dd of="$T/state" bs=64 seek=1 conv=notrunc 2>/dev/null
expect_eq "$(from 127.0.0.3)" HELLO "scribbled entries"
expect_eq "$(from 127.0.0.3)" HELLO "scribbled entries, second"
expect_eq "$(from 127.0.0.3)" busy "scribbled entries, third"
expect_eq "$(log_count warning)" "$n" "warnings"
expect_eq "$(wc -c <"$T/state")" "$size" "size"
stop "$LPID"

# -f in a directory that does not exist: refused, one line; the
# directory is not made (only a default file's is)
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-limit -f "$T/nodir/state" -R 1/s hello
expect_eq "$(from 127.0.0.2)" "" "state file in a missing directory"
expect_log "svc-limit: fatal: unable to stat $T/nodir: No such file or directory"
[ -e "$T/nodir" ] && fail "-f made the missing directory"
stop "$LPID"

# files it will not use: a directory, a symbolic link; refused, one line
mkdir "$T/dir"
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-limit -f "$T/dir" -R 1/s hello
expect_eq "$(from 127.0.0.2)" "" "state file a directory"
expect_log "svc-limit: fatal: unable to open state file $T/dir: Is a directory"
expect_log "status=111"
stop "$LPID"
ln -s "$T/state" "$T/link"
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 svc-limit -f "$T/link" -C 1 hello
expect_eq "$(from 127.0.0.2)" "" "state file a symbolic link"
expect_log "svc-limit: fatal: unable to open state file $T/link:"
expect_eq "$(log_count 'svc-limit: fatal')" 3 "fatal lines"
