"""The socket object against the stdlib: construction, addresses, modes,
options and errors, each done through both modules and compared."""

import errno
import gc
import os
import socket as std
import sys
import threading
import warnings

import pytest

import pysock
from oracle import check, fd_count, outcome, same, same_repr

MODULES = [std, pysock]

# Names the Windows stdlib lacks: their Linux numbers are still arguments
# both modules must treat alike there (an unknown family, a flag bit).
_AF_UNIX = getattr(std, "AF_UNIX", 1)
_SOCK_NONBLOCK = getattr(std, "SOCK_NONBLOCK", 0o4000)
_SOCK_CLOEXEC = getattr(std, "SOCK_CLOEXEC", 0o2000000)

# Tests of AF_UNIX sockets (socketpair() is one on POSIX): on Windows the
# stdlib has no AF_UNIX and its socketpair() is a TCP pair on loopback.
needs_af_unix = pytest.mark.skipif(
    not hasattr(std, "AF_UNIX"), reason="no AF_UNIX in this stdlib (Windows)")
# Tests that treat a socket as a C runtime descriptor (os.dup, os.fstat,
# os.close, /proc/self/fd): a Windows SOCKET is a handle, not one of those.
posix_descriptors = pytest.mark.skipif(
    os.name == "nt", reason="a Windows socket is not a C runtime descriptor")


@pytest.fixture(params=MODULES, ids=["stdlib", "pysock"])
def mod(request):
    return request.param


# -- construction ---------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        (),
        (std.AF_INET,),
        (std.AF_INET6, std.SOCK_DGRAM),
        (_AF_UNIX, std.SOCK_STREAM),
        (_AF_UNIX, std.SOCK_DGRAM),
        (_AF_UNIX, std.SOCK_SEQPACKET),
        (std.AF_INET, std.SOCK_STREAM, std.IPPROTO_TCP),
        (std.AF_INET, std.SOCK_STREAM | _SOCK_NONBLOCK),
        (std.AF_INET, std.SOCK_DGRAM | _SOCK_CLOEXEC),
        (9999,),
        (std.AF_INET, 9999),
        (std.AF_INET, std.SOCK_STREAM, 9999),
        ("x",),
        (std.AF_INET, 1.5),
        (2**40,),
    ],
)
def test_construct(args):
    def make(m):
        with m.socket(*args) as s:
            return (s.family, s.type, s.proto, s.gettimeout(), s.getblocking(),
                    s.get_inheritable(), os.get_blocking(s.fileno()))

    same(make)


def test_properties_are_enums():
    with pysock.socket(pysock.AF_INET6, pysock.SOCK_DGRAM) as s:
        assert type(s.family).__name__ == "AddressFamily"
        assert type(s.type).__name__ == "SocketKind"
        assert s.family == std.AF_INET6 and s.type == std.SOCK_DGRAM


@needs_af_unix
def test_unknown_family_value_is_int():
    # A family with no enum member comes back as a plain int.
    a, b = std.socketpair()
    try:
        for m in MODULES:
            with m.socket(fileno=os.dup(a.fileno())) as s:
                assert s.family == std.AF_UNIX
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("kind", ["tcp", "udp6", "unix", "unix_dgram"])
@posix_descriptors
def test_fileno_autodetects(kind):
    if kind.startswith("unix") and not hasattr(std, "AF_UNIX"):
        pytest.skip("no AF_UNIX in this stdlib (Windows)")
    make = {
        "tcp": lambda: std.socket(),
        "udp6": lambda: std.socket(std.AF_INET6, std.SOCK_DGRAM),
        "unix": lambda: std.socket(std.AF_UNIX),
        "unix_dgram": lambda: std.socket(std.AF_UNIX, std.SOCK_DGRAM),
    }[kind]
    with make() as orig:
        def detect(m):
            with m.socket(fileno=os.dup(orig.fileno())) as s:
                return s.family, s.type, s.proto

        same(detect)


def test_fileno_errors():
    if os.name != "nt":  # a pipe's descriptor is no socket handle on Windows
        r, w = os.pipe()
        try:
            same(lambda m: m.socket(fileno=r))  # ENOTSOCK
        finally:
            os.close(r)
            os.close(w)
    same(lambda m: m.socket(fileno=-1))
    same(lambda m: m.socket(fileno="3"))
    same(lambda m: m.socket(fileno=1.5))
    for big in (2**31, 2**32 - 1, 2**40, -2**40, 2**70):
        same(lambda m: m.socket(fileno=big))
    if os.name != "nt":
        bad = os.open(os.devnull, os.O_RDONLY)
        os.close(bad)
        same(lambda m: m.socket(fileno=bad))  # EBADF
    same(lambda m: m.socket(fileno=999999))  # no socket has that number


