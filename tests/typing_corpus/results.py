import socket
def f(s: socket.socket) -> None:
    data: str = s.recv(10)
    n: str = s.send(b"x")
    fam: socket.AddressFamily = 2
    kind: socket.SocketKind = s.type
    peer: int = s.getpeername()
    fd: str = s.fileno()
    t: int = s.gettimeout()
