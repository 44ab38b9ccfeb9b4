import socket
x = socket.SO_REUSEADDRR
y = socket.AF_INETT
z: int = socket.SO_REUSEADDR
