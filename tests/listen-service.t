# listen-service.t: a service name as the port, from a services file
# seen only inside a mount namespace of the test's own
. tests/lib.sh
need_root
need unshare
need_file /etc/services netbase	# the mount point
unshare -m true 2>/dev/null || skip "no mount namespace here"

# a port that was free a moment ago
start -P "$T/port" svc-listen -p "$T/port" 127.0.0.1:0 true
free=$PORT
stop "$LPID"
cp /etc/services "$T/services"
printf 'myService\t%s/tcp\t# my hello service\n' "$free" >>"$T/services"
start -P "$T/port2" unshare -m sh -c 'mount --bind "$1" /etc/services &&
    exec svc-listen -p "$2" 127.0.0.1:myService sh -c "echo HELLO"' \
    - "$T/services" "$T/port2"
expect_eq "$PORT" "$free" "port from the services file"
expect_eq "$(client 127.0.0.1 "$free" </dev/null)" HELLO "by name"
exit 0
