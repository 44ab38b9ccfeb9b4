"""Run on a Windows CPython (tools/wine/winepy.py ci) with the installed
pure wheel's directory as argv[1]: ``import pysock as socket`` from the
wheel (not the checkout), a TCP echo with a timeout over it, then the
README's trace of examples/echo.py through ``python -m pysock trace``."""

import os
import runpy
import sys
import threading

sys.path.insert(0, sys.argv[1])
import pysock as socket  # noqa: E402

here = os.path.abspath(socket.__file__)
assert here.startswith(os.path.abspath(sys.argv[1])), here

srv = socket.create_server(("127.0.0.1", 0))
srv.settimeout(5)


def serve():
    conn, _ = srv.accept()
    with conn:
        conn.settimeout(5)
        while True:
            data = conn.recv(4096)
            if not data:
                break
            conn.sendall(data)


t = threading.Thread(target=serve)
t.start()
with socket.create_connection(srv.getsockname(), timeout=5) as c:
    c.sendall(b"ping over pysock")
    reply = c.recv(4096)
    c.shutdown(socket.SHUT_WR)
    try:
        c.settimeout(0.2)
        c.recv(1)  # the server closes: b"" (no timeout)
    except socket.timeout:
        pass
t.join()
srv.close()
assert reply == b"ping over pysock", reply
print("wheel echo with timeout on Windows CPython %s: %s via %s"
      % (sys.version.split()[0], reply.decode(), here))
sys.stdout.flush()

# The trace of the README's example, as `python -m pysock trace examples/echo.py`.
sys.argv = ["pysock", "trace", os.path.join(sys.argv[2], "examples", "echo.py")]
runpy.run_module("pysock", run_name="__main__", alter_sys=True)
