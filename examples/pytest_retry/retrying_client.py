"""A small HTTP client: GET over a fresh connection; a connection reset by
the peer is retried once."""
import socket

RETRIES = 1


def get(host, port, path):
    for attempt in range(RETRIES + 1):
        try:
            return _get_once(host, port, path)
        except ConnectionResetError:
            if attempt == RETRIES:
                raise


def _get_once(host, port, path):
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(("GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" % (path, host)).encode())
        chunks = []
        while True:
            data = sock.recv(4096)
            if not data:
                break
            chunks.append(data)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split()[1]), body
