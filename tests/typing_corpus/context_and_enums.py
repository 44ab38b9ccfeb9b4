import socket
with socket.socket() as s:
    s.bind(("", 0))
    s.listen()
    conn, addr = s.accept()
    conn.sendall(b"x")
    flags = socket.MSG_PEEK | socket.MSG_DONTWAIT
    conn.recv(1, flags)
    conn.recv(1, "flags")
fam = socket.AddressFamily.AF_INET
kind = socket.SocketKind(1)
socket.AddressFamily.AF_INETT
