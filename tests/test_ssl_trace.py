"""TLS under ``python -m pysock run|trace`` and in the tracer: programs
that use the stdlib ``ssl`` (urllib.request, http.client, http.server,
requests, urllib3) run unchanged, and the trace shows the plaintext beside
the ciphertext."""

import json
import os
import subprocess
import sys
import threading

import pytest

import pysock
import pysock.ssl as pssl
from pysock import trace

import tls_certs

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PROGRAM = os.path.join(HERE, "tls_https_program.py")


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    directory = str(tmp_path_factory.mktemp("certs"))
    tls_certs.make(directory)
    return directory


def python(*args, timeout=120):
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable] + list(args), cwd=REPO, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=timeout)


def test_https_program_runs_unchanged(certs):
    plain = python(PROGRAM, certs)
    assert plain.returncode == 0, plain.stderr
    run = python("-m", "pysock", "run", PROGRAM, certs)
    assert run.returncode == 0, run.stderr
    expected = json.loads(plain.stdout)
    got = json.loads(run.stdout)
    assert (expected.pop("socket"), got.pop("socket")) == ("socket", "pysock")
    # The server's TLS socket: the stdlib's, and pysock's under `run`.
    assert (expected.pop("srvsock"), got.pop("srvsock")) == ("ssl", "pysock.ssl")
    assert got == expected
    assert "requests_post" in got and "urllib3_get" in got
    assert got["isinstance"] is True and got["sslsocket_class"] is True


def test_trace_shows_the_plaintext(certs, tmp_path):
    out = str(tmp_path / "trace.jsonl")
    proc = python("-m", "pysock", "trace", "--calls", "%tls", "--format", "jsonl",
                  "-s", "200", "-o", out, PROGRAM, certs)
    assert proc.returncode == 0, proc.stderr
    with open(out) as f:
        events = [json.loads(line) for line in f]
    assert events and {e["call"] for e in events} <= {"tls_handshake", "tls_read",
                                                      "tls_write", "tls_unwrap"}
    writes = [e["args"]["data"]["bytes"] for e in events if e["call"] == "tls_write"]
    # urllib.request, requests and urllib3: the request lines and headers.
    assert sum(w.startswith("GET /path HTTP/1.1\\r\\n") for w in writes) == 3
    assert sum(w.startswith("POST /path HTTP/1.1\\r\\n") for w in writes) == 2
    assert any("Host: localhost:" in w for w in writes)
    reads = [e["args"]["data"]["bytes"] for e in events if e["call"] == "tls_read"]
    assert any(r.startswith("GET /path HTTP/1.1\\r\\n") for r in reads)  # the server's
    assert any(r.startswith("HTTP/1.0 200 OK\\r\\n") for r in reads)
    handshakes = [e for e in events if e["call"] == "tls_handshake"]
    clients = [e["args"] for e in handshakes if e["args"]["side"] == "client"]
    assert len(clients) == 5
    for args in clients:
        assert args["sni"] == "localhost"
        assert args["version"] == "TLSv1.3"
        assert args["cipher"].startswith("TLS_")
        assert args["peer"] == "CN=server.localhost,O=pysock"
    assert all(e["caller"] is not None for e in events)


def test_trace_text_beside_the_ciphertext(certs, tmp_path):
    out = str(tmp_path / "trace.txt")
    proc = python("-m", "pysock", "trace", "--calls", "%tls,read,write", "--stack",
                  "-o", out, PROGRAM, certs)
    assert proc.returncode == 0, proc.stderr
    with open(out) as f:
        text = f.read()
    assert 'tls_write(' in text and '"GET /path HTTP/1.1\\r\\nAccept-Encod"...' in text
    # The same request as ciphertext: TLS application-data records.
    assert 'write(' in text and '"\\x17\\x03\\x03' in text
    assert "\n  > " in text  # the stack