@needs_af_unix
def test_repr_shape():
    def shape(m):
        out = []
        a, b = m.socketpair()
        out.append(same_repr(repr(a)).replace("fd=%d" % a.fileno(), "fd=N"))
        a.close()
        out.append(same_repr(repr(a)))
        b.close()
        s = m.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        out.append(same_repr(repr(s)).replace("fd=%d" % s.fileno(), "fd=N").replace(str(port), "P"))
        s.close()
        return out

    same(shape)


def test_pickle_refused():
    import pickle

    same(lambda m: pickle.dumps(m.socket()))


@posix_descriptors
def test_unclosed_warns_and_closes():
    s = pysock.socket()
    fd = s.fileno()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del s
        gc.collect()  # PyPy finalizes only when its GC runs
    assert any(issubclass(w.category, ResourceWarning) and "unclosed" in str(w.message) for w in caught)
    with pytest.raises(OSError) as info:
        os.fstat(fd)
    assert info.value.errno == errno.EBADF


@posix_descriptors
def test_context_manager_closes():
    with pysock.socket() as s:
        fd = s.fileno()
    assert s.fileno() == -1
    assert s._closed
    with pytest.raises(OSError):
        os.fstat(fd)


# -- addresses ------------------------------------------------------------

INET_ADDRESSES = [
    ("127.0.0.1", 0),
    ("", 0),
    ("localhost", 0),
    (b"127.0.0.1", 0),
    (bytearray(b"127.0.0.1"), 0),
    ("<broadcast>", 0),
    ("255.255.255.255", 0),
    ("1.2.3", 0),
    ("127.1", 0),
    ("0x7f.1", 0),
    ("127.0.0.1", -1),
    ("127.0.0.1", 65536),
    ("127.0.0.1", 2**40),
    ("127.0.0.1", "80"),
    ("127.0.0.1", 1.5),
    ("127.0.0.1",),
    ("127.0.0.1", 0, 0),
    "127.0.0.1",
    ["127.0.0.1", 0],
    None,
    (None, 0),
    (1, 0),
    ("127.0.0.1\0", 0),
    ("nonexistent.invalid", 0),
    ("\u00e9.invalid", 0),
    ("a" * 64 + ".com", 0),
    ("::1", 0),
    ("300.1.1.1", 0),
]

INET6_ADDRESSES = [
    ("::1", 0),
    ("::1", 0, 0, 0),
    ("::1", 0, 1, 0),
    ("::1", 0, 0xFFFFF, 0),
    ("::1", 0, 0x100000, 0),
    ("::1", 0, -1, 0),
    ("::1", 0, 0, 2**32),
    ("::1", 0, 0, -1),
    ("::1", 0, 1.5),
    ("", 0),
    ("localhost", 0),
    ("::ffff:127.0.0.1", 0),
    ("<broadcast>", 0),
    ("127.0.0.1", 0),
    ("::1%lo", 0),
    ("::1%1", 0),
    ("::1", 0, 0, 0, 0),
    ("::1",),
    "::1",
    ("::1", 70000),
    (b"::1", 0),
    ("1::2::3", 0),
]


def _bind_and_name(family, kind, address):
    def run(m):
        with m.socket(family, kind) as s:
            s.bind(address)
            name = s.getsockname()
            return name[0] if family != std.AF_UNIX else name

    return run


@pytest.mark.parametrize("address", INET_ADDRESSES, ids=repr)
def test_inet_bind(address):
    same(_bind_and_name(std.AF_INET, std.SOCK_DGRAM, address))


@pytest.mark.parametrize("address", INET6_ADDRESSES, ids=repr)
def test_inet6_bind(address):
    same(_bind_and_name(std.AF_INET6, std.SOCK_DGRAM, address))


@pytest.mark.parametrize("address", INET_ADDRESSES + INET6_ADDRESSES, ids=repr)
@pytest.mark.parametrize("method", ["connect", "connect_ex", "sendto"])
def test_inet_address_errors_name_the_method(address, method):
    family = std.AF_INET6 if address in INET6_ADDRESSES else std.AF_INET

    def run(m):
        with m.socket(family, std.SOCK_DGRAM) as s:
            if method == "sendto":
                return s.sendto(b"", address)
            return getattr(s, method)(address)

    same(run)


def test_inet6_decodes_flowinfo_and_scope():
    def run(m):
        with m.socket(std.AF_INET6, std.SOCK_DGRAM) as s:
            s.bind(("::1", 0))
            s.connect(("::1", s.getsockname()[1], 0x12345, 0))
            return s.getpeername()[2:]

    same(run)


