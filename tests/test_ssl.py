"""TLS over pysock: the same program through the stdlib (``socket`` +
``ssl``) and through pysock (``pysock`` + ``pysock.ssl``), on real TLS
connections over loopback, both sides of each connection in the module
under test; results and exceptions (type, message) must be the same.
"""

import os
import re
import selectors
import socket as std
import struct
import ssl as stdssl
import sys
import threading

import pytest

import pysock
import pysock.ssl as pssl

import tls_certs
from oracle import exc_name

SIDES = {"stdlib": (std, stdssl), "pysock": (pysock, pssl)}
LOOPBACK = "127.0.0.1"


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return tls_certs.make(str(tmp_path_factory.mktemp("certs")))


def normalized(text):
    """A message as the stdlib spells it: class and module names of pysock
    as the stdlib's, descriptor numbers and ports (which differ per run)
    left out."""
    text = text.replace("pysock.ssl.", "ssl.").replace("pysock.socket", "socket.socket")
    text = re.sub(r"fd=\d+", "fd=N", text)
    return re.sub(r"'127\.0\.0\.1', \d+", "'127.0.0.1', P", text)


def outcome(fn, *args, **kwargs):
    try:
        return ("ok", fn(*args, **kwargs))
    except Exception as exc:  # the outcome *is* the exception
        return ("raise", exc_name(type(exc)), normalized(str(exc)))


def both(scenario, *args):
    """Run *scenario(socket module, ssl module, *args)* with each side;
    assert the outcomes are equal and return it."""
    got = {side: outcome(scenario, sockmod, sslmod, *args)
           for side, (sockmod, sslmod) in SIDES.items()}
    assert got["pysock"] == got["stdlib"], got
    return got["stdlib"]


def server_context(sslmod, certs, version=None, client_cert=False, alpn=None,
                   cert="server"):
    ctx = sslmod.SSLContext(sslmod.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(certs[cert + ".pem"], certs[cert + ".key"])
    if version is not None:
        ctx.minimum_version = ctx.maximum_version = version
    if client_cert:
        ctx.verify_mode = sslmod.CERT_REQUIRED
        ctx.load_verify_locations(certs["ca.pem"])
    if alpn:
        ctx.set_alpn_protocols(alpn)
    return ctx


def client_context(sslmod, certs, version=None, client_cert=False, alpn=None):
    ctx = sslmod.create_default_context(cafile=certs["ca.pem"])
    if version is not None:
        ctx.minimum_version = ctx.maximum_version = version
    if client_cert:
        ctx.load_cert_chain(certs["client.pem"], certs["client.key"])
    if alpn:
        ctx.set_alpn_protocols(alpn)
    return ctx


class Server:
    """A listener on loopback whose first (or *count*) accepted connection
    runs *handler(conn)* in a thread; ``result()`` is the handler's outcome."""

    def __init__(self, sockmod, handler, count=1):
        self.listener = sockmod.create_server((LOOPBACK, 0))
        self.port = self.listener.getsockname()[1]
        self.address = (LOOPBACK, self.port)
        self.results = []
        self.thread = threading.Thread(target=self._serve, args=(handler, count))
        self.thread.start()

    def _serve(self, handler, count):
        with self.listener:
            for _ in range(count):
                conn, _ = self.listener.accept()
                with conn:
                    self.results.append(outcome(handler, conn))

    def result(self):
        self.thread.join(30)
        assert not self.thread.is_alive()
        return self.results[0] if len(self.results) == 1 else self.results


def recv_exactly(sock, size):
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


VERSIONS = {"tls1.2": stdssl.TLSVersion.TLSv1_2, "tls1.3": stdssl.TLSVersion.TLSv1_3}


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_echo_and_connection_facts(certs, version):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs, VERSIONS[version], alpn=["h2", "http/1.1"])

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                data = recv_exactly(tls, 5)
                tls.sendall(data.upper() * 1000)
                return (tls.version(), tls.cipher(), tls.selected_alpn_protocol(),
                        bool(tls.shared_ciphers()), tls.getpeercert(), tls.compression(),
                        tls.server_side, tls.server_hostname, tls.pending())

        server = Server(sockmod, handler)
        cctx = client_context(sslmod, certs, alpn=["http/1.1"])
        with cctx.wrap_socket(sockmod.create_connection(server.address),
                              server_hostname="localhost") as tls:
            tls.sendall(b"hello")
            data = recv_exactly(tls, 5000)
            facts = (data, tls.version(), tls.cipher(), tls.selected_alpn_protocol(),
                     tls.getpeercert(), len(tls.getpeercert(True)), tls.session_reused,
                     tls.session is not None, tls.server_side, tls.server_hostname,
                     tls.compression(), tls.shared_ciphers() is None, tls.pending(),
                     len(tls.get_channel_binding("tls-unique") or b""),
                     type(tls).__name__, isinstance(tls, sslmod.SSLSocket),
                     isinstance(tls, sockmod.socket), tls.context is cctx)
        return facts, server.result()

    facts, server = both(scenario, certs)[1]
    assert facts[0] == b"HELLO" * 1000
    assert server[0] == "ok"


