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
    total = cfg.bulk_bytes
    chunk = bytes(CHUNK)
    with _closing_all() as keep:
        listener = _tcp_listener(mod, keep, 1)
        sender_sock = keep(mod.socket(mod.AF_INET, mod.SOCK_STREAM))
        sender_sock.connect(listener.getsockname())
        receiver_sock = keep(listener.accept()[0])
        failures: List[BaseException] = []

        def send_all() -> None:
            try:
                sent = 0
                while sent < total:
                    sender_sock.sendall(chunk)
                    sent += CHUNK
            except BaseException as exc:  # reported by the main thread
                failures.append(exc)
                # EOF for the receiver, so that it stops waiting.
                sender_sock.close()

        sender = threading.Thread(target=send_all, name="bulk-sender", daemon=True)
        received = 0
        start = time.perf_counter()
        sender.start()
        try:
            # Every pass either receives at least one byte or raises, so the
            # loop ends after at most `total` passes.
            while received < total:
                data = receiver_sock.recv(CHUNK)
                if not data:
                    if failures:
                        raise failures[0]
                    raise EOFError("peer closed after %d of %d bytes" % (received, total))
                received += len(data)
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
    total = cfg.bulk_bytes
    chunk = bytes(CHUNK)
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
        failures: List[BaseException] = []

        def send_all() -> None:
            try:
                sent = 0
                while sent < total:
                    sender_sock.sendall(chunk)
                    sent += CHUNK
            except BaseException as exc:  # reported by the main thread
                failures.append(exc)
                sender_sock.close()

        sender = threading.Thread(target=send_all, name="tls-bulk-sender", daemon=True)
        received = 0
        start = time.perf_counter()
        sender.start()
        try:
            while received < total:
                data = receiver_sock.recv(CHUNK)
                if not data:
                    if failures:
                        raise failures[0]
                    raise EOFError("peer closed after %d of %d bytes" % (received, total))
                received += len(data)
            seconds = time.perf_counter() - start
        finally:
            if sender.is_alive() and received < total:
                receiver_sock.close()
            sender.join(30.0)
        _check(not sender.is_alive(), "sender thread finished")
        if failures:
            raise failures[0]
        _check(received == total, "received exactly what was sent")
        return Work(total / 1e6, seconds)


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
         case_getaddrinfo, ("getaddrinfo", "AF_INET", "SOCK_STREAM"), None),
    Case("inet4", "inet_pton + inet_ntop, IPv4", "op/s",
         case_inet4, ("inet_pton", "inet_ntop", "AF_INET"), None),
    Case("inet6", "inet_pton + inet_ntop, IPv6", "op/s",
         case_inet6, ("inet_pton", "inet_ntop", "AF_INET6"), None),
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
)

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
            case.func(mod, warm)
        for round_number in range(cfg.rounds):
            # Alternate which implementation goes first, so that neither is
            # always the one that runs just after the other.
            order = impls if round_number % 2 == 0 else tuple(reversed(impls))
            for label, mod in order:
                work = case.func(mod, cfg)
                samples[label].append(work.amount / work.seconds if work.seconds > 0 else float("inf"))
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