def test_unix_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    long_path = str(tmp_path / ("x" * 120))
    paths = [
        str(tmp_path / "sock"),
        os.fsencode(str(tmp_path / "bsock")),
        bytearray(os.fsencode(str(tmp_path / "basock"))),
        memoryview(os.fsencode(str(tmp_path / "mvsock"))),
        str(tmp_path / "surrogate-\udcff"),
        long_path,
        "a" * 107,
        b"\0abstract-test-" + os.urandom(4).hex().encode(),
        b"\0" + b"a" * 107,
        b"\0" + b"a" * 108,
        1,
        ("x",),
        "nul\0inside",
    ]
    for i, path in enumerate(paths):
        def run(m, path=path, i=i):
            p = path
            if isinstance(p, str) and p.startswith(str(tmp_path)):
                p = p + "-" + m.__name__
            elif isinstance(p, (bytes, bytearray, memoryview)) and bytes(p[:1]) == b"/":
                p = bytes(p) + b"-" + m.__name__.encode()
            elif isinstance(p, bytes) and p[:1] == b"\0" and len(p) < 100:
                p = p + m.__name__.encode()
            with m.socket(std.AF_UNIX, std.SOCK_DGRAM) as s:
                s.bind(p)
                name = s.getsockname()
                if isinstance(name, str) and name:
                    os.unlink(name)
                if isinstance(name, str):
                    name = name.replace(m.__name__, "MOD")
                elif isinstance(name, bytes):
                    name = name.replace(m.__name__.encode(), b"MOD")
                return type(name).__name__, name

        same(run)


@needs_af_unix
def test_unix_unbound_names():
    def run(m):
        a, b = m.socketpair()
        with a, b:
            return a.getsockname(), a.getpeername()

    same(run)


@needs_af_unix
def test_unix_autobind_abstract():
    def run(m):
        with m.socket(std.AF_UNIX) as s:
            s.bind("")
            name = s.getsockname()
            return type(name), len(name), name[:1]

    same(run)


def test_bad_family_address():
    same(lambda m: m.socket(std.AF_INET).bind(b"/tmp/x"))


# -- modes and timeouts ---------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [None, 0, 0.0, 1, 2.5, 1e-10, 1e-9, 0.1, 3, -1, -0.5, float("nan"), float("inf"),
     1e300, 2**70, "1", 1j, True],
    ids=repr,
)
def test_settimeout(value):
    def run(m):
        with m.socket() as s:
            s.settimeout(value)
            return s.gettimeout(), s.timeout, s.getblocking(), os.get_blocking(s.fileno())

    same(run)


@pytest.mark.parametrize("flag", [True, False, 0, 1, 2**40, None, 1.5, "x"], ids=repr)
def test_setblocking(flag):
    if flag == 2**40 and sys.version_info < (3, 11):
        pytest.skip("CPython < 3.11 truncates the flag to a C int and leaves "
                    "the fd non-blocking with timeout None; pysock does not copy that bug")
    def run(m):
        with m.socket() as s:
            s.settimeout(2.0)
            s.setblocking(flag)
            return s.gettimeout(), s.getblocking(), os.get_blocking(s.fileno())

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        same(run)


@pytest.mark.parametrize("value", [None, 0.0, 2.0, -1, "x"], ids=repr)
def test_default_timeout(value):
    def run(m):
        old = m.getdefaulttimeout()
        try:
            m.setdefaulttimeout(value)
            with m.socket() as s:
                return m.getdefaulttimeout(), s.gettimeout(), os.get_blocking(s.fileno())
        finally:
            m.setdefaulttimeout(old)

    same(run)


def test_recv_timeout():
    def run(m):
        a, b = m.socketpair()
        with a, b:
            a.settimeout(0.05)
            return a.recv(1)

    same(run)


def test_nonblocking_recv_and_accept():
    def run(m):
        out = []
        a, b = m.socketpair()
        with a, b:
            a.setblocking(False)
            try:
                a.recv(1)
            except BlockingIOError as exc:
                out.append(exc.errno)
        with m.socket() as srv:
            srv.bind(("127.0.0.1", 0))
            srv.listen()
            srv.setblocking(False)
            try:
                srv.accept()
            except BlockingIOError as exc:
                out.append(str(exc))
        return out

    same(run)