def test_client_certificate(certs):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs, client_cert=True)

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                tls.sendall(b"x")
                return tls.getpeercert()["subject"]

        server = Server(sockmod, handler)
        cctx = client_context(sslmod, certs, client_cert=True)
        with cctx.wrap_socket(sockmod.create_connection(server.address),
                              server_hostname="localhost") as tls:
            data = tls.recv(1)
        return data, server.result()

    assert both(scenario, certs)[1][1][0] == "ok"


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_client_certificate_missing(certs, version):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs, VERSIONS[version], client_cert=True)

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                return tls.recv(1)

        server = Server(sockmod, handler)
        cctx = client_context(sslmod, certs)
        client = outcome(_connect_and_read, sockmod, cctx, server.address)
        return client, server.result()

    client, server = both(scenario, certs)[1]
    assert server[0] == "raise"


def _connect_and_read(sockmod, cctx, address, hostname="localhost"):
    with cctx.wrap_socket(sockmod.create_connection(address),
                          server_hostname=hostname) as tls:
        return tls.recv(10)


@pytest.mark.parametrize("hostname", ["localhost", "example.org"])
def test_verification_failure(certs, hostname):
    def scenario(sockmod, sslmod, certs):
        cert = "stranger" if hostname == "localhost" else "server"
        sctx = server_context(sslmod, certs, cert=cert)

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                return tls.recv(1)

        server = Server(sockmod, handler)
        cctx = client_context(sslmod, certs)
        try:
            _connect_and_read(sockmod, cctx, server.address, hostname)
        except sslmod.SSLCertVerificationError as exc:
            client = (type(exc).__name__, str(exc), exc.verify_code, exc.verify_message,
                      exc.reason, exc.library)
        else:
            client = None
        return client, server.result()

    client, server = both(scenario, certs)[1]
    assert client is not None and server[0] == "raise"


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_session_reuse(certs, version):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs, VERSIONS[version])

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                tls.sendall(b"ticket")
                recv_exactly(tls, 3)
                return tls.session_reused

        server = Server(sockmod, handler, count=2)
        cctx = client_context(sslmod, certs)
        reused = []
        session = None
        for _ in range(2):
            with cctx.wrap_socket(sockmod.create_connection(server.address),
                                  server_hostname="localhost", session=session) as tls:
                recv_exactly(tls, 6)  # TLS 1.3: the ticket comes with the data
                tls.sendall(b"bye")
                reused.append(tls.session_reused)
                session = tls.session
        return reused, server.result()

    reused, server = both(scenario, certs)[1]
    assert reused == [False, True]


def test_unwrap_to_plaintext_and_back(certs):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs)
        cctx = client_context(sslmod, certs)

        def handler(conn):
            tls = sctx.wrap_socket(conn, server_side=True)
            first = recv_exactly(tls, 4)
            plain = tls.unwrap()
            clear = recv_exactly(plain, 5)
            plain.sendall(b"CLEAR")
            again = sctx.wrap_socket(plain, server_side=True)
            second = recv_exactly(again, 5)
            again.sendall(second.upper())
            again.unwrap()
            return first, clear, second, type(plain).__name__

        server = Server(sockmod, handler)
        raw = sockmod.create_connection(server.address)
        tls = cctx.wrap_socket(raw, server_hostname="localhost")
        tls.sendall(b"tls1")
        plain = tls.unwrap()
        after = [plain is tls, tls.version(),
                 tls.cipher(), tls.pending()]
        plain.sendall(b"clear")
        clear = recv_exactly(plain, 5)
        again = cctx.wrap_socket(plain, server_hostname="localhost")
        again.sendall(b"again")
        upper = recv_exactly(again, 5)
        again.unwrap()
        again.close()
        return after, clear, upper, server.result()

    result = both(scenario, certs)[1]
    assert result[1] == b"CLEAR" and result[2] == b"AGAIN"


