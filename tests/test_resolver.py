"""The resolver against the stdlib: gethostbyname & co, getnameinfo, the
service and protocol databases, gethostname/sethostname, getfqdn; each call
made through ``socket`` and ``pysock`` with the same result or the same
exception (type, errno, message, args) and the same audit events.

No network: in this process only names the C library answers from local
files (localhost, this host's name, numeric addresses, /etc/services).
Lookups that would fall through to DNS (unknown names and addresses) run
in a child process with its own mount namespace, where nsswitch.conf,
/etc/hosts, /etc/services and /etc/protocols are this file's: every answer
is local, and the entries can be as odd as a test needs (aliases, IPv6,
non-UTF-8 names, entries bigger than the stdlib's buffer).  sethostname
runs only in a child with its own UTS namespace; the machine's host name is
never changed.
"""

import concurrent.futures
import json
import os
import shutil
import socket as std
import subprocess
import sys
import threading

import pytest

import pysock
from oracle import (
    Bytes,
    check,
    Index,
    IntOnly,
    Str,
    same_strict as same,
    stable_id,
)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HOSTNAME = std.gethostname()


# -- host lookups answered from /etc/hosts or without a lookup --------------

HOSTS = [
    "localhost", b"localhost", bytearray(b"localhost"), Str("localhost"),
    Bytes(b"localhost"), "LOCALHOST", HOSTNAME, HOSTNAME.encode(), "127.0.0.1",
    b"127.0.0.1",
]
# Names refused before any lookup, and numeric forms getaddrinfo parses.
HOSTS_NO_LOOKUP = [
    "a\0b", b"a\0b", bytearray(b"a\0"), "a..b", ".", "x" * 64, "x" * 300,
    "\udcff", "\udcff.example", memoryview(b"localhost"), None,
    1, 1.5, ["localhost"],
]


@pytest.mark.parametrize("host", HOSTS + HOSTS_NO_LOOKUP, ids=stable_id)
def test_gethostbyname(host):
    same(lambda m: m.gethostbyname(host))


@pytest.mark.parametrize(
    "host",
    ["", "<broadcast>", "255.255.255.255", "0.0.0.0", "1.2.3.4", "1", "1.2",
     "0x7f.1", "0177.0.0.1", "::1", "::ffff:127.0.0.1"],
    ids=stable_id,
)
def test_gethostbyname_numeric(host):
    same(lambda m: m.gethostbyname(host))


@pytest.mark.parametrize("host", HOSTS + HOSTS_NO_LOOKUP, ids=stable_id)
def test_gethostbyname_ex(host):
    same(lambda m: m.gethostbyname_ex(host))


@pytest.mark.parametrize("host", HOSTS + HOSTS_NO_LOOKUP + [""], ids=stable_id)
def test_gethostbyaddr(host):
    same(lambda m: m.gethostbyaddr(host))


@pytest.mark.parametrize(
    "name,args",
    [
        (name, args)
        for name in ("gethostbyname", "gethostbyname_ex", "gethostbyaddr",
                     "getprotobyname", "sethostname")
        for args in ((), ("a", "b"))
    ]
    + [(name, args) for name in ("getservbyname", "getservbyport")
       for args in ((), ("http", "tcp", "x"))]
    + [("getnameinfo", args) for args in ((), (("127.0.0.1", 80),), (1, 2, 3))]
    + [("gethostname", args) for args in ((1,), (1, 2))],
)
def test_argument_count(name, args):
    if not hasattr(std, name):
        pytest.skip("the stdlib has no %s here (Windows)" % name)
    same(lambda m: getattr(m, name)(*args))


@pytest.mark.parametrize(
    "name",
    ["gethostbyname", "gethostbyname_ex", "gethostbyaddr", "gethostname",
     "sethostname", "getservbyname", "getservbyport", "getprotobyname",
     "getnameinfo"],
)
def test_no_keywords(name):
    if not hasattr(std, name):
        pytest.skip("the stdlib has no %s here (Windows)" % name)
    same(lambda m: getattr(m, name)(x=1))


