<?php
// hello.php: the hello service of the svc-tools examples, in PHP.
// svc-listen runs it once per connection, the connection on its
// standard input and output.  Try it in this directory:
//
//   $ svc-listen 127.0.0.1:60321 php hello.php &
//   $ echo gonzalo | svc-connect -w 5 127.0.0.1 60321
//   hello gonzalo
//   $ kill $!
//
// It reads one line (the name), answers "hello NAME" and exits, which
// closes the connection.  The client's address is in
// $_SERVER['REMOTE_ADDR'] (and getenv('TCPREMOTEIP')); see svc-tools(7).

$name = fgets(STDIN, 1024);		// false: the client sent nothing
if ($name === false)
	$name = '';
$name = rtrim($name, "\r\n");		// telnet ends its lines with \r\n
echo "hello $name\n";