def test_nonblocking_handshake_with_selectors(certs):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs)

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                data = recv_exactly(tls, 4)
                tls.sendall(data[::-1])
                return data

        server = Server(sockmod, handler)
        cctx = client_context(sslmod, certs)
        raw = sockmod.create_connection(server.address)
        raw.setblocking(False)
        tls = cctx.wrap_socket(raw, server_hostname="localhost",
                               do_handshake_on_connect=False)
        seen = set()
        with selectors.DefaultSelector() as selector:
            selector.register(tls, selectors.EVENT_READ)

            def wait(exc):
                seen.add(type(exc).__name__)
                event = (selectors.EVENT_READ if isinstance(exc, sslmod.SSLWantReadError)
                         else selectors.EVENT_WRITE)
                selector.modify(tls, event)
                selector.select(10)

            while True:
                try:
                    tls.do_handshake()
                    break
                except (sslmod.SSLWantReadError, sslmod.SSLWantWriteError) as exc:
                    wait(exc)
            nothing = outcome(tls.recv, 10)
            tls.sendall(b"ping")
            while True:
                try:
                    answer = tls.recv(10)
                    break
                except sslmod.SSLWantReadError as exc:
                    wait(exc)
        tls.close()
        # Which of the two a handshake meets, and how often, is timing.
        return seen <= {"SSLWantReadError", "SSLWantWriteError"}, nothing, answer, server.result()

    result = both(scenario, certs)[1]
    assert result[0] and result[2] == b"gnip"


def test_nonblocking_do_handshake_on_connect_refused(certs):
    def scenario(sockmod, sslmod, certs):
        server = Server(sockmod, lambda conn: conn.recv(1))
        raw = sockmod.create_connection(server.address)
        raw.setblocking(False)
        try:
            return outcome(client_context(sslmod, certs).wrap_socket, raw,
                           server_hostname="localhost")
        finally:
            raw.close()
            server.result()

    result = both(scenario, certs)
    assert result[1][0] == "raise", result


def test_timeout_in_handshake(certs):
    def scenario(sockmod, sslmod, certs):
        done = threading.Event()
        server = Server(sockmod, lambda conn: done.wait(10))
        raw = sockmod.create_connection(server.address)
        raw.settimeout(0.2)
        try:
            return outcome(client_context(sslmod, certs).wrap_socket, raw,
                           server_hostname="localhost")
        finally:
            done.set()
            raw.close()
            server.result()

    result = both(scenario, certs)[1]
    assert result[:2] == ("raise", "TimeoutError")


def test_timeout_mid_record(certs):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs)
        done = threading.Event()

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                tls.sendall(b"whole")
                # The header of a 64-byte application-data record and 10
                # bytes of its body, written under the TLS layer.
                os.write(tls.fileno(), b"\x17\x03\x03\x00\x40" + b"\x00" * 10)
                done.wait(10)

        server = Server(sockmod, handler)
        tls = client_context(sslmod, certs).wrap_socket(
            sockmod.create_connection(server.address), server_hostname="localhost")
        try:
            first = recv_exactly(tls, 5)
            tls.settimeout(0.2)
            return first, outcome(tls.recv, 100), tls.gettimeout()
        finally:
            done.set()
            tls.close()
            server.result()

    result = both(scenario, certs)[1]
    assert result[1][:2] == ("raise", "TimeoutError")