# -- getnameinfo --------------------------------------------------------------

NI = std.NI_NUMERICHOST | std.NI_NUMERICSERV
FLAGS = [0, std.NI_NUMERICHOST, std.NI_NUMERICSERV, NI, std.NI_DGRAM,
         std.NI_NAMEREQD, std.NI_NOFQDN, -1, 1 << 20]

SOCKADDRS_V4 = [
    ("127.0.0.1", 80), ("127.0.0.1", 53), ("127.0.0.1", 0), ("127.0.0.1", 12345),
    ("127.0.0.1", 65535), ("127.0.0.1", 65536), ("127.0.0.1", -1),
    ("127.0.0.1", 2**31 - 1), ("127.0.0.1", 2**31), ("127.0.0.1", -2**31 - 1),
    ("127.0.0.1", 2**40), ("127.0.0.1", 2**64), ("127.0.0.1", True),
    ("127.0.0.1", Index(80)), ("127.0.0.1", IntOnly()), ("127.0.0.1", 80.0),
    ("127.0.0.1", "80"), ("127.0.0.1", None), ("127.0.0.1", 80, 0),
    ("127.0.0.1", 80, 0, 0), ("127.0.0.1",), ("127.0.0.1", 80, 1, 2, 3), (),
    ("127.1", 80), ("0x7f.1", 80), ("", 80), ("localhost", 80),
    (b"127.0.0.1", 80), (bytearray(b"127.0.0.1"), 80), (None, 80), (1, 80),
    ("a\0b", 80), ("\udcff", 80), ("\xfc", 80), (Str("127.0.0.1"), 80),
]
SOCKADDRS_V6 = [
    ("::1", 80), ("::1", 80, 0), ("::1", 80, 0, 0), ("::1", 80, 5, 1),
    ("::1", 80, 2**20 - 1), ("::1", 80, 2**20), ("::1", 80, -1),
    ("::1", 80, 2**32), ("::1", 80, 2**32 + 2**20), ("::1", 80, 1.0),
    ("::1", 80, Index(3)), ("::1", 80, IntOnly()), ("::1", 80, "0"),
    ("::1", 80, 0, 2**32), ("::1", 80, 0, -1), ("::1", 80, 0, 1.0),
    ("::1", 80, 0, "lo"), ("fe80::1%lo", 80), ("fe80::1%lo", 80, 0, 1),
    ("fe80::1%1", 80, 0, 3), ("fe80::1%nonexistent0", 80),
    ("::ffff:127.0.0.1", 80), ("::ffff:1.2.3.4", 80, 0, 0),
    ("2001:db8::1", 443, 7, 0), ("1.2.3", 80), ("1.2.3.4", 80),
]


@pytest.mark.parametrize("sockaddr", SOCKADDRS_V4, ids=stable_id)
@pytest.mark.parametrize("flags", FLAGS, ids=stable_id)
def test_getnameinfo_ipv4(sockaddr, flags):
    same(lambda m: m.getnameinfo(sockaddr, flags))


@pytest.mark.parametrize("sockaddr", SOCKADDRS_V6, ids=stable_id)
@pytest.mark.parametrize("flags", [NI, std.NI_NUMERICHOST, NI | std.NI_DGRAM], ids=stable_id)
def test_getnameinfo_ipv6(sockaddr, flags):
    # numeric hosts only: an IPv6 name lookup would leave the machine
    same(lambda m: m.getnameinfo(sockaddr, flags))


class TupleSubclass(tuple):
    def __len__(self):
        return 99

    def __getitem__(self, index):
        raise AssertionError("the C function reads the tuple itself")


