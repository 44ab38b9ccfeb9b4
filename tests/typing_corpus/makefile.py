import socket
s = socket.socket()
f = s.makefile("rb")
line: str = f.readline()
w = s.makefile("w")
w.write(b"x")
