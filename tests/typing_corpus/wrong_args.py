import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.recv("x")
s.sendall("text")
s.settimeout("1")
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, "x")
s.connect(("h", "80"))
s.close()