@pytest.mark.parametrize(
    "sockaddr,flags",
    [
        (["127.0.0.1", 80], 0), ("127.0.0.1", 0), (None, 0), (b"x", 0),
        (TupleSubclass(("127.0.0.1", 80)), 0), (("127.0.0.1", 80), 2**31),
        (("127.0.0.1", 80), 2**64), (("127.0.0.1", 80), 1.0),
        (("127.0.0.1", 80), "0"), (("127.0.0.1", 80), None),
        (("127.0.0.1", 80), Index(2)), (("127.0.0.1", 80), IntOnly()),
        (["127.0.0.1", 80], "x"), ((1, 80), 2**40),
    ],
    ids=stable_id,
)
def test_getnameinfo_arguments(sockaddr, flags):
    same(lambda m: m.getnameinfo(sockaddr, flags))


# -- services and protocols ---------------------------------------------------

SERVICES = ["http", "https", "domain", "ssh", "www", "HTTP", "nonexistent-svc",
            "", "a\0b", "\udcff", "\xfc", Str("http"), b"http", bytearray(b"http"),
            None, 80]
PROTOCOLS = [None, "tcp", "udp", "sctp", "nonexistent", "", "a\0b", "\udcff",
             Str("tcp"), b"tcp", 6]


@pytest.mark.parametrize("service", SERVICES, ids=stable_id)
@pytest.mark.parametrize("proto", PROTOCOLS, ids=stable_id)
def test_getservbyname(service, proto):
    if proto is None:
        same(lambda m: m.getservbyname(service))
    same(lambda m: m.getservbyname(service, proto))


PORTS = [0, 1, 7, 21, 22, 25, 53, 80, 443, 8080, 65535, 65536, -1, 2**31 - 1,
         2**31, -2**31 - 1, 2**64, True, Index(80), IntOnly(), 80.0, "80", None]


@pytest.mark.parametrize("port", PORTS, ids=stable_id)
@pytest.mark.parametrize("proto", PROTOCOLS, ids=stable_id)
def test_getservbyport(port, proto):
    if proto is None:
        same(lambda m: m.getservbyport(port))
    same(lambda m: m.getservbyport(port, proto))


def test_every_service():
    """Every port 0-1023 and every name /etc/services gives for it."""
    for port in range(1024):
        for proto in ("tcp", "udp"):
            name = same(lambda m: m.getservbyport(port, proto))
            if name[0] == "ok":
                same(lambda m: m.getservbyname(name[1], proto))
                same(lambda m: m.getservbyname(name[1]))


@pytest.mark.parametrize(
    "name",
    ["tcp", "udp", "icmp", "ip", "ipv6", "TCP", "sctp", "nonexistent", "",
     "a\0b", "\udcff", "\xfc", Str("udp"), b"tcp", None, 6],
    ids=stable_id,
)
def test_getprotobyname(name):
    same(lambda m: m.getprotobyname(name))


# -- gethostname, getfqdn ---------------------------------------------------


def test_gethostname():
    same(lambda m: m.gethostname())


@pytest.mark.parametrize(
    "name",
    ["", "localhost", "  localhost\n", "127.0.0.1", "0.0.0.0", HOSTNAME,
     "::" if sys.version_info >= (3, 10) else "localhost"],
    ids=stable_id,
)
def test_getfqdn(name):
    same(lambda m: m.getfqdn(name))
    same(lambda m: m.getfqdn())


def test_getfqdn_newest_behaviour():
    # "::" means the local host since 3.10; pysock says so on every Python.
    assert pysock.getfqdn("::") == pysock.getfqdn("")


def test_getfqdn_uses_module_functions(monkeypatch):
    # Lib/socket.py's getfqdn calls its module's gethostbyaddr: replacing
    # that one (as tests do) is seen.
    monkeypatch.setattr(pysock, "gethostbyaddr", lambda name: ("h", ["a.b"], []))
    assert pysock.getfqdn("x") == "a.b"


# -- the backend is the only way to the C library ---------------------------