@pytest.mark.parametrize("suppress", [True, False])
def test_ragged_eof(certs, suppress):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs, VERSIONS["tls1.2"])

        def handler(conn):
            tls = sctx.wrap_socket(conn, server_side=True)
            tls.sendall(b"data")
            tls.shutdown(sockmod.SHUT_RDWR)  # no close_notify
            tls.close()

        server = Server(sockmod, handler)
        tls = client_context(sslmod, certs).wrap_socket(
            sockmod.create_connection(server.address), server_hostname="localhost",
            suppress_ragged_eofs=suppress)
        with tls:
            first = recv_exactly(tls, 4)
            server.result()
            return first, outcome(tls.recv, 10), outcome(tls.recv_into, bytearray(4))

    both(scenario, certs)


def test_close_notify_then_eof(certs):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs)

        def handler(conn):
            tls = sctx.wrap_socket(conn, server_side=True)
            tls.sendall(b"data")
            return type(tls.unwrap()).__name__

        server = Server(sockmod, handler)
        with client_context(sslmod, certs).wrap_socket(
                sockmod.create_connection(server.address),
                server_hostname="localhost") as tls:
            first = recv_exactly(tls, 4)
            end = outcome(tls.recv, 10)
            plain = tls.unwrap()
            return first, end, plain is tls, server.result()

    both(scenario, certs)


def test_bulk_both_ways(certs):
    payload = os.urandom(1 << 20)

    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs)

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                data = recv_exactly(tls, len(payload))
                tls.sendall(data)
                return len(data)

        server = Server(sockmod, handler)
        with client_context(sslmod, certs).wrap_socket(
                sockmod.create_connection(server.address),
                server_hostname="localhost") as tls:
            sender = threading.Thread(target=tls.sendall, args=(payload,))
            sender.start()
            back = recv_exactly(tls, len(payload))
            sender.join()
        return back == payload, server.result()

    assert both(scenario, certs)[1] == (True, ("ok", len(payload)))


def test_sendfile_and_makefile(certs, tmp_path):
    path = tmp_path / "file"
    path.write_bytes(b"line one\nline two\n" * 500)

    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs)

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                with open(str(path), "rb") as f:
                    sent = tls.sendfile(f, 9)
                tls.unwrap()
                return sent

        server = Server(sockmod, handler)
        with client_context(sslmod, certs).wrap_socket(
                sockmod.create_connection(server.address),
                server_hostname="localhost") as tls:
            with tls.makefile("rb") as f:
                first = f.readline()
                rest = f.read()
        return first, len(rest), server.result()

    assert both(scenario, certs)[1][0] == b"line two\n"


def test_wrapped_listener_accept_and_connect(certs):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs)
        listener = sctx.wrap_socket(sockmod.create_server((LOOPBACK, 0)), server_side=True)
        address = listener.getsockname()
        result = []

        def serve():
            conn, _ = listener.accept()
            with conn:
                result.append((type(conn).__name__, conn.recv(5), conn.version()))

        thread = threading.Thread(target=serve)
        thread.start()
        client = client_context(sslmod, certs).wrap_socket(
            sockmod.socket(), server_hostname="localhost")
        before = (client.version(), client.cipher(), outcome(client.getpeercert),
                  outcome(client.recv, 1), outcome(client.write, b"x"), client.pending())
        rc = client.connect_ex(address)
        client.sendall(b"hello")
        thread.join(10)
        again = outcome(client.connect, address)
        client.close()
        listener.close()
        return before, rc, result, again

    both(scenario, certs)


def test_connect_refused(certs):
    def scenario(sockmod, sslmod, certs):
        probe = sockmod.create_server((LOOPBACK, 0))
        address = probe.getsockname()
        probe.close()
        client = client_context(sslmod, certs).wrap_socket(
            sockmod.socket(), server_hostname="localhost")
        with client:
            return (client.connect_ex(address) != 0, outcome(client.connect, address),
                    client._sslobj is None)

    both(scenario, certs)


