"""pysock against the stdlib ``socket`` module, in one run, as ratios.

Run from the repository root::

    python -m benchmarks.run                 # every case, 5 rounds of 0.2 s
    python -m benchmarks.run --quick         # shorter, for CI smoke runs
    python -m benchmarks.run --case roundtrip --case bulk_tcp --json out.json
    python -m benchmarks.run --pysock-module socket   # the harness against itself

Every case is one function that takes the module under test (the stdlib
``socket`` or ``pysock``) and returns how much work it did and in how many
seconds; the very same code drives both implementations.  For each case the
two implementations run in alternating short rounds, so that drift of the
machine (other processes, CPU frequency) hits both alike; the median rate of
each is taken and the headline is the ratio pysock/stdlib: higher is better
for pysock, 1.0 is the same speed.  Absolute rates are printed only as
context: they mean nothing on another machine, the ratio does.

The exit status is 0 whatever the numbers are: a benchmark never fails CI on
time.  A case that pysock cannot run yet (a missing function) is reported as
"n/a", one that raises as "error"; neither stops the other cases.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import importlib
import itertools
import json
import os
import platform
import socket as stdlib_socket
import statistics
import subprocess
import sys
import threading
import time
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

MiB = 1024 * 1024
CHUNK = 64 * 1024

# Upper bound on connections per round of connect_accept.  Every closed
# connection leaves a TIME_WAIT entry; a fresh listener (a fresh port) per
# round keeps the 4-tuples distinct, and this cap keeps one round far below
# the ~28000 ephemeral ports whatever the speed of the machine.
MAX_CONNECTIONS_PER_ROUND = 5000

# Upper bound on calls per round for every other case, so that no loop is
# unbounded even when a clock misbehaves.
MAX_CALLS_PER_ROUND = 10 ** 7


class Settings(NamedTuple):
    rounds: int
    budget: float  # seconds per round, per implementation
    bulk_bytes: int  # bytes moved per round of bulk_tcp


class Work(NamedTuple):
    """What one round of a case did: `amount` units in `seconds`."""

    amount: float
    seconds: float


class Case(NamedTuple):
    name: str
    title: str
    unit: str  # of amount/seconds, e.g. "op/s" or "MB/s"
    func: Callable[[Any, Settings], Work]
    needs: Tuple[str, ...]  # module attributes the case uses
    target: Optional[float]  # minimum pysock/stdlib ratio asked by the issue
    extra_module: Optional[str] = None  # submodule of pysock to import first
    floor: bool = False  # the "pysock" side is a bare ctypes loop (FLOOR_OF)
    needs_os: Tuple[str, ...] = ()  # os functions the case calls (PyPy: no os.readv)


# --------------------------------------------------------------------------
# timing


def _timed(run: Callable[[int], None], budget: float, limit: int) -> Work:
    """Call ``run(n)`` in growing batches for about `budget` seconds.

    ``run(n)`` performs the operation n times in its own loop, so the cost of
    a Python call and of reading the clock is paid once per batch, not once
    per operation; for sub-microsecond operations (inet_pton) that overhead
    would otherwise pull every ratio towards 1.0.
    """
    clock = time.perf_counter
    done = 0
    batch = 1
    start = clock()
    while True:
        run(batch)
        done += batch
        elapsed = clock() - start
        if elapsed >= budget or done >= limit:
            return Work(done, elapsed)
        # Aim the next batch at the time left, but at most double it: one
        # slow first call must not be taken for the steady rate.
        if elapsed > 0:
            left = int((budget - elapsed) * done / elapsed) + 1
        else:
            left = batch * 2
        batch = max(1, min(batch * 2, left, limit - done))


def _check(condition: bool, what: str) -> None:
    # A broken implementation must show as an error, not as a fast number.
    if not condition:
        raise RuntimeError("sanity check failed: " + what)


@contextlib.contextmanager
def _closing_all() -> Any:
    """Collect sockets with ``keep(sock)``; close them all on the way out."""
    with contextlib.ExitStack() as stack:

        def keep(sock: Any) -> Any:
            stack.callback(sock.close)
            return sock

        yield keep


def _tcp_listener(mod: Any, keep: Callable[[Any], Any], backlog: int) -> Any:
    listener = keep(mod.socket(mod.AF_INET, mod.SOCK_STREAM))
    listener.bind(("127.0.0.1", 0))
    listener.listen(backlog)
    return listener


# --------------------------------------------------------------------------
# the cases: each takes the module under test, never names it


def _roundtrip(mod: Any, cfg: Settings, timeout: Optional[float]) -> Work:
    with _closing_all() as keep:
        a, b = mod.socketpair()
        keep(a)
        keep(b)
        if timeout is not None:
            a.settimeout(timeout)
            b.settimeout(timeout)
        a.send(b"x")
        _check(b.recv(1) == b"x", "socketpair carries one byte")

        def run(n: int) -> None:
            for _ in itertools.repeat(None, n):
                a.send(b"x")
                b.recv(1)
                b.send(b"x")
                a.recv(1)

        return _timed(run, cfg.budget, MAX_CALLS_PER_ROUND)


def case_roundtrip(mod: Any, cfg: Settings) -> Work:
    """1-byte round trip over a blocking socketpair, in one thread."""
    return _roundtrip(mod, cfg, None)


def case_roundtrip_timeout(mod: Any, cfg: Settings) -> Work:
    """The same round trip with settimeout(5.0) on both ends."""
    return _roundtrip(mod, cfg, 5.0)


def case_bulk_tcp(mod: Any, cfg: Settings) -> Work:
    """A thread sendall()s 64 KiB chunks; recv(65536) until all arrived."""
    return _bulk(mod, cfg, False)


def case_create_close(mod: Any, cfg: Settings) -> Work:
    """socket(AF_INET, SOCK_STREAM) then close()."""

    def run(n: int) -> None:
        for _ in itertools.repeat(None, n):
            sock = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
            sock.close()

    return _timed(run, cfg.budget, MAX_CALLS_PER_ROUND)


def case_connect_accept(mod: Any, cfg: Settings) -> Work:
    """Client connect, server accept, both close, on a loopback listener."""
    with _closing_all() as keep:
        listener = _tcp_listener(mod, keep, 128)
        address = listener.getsockname()

        def run(n: int) -> None:
            for _ in itertools.repeat(None, n):
                client = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
                try:
                    client.connect(address)
                    server, _peer = listener.accept()
                    server.close()
                finally:
                    client.close()

        return _timed(run, cfg.budget, MAX_CONNECTIONS_PER_ROUND)


def case_getaddrinfo(mod: Any, cfg: Settings) -> Work:
    """Numeric getaddrinfo("127.0.0.1", 80, AF_INET, SOCK_STREAM)."""
    found = mod.getaddrinfo("127.0.0.1", 80, mod.AF_INET, mod.SOCK_STREAM)
    _check(len(found) >= 1 and found[0][4] == ("127.0.0.1", 80), "getaddrinfo answer")

    def run(n: int) -> None:
        for _ in itertools.repeat(None, n):
            mod.getaddrinfo("127.0.0.1", 80, mod.AF_INET, mod.SOCK_STREAM)

    return _timed(run, cfg.budget, MAX_CALLS_PER_ROUND)


def _inet(mod: Any, cfg: Settings, family: int, text: str) -> Work:
    _check(mod.inet_ntop(family, mod.inet_pton(family, text)) == text, "inet_ntop(inet_pton(x)) == x")

    def run(n: int) -> None:
        for _ in itertools.repeat(None, n):
            mod.inet_ntop(family, mod.inet_pton(family, text))

    return _timed(run, cfg.budget, MAX_CALLS_PER_ROUND)


def case_inet4(mod: Any, cfg: Settings) -> Work:
    """inet_ntop(AF_INET, inet_pton(AF_INET, "192.0.2.33"))."""
    return _inet(mod, cfg, mod.AF_INET, "192.0.2.33")


def case_inet6(mod: Any, cfg: Settings) -> Work:
    """inet_ntop(AF_INET6, inet_pton(AF_INET6, "2001:db8::8:800:200c:417a"))."""
    return _inet(mod, cfg, mod.AF_INET6, "2001:db8::8:800:200c:417a")


# pysock remembers its recent conversions (_libc/ipaddr): the cases
# above measure a program that converts the same address again.  These
# convert 4096 different addresses in turn, more than the memos hold, so
# every conversion is parsed and formatted anew.
COLD_ADDRESSES = 4096


def _inet_cold(mod: Any, cfg: Settings, family: int, texts: List[str]) -> Work:
    for text in texts[:3]:
        _check(mod.inet_ntop(family, mod.inet_pton(family, text)) == text, "inet_ntop(inet_pton(x)) == x")

    def run(n: int) -> None:
        pton, ntop = mod.inet_pton, mod.inet_ntop
        for text in itertools.islice(itertools.cycle(texts), n):
            ntop(family, pton(family, text))

    return _timed(run, cfg.budget, MAX_CALLS_PER_ROUND)


def case_inet4_cold(mod: Any, cfg: Settings) -> Work:
    """inet_pton + inet_ntop of 4096 different IPv4 addresses in turn."""
    texts = ["10.%d.%d.%d" % (i >> 8, i & 255, (i * 7) & 255) for i in range(COLD_ADDRESSES)]
    return _inet_cold(mod, cfg, mod.AF_INET, texts)


def case_inet6_cold(mod: Any, cfg: Settings) -> Work:
    """inet_pton + inet_ntop of 4096 different IPv6 addresses in turn."""
    texts = ["2001:db8::%x:800:200c:%x" % (i + 1, (i * 7) + 1) for i in range(COLD_ADDRESSES)]
    return _inet_cold(mod, cfg, mod.AF_INET6, texts)



# -- TLS (issue 10): pysock.ssl against the stdlib ssl ----------------------

_TLS_FILES: Dict[str, str] = {}


def _tls_files() -> Dict[str, str]:
    """A CA, a server certificate and its key, made once per run with the
    openssl command (tests/tls_certs.py)."""
    if not _TLS_FILES:
        import importlib.util
        import tempfile

        path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                            "tests", "tls_certs.py")
        spec = importlib.util.spec_from_file_location("_pysock_tls_certs", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[attr-defined]
        _TLS_FILES.update(module.make(tempfile.mkdtemp(prefix="pysock-bench-tls-")))
    return _TLS_FILES


def _ssl_of(mod: Any) -> Any:
    """The ssl module that goes with the socket module *mod*: the stdlib's
    for the stdlib, pysock.ssl for pysock."""
    if mod is stdlib_socket:
        return importlib.import_module("ssl")
    return importlib.import_module(mod.__name__ + ".ssl")


def _tls_contexts(mod: Any) -> Tuple[Any, Any]:
    ssl = _ssl_of(mod)
    files = _tls_files()
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(files["server.pem"], files["server.key"])
    client = ssl.create_default_context(cafile=files["ca.pem"])
    return server, client


def case_tls_bulk(mod: Any, cfg: Settings) -> Work:
    """TLS 1.3 over TCP loopback: a thread sendall()s 64 KiB chunks, the
    other side recv(65536)s until all arrived."""
    server_ctx, client_ctx = _tls_contexts(mod)
    with _closing_all() as keep:
        listener = _tcp_listener(mod, keep, 1)
        raw = keep(mod.socket(mod.AF_INET, mod.SOCK_STREAM))
        raw.connect(listener.getsockname())
        accepted = keep(listener.accept()[0])
        box: List[Any] = []
        shake = threading.Thread(target=lambda: box.append(
            server_ctx.wrap_socket(accepted, server_side=True)))
        shake.start()
        sender_sock = keep(client_ctx.wrap_socket(raw, server_hostname="localhost"))
        shake.join(30.0)
        _check(bool(box), "server handshake done")
        receiver_sock = keep(box[0])
        return _transfer(sender_sock, receiver_sock, cfg.bulk_bytes, False)


def case_tls_handshake(mod: Any, cfg: Settings) -> Work:
    """TLS 1.3 handshakes (RSA 2048 certificate, default groups) over TCP
    loopback: connect, handshake both sides, close."""
    server_ctx, client_ctx = _tls_contexts(mod)
    with _closing_all() as keep:
        listener = _tcp_listener(mod, keep, 128)
        address = listener.getsockname()
        wanted: List[int] = []
        failures: List[BaseException] = []
        go = threading.Semaphore(0)
        done = threading.Semaphore(0)

        def serve() -> None:
            while True:
                go.acquire()
                if not wanted:
                    return
                try:
                    for _ in range(wanted.pop()):
                        conn = listener.accept()[0]
                        with server_ctx.wrap_socket(conn, server_side=True):
                            pass
                except BaseException as exc:
                    failures.append(exc)
                done.release()

        server = threading.Thread(target=serve, name="tls-handshake-server", daemon=True)
        server.start()

        def run(n: int) -> None:
            wanted.append(n)
            go.release()
            for _ in range(n):
                raw = mod.create_connection(address)
                with client_ctx.wrap_socket(raw, server_hostname="localhost") as tls:
                    _check(tls.version() is not None, "handshake done")
            done.acquire()
            if failures:
                raise failures[0]

        try:
            return _timed(run, cfg.budget, MAX_CONNECTIONS_PER_ROUND // 4)
        finally:
            go.release()  # wanted is empty: the server returns
            server.join(30.0)



# --------------------------------------------------------------------------
# issue 13: the paths off the stream round trip


def _udp_pair(mod: Any, keep: Callable[[Any], Any], family: int, host: str) -> Tuple[Any, Any, Any]:
    receiver = keep(mod.socket(family, mod.SOCK_DGRAM))
    receiver.bind((host, 0))
    sender = keep(mod.socket(family, mod.SOCK_DGRAM))
    sender.bind((host, 0))
    return sender, receiver, receiver.getsockname()


DATAGRAM = b"d" * 64


def _udp(mod: Any, cfg: Settings, family: int, host: str) -> Work:
    with _closing_all() as keep:
        sender, receiver, address = _udp_pair(mod, keep, family, host)
        sender.sendto(DATAGRAM, address)
        data, peer = receiver.recvfrom(2048)
        _check(data == DATAGRAM and peer[:2] == sender.getsockname()[:2], "one datagram and its sender")

        def run(n: int) -> None:
            for _ in itertools.repeat(None, n):
                sender.sendto(DATAGRAM, address)
                receiver.recvfrom(2048)

        return _timed(run, cfg.budget, MAX_CALLS_PER_ROUND)


def case_udp4(mod: Any, cfg: Settings) -> Work:
    """sendto(64 B) + recvfrom(2048) over UDP on 127.0.0.1."""
    return _udp(mod, cfg, mod.AF_INET, "127.0.0.1")


def case_udp6(mod: Any, cfg: Settings) -> Work:
    """sendto(64 B) + recvfrom(2048) over UDP on ::1."""
    return _udp(mod, cfg, mod.AF_INET6, "::1")


def case_msg_pair(mod: Any, cfg: Settings) -> Work:
    """sendmsg([b"x"]) + recvmsg(1) on a socketpair."""
    with _closing_all() as keep:
        a, b = mod.socketpair()
        keep(a)
        keep(b)
        a.sendmsg([b"x"])
        _check(b.recvmsg(1)[0] == b"x", "recvmsg gets the byte")

        def run(n: int) -> None:
            for _ in itertools.repeat(None, n):
                a.sendmsg([b"x"])
                b.recvmsg(1)

        return _timed(run, cfg.budget, MAX_CALLS_PER_ROUND)


def case_roundtrip_into(mod: Any, cfg: Settings) -> Work:
    """The 1-byte round trip received with recv_into a preallocated buffer."""
    with _closing_all() as keep:
        a, b = mod.socketpair()
        keep(a)
        keep(b)
        buf_a = bytearray(1)
        buf_b = bytearray(1)
        a.send(b"x")
        _check(b.recv_into(buf_b) == 1 and buf_b == b"x", "recv_into gets the byte")

        def run(n: int) -> None:
            for _ in itertools.repeat(None, n):
                a.send(b"x")
                b.recv_into(buf_b)
                b.send(b"x")
                a.recv_into(buf_a)

        return _timed(run, cfg.budget, MAX_CALLS_PER_ROUND)


def case_bulk_into(mod: Any, cfg: Settings) -> Work:
    """bulk_tcp, received with recv_into(buffer) of 64 KiB."""
    return _bulk(mod, cfg, True)


def _sender_thread(sock: Any, chunk: bytes, total: int, failures: List[BaseException]) -> threading.Thread:
    def send_all() -> None:
        try:
            sent = 0
            while sent < total:
                sock.sendall(chunk)
                sent += len(chunk)
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)
            sock.close()  # EOF for the receiver, so that it stops waiting

    return threading.Thread(target=send_all, name="bulk-sender", daemon=True)


def _bulk(mod: Any, cfg: Settings, into: bool) -> Work:
    with _closing_all() as keep:
        listener = _tcp_listener(mod, keep, 1)
        sender_sock = keep(mod.socket(mod.AF_INET, mod.SOCK_STREAM))
        sender_sock.connect(listener.getsockname())
        receiver_sock = keep(listener.accept()[0])
        return _transfer(sender_sock, receiver_sock, cfg.bulk_bytes, into)


def _transfer(sender_sock: Any, receiver_sock: Any, total: int, into: bool) -> Work:
    """A thread sendall()s 64 KiB chunks on *sender_sock*; *receiver_sock*
    receives them (recv, or recv_into a buffer) until *total* bytes arrived.
    The MB moved and the seconds taken."""
    failures: List[BaseException] = []
    sender = _sender_thread(sender_sock, bytes(CHUNK), total, failures)
    buf = bytearray(CHUNK)
    received = 0
    start = time.perf_counter()
    sender.start()
    try:
        # Every pass either receives at least one byte or raises, so the
        # loop ends after at most `total` passes.
        while received < total:
            got = receiver_sock.recv_into(buf) if into else len(receiver_sock.recv(CHUNK))
            if not got:
                if failures:
                    raise failures[0]
                raise EOFError("peer closed after %d of %d bytes" % (received, total))
            received += got
        seconds = time.perf_counter() - start
    finally:
        if sender.is_alive() and received < total:
            # Closing with unread data resets the connection, which wakes
            # a sender blocked in sendall.
            receiver_sock.close()
        sender.join(30.0)
    _check(not sender.is_alive(), "sender thread finished")
    if failures:
        raise failures[0]
    _check(received == total, "received exactly what was sent")
    return Work(total / 1e6, seconds)


HTTP_LINES = b"".join(
    b"X-Header-%d: some value of a typical header line, %d\r\n" % (i, i * 7919) for i in range(64)
)


def case_readline(mod: Any, cfg: Settings) -> Work:
    """makefile("rb").readline() over a stream of HTTP-like header lines."""
    lines_per_block = HTTP_LINES.count(b"\n")
    with _closing_all() as keep:
        a, b = mod.socketpair()
        keep(a)
        keep(b)
        reader = b.makefile("rb")
        keep(reader)
        a.sendall(HTTP_LINES)
        _check(reader.readline() == HTTP_LINES.split(b"\n")[0] + b"\n", "readline gets one line")
        for _ in range(lines_per_block - 1):
            reader.readline()

        def run(n: int) -> None:
            # One block at a time: it fits the socket buffer, so the writer
            # never waits for the reader in this one thread.
            for _ in itertools.repeat(None, n):
                a.sendall(HTTP_LINES)
                for _ in itertools.repeat(None, lines_per_block):
                    reader.readline()

        work = _timed(run, cfg.budget, MAX_CALLS_PER_ROUND // lines_per_block)
        return Work(work.amount * lines_per_block, work.seconds)


# -- batches: recvmmsg/sendmmsg (pysock additions) against the stdlib's loop --

BATCH = 64


def _batch_uses_mmsg(mod: Any, sock: Any) -> bool:
    # The stdlib has no batch calls: it runs the loop a program writes.
    return mod is not stdlib_socket and hasattr(sock, "recvmmsg")


def case_batch_recv(mod: Any, cfg: Settings) -> Work:
    """64-byte datagrams, 64 at a time: recvmmsg(64, 2048) against a loop of
    64 recvfrom(2048), addresses included (datagrams per second of receive
    time).  The datagrams come from a helper socket in the same thread,
    untimed."""
    import pysock

    with _closing_all() as keep:
        receiver = keep(mod.socket(mod.AF_INET, mod.SOCK_DGRAM))
        receiver.bind(("127.0.0.1", 0))
        receiver.setsockopt(mod.SOL_SOCKET, mod.SO_RCVBUF, 1 << 20)
        helper = keep(pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM))
        helper.bind(("127.0.0.1", 0))
        batch = [DATAGRAM] * BATCH
        address = receiver.getsockname()
        batched = _batch_uses_mmsg(mod, receiver)

        def fill() -> None:
            _check(helper.sendmmsg(batch, address) == BATCH, "helper sent the batch")

        fill()
        if batched:
            got = receiver.recvmmsg(BATCH, 2048)
            _check(len(got) == BATCH and got[0] == (DATAGRAM, helper.getsockname()),
                   "recvmmsg got the batch")
        else:
            for _ in range(BATCH):
                _check(receiver.recvfrom(2048) == (DATAGRAM, helper.getsockname()),
                       "recvfrom got the datagram")

        def receive() -> None:
            if batched:
                left = BATCH
                while left:
                    left -= len(receiver.recvmmsg(left, 2048))
            else:
                for _ in itertools.repeat(None, BATCH):
                    receiver.recvfrom(2048)

        # Only the receiving is timed: the helper's sending costs both sides
        # the same and would hide the difference (the kernel's share of a
        # loopback send is most of it).
        clock = time.perf_counter
        spent = 0.0
        batches = 0
        deadline = clock() + 10 * cfg.budget
        while spent < cfg.budget and batches < MAX_CALLS_PER_ROUND // BATCH:
            fill()
            start = clock()
            receive()
            spent += clock() - start
            batches += 1
            if clock() > deadline:
                break
        return Work(batches * BATCH, spent)


def case_batch_send(mod: Any, cfg: Settings) -> Work:
    """64-byte datagrams, 64 at a time: sendmmsg(64 payloads, address)
    against a loop of 64 sendto (datagrams per second; the receiver is
    left to drop what overflows its buffer).  On Linux pysock's sendmmsg
    makes one sendmsg(2) with a UDP_SEGMENT item of these 64 datagrams of
    one size (UDP GSO: the kernel cuts them, the same datagrams arrive);
    floor_batch_send_gso is that call bare, floor_batch_send sendmmsg(2)."""
    with _closing_all() as keep:
        receiver = keep(stdlib_socket.socket(stdlib_socket.AF_INET, stdlib_socket.SOCK_DGRAM))
        receiver.bind(("127.0.0.1", 0))
        sender = keep(mod.socket(mod.AF_INET, mod.SOCK_DGRAM))
        sender.bind(("127.0.0.1", 0))
        return _send_batches(mod, sender, receiver.getsockname(), cfg, receiver)


def _send_batches(mod: Any, sender: Any, address: Any, cfg: Settings, receiver: Any = None) -> Work:
    """Datagrams per second of *sender* to *address*: sendmmsg of BATCH
    payloads where *mod* has it, else a loop of BATCH sendto; one send
    checked first (and its arrival, given the *receiver*)."""
    batch = [DATAGRAM] * BATCH
    batched = _batch_uses_mmsg(mod, sender)
    if batched:
        _check(sender.sendmmsg(batch, address) == BATCH, "sendmmsg sent the batch")
    else:
        _check(sender.sendto(DATAGRAM, address) == len(DATAGRAM), "sendto sent")
    if receiver is not None:
        _check(receiver.recvfrom(2048)[0] == DATAGRAM, "a datagram arrived")

    def run(n: int) -> None:
        for _ in itertools.repeat(None, n):
            if batched:
                sender.sendmmsg(batch, address)
            else:
                for _ in itertools.repeat(None, BATCH):
                    sender.sendto(DATAGRAM, address)

    work = _timed(run, cfg.budget, MAX_CALLS_PER_ROUND // BATCH)
    return Work(work.amount * BATCH, work.seconds)


# -- batch sending off loopback ---------------------------------------------
#
# Over loopback a send does the receiver's kernel work too (the datagram is
# queued to the receiving socket inside the sender's system call), so the
# per-datagram kernel cost hides what a batch call saves.  These cases send
# instead from a socket inside a network namespace the run makes itself
# (root and ip(8) needed, else the case is n/a) to a host in a second one,
# over a veth pair (198.18.0.1 -> 198.18.0.2/24, RFC 2544's benchmarking
# range; the neighbour entry is static, so no ARP).  Nothing listens on the
# host: the kernel there drops each datagram (no socket on the port; its
# ICMP answers are rate-limited), in the softirq that veth hands it to.  So
# the sender's system call carries the sending stack and the veth handoff,
# not a receiving socket's queueing -- closer to a NIC than loopback, not
# a NIC.  Both namespaces are deleted when the run exits.

NETNS_LOCAL = "198.18.0.1"
NETNS_PEER = ("198.18.0.2", 9)
_NETNS: Dict[str, Any] = {}


class NotApplicable(Exception):
    """A case that cannot run on this machine: reported as n/a."""


def _netns_fd() -> int:
    """A descriptor of the run's network namespace, made on first use."""
    if "fd" in _NETNS:
        fd: int = _NETNS["fd"]
        return fd
    if "error" in _NETNS:
        raise NotApplicable(_NETNS["error"])
    import atexit
    import shutil

    name = "pysock-bench-%d" % os.getpid()
    host = name + "-host"
    steps = [
        ["ip", "netns", "add", name],
        ["ip", "netns", "add", host],
        ["ip", "-n", name, "link", "add", "bench0", "address", "02:00:00:00:00:01", "type", "veth",
         "peer", "name", "bench1", "address", "02:00:00:00:00:02", "netns", host],
        ["ip", "-n", name, "addr", "add", NETNS_LOCAL + "/24", "dev", "bench0"],
        ["ip", "-n", host, "addr", "add", NETNS_PEER[0] + "/24", "dev", "bench1"],
        ["ip", "-n", name, "link", "set", "bench0", "up"],
        ["ip", "-n", host, "link", "set", "bench1", "up"],
        ["ip", "-n", name, "neigh", "replace", NETNS_PEER[0], "lladdr", "02:00:00:00:00:02",
         "dev", "bench0", "nud", "permanent"],
    ]
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("ip") is None:
        _NETNS["error"] = "needs root and ip(8) to make a network namespace"
        raise NotApplicable(_NETNS["error"])
    for number, step in enumerate(steps):
        done = subprocess.run(step, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)
        if number < 2 and done.returncode == 0:
            atexit.register(subprocess.run, ["ip", "netns", "delete", step[-1]],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode != 0:
            _NETNS["error"] = "%s: %s" % (" ".join(step), done.stderr.strip()[:80])
            raise NotApplicable(_NETNS["error"])
    _NETNS["fd"] = os.open(os.path.join("/var/run/netns", name), os.O_RDONLY)
    return int(_NETNS["fd"])


def _netns_socket(mod: Any) -> Any:
    """A UDP socket of *mod*, bound to NETNS_LOCAL, made inside the run's
    namespace: a thread enters it (setns(2) moves only the calling thread)
    and makes the socket, which stays in that namespace wherever it is
    used from."""
    import ctypes

    fd = _netns_fd()
    libc = ctypes.CDLL(None, use_errno=True)
    made: List[Any] = []
    failed: List[BaseException] = []

    def enter_and_make() -> None:
        try:
            if libc.setns(fd, 0x40000000) != 0:  # CLONE_NEWNET
                code = ctypes.get_errno()
                raise OSError(code, "setns: " + os.strerror(code))
            sock = mod.socket(mod.AF_INET, mod.SOCK_DGRAM)
            sock.bind((NETNS_LOCAL, 0))
            made.append(sock)
        except BaseException as exc:  # reported in the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=enter_and_make)
    thread.start()
    thread.join(30.0)
    if failed:
        raise failed[0]
    _check(len(made) == 1, "a socket made in the namespace")
    return made[0]


def case_batch_send_netns(mod: Any, cfg: Settings) -> Work:
    """batch_send, from a socket in the run's network namespace to a host
    in another, over veth: sendmmsg(64 payloads, address) against a loop
    of 64 sendto (datagrams per second; nothing receives them).  pysock's
    sendmmsg is one UDP_SEGMENT sendmsg(2) here too (see batch_send): the
    veth passes the segmented packet on, segmented in software."""
    with _closing_all() as keep:
        sender = keep(_netns_socket(mod))
        return _send_batches(mod, sender, NETNS_PEER, cfg)


def _bare_sendmmsg(sender: Any, address: Tuple[str, int], cfg: Settings) -> Work:
    """One bare sendmmsg(2) of 64 per batch, on headers, iovecs and the
    sockaddr prepared once (pysock's own structures, nothing packed per
    call): what the kernel and one ctypes call cost."""
    import ctypes
    from pysock._libc import msg as libc_msg

    keep: List[Any] = []
    headers, iovs, _names = libc_msg._mmsg_block(BATCH)
    sockaddr = (stdlib_socket.AF_INET.to_bytes(2, sys.byteorder) + address[1].to_bytes(2, "big")
                + stdlib_socket.inet_aton(address[0]) + bytes(8))
    ibase = ctypes.addressof(iovs)
    data_at = libc_msg._bytes_address(DATAGRAM, keep)
    name_at = libc_msg._bytes_address(sockaddr, keep)
    for i in range(BATCH):
        libc_msg._IOVEC.pack_into(iovs, i * libc_msg._IOV_SIZE, data_at, len(DATAGRAM))
        libc_msg._MSGHDR.pack_into(headers, i * libc_msg._MMSG_SIZE, name_at, len(sockaddr),
                                   ibase + i * libc_msg._IOV_SIZE, 1, 0, 0, 0)
    call = libc_msg._r_sendmmsg
    fd = sender.fileno()
    _check(call(fd, headers, BATCH, 0) == BATCH, "bare sendmmsg sent the batch")

    def run(n: int) -> None:
        for _ in itertools.repeat(None, n):
            call(fd, headers, BATCH, 0)

    work = _timed(run, cfg.budget, MAX_CALLS_PER_ROUND // BATCH)
    del keep[:]
    return Work(work.amount * BATCH, work.seconds)


def _bare_gso(sender: Any, address: Tuple[str, int], cfg: Settings) -> Work:
    """One bare sendmsg(2) per 64 datagrams with a UDP_SEGMENT item (what
    pysock's sendmmsg makes of the batch), on a msghdr, iovec, payload and
    control block prepared once: what the kernel and one ctypes call cost."""
    import ctypes
    from pysock._libc import gso, msg as libc_msg

    payload = DATAGRAM * BATCH
    control = gso._control(len(DATAGRAM))
    sockaddr = (stdlib_socket.AF_INET.to_bytes(2, sys.byteorder) + address[1].to_bytes(2, "big")
                + stdlib_socket.inet_aton(address[0]) + bytes(8))
    keep: List[Any] = []
    block = libc_msg._block_type(1, 0)()
    libc_msg._IOVEC.pack_into(block, libc_msg._IOV_AT,
                              libc_msg._bytes_address(payload, keep), len(payload))
    libc_msg._MSGHDR.pack_into(block, 0, libc_msg._bytes_address(sockaddr, keep), len(sockaddr),
                               ctypes.addressof(block) + libc_msg._IOV_AT, 1,
                               libc_msg._bytes_address(control, keep), len(control), 0)
    call = libc_msg._r_sendmsg
    ref = ctypes.byref(block)
    fd = sender.fileno()
    _check(call(fd, ref, 0) == len(payload), "bare segmented sendmsg sent the batch")

    def run(n: int) -> None:
        for _ in itertools.repeat(None, n):
            call(fd, ref, 0)

    work = _timed(run, cfg.budget, MAX_CALLS_PER_ROUND // BATCH)
    del keep[:]
    return Work(work.amount * BATCH, work.seconds)


# -- floors: what a bare ctypes call of the same shape costs ----------------
#
# The "pysock" side of a floor case is not pysock: it is the least a ctypes
# program can do for the same system calls (argtypes set, buffers and
# address structures made once, nothing checked).  A ratio of pysock below
# its floor's cannot be reached from ctypes.

def _floor_libc() -> Any:
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    return ctypes, libc


def floor_udp4(mod: Any, cfg: Settings) -> Work:
    """sendto + recvfrom as two bare ctypes calls, buffers made once."""
    ctypes, libc = _floor_libc()
    sendto = libc.sendto
    sendto.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int,
                       ctypes.c_char_p, ctypes.c_uint32)
    sendto.restype = ctypes.c_ssize_t
    recvfrom = libc.recvfrom
    recvfrom.argtypes = (ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int,
                         ctypes.c_void_p, ctypes.c_void_p)
    recvfrom.restype = ctypes.c_ssize_t
    with _closing_all() as keep:
        sender, receiver, address = _udp_pair(stdlib_socket, keep, stdlib_socket.AF_INET, "127.0.0.1")
        sockaddr = (stdlib_socket.AF_INET.to_bytes(2, sys.byteorder) + address[1].to_bytes(2, "big")
                    + stdlib_socket.inet_aton(address[0]) + bytes(8))
        out = ctypes.create_string_buffer(2048)
        peer = ctypes.create_string_buffer(128)
        size = ctypes.c_uint32(128)
        size_p = ctypes.byref(size)
        s_fd, r_fd = sender.fileno(), receiver.fileno()

        def run(n: int) -> None:
            for _ in itertools.repeat(None, n):
                sendto(s_fd, DATAGRAM, 64, 0, sockaddr, 16)
                size.value = 128
                recvfrom(r_fd, out, 2048, 0, peer, size_p)
                out.raw[:64]
                peer.raw[:size.value]

        run(1)
        _check(out.raw[:64] == DATAGRAM, "floor datagram arrives")
        return _timed(run, cfg.budget, MAX_CALLS_PER_ROUND)


def floor_roundtrip_into(mod: Any, cfg: Settings) -> Work:
    """The recv_into round trip as bare os.write + os.readv(fd, [buffer]):
    the C calls pysock's stream fast paths make, with no socket layer."""
    with _closing_all() as keep:
        a, b = stdlib_socket.socketpair()
        keep(a)
        keep(b)
        buf_a = bytearray(1)
        buf_b = bytearray(1)
        fd_a, fd_b = a.fileno(), b.fileno()
        write, readv = os.write, os.readv

        def run(n: int) -> None:
            for _ in itertools.repeat(None, n):
                write(fd_a, b"x")
                readv(fd_b, [buf_b])
                write(fd_b, b"x")
                readv(fd_a, [buf_a])

        run(1)
        _check(buf_a == b"x" and buf_b == b"x", "floor bytes arrive")
        return _timed(run, cfg.budget, MAX_CALLS_PER_ROUND)


def floor_batch_recv(mod: Any, cfg: Settings) -> Work:
    """recvmmsg of 64 as one bare ctypes call on prepared arrays: no result
    built, no address decoded (what the kernel and one call cost)."""
    import ctypes
    import pysock
    from pysock._libc import msg as libc_msg

    with _closing_all() as keep:
        receiver = keep(stdlib_socket.socket(stdlib_socket.AF_INET, stdlib_socket.SOCK_DGRAM))
        receiver.bind(("127.0.0.1", 0))
        receiver.setsockopt(stdlib_socket.SOL_SOCKET, stdlib_socket.SO_RCVBUF, 1 << 20)
        helper = keep(pysock.socket(pysock.AF_INET, pysock.SOCK_DGRAM))
        batch = [DATAGRAM] * BATCH
        address = receiver.getsockname()
        arrays = libc_msg._ReceiveBatch(BATCH, 2048)
        call = libc_msg._r_recvmmsg
        fd = receiver.fileno()
        clock = time.perf_counter
        spent = 0.0
        batches = 0
        deadline = clock() + 10 * cfg.budget
        while spent < cfg.budget and batches < MAX_CALLS_PER_ROUND // BATCH:
            helper.sendmmsg(batch, address)
            start = clock()
            left = BATCH
            while left > 0:
                ctypes.memmove(arrays.headers, arrays.template, arrays.size)
                got = call(fd, arrays.headers, left, 0x10000, None)
                _check(got > 0, "recvmmsg received")
                left -= got
            spent += clock() - start
            batches += 1
            if clock() > deadline:
                break
        return Work(batches * BATCH, spent)


def _loopback_udp_pair(keep: Callable[[Any], Any]) -> Tuple[Any, Tuple[str, int]]:
    """A stdlib UDP sender on loopback and the address of a stdlib receiver
    there (left to drop what overflows its buffer), both kept."""
    receiver = keep(stdlib_socket.socket(stdlib_socket.AF_INET, stdlib_socket.SOCK_DGRAM))
    receiver.bind(("127.0.0.1", 0))
    sender = keep(stdlib_socket.socket(stdlib_socket.AF_INET, stdlib_socket.SOCK_DGRAM))
    sender.bind(("127.0.0.1", 0))
    return sender, receiver.getsockname()


def floor_batch_send(mod: Any, cfg: Settings) -> Work:
    """sendmmsg of 64 over loopback as one bare ctypes call on prepared
    arrays (the stdlib side: its sendto loop, batch_send)."""
    with _closing_all() as keep:
        sender, address = _loopback_udp_pair(keep)
        return _bare_sendmmsg(sender, address, cfg)


def floor_batch_send_gso(mod: Any, cfg: Settings) -> Work:
    """A segmented sendmsg of 64 (UDP_SEGMENT) over loopback as one bare
    ctypes call on prepared structures (the stdlib side: its sendto loop)."""
    with _closing_all() as keep:
        sender, address = _loopback_udp_pair(keep)
        return _bare_gso(sender, address, cfg)


def floor_batch_send_gso_netns(mod: Any, cfg: Settings) -> Work:
    """A segmented sendmsg of 64 from the run's network namespace to the
    host in the other, over veth, as one bare ctypes call."""
    with _closing_all() as keep:
        sender = keep(_netns_socket(stdlib_socket))
        return _bare_gso(sender, NETNS_PEER, cfg)


def floor_batch_send_netns(mod: Any, cfg: Settings) -> Work:
    """sendmmsg of 64 from the run's network namespace to the host in the
    other, over veth, as one bare ctypes call on prepared arrays."""
    with _closing_all() as keep:
        sender = keep(_netns_socket(stdlib_socket))
        return _bare_sendmmsg(sender, NETNS_PEER, cfg)


def floor_inet6(mod: Any, cfg: Settings) -> Work:
    """inet_pton + inet_ntop as two bare ctypes calls, buffers made once."""
    ctypes, libc = _floor_libc()
    pton, ntop = libc.inet_pton, libc.inet_ntop
    pton.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)
    ntop.argtypes = (ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32)
    ntop.restype = ctypes.c_char_p
    packed = ctypes.create_string_buffer(16)
    text = ctypes.create_string_buffer(46)
    family = int(stdlib_socket.AF_INET6)
    source = "2001:db8::8:800:200c:417a"

    def run(n: int) -> None:
        for _ in itertools.repeat(None, n):
            pton(family, source.encode("ascii"), packed)
            ntop(family, packed.raw, text, 46).decode("ascii")

    run(1)
    _check(text.value.decode() == source, "floor round trip")
    return _timed(run, cfg.budget, MAX_CALLS_PER_ROUND)


def floor_getaddrinfo(mod: Any, cfg: Settings) -> Work:
    """getaddrinfo + freeaddrinfo as bare ctypes calls, no result decoded."""
    ctypes, libc = _floor_libc()

    class AddrInfo(ctypes.Structure):
        pass

    AddrInfo._fields_ = [("flags", ctypes.c_int), ("family", ctypes.c_int), ("socktype", ctypes.c_int),
                         ("protocol", ctypes.c_int), ("addrlen", ctypes.c_uint32),
                         ("addr", ctypes.c_void_p), ("canonname", ctypes.c_char_p),
                         ("next", ctypes.POINTER(AddrInfo))]
    gai, free = libc.getaddrinfo, libc.freeaddrinfo
    gai.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(AddrInfo),
                    ctypes.POINTER(ctypes.POINTER(AddrInfo)))
    free.argtypes = (ctypes.POINTER(AddrInfo),)
    free.restype = None
    hints = AddrInfo()
    hints.family = int(stdlib_socket.AF_INET)
    hints.socktype = int(stdlib_socket.SOCK_STREAM)
    hints_p = ctypes.byref(hints)
    res = ctypes.POINTER(AddrInfo)()
    res_p = ctypes.byref(res)

    def run(n: int) -> None:
        for _ in itertools.repeat(None, n):
            gai(b"127.0.0.1", b"80", hints_p, res_p)
            free(res)

    run(1)
    return _timed(run, cfg.budget, MAX_CALLS_PER_ROUND)