def test_backend_choke_point():
    from pysock._libc import backend

    seen = []
    names = ("gethostbyname", "gethostbyaddr", "getservbyname", "getservbyport",
             "getprotobyname", "gethostname", "if_nameindex", "if_nametoindex",
             "if_indextoname", "getaddrinfo", "getnameinfo")
    for name in names:
        original = backend.originals[name]

        def wrapper(*args, _name=name, _original=original):
            seen.append(_name)
            return _original(*args)

        setattr(backend, name, wrapper)
    try:
        pysock.gethostbyname_ex("localhost")
        pysock.gethostbyaddr("127.0.0.1")
        pysock.getservbyname("http")
        pysock.getservbyport(80)
        pysock.getprotobyname("tcp")
        pysock.gethostname()
        index, name = pysock.if_nameindex()[0]
        pysock.if_nametoindex(name)
        pysock.if_indextoname(index)
        pysock.getnameinfo(("127.0.0.1", 80), 0)
    finally:
        backend.restore()
    assert sorted(set(seen)) == sorted(names)


@pytest.mark.skipif(os.name == "nt", reason="the POSIX netdb module (Winsock has no *_r forms)")
def test_fallback_without_reentrant_calls(monkeypatch):
    """Where the C library has no *_r forms (macOS), the plain calls run
    under a lock and give the same answers."""
    import importlib

    from pysock._libc import loader, netdb, posix

    reentrant = netdb.gethostbyname, netdb.getservbyname, netdb.getprotobyname
    hidden = {name for name in posix.lib.__dict__
              if name.endswith("_r") or name.startswith("__h_errno")}
    trimmed = loader.Prototypes(
        {name: f for name, f in posix.lib.__dict__.items() if name not in hidden})
    monkeypatch.setattr(posix, "lib", trimmed)
    try:
        plain = importlib.reload(netdb)
        assert (plain.gethostbyname, plain.getservbyname, plain.getprotobyname) != reentrant
        for name, args in [
            ("gethostbyname", (b"localhost",)),
            ("gethostbyname", (HOSTNAME.encode(),)),
            ("gethostbyaddr", (b"\x7f\x00\x00\x01", std.AF_INET)),
            ("getservbyname", (b"http", None)),
            ("getservbyname", (b"domain", b"udp")),
            ("getservbyname", (b"nonexistent", None)),
            ("getservbyport", (80, None)),
            ("getservbyport", (53, b"udp")),
            ("getservbyport", (12345, None)),
            ("getprotobyname", (b"tcp",)),
            ("getprotobyname", (b"nonexistent",)),
        ]:
            assert getattr(plain, name)(*args) == pysock._libc.backend.originals[name](*args)
    finally:
        monkeypatch.undo()
        importlib.reload(netdb)


# -- audit events -------------------------------------------------------------

AUDIT_SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import socket, pysock
events = []
sys.addaudithook(lambda event, args: events.append((event, repr(args)))
                 if event.startswith("socket.") else None)
calls = [
    lambda m: m.gethostbyname("localhost"),
    lambda m: m.gethostbyname(b"localhost"),
    lambda m: m.gethostbyname(1),
    lambda m: m.gethostbyname("a\0"),
    lambda m: m.gethostbyname_ex("localhost"),
    lambda m: m.gethostbyaddr("127.0.0.1"),
    lambda m: m.gethostbyaddr(bytearray(b"127.0.0.1")),
    lambda m: m.gethostname(),
    lambda m: m.getservbyname("http"),
    lambda m: m.getservbyname("http", "tcp"),
    lambda m: m.getservbyname("nonexistent"),
    lambda m: m.getservbyport(80),
    lambda m: m.getservbyport(True, "udp"),
    lambda m: m.getservbyport(-1),
    lambda m: m.getprotobyname("tcp"),
    lambda m: m.getnameinfo(("127.0.0.1", 80), 0),
    lambda m: m.getnameinfo(("::1", 80, 5, 1), 1),
    lambda m: m.getnameinfo(("::1", 80, 1 << 20), 0),
    lambda m: m.getnameinfo(("1.2.3.4", 80, 5, 1), 1),
    lambda m: m.getfqdn("localhost"),
    lambda m: m.getaddrinfo("127.0.0.1", 80),
    lambda m: m.if_nameindex(),
    lambda m: m.if_nametoindex("lo"),
    lambda m: m.if_indextoname(1),
    lambda m: m.inet_aton("1.2.3.4"),
]
out = []
for call in calls:
    row = []
    for m in (socket, pysock):
        del events[:]
        try:
            call(m)
        except Exception:
            pass
        row.append(list(events))
    out.append(row)
