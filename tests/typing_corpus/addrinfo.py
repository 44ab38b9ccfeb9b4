import socket
for family, kind, proto, canon, addr in socket.getaddrinfo("h", 80, socket.AF_UNSPEC, socket.SOCK_STREAM):
    f: socket.AddressFamily = family
    k: socket.SocketKind = kind
    p: str = proto
    c: int = canon
