import socket
socket.inet_aton(b"x")
socket.gethostbyname(1)
a: int = socket.gethostname()
b: bytes = socket.inet_pton(socket.AF_INET6, "::1")
c: str = socket.inet_ntop(socket.AF_INET, b"1234")
socket.create_connection(("h", 80), timeout="x")
socket.create_server(("", 0), family=socket.AF_INET6, backlog="5")
pair = socket.socketpair()
pair[0].fileno() + "x"
d: int = socket.getdefaulttimeout()
e: str = socket.htons(1)