print(json.dumps(out))
"""


def test_audit_events():
    result = subprocess.run(
        [sys.executable, "-c", AUDIT_SCRIPT, ROOT],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows
    # check(): on PyPy, whose socket raises some events its own way
    # (gethostbyaddr as "socket.gethostbyname", none for bytes), against
    # CPython's, recorded (tests/oracle.py).
    for number, (stdlib_events, pysock_events) in enumerate(rows):
        check(("ok", number, pysock_events), ("ok", number, stdlib_events))
    assert any(row[0] for row in rows)


# -- thread safety ------------------------------------------------------------

THREAD_CALLS = [
    lambda: pysock.getservbyname("http", "tcp"),
    lambda: pysock.getservbyname("domain"),
    lambda: pysock.getservbyport(80),
    lambda: pysock.getservbyport(53, "udp"),
    lambda: pysock.getservbyport(22, "tcp"),
    lambda: pysock.getservbyport(443),
    lambda: pysock.getprotobyname("tcp"),
    lambda: pysock.getprotobyname("udp"),
    lambda: pysock.getprotobyname("icmp"),
    lambda: pysock.gethostbyname("localhost"),
    lambda: pysock.gethostbyname_ex("localhost"),
    lambda: pysock.gethostbyaddr("127.0.0.1"),
    lambda: pysock.gethostbyname_ex(HOSTNAME),
    lambda: pysock.getnameinfo(("127.0.0.1", 80), 0),
    lambda: pysock.getnameinfo(("::1", 443), NI),
    lambda: pysock.gethostname(),
    lambda: pysock.getfqdn("localhost"),
    lambda: pysock.if_nameindex(),
    lambda: pysock.if_nametoindex("lo"),
    lambda: pysock.if_indextoname(1),
    lambda: pysock.inet_ntop(pysock.AF_INET6, pysock.inet_pton(pysock.AF_INET6, "2001:db8::1")),
]


def _outcome(call):
    try:
        return ("ok", call())
    except OSError as exc:
        return ("raise", type(exc).__name__, exc.args)


def test_threads_agree_with_sequential_calls():
    expected = [_outcome(call) for call in THREAD_CALLS]
    count = len(THREAD_CALLS)
    start = threading.Barrier(16)

    def worker(offset):
        start.wait()
        return [(i % count, _outcome(THREAD_CALLS[i % count]))
                for i in range(offset, offset + 300)]

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        for rows in pool.map(worker, range(16)):
            for index, result in rows:
                assert result == expected[index], THREAD_CALLS[index]


def test_services_from_many_threads():
    """The stdlib's getservbyport shares one static buffer between threads
    (gh-74667); pysock's answers stay each thread's own."""
    table = {}
    for port in range(1, 1024):
        try:
            table[port] = std.getservbyport(port, "tcp")
        except OSError:
            pass
    ports = sorted(table)
    names = {port: std.getservbyname(table[port], "tcp") for port in ports}
    start = threading.Barrier(8)

    def worker(seed):
        start.wait()
        wrong = []
        for port in ports[seed::2] * 3:
            if pysock.getservbyport(port, "tcp") != table[port]:
                wrong.append(port)
            if pysock.getservbyname(table[port], "tcp") != names[port]:
                wrong.append(table[port])
        return wrong

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for wrong in pool.map(worker, range(8)):
            assert wrong == []


# -- getaddrinfo details fixed with the resolver -----------------------------


@pytest.mark.parametrize(
    "host,port",
    [("127.0.0.1", True), ("127.0.0.1", 2**70), ("127.0.0.1", -2**63),
     ("127.0.0.1", Index(80)), ("127.0.0.1", "80\0x"), (b"127.0.0.1\0x", 80),
     ("127.0.0.1", 2**63 - 1)],
    ids=stable_id,
)
def test_getaddrinfo_ports(host, port):
    same(lambda m: m.getaddrinfo(host, port, m.AF_INET, m.SOCK_STREAM))


# -- lookups that need their own /etc: a child with its own mount namespace -

NSSWITCH = "hosts: files\nservices: files\nprotocols: files\nnetworks: files\n"


def _etc_hosts():
    lines = [
        "127.0.0.1 localhost %s" % HOSTNAME,
        "127.0.0.2 multi.example multi alias-one alias-two",
        "127.0.0.3 multi.example",
        "127.0.0.4 dotless",
        "::1 localhost6 ip6-localhost ip6-loopback",
        "fe80::1 linklocal.example linklocal",
        "2001:db8::1 six.example six",
        "::ffff:192.0.2.7 mapped.example",
        "192.0.2.10 xn--tda.example",
        "192.0.2.11 caf\u00e9.example",
        # a name that is not UTF-8 (written as bytes below)
        "192.0.2.12 bad\udcff.example",
        # more than the stdlib's 16 KiB gethostbyname_r buffer
        "192.0.2.13 big.example " + " ".join("alias%04d.example" % i for i in range(1200)),
    ]
    return "\n".join(lines) + "\n"


def _etc_services():
    return (
        "echo 7/tcp\necho 7/udp\nhttp 80/tcp www\nhttp 80/udp\n"
        "domain 53/tcp\ndomain 53/udp\nssh 22/tcp\n"
        "caf\u00e9 4343/tcp\n"
        "big 4242/tcp " + " ".join("big-alias-%03d" % i for i in range(300)) + "\n"
    )


def _etc_protocols():
    return (
        "ip 0 IP\nicmp 1 ICMP\ntcp 6 TCP\nudp 17 UDP\nipv6 41 IPv6\n"
        "big 253 " + " ".join("proto-alias-%03d" % i for i in range(300)) + "\n"
    )


NAMESPACE_CALLS = [
    # host names only /etc/hosts knows, and names nobody knows
    "m.gethostbyname('multi')", "m.gethostbyname_ex('multi')",
    "m.gethostbyname_ex('multi.example')", "m.gethostbyname_ex('alias-two')",
    "m.gethostbyname_ex('dotless')", "m.gethostbyname_ex('nonexistent.example')",
    "m.gethostbyname('nonexistent.example')", "m.gethostbyname_ex('six.example')",
    "m.gethostbyname('six')", "m.gethostbyname_ex('localhost6')",
    "m.gethostbyname('\u00fc.example')", "m.gethostbyname_ex('\u00fc.example')",
    "m.gethostbyaddr('\u00fc.example')", "m.gethostbyaddr('192.0.2.11')",
    "m.gethostbyname_ex('caf\u00e9.example')", "m.gethostbyaddr('192.0.2.12')",
    "m.gethostbyname_ex('')", "m.gethostbyname_ex('<broadcast>')",
    "m.gethostbyname_ex('255.255.255.255')", "m.gethostbyname_ex('0x7f.1')",
    "m.gethostbyname_ex('1.2.3.4')", "m.gethostbyname_ex('127.1')",
    "m.gethostbyaddr('')", "m.gethostbyaddr('<broadcast>')",
    "m.gethostbyaddr('255.255.255.255')", "m.gethostbyaddr('1')",
    "m.gethostbyaddr('0x7f.1')", "m.gethostbyaddr('127.0.0.2')",
    "m.gethostbyaddr('127.0.0.3')", "m.gethostbyaddr('multi')",
    "m.gethostbyaddr('::1')", "m.gethostbyaddr('fe80::1')",
    "m.gethostbyaddr('fe80::1%lo')", "m.gethostbyaddr('fe80::1%1')",
    "m.gethostbyaddr('linklocal')", "m.gethostbyaddr('2001:db8::1')",
    "m.gethostbyaddr('2001:DB8:0::1')", "m.gethostbyaddr('six.example')",
    "m.gethostbyaddr('::ffff:192.0.2.7')", "m.gethostbyaddr('::ffff:127.0.0.1')",
    "m.gethostbyaddr('192.0.2.99')", "m.gethostbyaddr('192.0.2.99')",
    "m.gethostbyaddr('2001:db8::99')", "m.gethostbyaddr('nonexistent.example')",
    "m.gethostbyaddr('fe80::1%nonexistent0')",
    # getnameinfo with name lookups
    "m.getnameinfo(('127.0.0.2', 80), 0)", "m.getnameinfo(('127.0.0.2', 80), m.NI_NOFQDN)",
    "m.getnameinfo(('192.0.2.99', 80), 0)", "m.getnameinfo(('192.0.2.99', 80), m.NI_NAMEREQD)",
    "m.getnameinfo(('::1', 80), 0)", "m.getnameinfo(('::1', 80, 0, 1), 0)",
    "m.getnameinfo(('fe80::1', 22, 0, 1), 0)", "m.getnameinfo(('fe80::1%lo', 22), 0)",
    "m.getnameinfo(('2001:db8::1', 443, 3, 0), 0)",
    "m.getnameinfo(('2001:db8::99', 80), m.NI_NAMEREQD)",
    "m.getnameinfo(('192.0.2.11', 4343), 0)", "m.getnameinfo(('192.0.2.12', 80), 0)",
    # getfqdn of names with and without dots
    "m.getfqdn('multi')", "m.getfqdn('dotless')", "m.getfqdn('nonexistent')",
    "m.getfqdn('127.0.0.2')", "m.getfqdn('six')", "m.getfqdn('::1')", "m.getfqdn()",
    # services and protocols from these files
    "m.getservbyname('www')", "m.getservbyname('www', 'udp')",
    "m.getservbyname('caf\u00e9')", "m.getservbyport(4343)",
    "m.getservbyname('big')", "m.getservbyname('big-alias-299', 'tcp')",
    "m.getservbyport(4242)", "m.getservbyport(7, 'udp')",
    "m.getprotobyname('big')", "m.getprotobyname('proto-alias-299')",
    "m.getprotobyname('IPv6')",
]

NAMESPACE_SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import socket, pysock

def outcome(expr, m):
    try:
        return ["ok", repr(eval(expr))]
    except Exception as exc:
        return ["raise", type(exc).__name__, repr(exc.args)]

report = {"rows": []}
for expr in json.loads(sys.argv[2]):
    report["rows"].append([expr, outcome(expr, socket), outcome(expr, pysock)])
# h_errno is per thread: in a fresh thread the "files" backend leaves it 0
import threading
def in_fresh_thread(expr, m):
    box = []
    thread = threading.Thread(target=lambda: box.append(outcome(expr, m)))
    thread.start()
    thread.join()
    return box[0]
report["fresh_thread"] = [in_fresh_thread("m.gethostbyaddr('192.0.2.99')", m)
                          for m in (socket, pysock)]
# beyond the stdlib: an entry bigger than its fixed buffers
report["big_host"] = repr(pysock.gethostbyname_ex("big.example"))
report["big_addr"] = repr(pysock.gethostbyaddr("192.0.2.13"))
report["big_service"] = pysock.getservbyname("big-alias-150")
report["big_proto"] = pysock.getprotobyname("proto-alias-150")
print(json.dumps(report))
"""


