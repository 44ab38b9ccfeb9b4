import socket
try:
    socket.create_connection(("h", 80))
except socket.timeout as exc:
    exc.errno + "x"
except socket.gaierror as g:
    g.strerror + 1
except socket.error as e:
    reveal_type(e)