def test_accept_timeout_and_default():
    def run(m):
        out = []
        with m.socket() as srv:
            srv.bind(("127.0.0.1", 0))
            srv.listen()
            srv.settimeout(0.05)
            try:
                srv.accept()
            except m.timeout as exc:
                out.append(str(exc))
            c = m.create_connection(srv.getsockname())
            conn, addr = srv.accept()
            with c, conn:
                # bpo-7995: the listener's timeout does not leak.
                out.append((conn.gettimeout(), os.get_blocking(conn.fileno()), addr == c.getsockname()))
            old = m.getdefaulttimeout()
            m.setdefaulttimeout(1.5)
            try:
                c = m.create_connection(srv.getsockname())
                conn, addr = srv.accept()
                with c, conn:
                    out.append((conn.gettimeout(), c.gettimeout()))
            finally:
                m.setdefaulttimeout(old)
        return out

    same(run)


def test_sendall_timeout_is_one_deadline():
    # Fill the pipe: sendall of more than the buffers hold must time out
    # as a whole, not per chunk.
    def run(m):
        a, b = m.socketpair()
        with a, b:
            a.settimeout(0.2)
            try:
                a.sendall(b"x" * (8 * 1024 * 1024))
            except m.timeout as exc:
                return "timeout", str(exc)
            return "sent"

    same(run)


def test_connect_refused_and_ex():
    with std.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # nothing listens on port now
    def run(m):
        out = []
        for timeout in (None, 1.0):
            with m.socket() as s:
                s.settimeout(timeout)
                out.append(s.connect_ex(("127.0.0.1", port)))
            with m.socket() as s:
                s.settimeout(timeout)
                try:
                    s.connect(("127.0.0.1", port))
                except OSError as exc:
                    out.append((type(exc).__name__, exc.errno, str(exc)))
        with m.socket() as s:
            s.setblocking(False)
            out.append(s.connect_ex(("127.0.0.1", port)) in (errno.EINPROGRESS, errno.ECONNREFUSED))
        return out

    same(run)


def test_connect_nonblocking_inprogress():
    def run(m):
        with m.socket() as srv:
            srv.bind(("127.0.0.1", 0))
            srv.listen()
            with m.socket() as c:
                c.setblocking(False)
                code = c.connect_ex(srv.getsockname())
                return code in (0, errno.EINPROGRESS)

    same(run)


_PYPY = sys.implementation.name == "pypy"


# -- data -------------------------------------------------------------------


def _pair(m, kind):
    if kind == "unix":
        return m.socketpair()
    if kind == "unix_dgram":
        return m.socketpair(std.AF_UNIX, std.SOCK_DGRAM)
    if kind == "tcp":
        srv = m.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen()
        c = m.create_connection(srv.getsockname())
        conn, _ = srv.accept()
        srv.close()
        return c, conn
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["unix", "unix_dgram", "tcp"])
def test_data_calls(kind):
    def run(m):
        a, b = _pair(m, kind)
        out = []
        with a, b:
            out.append(a.send(b"hello"))
            out.append(b.recv(100))
            out.append(a.send(bytearray(b"bytearray")))
            out.append(b.recv(4, std.MSG_PEEK))
            out.append(b.recv(100))
            a.sendall(memoryview(b"memoryview"))
            buf = bytearray(20)
            out.append(b.recv_into(buf))
            out.append(bytes(buf))
            a.sendall(b"abcdef")
            buf = bytearray(10)
            out.append(b.recv_into(buf, 3))
            if kind != "unix_dgram":
                out.append(b.recv_into(memoryview(buf)[5:]))
            out.append(bytes(buf))
            a.send(b"from")
            n, addr = b.recvfrom_into(bytearray(10))
            out.append((n, addr if kind != "tcp" else "tcp"))
            a.send(b"recvfrom")
            data, addr = b.recvfrom(100)
            out.append((data, addr if kind != "tcp" else "tcp"))
            if kind != "unix_dgram" and m is std and _PYPY:
                # PyPy 3.9.16's own _socket blocks in recv(0) on a stream
                # socket; CPython's returns b"" at once (this test on
                # CPython checks that), so that is what pysock must give.
                out.append(b"")
            else:
                out.append(b.recv(0) if kind != "unix_dgram" else b"")
            a.send(b"zz")
            out.append(b.recv(1))
            out.append(b.recv(1) if kind != "unix_dgram" else b"")
        return out

    same(run)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.recv(-1),
        lambda s: s.recv(1.5),
        lambda s: s.recv("1"),
        lambda s: s.recv(2**63),
        lambda s: s.recv(1, 2**31),
        lambda s: s.recv(1, "x"),
        lambda s: s.recvfrom(-1),
        lambda s: s.recv_into(bytearray(1), -1),
        lambda s: s.recv_into(bytearray(1), 2),
        lambda s: s.recv_into(b"ro"),
        lambda s: s.recv_into("str"),
        lambda s: s.recvfrom_into(bytearray(1), 2),
        lambda s: s.recvfrom_into(bytearray(1), -2),
        lambda s: s.send("str"),
        lambda s: s.send(1),
        lambda s: s.send(b"x", "f"),
        lambda s: s.sendall("str"),
        lambda s: s.sendall(None),
        lambda s: s.sendto(b"x"),
        lambda s: s.sendto(b"x", 0, "a", "b"),
        lambda s: s.sendto("x", ("127.0.0.1", 1)),
        lambda s: s.shutdown("x"),
        lambda s: s.shutdown(99),
        lambda s: s.listen("x"),
        lambda s: s.getsockopt(std.SOL_SOCKET, std.SO_TYPE, 2000),
        lambda s: s.getsockopt(std.SOL_SOCKET, std.SO_TYPE, -1),
        lambda s: s.getsockopt("x", 1),
        lambda s: s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR, "x"),
        lambda s: s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR, 2**40),
        lambda s: s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR, 1.5),
        lambda s: s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR),
        lambda s: s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR, 1, 4),
        lambda s: s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR, None),
        lambda s: s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR, None, "x"),
        lambda s: s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR, None, 2**33),
        lambda s: s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR, None, 4),
        lambda s: s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR, 1, 2, 3),
    ],
)
def test_bad_arguments(call, request):
    def run(m):
        a, b = m.socketpair()
        with a, b:
            return call(a)

    if _PYPY and request.node.name in _PYPY_STDLIB_BLOCKS:
        # PyPy 3.9.16's own _socket blocks in recv(1, 2**31) and
        # recvfrom_into(buffer, -2) where CPython's refuses them at once:
        # pysock's outcome is held to CPython's recorded one (oracle.py).
        check(outcome(run, pysock), None)
        return
    same(run)