def test_misuse(certs):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs)

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                recv_exactly(tls, 2)
                tls.unwrap()

        server = Server(sockmod, handler)
        cctx = client_context(sslmod, certs)
        udp = sockmod.socket(sockmod.AF_INET, sockmod.SOCK_DGRAM)
        checks = [
            outcome(cctx.wrap_socket, udp, server_hostname="localhost"),
            outcome(sctx.wrap_socket, sockmod.socket(), server_side=True,
                    server_hostname="localhost"),
            outcome(cctx.wrap_socket, sockmod.socket()),
            outcome(sslmod.SSLSocket),
        ]
        udp.close()
        tls = cctx.wrap_socket(sockmod.create_connection(server.address),
                               server_hostname="localhost")
        checks += [
            outcome(tls.sendto, b"x", (LOOPBACK, 9)),
            outcome(tls.sendto, b"x", 0, (LOOPBACK, 9)),
            outcome(tls.dup),
            outcome(tls.recv, 1, sockmod.MSG_PEEK),
            outcome(tls.recv_into, bytearray(1), 1, sockmod.MSG_PEEK),
            outcome(tls.send, b"x", sockmod.MSG_OOB),
            outcome(tls.sendall, b"x", sockmod.MSG_OOB),
            outcome(tls.recvfrom, 1),
            outcome(tls.recvfrom_into, bytearray(1)),
            outcome(tls.sendmsg, [b"x"]),
            outcome(tls.recvmsg, 1),
            outcome(tls.recvmsg_into, [bytearray(1)]),
            outcome(tls.get_channel_binding, "nonsense"),
            outcome(tls.connect, server.address),
            outcome(__import__("pickle").dumps, tls),
        ]
        tls.sendall(b"ok")
        plain = tls.unwrap()
        checks += [
            outcome(tls.unwrap),
            outcome(tls.read),
            outcome(tls.write, b"x"),
            outcome(tls.verify_client_post_handshake),
            outcome(tls.get_channel_binding, "nonsense"),
            outcome(tls.get_channel_binding),
            outcome(tls.getpeercert),
            plain.version(), plain.pending(),
        ]
        tls.close()
        checks += [
            outcome(tls.read),
            outcome(tls.write, b"x"),
            outcome(tls.recv, 1),
            outcome(tls.send, b"x"),
            outcome(tls.unwrap),
            outcome(tls.do_handshake),
            tls.cipher(), tls.version(), tls.pending(),
        ]
        server.result()
        return checks

    both(scenario, certs)


def test_post_handshake_authentication(certs):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs, VERSIONS["tls1.3"])
        sctx.verify_mode = sslmod.CERT_OPTIONAL
        sctx.load_verify_locations(certs["ca.pem"])

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                recv_exactly(tls, 5)
                before = tls.getpeercert()
                tls.verify_client_post_handshake()
                tls.sendall(b"auth?")
                recv_exactly(tls, 5)
                return before, tls.getpeercert()["subject"]

        server = Server(sockmod, handler)
        cctx = client_context(sslmod, certs, client_cert=True)
        cctx.post_handshake_auth = True
        with cctx.wrap_socket(sockmod.create_connection(server.address),
                              server_hostname="localhost") as tls:
            tls.sendall(b"hello")
            asked = recv_exactly(tls, 5)
            tls.sendall(b"again")
            return asked, server.result()

    result = both(scenario, certs)[1]
    assert result[1][0] == "ok"


@pytest.mark.skipif(not hasattr(stdssl.SSLSocket, "get_verified_chain"),
                    reason="the stdlib has get_verified_chain() from 3.13")
def test_certificate_chains(certs):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs)

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1)

        server = Server(sockmod, handler)
        with client_context(sslmod, certs).wrap_socket(
                sockmod.create_connection(server.address),
                server_hostname="localhost") as tls:
            chains = tls.get_verified_chain(), tls.get_unverified_chain()
            tls.sendall(b"x")
        server.result()
        return chains

    verified, unverified = both(scenario, certs)[1]
    assert len(verified) == 2 and len(unverified) == 1


def test_wrapping_a_stdlib_socket(certs):
    """pysock.ssl takes the stdlib's socket too: from then on its bytes go
    through pysock."""
    sctx = server_context(stdssl, certs)

    def handler(conn):
        with sctx.wrap_socket(conn, server_side=True) as tls:
            tls.sendall(recv_exactly(tls, 3).upper())

    server = Server(std, handler)
    raw = std.create_connection(server.address)
    with client_context(pssl, certs).wrap_socket(raw, server_hostname="localhost") as tls:
        tls.sendall(b"abc")
        assert type(tls) is pssl.SSLSocket
        assert recv_exactly(tls, 3) == b"ABC"
    assert raw.fileno() == -1
    assert server.result() == ("ok", None)