ROUNDTRIP_TARGET = 0.6

CASES: Tuple[Case, ...] = (
    Case("roundtrip", "1-byte socketpair round trip, blocking", "op/s",
         case_roundtrip, ("socketpair",), ROUNDTRIP_TARGET),
    Case("roundtrip_timeout", "1-byte round trip, settimeout(5.0)", "op/s",
         case_roundtrip_timeout, ("socketpair",), ROUNDTRIP_TARGET),
    Case("bulk_tcp", "64 KiB sendall/recv over TCP loopback", "MB/s",
         case_bulk_tcp, ("socket", "AF_INET", "SOCK_STREAM"), 0.95),
    Case("create_close", "socket(AF_INET, SOCK_STREAM) + close", "op/s",
         case_create_close, ("socket", "AF_INET", "SOCK_STREAM"), 0.5),
    Case("connect_accept", "loopback connect + accept + 2 close", "op/s",
         case_connect_accept, ("socket", "AF_INET", "SOCK_STREAM"), None),
    Case("getaddrinfo", "numeric getaddrinfo 127.0.0.1:80", "op/s",
         case_getaddrinfo, ("getaddrinfo", "AF_INET", "SOCK_STREAM"), 0.8),
    Case("inet4", "inet_pton + inet_ntop, IPv4", "op/s",
         case_inet4, ("inet_pton", "inet_ntop", "AF_INET"), 0.6),
    Case("inet6", "inet_pton + inet_ntop, IPv6", "op/s",
         case_inet6, ("inet_pton", "inet_ntop", "AF_INET6"), 0.5),
    Case("inet4_cold", "inet_pton + inet_ntop, IPv4, 4096 addresses (no memo hits)", "op/s",
         case_inet4_cold, ("inet_pton", "inet_ntop", "AF_INET"), None),
    Case("inet6_cold", "inet_pton + inet_ntop, IPv6, 4096 addresses (no memo hits)", "op/s",
         case_inet6_cold, ("inet_pton", "inet_ntop", "AF_INET6"), None),
    # A hook for the tracer: importing it must cost nothing while it is not
    # active, so this is the plain round trip with pysock.trace imported.
    Case("roundtrip_trace", "round trip, pysock.trace imported, inactive", "op/s",
         case_roundtrip, ("socketpair",), ROUNDTRIP_TARGET, "trace"),
    # TLS (issue 10): pysock.ssl's SSLSocket (memory BIOs, the ciphertext
    # through pysock) against the stdlib's (OpenSSL on the C socket).
    Case("tls_bulk", "TLS 1.3 64 KiB sendall/recv, loopback", "MB/s",
         case_tls_bulk, ("socket", "AF_INET", "SOCK_STREAM"), 0.8, "ssl"),
    Case("tls_handshake", "TLS 1.3 connect + handshake + close", "op/s",
         case_tls_handshake, ("create_connection", "AF_INET", "SOCK_STREAM"), 0.8, "ssl"),
    # issue 13
    Case("udp4", "UDP sendto + recvfrom, 64 B, IPv4", "op/s",
         case_udp4, ("socket", "AF_INET", "SOCK_DGRAM"), 0.7),
    Case("udp6", "UDP sendto + recvfrom, 64 B, IPv6", "op/s",
         case_udp6, ("socket", "AF_INET6", "SOCK_DGRAM"), 0.7),
    Case("msg_pair", "sendmsg([b'x']) + recvmsg(1), socketpair", "op/s",
         case_msg_pair, ("socketpair",), 0.6),
    Case("roundtrip_into", "1-byte round trip with recv_into", "op/s",
         case_roundtrip_into, ("socketpair",), 0.85),
    Case("bulk_into", "64 KiB sendall/recv_into over TCP loopback", "MB/s",
         case_bulk_into, ("socket", "AF_INET", "SOCK_STREAM"), 0.95),
    Case("readline", "makefile('rb').readline(), HTTP-like lines", "line/s",
         case_readline, ("socketpair",), 0.9),
    Case("batch_recv", "64 x 64 B datagrams: recvmmsg vs recvfrom loop", "dgram/s",
         case_batch_recv, ("socket", "AF_INET", "SOCK_DGRAM"), 3.0),
    Case("batch_send", "64 x 64 B datagrams: sendmmsg (UDP GSO) vs sendto loop", "dgram/s",
         case_batch_send, ("socket", "AF_INET", "SOCK_DGRAM"), 3.0),
    Case("batch_send_netns", "64 x 64 B: sendmmsg (UDP GSO) vs sendto loop, veth", "dgram/s",
         case_batch_send_netns, ("socket", "AF_INET", "SOCK_DGRAM"), 3.0),
    # Floors: bare ctypes (not pysock) against the stdlib, same shape.
    Case("floor_udp4", "FLOOR: bare ctypes sendto + recvfrom", "op/s",
         floor_udp4, (), None, None, True),
    Case("floor_roundtrip_into", "FLOOR: bare os.write + os.readv round trip", "op/s",
         floor_roundtrip_into, (), None, None, True, needs_os=("readv",)),
    Case("floor_batch_recv", "FLOOR: one bare recvmmsg call per 64, no results", "dgram/s",
         floor_batch_recv, ("socket",), None, None, True),
    Case("floor_batch_send", "FLOOR: one bare sendmmsg call per 64, loopback", "dgram/s",
         floor_batch_send, ("socket",), None, None, True),
    Case("floor_batch_send_netns", "FLOOR: one bare sendmmsg per 64, netns over veth", "dgram/s",
         floor_batch_send_netns, ("socket",), None, None, True),
    Case("floor_batch_send_gso", "FLOOR: one bare UDP_SEGMENT sendmsg per 64, loopback", "dgram/s",
         floor_batch_send_gso, ("socket",), None, None, True),
    Case("floor_batch_send_gso_netns", "FLOOR: one bare UDP_SEGMENT sendmsg per 64, veth",
         "dgram/s", floor_batch_send_gso_netns, ("socket",), None, None, True),
    Case("floor_inet6", "FLOOR: bare ctypes inet_pton + inet_ntop", "op/s",
         floor_inet6, (), None, None, True),
    Case("floor_getaddrinfo", "FLOOR: bare ctypes getaddrinfo + free", "op/s",
         floor_getaddrinfo, (), None, None, True),
)