_PYPY_STDLIB_BLOCKS = {"test_bad_arguments[<lambda>4]", "test_bad_arguments[<lambda>12]"}


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.recv(1),
        lambda s: s.send(b"x"),
        lambda s: s.sendall(b"x"),
        lambda s: s.recv_into(bytearray(1)),
        lambda s: s.recvfrom(1),
        lambda s: s.getsockname(),
        lambda s: s.getpeername(),
        lambda s: s.getsockopt(std.SOL_SOCKET, std.SO_TYPE),
        lambda s: s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR, 1),
        lambda s: s.shutdown(std.SHUT_RDWR),
        lambda s: s.listen(),
        lambda s: s.accept(),
        lambda s: s.bind(("127.0.0.1", 0)),
        lambda s: s.connect(("127.0.0.1", 1)),
        lambda s: s.connect_ex(("127.0.0.1", 1)),
        lambda s: s.dup(),
        lambda s: s.settimeout(1),
        lambda s: s.setblocking(False),
        lambda s: s.get_inheritable(),
        lambda s: s.fileno(),
        lambda s: s.detach(),
        lambda s: s.close(),
    ],
)
def test_closed_socket(call):
    def run(m):
        s = m.socket()
        s.close()
        return call(s)

    same(run)


def test_shutdown_and_eof():
    def run(m):
        a, b = m.socketpair()
        with a, b:
            a.sendall(b"last")
            a.shutdown(std.SHUT_WR)
            return b.recv(10), b.recv(10), a.send(b"") if False else None

    same(run)


def test_send_after_peer_closed_is_epipe():
    def run(m):
        a, b = m.socketpair()
        b.close()
        with a:
            return a.send(b"x")

    same(run)


def test_big_sendall_roundtrip():
    payload = os.urandom(3 * 1024 * 1024 + 17)

    def run(m):
        a, b = _pair(m, "tcp")
        got = []

        def reader():
            while True:
                chunk = b.recv(65536)
                if not chunk:
                    break
                got.append(chunk)

        t = threading.Thread(target=reader)
        t.start()
        with a:
            a.sendall(payload)
            a.shutdown(std.SHUT_WR)
        t.join()
        b.close()
        return b"".join(got) == payload

    assert same(run) == ("ok", True)


# -- options ----------------------------------------------------------------


