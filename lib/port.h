#ifndef PORT_H
#define PORT_H

/* a port number (0 to 65535) or an /etc/services name (tcp); -1 if neither */
int port_scan(const char *s, unsigned *port);

#endif
