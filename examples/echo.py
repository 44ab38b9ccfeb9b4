"""A TCP echo server and its client over loopback, written for the stdlib
``socket`` module and nothing else.

    python examples/echo.py                          # the stdlib
    python -m pysock run -- examples/echo.py         # the same program on pysock
    python -m pysock trace -- examples/echo.py       # ... with every system call shown

Both ends live in one thread and take turns, so every run makes the same
calls in the same order: the client sends a line, the server reads it and
echoes it back, the client reads the echo.  The server's read of each line
comes before the client's read of its echo, so ``recv`` number 2 is the
client's first: ``--inject recv:error=ECONNRESET:when=2`` makes the client
see ConnectionResetError, and the program exits with status 1.
"""

import socket
import sys

LINES = [b"hello, echo\n", b"a second line\n", b"bye\n"]


def main():
    with socket.create_server(("127.0.0.1", 0)) as server:
        address = server.getsockname()
        with socket.create_connection(address, timeout=5) as client:
            conn, peer = server.accept()
            with conn:
                for line in LINES:
                    client.sendall(line)
                    data = conn.recv(1024)  # the server reads the line...
                    conn.sendall(data)  # ...and echoes it
                    echo = client.recv(1024)
                    print("client got %r back" % (echo,))
                    if echo != line:
                        sys.exit("echo mismatch: sent %r, got %r" % (line, echo))
    print("echo: %d lines over %s:%d" % (len(LINES), address[0], address[1]))


if __name__ == "__main__":
    main()
