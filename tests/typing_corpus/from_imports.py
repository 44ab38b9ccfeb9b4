from socket import AF_INET, SOCK_DGRAM, socket, create_connection, gethostbyname, SO_BROADCAST
from socket import AF_INETT
u = socket(AF_INET, SOCK_DGRAM)
u.setsockopt(1, SO_BROADCAST, True)
u.sendto(b"x", ("255.255.255.255", 9))
u.sendto("x", ("255.255.255.255", 9))
data, addr = u.recvfrom(100)
text: str = data
ip: str = gethostbyname(b"localhost")
c = create_connection(("h", 80), 1.5, ("", 0))
u.close()