def _namespace_run(tmp_path, script, calls):
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.skip("needs unshare(1) and mount(8)")
    if os.geteuid() != 0:
        pytest.skip("needs root for a mount namespace")
    files = {
        "nsswitch.conf": NSSWITCH,
        "hosts": _etc_hosts(),
        "services": _etc_services(),
        "protocols": _etc_protocols(),
    }
    mounts = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        mounts.append("mount --bind %s /etc/%s" % (path, name))
    command = " && ".join(mounts) + ' && exec "$0" "$@"'
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", command, sys.executable, "-c", script,
         ROOT, json.dumps(calls)],
        capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0 and result.stderr.startswith(("unshare:", "mount:")):
        pytest.skip("no mount namespace here: %s" % result.stderr.strip()[:200])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_lookups_in_own_etc(tmp_path):
    report = _namespace_run(tmp_path, NAMESPACE_SCRIPT, NAMESPACE_CALLS)
    assert [row[0] for row in report["rows"]] == NAMESPACE_CALLS
    # check(): on PyPy, where its socket answers its own way, against
    # CPython's answer, recorded (tests/oracle.py).
    for expr, std_result, ours in report["rows"]:
        check(["ok", expr] + ours, ["ok", expr] + std_result)
    aliases = ["alias%04d.example" % i for i in range(1200)]
    assert report["big_host"] == repr(("big.example", aliases, ["192.0.2.13"]))
    assert report["big_addr"] == repr(("big.example", aliases, ["192.0.2.13"]))
    check(["ok"] + report["fresh_thread"][1], ["ok"] + report["fresh_thread"][0])
    assert report["big_service"] == 4242
    assert report["big_proto"] == 253


