import socket
a, b = socket.socketpair(socket.AF_UNIX)
a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, b"\0\0\0\0")])
msg, anc, flags, addr = b.recvmsg(10, socket.CMSG_SPACE(4))
for level, kind, data in anc:
    count: str = level
a.sendmsg(b"x")
socket.CMSG_LEN("4")
a.close()
b.close()
