# listen-user.t: -u drops to another uid and gid after binding; unknown
# users and groups are bad usage
. tests/lib.sh
need_root
open_T	# -u writes the port files
id nobody >/dev/null 2>&1 || skip "no user nobody"
uid=$(id -u nobody)
gid=$(id -g nobody)

start -P "$T/port" svc-listen -u nobody -p "$T/port" 127.0.0.1:0 sh -c 'id -u; id -g; id -G'
out=$(client 127.0.0.1 "$PORT" </dev/null)
expect_eq "$(echo "$out" | sed -n 1p)" "$uid" "uid"
expect_eq "$(echo "$out" | sed -n 2p)" "$gid" "gid"
expect_not " $(echo "$out" | sed -n 3p) " " 0 "
stop "$LPID"

# -g alone keeps root's uid, takes the group, and only that group
grp=$(getent group nogroup >/dev/null && echo nogroup || echo "$gid")
start -P "$T/port2" svc-listen -g "$grp" -p "$T/port2" 127.0.0.1:0 sh -c 'id -u; id -g; id -G'
out=$(client 127.0.0.1 "$PORT" </dev/null)
expect_eq "$(echo "$out" | sed -n 1p)" 0 "uid with -g"
ggid=$(getent group "$grp" | cut -d: -f3)
[ -n "$ggid" ] || ggid=$grp
expect_eq "$(echo "$out" | sed -n 2p)" "$ggid" "gid with -g"
expect_eq "$(echo "$out" | sed -n 3p)" "$ggid" "groups with -g"

# a numeric uid with an entry in the user database takes its group
start -P "$T/port3" svc-listen -u "$uid" -p "$T/port3" 127.0.0.1:0 sh -c 'id -u; id -g'
out=$(client 127.0.0.1 "$PORT" </dev/null)
expect_eq "$out" "$uid
$gid" "numeric -u"

svc-listen -u no-such-user-here 127.0.0.1:0 true 2>"$T/err"
expect_eq $? 100 "unknown user status"
expect "$(cat "$T/err")" "svc-listen: fatal: unknown user: no-such-user-here"
svc-listen -g no-such-group-here 127.0.0.1:0 true 2>"$T/err"
expect_eq $? 100 "unknown group status"
expect "$(cat "$T/err")" "svc-listen: fatal: unknown group: no-such-group-here"
exit 0