# Floor cases compare a bare ctypes loop (their func) with the stdlib case
# of the same shape (run for the stdlib side).
FLOOR_OF = {"floor_udp4": case_udp4, "floor_batch_recv": case_batch_recv, "floor_inet6": case_inet6,
            "floor_getaddrinfo": case_getaddrinfo, "floor_roundtrip_into": case_roundtrip_into,
            "floor_batch_send": case_batch_send, "floor_batch_send_netns": case_batch_send_netns,
            "floor_batch_send_gso": case_batch_send,
            "floor_batch_send_gso_netns": case_batch_send_netns}

CASE_NAMES = tuple(case.name for case in CASES)


# --------------------------------------------------------------------------
# running and reporting


class Result(NamedTuple):
    case: Case
    status: str  # "ok", "n/a" or "error"
    reason: str
    samples: Dict[str, List[float]]  # implementation label -> rates

    def median(self, label: str) -> Optional[float]:
        values = self.samples.get(label)
        return statistics.median(values) if values else None

    def ratio(self) -> Optional[float]:
        ours, theirs = self.median("pysock"), self.median("stdlib")
        if self.status != "ok" or ours is None or not theirs:
            return None
        return ours / theirs

    def ratio_range(self) -> Optional[Tuple[float, float]]:
        # Rounds are interleaved, so round i of each implementation ran at
        # nearly the same moment: the spread of these paired ratios shows
        # how much to trust the median ratio.
        pairs = [p / s for p, s in zip(self.samples["pysock"], self.samples["stdlib"]) if s]
        if self.status != "ok" or not pairs:
            return None
        return min(pairs), max(pairs)

    def target_met(self) -> Optional[bool]:
        ratio = self.ratio()
        if ratio is None or self.case.target is None:
            return None
        return ratio >= self.case.target