# -- sethostname: only ever in a UTS namespace of its own -------------------

SETHOSTNAME_SCRIPT = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
if os.readlink("/proc/self/ns/uts") == sys.argv[2]:
    print("refusing: not in a UTS namespace of its own")
    sys.exit(3)
import socket, pysock

class Str(str): pass
class Bytes(bytes): pass
class PathLike:
    def __init__(self, path): self.path = path
    def __fspath__(self): return self.path

cases = ["pysock-a", b"pysock-b", Str("pysock-c"), Bytes(b"pysock-d"),
         PathLike("pysock-e"), PathLike(b"pysock-f"), PathLike(1), "", b"",
         "x" * 64, "x" * 65, b"x" * 1000, "a\0b", b"a\0b", "\udcff", "\xfc",
         bytearray(b"x"), memoryview(b"x"), None, 1]

events = []
sys.addaudithook(lambda event, args: events.append([event, repr(args)])
                 if event.startswith("socket.") else None)

def outcome(m, name):
    del events[:]
    try:
        m.sethostname(name)
        result = ["ok", repr(socket.gethostname()), repr(pysock.gethostname())]
    except Exception as exc:
        result = ["raise", type(exc).__name__, repr(exc.args)]
    return result + [[e for e in events if e[0] == "socket.sethostname"]]

