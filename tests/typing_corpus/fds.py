import socket
a, b = socket.socketpair(socket.AF_UNIX)
socket.send_fds(a, [b"x"], [0])
got, fds, fl, ad = socket.recv_fds(b, 10, 1)
bad: str = fds
socket.send_fds(a, b"x", [0])
a.close()
b.close()
