from socket import *
s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP)
s.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0)
s.bind(("::1", 0, 0, 0))
s.settimeout(None)
n: int = s.getsockname()
flags: MsgFlag = MSG_PEEK
kind: SocketKind = SOCK_STREAMM
s.close()