def _missing(mod: Any, names: Sequence[str]) -> List[str]:
    return [name for name in names if not hasattr(mod, name)]


def _describe(exc: BaseException) -> str:
    text = "%s: %s" % (type(exc).__name__, exc)
    return text if len(text) <= 120 else text[:117] + "..."


def _not_applicable(case: Case, impls: Sequence[Tuple[str, Any]], pysock_error: Optional[str]) -> Optional[Tuple[str, str]]:
    """(status, reason) when the case cannot run at all, else None."""
    if pysock_error is not None:
        return "n/a", "pysock import failed: " + pysock_error
    for label, mod in impls:
        missing = _missing(mod, case.needs)
        if missing:
            return "n/a", "missing in %s: %s" % (label, ", ".join(missing))
    missing = _missing(os, case.needs_os)
    if missing:
        return "n/a", "missing: " + ", ".join("os." + name for name in missing)
    if case.extra_module:
        pysock_mod = dict(impls)["pysock"]
        full_name = "%s.%s" % (pysock_mod.__name__, case.extra_module)
        try:
            importlib.import_module(full_name)
        except ModuleNotFoundError as exc:
            if exc.name != full_name:
                return "error", "import %s: %s" % (full_name, _describe(exc))
            return "n/a", "missing: " + full_name
        except Exception as exc:
            return "error", "import %s: %s" % (full_name, _describe(exc))
    return None