def _tls_pair(certs_dir, alpn=None):
    """A connected client/server pair of pysock TLS sockets (handshake in
    a thread) and the server's context."""
    server_ctx = pssl.SSLContext(pssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(os.path.join(certs_dir, "server.pem"),
                               os.path.join(certs_dir, "server.key"))
    client_ctx = pssl.create_default_context(cafile=os.path.join(certs_dir, "ca.pem"))
    if alpn:
        server_ctx.set_alpn_protocols(alpn)
        client_ctx.set_alpn_protocols(alpn)
    a, b = pysock.socketpair()
    box = []
    thread = threading.Thread(
        target=lambda: box.append(server_ctx.wrap_socket(b, server_side=True)))
    thread.start()
    client = client_ctx.wrap_socket(a, server_hostname="localhost")
    thread.join(10)
    return client, box[0]


def test_tracer_events_in_process(certs):
    with trace.tracing(strsize=64) as tracer:
        client, server = _tls_pair(certs, alpn=["h2"])
        client.sendall(b"hello over tls")
        assert server.recv(100) == b"hello over tls"
        thread = threading.Thread(target=server.unwrap)
        thread.start()
        client.unwrap()
        thread.join(10)
    client.close()
    server.close()
    events = tracer.events
    names = [e.call for e in events]
    for call in ("tls_handshake", "tls_write", "tls_read", "tls_unwrap", "read", "write"):
        assert call in names
    shake = [e for e in events if e.call == "tls_handshake" and e.param("side") == "client"][0]
    assert shake.param("sni") == "localhost"
    assert shake.param("alpn") == "h2"
    assert shake.param("peer") == "CN=server.localhost,O=pysock"
    assert shake.socket is not None and shake.caller is not None
    write = [e for e in events if e.call == "tls_write"][0]
    assert write.data.head == b"hello over tls" and write.result == 14
    read = [e for e in events if e.call == "tls_read" and e.result == 14][0]
    assert read.data.head == b"hello over tls"
    unwraps = [e for e in events if e.call == "tls_unwrap"]
    assert len(unwraps) == 2 and all(e.param("close_notify") == "sent+received" for e in unwraps)
    # The ciphertext of that write: an application-data record, not the text.
    ciphertext = [e for e in events if e.call == "write" and e.fd == write.fd]
    assert ciphertext and all(b"hello" not in e.data.head for e in ciphertext)
    assert "tls_write(" in write.format() and '"hello over tls"' in write.format()
    assert write.to_dict()["args"]["data"]["bytes"] == "hello over tls"


def test_calls_class_tls():
    from pysock.trace import _calls
    assert _calls.expand(["%tls"]) == frozenset(
        ("tls_handshake", "tls_read", "tls_write", "tls_unwrap"))
    assert "tls_read" in _calls.expand(["%all"])
    assert "tls_read" not in _calls.expand(["%recv"])


def test_short_reads_split_records(certs):
    payload = os.urandom(100000)
    client, server = _tls_pair(certs)
    with trace.tracing(faults=["read:bytes=7"], keep=False) as tracer:
        thread = threading.Thread(target=client.sendall, args=(payload,))
        thread.start()
        got = b""
        while len(got) < len(payload):
            got += server.recv(65536)
        thread.join(10)
    assert got == payload
    assert tracer.faults[0].injected > len(payload) // 7 // 2
    client.close()
    server.close()


def test_reset_in_the_handshake(certs):
    server_ctx = pssl.SSLContext(pssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(os.path.join(certs, "server.pem"),
                               os.path.join(certs, "server.key"))
    client_ctx = pssl.create_default_context(cafile=os.path.join(certs, "ca.pem"))
    a, b = pysock.socketpair()
    fd = a.fileno()  # wrap_socket() detaches a: its TLS socket owns fd
    fault = trace.Fault("read", error="ECONNRESET", predicate=lambda e: e.fd == fd)
    results = []

    def serve():
        try:
            server_ctx.wrap_socket(b, server_side=True)
        except OSError as exc:
            results.append(type(exc))

    thread = threading.Thread(target=serve)
    with trace.tracing(faults=[fault]) as tracer:
        thread.start()
        with pytest.raises(ConnectionResetError):
            client_ctx.wrap_socket(a, server_hostname="localhost")
        thread.join(10)
    shake = [e for e in tracer.events if e.call == "tls_handshake" and e.fd == fd]
    assert shake and shake[0].error == "ECONNRESET"
    a.close()
    b.close()


def test_faults_on_tls_calls(certs):
    client, server = _tls_pair(certs)
    with trace.tracing(faults=["tls_read:error=ECONNRESET:when=1"]) as tracer:
        client.sendall(b"x")
        with pytest.raises(ConnectionResetError):
            server.recv(1)
        assert server.recv(1) == b"x"
    reads = [e for e in tracer.events if e.call == "tls_read"]
    assert reads[0].injected == ["error=ECONNRESET"] and reads[1].result == 1
    client.close()
    server.close()


def test_ssl_error_shown_by_class(certs):
    client, server = _tls_pair(certs)
    server.setblocking(False)
    with trace.tracing(calls="%tls") as tracer:
        with pytest.raises(pssl.SSLWantReadError):
            server.recv(1)
    event = tracer.events[0]
    assert event.error == "SSLWantReadError"
    assert "-1 SSLWantReadError (The operation did not complete (read)" in event.format()
    client.close()
    server.close()
