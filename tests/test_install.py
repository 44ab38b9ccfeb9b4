"""pysock.install() / uninstall(): a running program's socket module
switched to pysock and back.

Each case runs in a fresh interpreter (the switch is process-wide), with
the stdlib imported first, as a program that switches late has it.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_py(source, timeout=60, prelude=""):
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(source)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True, timeout=timeout,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


# What is left of pysock in the process: every module's global that is a
# pysock object (the module itself, a class, a function), outside pysock's
# own modules and the program's __main__.
LEFTOVERS = """
def leftovers():
    import sys, types
    found = []
    for modname, module in list(sys.modules.items()):
        if module is None or modname == "__main__" or modname.split(".")[0] == "pysock":
            continue
        for key, value in list(vars(module).items()):
            if isinstance(value, types.ModuleType):
                origin = value.__name__
            else:
                origin = getattr(type(value) if not callable(value) else value, "__module__", None)
            if isinstance(origin, str) and origin.split(".")[0] == "pysock":
                found.append("%s.%s" % (modname, key))
    return found
"""


def test_a_request_between_install_and_uninstall_goes_through_pysock():
    # The case: socket, http.client and socketserver imported
    # before; a request made between install() and uninstall() is seen in
    # the trace; afterwards nothing of pysock is left on any path.
    out = run_py("""
        import socket, http.client, socketserver, http.server, threading, json
        before = dict(vars(socket))
        import pysock
        from pysock import trace

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        pysock.install()
        server = socketserver.TCPServer(("127.0.0.1", 0), Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with trace.tracing() as tracer:
            conn = http.client.HTTPConnection(*server.server_address, timeout=10)
            conn.request("GET", "/README.md")
            response = conn.getresponse()
            status, body = response.status, response.read()
            conn.close()
        server.shutdown()
        server.server_close()
        kinds = [type(server.socket).__module__, type(conn.sock).__module__ if conn.sock else None]
        connects = [(e.peer, e.module) for e in tracer.events if e.call == "connect"]
        sent = b"".join(e.data.head for e in tracer.events if e.call == "write" and e.module == "http.client")
        pysock.uninstall()
        after = dict(vars(socket))
        print(json.dumps({
            "status": status,
            "readme": body.startswith(b"# pysock"),
            "server": kinds[0],
            "connects": [[list(p), m] for p, m in connects],
            "port": server.server_address[1],
            "sent": sent[:15].decode(),
            "same": sorted(k for k in set(before) | set(after) if before.get(k, 0) is not after.get(k, 0)),
            "left": leftovers(),
            "new_socket": type(socket.socket()).__module__,
        }))
    """, prelude=LEFTOVERS)
    assert out["status"] == 200 and out["readme"]
    assert out["server"] == "pysock"
    # http.client's connect() calls socket.create_connection: pysock's.
    assert out["connects"] == [[["127.0.0.1", out["port"]], "http.client"]]
    assert out["sent"] == "GET /README.md "
    assert out["same"] == []  # every name of the socket module is its own again
    assert out["left"] == []
    assert out["new_socket"] == "socket"


def test_sockets_made_before_stay_and_new_ones_follow():
    out = run_py("""
        import socket, json
        import pysock
        before = socket.socket()
        pair_before = socket.socketpair()
        with pysock.install() as handle:
            during = socket.socket()
            pair = socket.socketpair()
            conn = socket.create_connection
            names_are_pysock = all(getattr(socket, n) is getattr(pysock, n)
                                   for n in ("socket", "getaddrinfo", "AF_INET", "timeout", "gaierror"))
            # The old socket still works, with the stdlib's code.
            pair_before[0].sendall(b"x")
            old_ok = pair_before[1].recv(1) == b"x"
            pair[0].sendall(b"y")
            new_ok = pair[1].recv(1) == b"y"
        after = socket.socket()
        print(json.dumps([type(before).__module__, type(during).__module__,
                          type(pair[0]).__module__, type(after).__module__,
                          names_are_pysock, old_ok, new_ok, pysock.installed(),
                          conn is pysock.create_connection]))
        for s in (before, during, after) + pair + pair_before:
            s.close()
    """)
    assert out == ["socket", "pysock", "pysock", "socket", True, True, True, False, True]


def test_install_nests_and_uninstall_without_install_is_false():
    out = run_py("""
        import socket, json
        import pysock
        std = socket.socket
        steps = [pysock.uninstall()]
        pysock.install(); pysock.install()
        steps.append(socket.socket is pysock.socket)
        steps.append(pysock.uninstall())
        steps.append(socket.socket is pysock.socket)   # still installed: one more to go
        steps.append(pysock.uninstall())
        steps.append(socket.socket is std)
        steps.append(pysock.uninstall())
        print(json.dumps(steps))
    """)
    assert out == [False, True, True, True, True, True, False]


def test_installers_run_after_and_are_undone_in_reverse():
    out = run_py("""
        import socket, json
        import pysock
        from pysock import _install
        log = []
        _install.register(lambda: log.append(("on1", socket.socket is pysock.socket)),
                          lambda: log.append(("off1", socket.socket is pysock.socket)))
        with pysock.install():
            _install.register(lambda: log.append(("on2", True)), lambda: log.append(("off2", True)))
        # A failing installer leaves nothing installed.
        def boom():
            raise RuntimeError("boom")
        _install.INSTALLERS.append((boom, lambda: log.append(("never", True))))
        try:
            pysock.install()
        except RuntimeError:
            log.append(("failed", socket.socket is pysock.socket, pysock.installed()))
        print(json.dumps(log))
    """)
    assert out == [
        ["on1", True], ["on2", True], ["off2", True], ["off1", True],
        ["on1", True], ["on2", True], ["off2", True], ["off1", True],
        ["failed", False, False],
    ]


PROGRAM = """
import asyncio, json, socket, socketserver, threading, http.client, urllib.request, http.server

class Quiet(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = self.path.encode()
        self.send_response(201)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

def scenario():
    out = {}
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Quiet)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address
    with urllib.request.urlopen("http://%s:%d/a?b=c" % (host, port), timeout=10) as r:
        out["urllib"] = [r.status, r.read().decode()]
    conn = http.client.HTTPConnection(host, port)   # the stdlib's default timeout
    conn.request("GET", "/x")
    resp = conn.getresponse()
    out["client"] = [resp.status, resp.read().decode(), conn.sock.gettimeout() if conn.sock else "closed"]
    conn.close()
    async def echo():
        async def handle(reader, writer):
            writer.write((await reader.readline()).upper())
            await writer.drain()
            writer.close()
        srv = await asyncio.start_server(handle, "127.0.0.1", 0)
        reader, writer = await asyncio.open_connection(*srv.sockets[0].getsockname()[:2])
        writer.write(b"hello\\n")
        line = await reader.readline()
        writer.close()
        srv.close()
        await srv.wait_closed()
        return line.decode()
    out["asyncio"] = asyncio.run(echo())
    try:
        socket.create_connection(("127.0.0.1", 1), timeout=5)
    except OSError as exc:
        out["refused"] = [type(exc).__name__, exc.errno]
    try:
        socket.getaddrinfo("no-such-host.invalid", 80)
    except socket.gaierror as exc:
        out["gaierror"] = [exc.errno]
    server.shutdown()
    server.server_close()
    return out
"""


def test_stdlib_modules_above_socket_behave_the_same_installed():
    # The oracle: the same program with and without pysock installed.
    out = run_py(PROGRAM + """
import pysock
plain = scenario()
with pysock.install():
    switched = scenario()
    kind = type(socket.socket()).__module__
print(json.dumps([plain, switched, kind]))
""")
    plain, switched, kind = out
    assert kind == "pysock"
    assert plain["urllib"] == [201, "/a?b=c"]
    assert switched == plain


def test_cli_run_uses_install(tmp_path):
    script = tmp_path / "prog.py"
    script.write_text(
        "import socket, json, pysock\n"
        "print(json.dumps([socket.__name__, socket.socket.__module__, pysock.installed()]))\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-m", "pysock", "run", str(script)], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == ["socket", "pysock", True]