def test_sockopts():
    def run(m):
        out = []
        with m.socket() as s:
            out.append(s.getsockopt(std.SOL_SOCKET, std.SO_REUSEADDR))
            s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR, 1)
            out.append(s.getsockopt(std.SOL_SOCKET, std.SO_REUSEADDR))
            s.setsockopt(std.SOL_SOCKET, std.SO_REUSEADDR, True)
            out.append(s.getsockopt(std.SOL_SOCKET, std.SO_TYPE))
            out.append(s.getsockopt(std.SOL_SOCKET, std.SO_TYPE, 4))
            out.append(s.getsockopt(std.SOL_SOCKET, std.SO_TYPE, 16))
            s.setsockopt(std.SOL_SOCKET, std.SO_LINGER, b"\1\0\0\0\5\0\0\0")
            out.append(s.getsockopt(std.SOL_SOCKET, std.SO_LINGER, 8))
            s.setsockopt(std.SOL_SOCKET, std.SO_RCVBUF, bytearray(b"\0\0\1\0"))
            out.append(s.getsockopt(std.SOL_SOCKET, std.SO_RCVBUF) > 0)
            out.append(s.getsockopt(std.IPPROTO_TCP, std.TCP_NODELAY))
            s.setsockopt(std.IPPROTO_TCP, std.TCP_NODELAY, 1)
            out.append(s.getsockopt(std.IPPROTO_TCP, std.TCP_NODELAY))
            try:
                s.setsockopt(std.SOL_SOCKET, 12345, 1)
            except OSError as exc:
                out.append(exc.errno)
            try:
                s.setsockopt(std.SOL_SOCKET, std.SO_BINDTODEVICE, None, 0)
            except OSError as exc:
                out.append(("none-optlen", exc.errno))
            else:
                out.append("none-optlen ok")
        return out

    same(run)


def test_inheritable_and_dup():
    def run(m):
        out = []
        with m.socket() as s:
            out.append(s.get_inheritable())
            s.set_inheritable(True)
            out.append(s.get_inheritable())
            s.settimeout(3.0)
            d = s.dup()
            with d:
                out.append((d.get_inheritable(), d.gettimeout(), d.family, d.type, d.proto))
            fd = s.detach()
            out.append(s.fileno())
            m.close(fd)
        return out

    same(run)


def test_fromfd_and_module_dup_close():
    def run(m):
        with m.socket(std.AF_INET6, std.SOCK_DGRAM) as s:
            f = m.fromfd(s.fileno(), std.AF_INET6, std.SOCK_DGRAM)
            with f:
                out = [f.fileno() != s.fileno(), f.family, f.type]
            fd = m.dup(s.fileno())
            m.close(fd)
            try:
                m.close(fd)
            except OSError as exc:
                out.append(exc.errno)
        return out

    same(run)


# -- module functions -----------------------------------------------------


def test_create_server_and_connection():
    def run(m):
        out = []
        with m.create_server(("127.0.0.1", 0), reuse_port=True, backlog=5) as srv:
            out.append(srv.getsockopt(std.SOL_SOCKET, std.SO_REUSEADDR) != 0)
            out.append(srv.getsockopt(std.SOL_SOCKET, std.SO_REUSEPORT) != 0)
            c = m.create_connection(srv.getsockname(), timeout=2, source_address=("127.0.0.1", 0))
            conn, addr = srv.accept()
            with c, conn:
                out.append((c.gettimeout(), addr == c.getsockname()))
        out.append(m.has_dualstack_ipv6())
        with m.create_server(("::", 0), family=std.AF_INET6, dualstack_ipv6=True) as srv:
            out.append(srv.getsockopt(std.IPPROTO_IPV6, std.IPV6_V6ONLY))
            c = m.create_connection(("127.0.0.1", srv.getsockname()[1]))
            conn, addr = srv.accept()
            with c, conn:
                out.append(addr[0])
        try:
            m.create_server(("127.0.0.1", 0), dualstack_ipv6=True)
        except ValueError as exc:
            out.append(str(exc))
        return out

    same(run)


def test_create_server_bind_error_message():
    with std.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = taken.getsockname()
        same(lambda m: m.create_server(address))


def test_create_connection_errors():
    with std.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def run(m):
        out = []
        try:
            m.create_connection(("127.0.0.1", port))
        except OSError as exc:
            out.append((type(exc).__name__, exc.errno))
        try:
            m.create_connection(("localhost", port), all_errors=True)
        except Exception as exc:  # ExceptionGroup
            out.append(sorted(e.errno for e in exc.exceptions))
        return out

    if sys.version_info >= (3, 11):
        same(run)
    else:  # the stdlib has no all_errors before 3.11: pysock does
        got = run(pysock)
        assert got[0] == ("ConnectionRefusedError", errno.ECONNREFUSED)
        assert got[1] and set(got[1]) == {errno.ECONNREFUSED}