report = []
for name in cases:
    socket.sethostname("reset")
    expected = outcome(socket, name)
    socket.sethostname("reset")
    got = outcome(pysock, name)
    report.append([repr(name), expected, got])
# without the privilege: EPERM (still inside this namespace)
os.setuid(65534)
report.append(["EPERM", outcome(socket, "x"), outcome(pysock, "x")])
print(json.dumps(report))
"""


def test_sethostname_in_own_uts_namespace():
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs unshare(1) and root")
    before = std.gethostname()
    result = subprocess.run(
        ["unshare", "--uts", sys.executable, "-c", SETHOSTNAME_SCRIPT, ROOT,
         os.readlink("/proc/self/ns/uts")],
        capture_output=True, text=True, timeout=120,
    )
    assert std.gethostname() == before
    if result.returncode != 0 and result.stderr.startswith("unshare:"):
        pytest.skip("no UTS namespace here: %s" % result.stderr.strip()[:200])
    assert result.returncode == 0, result.stdout + result.stderr
    rows = json.loads(result.stdout)
    for name, expected, got in rows:
        check(["ok", name] + got, ["ok", name] + expected)  # PyPy: tests/oracle.py
    assert rows[-1][1][0] == "raise" and "1," in rows[-1][1][2]  # EPERM


# -- what the names are -------------------------------------------------------

NAMES = [
    "getnameinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
    "gethostname", "sethostname", "getfqdn", "getservbyname", "getservbyport",
    "getprotobyname", "getaddrinfo",
]


@pytest.mark.parametrize("name", NAMES)
def test_public(name):
    if not hasattr(std, name):
        pytest.skip("the stdlib has no %s here (Windows)" % name)
    assert name in pysock.__all__
    assert getattr(pysock, name).__doc__