def test_module_namespace():
    """Every name of the stdlib ssl module is in pysock.ssl; the ones that
    make or take sockets are pysock's."""
    missing = [name for name in dir(stdssl) if not hasattr(pssl, name)]
    assert missing == []
    assert pssl.SSLContext.sslsocket_class is pssl.SSLSocket
    assert issubclass(pssl.SSLContext, stdssl.SSLContext)
    assert type(pssl.create_default_context()) is pssl.SSLContext
    assert type(pssl._create_unverified_context()) is pssl.SSLContext
    assert issubclass(pssl.SSLSocket, pysock.socket)
    assert pssl.socket is pysock.socket
    assert pssl.SSLError is stdssl.SSLError


def test_install_tls_switches_the_stdlib_module(certs):
    original = stdssl.SSLContext.sslsocket_class, stdssl.SSLSocket
    pssl.install_tls()
    try:
        assert stdssl.SSLContext.sslsocket_class is pssl.SSLSocket
        assert stdssl.SSLSocket is pssl.SSLSocket
        sctx = server_context(stdssl, certs)

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                tls.sendall(recv_exactly(tls, 2))
                return type(tls)

        server = Server(pysock, handler)
        with client_context(stdssl, certs).wrap_socket(
                pysock.create_connection(server.address),
                server_hostname="localhost") as tls:
            tls.sendall(b"hi")
            assert recv_exactly(tls, 2) == b"hi"
            assert isinstance(tls, stdssl.SSLSocket)
        assert server.result() == ("ok", pssl.SSLSocket)
    finally:
        pssl.uninstall_tls()
    assert (stdssl.SSLContext.sslsocket_class, stdssl.SSLSocket) == original