@pytest.mark.parametrize(
    "args",
    [
        ("127.0.0.1", 80),
        ("127.0.0.1", "80"),
        ("127.0.0.1", b"80"),
        ("127.0.0.1", "http"),
        ("127.0.0.1", None),
        (None, 80),
        ("localhost", 80, std.AF_INET),
        ("localhost", 80, std.AF_INET6, std.SOCK_STREAM),
        ("::1", 80, 0, std.SOCK_DGRAM),
        ("127.0.0.1", 80, 0, 0, 0, std.AI_NUMERICHOST),
        ("localhost", 80, 0, 0, 0, std.AI_NUMERICHOST),
        ("localhost", 80, 0, 0, 0, std.AI_CANONNAME),
        (None, 0, 0, 0, 0, std.AI_PASSIVE),
        ("nonexistent.invalid", 80),
        ("127.0.0.1", "nosuchservice"),
        ("127.0.0.1", 1.5),
        ("127.0.0.1", True),
        ("127.0.0.1", -1),
        ("127.0.0.1", 2**40),
        (1, 80),
        (bytearray(b"127.0.0.1"), 80),
        ("127.0.0.1", 80, "x"),
        ("127.0.0.1", 80, 2**40),
        ("127.0.0.1", 80, 9999),
        ("\u00e9", 80),
        ("a" * 64, 80),
        ("", 80),
    ],
    ids=repr,
)
def test_getaddrinfo(args):
    same(lambda m: m.getaddrinfo(*args))


def test_getaddrinfo_keywords():
    same(lambda m: m.getaddrinfo(host="127.0.0.1", port=80, family=std.AF_INET, type=std.SOCK_STREAM, proto=0, flags=0))


# -- makefile and sendfile --------------------------------------------------


@pytest.mark.parametrize("mode", ["r", "rb", "w", "wb", "rw", "rwb", "x"])
@pytest.mark.parametrize("buffering", [None, 0, 1, 5])
def test_makefile(mode, buffering):
    def run(m):
        a, b = m.socketpair()
        out = []
        with a, b:
            try:
                f = a.makefile(mode, buffering)
            except ValueError as exc:
                return ("ValueError", str(exc))
            with f:
                out.append((type(f).__name__, getattr(f, "mode", None)))
                if "w" in mode:
                    f.write(b"line\n" if "b" in mode else "line\n")
                    f.flush()
                    out.append(b.recv(100))
                if "r" in mode:
                    b.sendall(b"one\ntwo\n")
                    out.append(f.readline())
            a.close()
            out.append(a.fileno())
        return out

    same(run)


def test_makefile_keeps_socket_open_until_closed():
    def run(m):
        a, b = m.socketpair()
        f = a.makefile("rb")
        a.close()
        alive = a.fileno() != -1
        b.sendall(b"still\n")
        line = f.readline()
        f.close()
        b.close()
        return alive, line, a.fileno()

    same(run)


def test_sendfile(tmp_path):
    data = os.urandom(200000)
    path = tmp_path / "file"
    path.write_bytes(data)

    def run(m):
        out = []
        for opener, offset, count in [
            (lambda: open(str(path), "rb"), 0, None),
            (lambda: open(str(path), "rb"), 1000, 5000),
            (lambda: __import__("io").BytesIO(data), 10, None),
        ]:
            a, b = _pair(m, "tcp")
            got = []
            t = threading.Thread(target=lambda: got.append(_drain(b)))
            t.start()
            with opener() as f, a:
                out.append(a.sendfile(f, offset, count))
                out.append(f.tell())
            t.join()
            b.close()
            out.append(got[0] == data[offset: offset + count if count else None])
        with open(str(path), "rb") as f:
            u = m.socket(std.AF_INET, std.SOCK_DGRAM)
            with u:
                try:
                    u.sendfile(f)
                except ValueError as exc:
                    out.append(str(exc))
        with open(str(path), "r") as f, m.socket() as s:
            try:
                s.sendfile(f)
            except ValueError as exc:
                out.append(str(exc))
        return out

    same(run)


def _drain(sock):
    chunks = []
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


# -- hygiene ----------------------------------------------------------------


@posix_descriptors
def test_no_fd_leak():
    before = fd_count()
    for _ in range(50):
        a, b = pysock.socketpair()
        a.sendall(b"x")
        b.recv(1)
        a.close()
        b.close()
        s = pysock.create_server(("127.0.0.1", 0))
        c = pysock.create_connection(s.getsockname())
        conn, _ = s.accept()
        for x in (s, c, conn):
            x.close()
        try:
            pysock.socket(9999)
        except OSError:
            pass
        try:
            pysock.create_connection(("127.0.0.1", 1))
        except OSError:
            pass
    assert fd_count() == before


def test_audit_events():
    import subprocess

    code = r"""
import sys
seen = []
sys.addaudithook(lambda name, args: seen.append(name) if name.startswith("socket.") else None)
import {mod} as m
s = m.socket(m.AF_INET, m.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.connect(s.getsockname())
s.sendto(b"x", s.getsockname())
s.connect_ex(s.getsockname())
m.getaddrinfo("127.0.0.1", 80)
s.close()
print(seen)
"""
    outs = []
    for name in ("socket", "pysock"):
        result = subprocess.run(
            [sys.executable, "-c", code.format(mod=name)],
            capture_output=True, text=True, check=True,
            env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)),
        )
        outs.append(result.stdout)
    assert outs[0] == outs[1]
    assert "socket.bind" in outs[1]