def _func(case: Case, label: str) -> Callable[[Any, Settings], Work]:
    """What runs for *label*: the case's function, but for a floor case the
    stdlib runs the case it is the floor of."""
    if case.floor and label == "stdlib":
        return FLOOR_OF[case.name]
    return case.func


def run_case(case: Case, impls: Sequence[Tuple[str, Any]], cfg: Settings,
             pysock_error: Optional[str], watchdog: float) -> Result:
    samples: Dict[str, List[float]] = {label: [] for label, _mod in impls}
    blocked = _not_applicable(case, impls, pysock_error)
    if blocked is not None:
        return Result(case, blocked[0], blocked[1], samples)

    # A case that hangs (a pysock recv that never returns) must not hang CI
    # forever: dump every thread's stack and exit instead.
    faulthandler.dump_traceback_later(watchdog, exit=True)
    label = ""
    try:
        # One short untimed round each: warms caches, checks the case runs.
        warm = cfg._replace(budget=cfg.budget / 4,
                            bulk_bytes=max(CHUNK, cfg.bulk_bytes // 4 // CHUNK * CHUNK))
        for label, mod in impls:
            _func(case, label)(mod, warm)
        for round_number in range(cfg.rounds):
            # Alternate which implementation goes first, so that neither is
            # always the one that runs just after the other.
            order = impls if round_number % 2 == 0 else tuple(reversed(impls))
            for label, mod in order:
                work = _func(case, label)(mod, cfg)
                samples[label].append(work.amount / work.seconds if work.seconds > 0 else float("inf"))
    except NotApplicable as exc:
        return Result(case, "n/a", str(exc), samples)
    except Exception as exc:
        return Result(case, "error", "%s: %s" % (label, _describe(exc)), samples)
    finally:
        faulthandler.cancel_dump_traceback_later()
    return Result(case, "ok", "", samples)


def _rate(value: Optional[float], unit: str) -> str:
    if value is None:
        return "-"
    for factor, prefix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if unit == "op/s" and value >= factor:
            return "%.3g%s %s" % (value / factor, prefix, unit)
    return "%.4g %s" % (value, unit)


ROW = "{:<18} {:>15} {:>15}  {:<28} {}"


def format_row(result: Result) -> str:
    case = result.case
    ratio = result.ratio()
    if ratio is None:
        text = "ratio %s (%s)" % (result.status, result.reason)
        return ROW.format(case.name, _rate(result.median("stdlib"), case.unit),
                          _rate(result.median("pysock"), case.unit), text, "").rstrip()
    low, high = result.ratio_range() or (ratio, ratio)
    text = "ratio %.2f [%.2f-%.2f]" % (ratio, low, high)
    if case.target is None:
        target = ""
    else:
        target = ">= %.2f %s" % (case.target, "met" if result.target_met() else "NOT met")
    return ROW.format(case.name, _rate(result.median("stdlib"), case.unit),
                      _rate(result.median("pysock"), case.unit), text, target).rstrip()


def _pin_to_one_cpu() -> Optional[int]:
    """Keep this thread, and the threads it starts, on one CPU; return it.

    Two threads streaming over loopback are bimodal when the scheduler may
    place them on one core or on two (about 1.3 vs 5.5 GB/s for the same code
    on the development machine, from one transfer to the next), which drowns
    any difference between implementations.  On one CPU the rate is steady,
    and the Python work per syscall of sender and receiver adds up in the
    elapsed time instead of hiding behind the other core: that work is what
    pysock is measured for.
    """
    if not hasattr(os, "sched_setaffinity"):
        return None
    try:
        cpu = max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
    except OSError:
        return None
    return cpu


# --------------------------------------------------------------------------
# memory: a soak of messages and of connections, each implementation in a
# fresh process of its own, printing how much the process grew


def _rss_kib() -> int:
    """Resident set size of this process in KiB (Linux /proc; else the peak
    from getrusage, which can only show growth too)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _memory_worker(module_name: str, messages: int, connections: int) -> Dict[str, int]:
    import gc

    mod = importlib.import_module(module_name)
    a, b = mod.socketpair()
    payload = b"m" * 64

    def soak(count: int) -> None:
        for _ in itertools.repeat(None, count):
            a.send(payload)
            b.recv(64)

    with _closing_all() as keep:
        listener = _tcp_listener(mod, keep, 128)
        address = listener.getsockname()

        def connect(count: int) -> None:
            for _ in itertools.repeat(None, count):
                client = mod.socket(mod.AF_INET, mod.SOCK_STREAM)
                client.connect(address)
                server, _peer = listener.accept()
                server.close()
                client.close()

        # Warm up both loops (caches, memos, free lists fill here), then measure.
        soak(min(messages, 10000))
        connect(min(connections, 200))
        gc.collect()
        start = _rss_kib()
        soak(messages)
        gc.collect()
        after_messages = _rss_kib()
        connect(connections)
        gc.collect()
        after_connections = _rss_kib()
    a.close()
    b.close()
    return {"start_kib": start, "messages_kib": after_messages - start,
            "connections_kib": after_connections - after_messages}


def run_memory(module_name: str, messages: int, connections: int) -> int:
    print("memory: %d messages (64 B send + recv on a socketpair), then %d loopback "
          "connections; growth of the resident set after each, one fresh process per "
          "implementation" % (messages, connections))
    results = {}
    for label, name in (("stdlib", "socket"), ("pysock", module_name)):
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.run", "--memory-worker", name,
             "--memory-messages", str(messages), "--memory-connections", str(connections)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        if proc.returncode != 0:
            print("%-8s error: %s" % (label, proc.stderr.strip().splitlines()[-1:]))
            continue
        results[label] = json.loads(proc.stdout)
        r = results[label]
        print("%-8s start %7d KiB   messages %+6d KiB   connections %+6d KiB"
              % (label, r["start_kib"], r["messages_kib"], r["connections_kib"]))
    return 0


def _module_path(mod: Any) -> str:
    path = getattr(mod, "__file__", None)
    if path:
        return path
    search = list(getattr(mod, "__path__", ()))
    if search:  # a namespace package: a folder with no __init__.py yet
        return "namespace package " + os.pathsep.join(search)
    return "(built in)"


def _parse_args(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="pysock vs the stdlib socket module, interleaved in one run; "
                    "prints the throughput ratio pysock/stdlib per case (higher is "
                    "better for pysock, 1.0 = same speed). Exits 0 whatever the timings.")
    parser.add_argument("--quick", action="store_true",
                        help="fewer and shorter rounds (CI smoke run)")
    parser.add_argument("--case", action="append", choices=CASE_NAMES, metavar="NAME",
                        help="run only this case (repeatable); one of: " + ", ".join(CASE_NAMES))
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    parser.add_argument("--rounds", type=int, metavar="N",
                        help="rounds per implementation (default 5, --quick 3)")
    parser.add_argument("--budget", type=float, metavar="SECONDS",
                        help="length of one round (default 0.2, --quick 0.05)")
    parser.add_argument("--bulk-mib", type=int, metavar="MIB",
                        help="MiB moved per round of bulk_tcp (default 256, --quick 16)")
    parser.add_argument("--pysock-module", default="pysock", metavar="MODULE",
                        help="module to measure against the stdlib (default pysock); "
                             "'socket' measures the stdlib against itself, a check of "
                             "the harness: every ratio should be close to 1.0")
    parser.add_argument("--no-pin", action="store_true",
                        help="do not pin the run to one CPU (see README)")
    parser.add_argument("--memory", action="store_true",
                        help="instead of the ratios: the memory soak (messages, then "
                             "connections), growth for the stdlib and pysock")
    parser.add_argument("--memory-messages", type=int, default=1000000, metavar="N",
                        help="messages in the memory soak (default 1000000)")
    parser.add_argument("--memory-connections", type=int, default=10000, metavar="N",
                        help="connections in the memory soak (default 10000)")
    parser.add_argument("--memory-worker", metavar="MODULE", help=argparse.SUPPRESS)
    parser.add_argument("--watchdog", type=float, default=120.0, metavar="SECONDS",
                        help="abort the run if one case takes longer (default 120)")
    args = parser.parse_args(argv)
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.budget is not None and not args.budget > 0:
        parser.error("--budget must be positive")
    if args.bulk_mib is not None and args.bulk_mib < 1:
        parser.error("--bulk-mib must be at least 1")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parse_args(argv)
    if args.memory_worker:
        print(json.dumps(_memory_worker(args.memory_worker, args.memory_messages,
                                        args.memory_connections)))
        return 0
    if args.memory:
        return run_memory(args.pysock_module, args.memory_messages, args.memory_connections)
    cfg = Settings(
        rounds=args.rounds or (3 if args.quick else 5),
        budget=args.budget or (0.05 if args.quick else 0.2),
        bulk_bytes=(args.bulk_mib or (16 if args.quick else 256)) * MiB,
    )
    selected = [case for case in CASES if not args.case or case.name in args.case]

    cpu = None if args.no_pin else _pin_to_one_cpu()

    pysock_error: Optional[str] = None
    try:
        pysock_mod: Any = importlib.import_module(args.pysock_module)
    except Exception as exc:  # pysock is being written; report, don't crash
        pysock_mod = None
        pysock_error = _describe(exc)
    impls: Tuple[Tuple[str, Any], ...] = (("stdlib", stdlib_socket), ("pysock", pysock_mod))

    print("pysock vs stdlib socket: throughput ratio pysock/stdlib, same process, interleaved rounds")
    print("python  %s %s (%s)" % (platform.python_implementation(), platform.python_version(), sys.executable))
    print("stdlib  socket  %s" % _module_path(stdlib_socket))
    if pysock_error is None:
        print("pysock  %s  %s" % (args.pysock_module, _module_path(pysock_mod)))
    else:
        print("pysock  %s  import failed: %s" % (args.pysock_module, pysock_error))
    print("method  %d rounds x %.3g s per implementation and case, median; bulk %d MiB per round; %s"
          % (cfg.rounds, cfg.budget, cfg.bulk_bytes // MiB,
             "not pinned" if cpu is None else "pinned to cpu %d" % cpu))
    print()
    print(ROW.format("case", "stdlib", "pysock", "pysock/stdlib [round range]", "target"))
    sys.stdout.flush()

    results = []
    for case in selected:
        result = run_case(case, impls, cfg, pysock_error, args.watchdog)
        results.append(result)
        print(format_row(result), flush=True)

    print()
    print("ratio > 1: pysock faster; < 1: slower. Timings never fail a run: exit status is 0.")

    if args.json:
        report = {
            "python": {
                "implementation": platform.python_implementation(),
                "version": platform.python_version(),
                "executable": sys.executable,
                "platform": platform.platform(),
            },
            "modules": {
                "stdlib": {"name": "socket", "path": _module_path(stdlib_socket)},
                "pysock": {"name": args.pysock_module,
                           "path": None if pysock_mod is None else _module_path(pysock_mod),
                           "import_error": pysock_error},
            },
            "settings": {"rounds": cfg.rounds, "budget_seconds": cfg.budget,
                         "bulk_bytes": cfg.bulk_bytes, "quick": args.quick,
                         "pinned_cpu": cpu},
            "cases": [
                {
                    "name": r.case.name,
                    "title": r.case.title,
                    "unit": r.case.unit,
                    "status": r.status,
                    "reason": r.reason,
                    "samples": r.samples,
                    "median": {"stdlib": r.median("stdlib"), "pysock": r.median("pysock")},
                    "ratio": r.ratio(),
                    "ratio_range": r.ratio_range(),
                    "target": r.case.target,
                    "target_met": r.target_met(),
                }
                for r in results
            ],
        }
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(report, out, indent=2)
            out.write("\n")
    return 0


if __name__ == "__main__":
    if not __package__:
        # Run as a file (python benchmarks/run.py): make the repository root,
        # where pysock lives, importable as it is under ``python -m``.
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())