@pytest.mark.parametrize("operation", ["handshake", "write", "read", "unwrap", "sendall"])
def test_peer_reset(certs, operation):
    if operation == "unwrap" and sys.implementation.name == "pypy":
        pytest.skip("PyPy's _ssl reports SSLSyscallError('Some I/O error occurred') "
                    "for a reset met by unwrap(); pysock, as CPython, the OSError "
                    "(README, TLS differences)")
    """A peer that resets the connection (SO_LINGER 0): each operation
    reports what the running Python's ssl reports (3.10-3.12 lose the errno
    on reads and writes)."""
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs)
        done = threading.Event()

        def reset(conn):
            conn.setsockopt(sockmod.SOL_SOCKET, sockmod.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
            done.set()

        def handler(conn):
            if operation == "handshake":
                conn.recv(100)
                return reset(conn)
            tls = sctx.wrap_socket(conn, server_side=True)
            tls.recv(1)
            reset(tls)

        server = Server(sockmod, handler)
        tls = client_context(sslmod, certs).wrap_socket(
            sockmod.create_connection(server.address), server_hostname="localhost",
            do_handshake_on_connect=False)
        with tls:
            if operation == "handshake":
                return outcome(tls.do_handshake), server.result()
            tls.do_handshake()
            tls.sendall(b"x")
            done.wait(10)
            server.result()
            # The reset must have arrived before the operation.
            with selectors.DefaultSelector() as selector:
                selector.register(tls, selectors.EVENT_READ)
                selector.select(10)
            action = {"write": lambda: tls.write(b"data"), "read": lambda: tls.read(10),
                      "unwrap": lambda: tls.unwrap() and None,
                      "sendall": lambda: tls.sendall(b"y" * 1000000)}[operation]
            return outcome(action)

    both(scenario, certs)


def test_stdlib_ssl_alone_takes_the_descriptor_of_a_pysock_socket(certs):
    """Outside pysock.ssl and install_tls(), the stdlib's SSLSocket (a C
    socket) is made from the pysock socket's descriptor, which it detaches:
    TLS then works, its bytes no longer through pysock."""
    ctx = stdssl.create_default_context(cafile=certs["ca.pem"])
    assert stdssl.SSLContext.sslsocket_class is not pssl.SSLSocket
    sock = pysock.socket()
    fd = sock.fileno()
    with ctx.wrap_socket(sock, server_hostname="localhost") as tls:
        assert type(tls) is stdssl.SSLSocket
        assert isinstance(tls, std.socket) and not isinstance(tls, pysock.socket)
        assert tls.fileno() == fd and sock.fileno() == -1


def test_import_ssl_with_pysock_as_the_socket_modules(certs):
    """With pysock in sys.modules as both socket and _socket, import ssl
    works (pysock.CAPI is the C module's capsule) and TLS runs over pysock."""
    program = """if True:
        import sys, threading
        import pysock
        sys.modules["socket"] = sys.modules["_socket"] = pysock
        import ssl
        import pysock.ssl
        pysock.ssl.install_tls()
        server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.load_cert_chain(sys.argv[1], sys.argv[2])
        client = ssl.create_default_context(cafile=sys.argv[3])
        a, b = pysock.socketpair()
        t = threading.Thread(target=lambda: server.wrap_socket(b, server_side=True).sendall(b"ok"))
        t.start()
        tls = client.wrap_socket(a, server_hostname="localhost")
        print(type(tls).__module__, isinstance(tls, ssl.SSLSocket), tls.recv(2).decode())
        t.join()
    """
    import subprocess
    import sys
    proc = subprocess.run(
        [sys.executable, "-c", program, certs["server.pem"], certs["server.key"],
         certs["ca.pem"]],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["pysock.ssl", "True", "ok"]


def test_get_server_certificate(certs):
    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs)

        def handler(conn):
            try:
                with sctx.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(1)
            except OSError:
                pass  # the client leaves without a word

        server = Server(sockmod, handler)
        pem = sslmod.get_server_certificate(server.address, ca_certs=certs["ca.pem"])
        server.result()
        return pem

    pem = both(scenario, certs)[1]
    with open(certs["server.pem"]) as f:
        assert stdssl.PEM_cert_to_DER_cert(pem) == stdssl.PEM_cert_to_DER_cert(f.read())


@pytest.mark.skipif(not hasattr(stdssl, "wrap_socket"), reason="ssl.wrap_socket() is gone from 3.12")
def test_module_wrap_socket(certs):
    import warnings

    def scenario(sockmod, sslmod, certs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            results = [outcome(sslmod.wrap_socket, sockmod.socket(), server_side=True),
                       outcome(sslmod.wrap_socket, sockmod.socket(), keyfile=certs["server.key"])]
            with sslmod.wrap_socket(sockmod.socket(), certfile=certs["server.pem"],
                                    keyfile=certs["server.key"], server_side=True) as tls:
                results.append((tls.server_side, tls.context.verify_mode,
                                isinstance(tls, sockmod.socket)))
        return results

    both(scenario, certs)


def test_nonblocking_write_until_want_write_and_retry(certs):
    """A non-blocking writer fills the socket until SSLWantWriteError, waits
    for writability, retries the same data (as OpenSSL requires) and gets
    its count; the reader receives every byte once."""
    chunk = bytes(range(256)) * 256  # 64 KiB

    def scenario(sockmod, sslmod, certs):
        sctx = server_context(sslmod, certs)
        start_reading = threading.Event()

        def handler(conn):
            with sctx.wrap_socket(conn, server_side=True) as tls:
                start_reading.wait(30)
                total = 0
                while True:
                    data = tls.recv(65536)
                    if not data or data.endswith(b"END"):
                        total += len(data)
                        return total
                    total += len(data)

        server = Server(sockmod, handler)
        tls = client_context(sslmod, certs).wrap_socket(
            sockmod.create_connection(server.address), server_hostname="localhost")
        tls.setblocking(False)
        written = 0
        blocked = None
        for _ in range(10000):
            try:
                written += tls.write(chunk)
            except sslmod.SSLWantWriteError as exc:
                blocked = type(exc).__name__
                break
        start_reading.set()
        with selectors.DefaultSelector() as selector:
            selector.register(tls, selectors.EVENT_WRITE)
            while True:
                selector.select(10)
                try:
                    taken = tls.write(chunk)
                    break
                except sslmod.SSLWantWriteError:
                    continue
        written += taken
        tls.setblocking(True)
        tls.sendall(b"END")
        received = server.result()
        tls.close()
        return blocked, taken, received == ("ok", written + 3)

    assert both(scenario, certs)[1] == ("SSLWantWriteError", len(chunk), True)