def test_public_names_cover_stdlib():  # noqa: D103
    # CAPI is the PyCapsule through which C extensions (_ssl) reach the C
    # socket type; a pure-Python module has no such type to offer.
    missing = [n for n in std.__all__ if not hasattr(pysock, n) and n != "CAPI"]
    if sys.implementation.name == "pypy":
        # PyPy's _socket also exports these, from its RPython rsocket; no
        # CPython 3.8-3.13 socket has them (checked), and pysock's names
        # are CPython's: select's POLL* are where programs take them.
        missing = [n for n in missing if n not in _PYPY_ONLY_NAMES]
    assert missing == []


_PYPY_ONLY_NAMES = {
    "FD_SETSIZE", "POLLERR", "POLLHUP", "POLLIN", "POLLMSG", "POLLNVAL", "POLLOUT",
    "POLLPRI", "POLLRDBAND", "POLLRDNORM", "POLLWRNORM", "SIOCGIFINDEX", "SIOCGIFNAME",
}


# -- bad input of every kind: never a ctypes error, always the stdlib's ------

_WEIRD = [None, -1, 0, 2**31, 2**63, 2**64, -2**63 - 1, 1.5, float("nan"), "x", b"x",
          bytearray(b"x"), [], (), ("127.0.0.1",), ("127.0.0.1", 0, 0), object(), True]

_METHODS = [
    ("recv", 1), ("recvfrom", 1), ("recv_into", 1), ("recvfrom_into", 1),
    ("send", 1), ("sendall", 1), ("sendto", 2), ("bind", 1), ("connect", 1),
    ("connect_ex", 1), ("listen", 1), ("shutdown", 1), ("settimeout", 1),
    ("getsockopt", 2), ("setsockopt", 3),
]


@pytest.mark.parametrize("kind", [std.SOCK_STREAM, std.SOCK_DGRAM], ids=["stream", "dgram"])
@pytest.mark.parametrize("method,arity", _METHODS, ids=[m for m, _ in _METHODS])
def test_weird_arguments(method, arity, kind):
    import ctypes

    for position in range(arity):
        for value in _WEIRD:
            args = [0, 0, 0][:arity]
            if method in ("send", "sendall", "sendto") and position != 0:
                args[0] = b"x"
            if method == "sendto" and position != 1:
                args[1] = ("127.0.0.1", 9)
            if method in ("recv_into", "recvfrom_into"):
                args = [bytearray(4)]
                if position == 0:
                    args = [value]
                else:
                    continue
            else:
                args[position] = value

            def run(m, args=args):
                with m.socket(std.AF_INET, kind) as s:
                    s.settimeout(0)
                    return getattr(s, method)(*args)

            result = same(run, normalize=lambda r: type(r).__name__)
            assert "ArgumentError" not in str(result)
            assert not (result[0] == "raise" and result[1] == ctypes.ArgumentError.__name__)


# -- the base type, as the C module's ----------------------------------------


def test_base_type_is_socket_type():
    import _socket

    assert pysock.SocketType is not pysock.socket
    assert issubclass(pysock.socket, pysock.SocketType)
    for kind in (std.SOCK_STREAM, std.SOCK_DGRAM):
        c = _socket.socket(std.AF_INET, kind)
        p = pysock.SocketType(std.AF_INET, kind)
        try:
            assert repr(p).replace("fd=%d" % p.fileno(), "fd=N") == repr(c).replace(
                "fd=%d" % c.fileno(), "fd=N")
            assert (p.family, p.type, p.proto) == (c.family, c.type, c.proto)
            assert type(p.family) is int and type(p.type) is int
        finally:
            c.close()
            p.close()
        assert repr(p) == repr(c)
    with pysock.socket() as s:
        assert isinstance(s, pysock.SocketType)


def test_base_type_is_immutable_like_the_c_type():
    import _socket

    def set_attr(cls):
        try:
            cls.foo = 1
        except TypeError as exc:
            return str(exc)

    expected = set_attr(_socket.socket)
    got = set_attr(pysock.SocketType)
    assert expected is not None and got is not None
    # check(): PyPy words it its own way ("on type object 'socket'"); there
    # against CPython's words, recorded (tests/oracle.py).
    check(("ok", got), ("ok", expected.replace("_socket.socket", "pysock._socket.socket")))
    # the class programs use stays a normal class, as socket.socket is
    pysock.socket.foo = 1
    del pysock.socket.foo
