"""sendmsg/recvmsg/recvmsg_into and recv_into's readv through the bare
cffi functions on PyPy (pysock/_libc/msg.py, posix.readv): each call gives
exactly what the ctypes functions give -- results, errors (type, errno,
message), the bytes left in the caller's buffers --, compared call by call
on real sockets, and a traced, fault-injected program prints and traces
the same with PYSOCK_CFFI=0 and with cffi."""

import array
import ctypes
import json
import os
import socket as std
import subprocess
import sys

import pytest

from pysock._libc import _cffi, cstructs, msg, posix

PYPY = sys.implementation.name == "pypy"
CFFI_MSG = PYPY and _cffi.available() and hasattr(msg, "_ctypes_recvmsg")

needs_cffi = pytest.mark.skipif(not CFFI_MSG, reason="the cffi paths are PyPy's (loader._CFFI)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCM_RIGHTS = std.SCM_RIGHTS
SOL_SOCKET = std.SOL_SOCKET


@pytest.mark.skipif(_cffi.FFI is None, reason="needs cffi")
def test_field_pointer_types_are_the_ctypes_layout():
    ffi = _cffi.FFI()
    msghdr = cstructs.STRUCTURES.msghdr
    fields = _cffi.field_pointer_types(ffi, msghdr)
    assert fields is not None
    assert [name for name, _ in msghdr._fields_] == list(fields)
    for name, (offset, pointer) in fields.items():
        assert offset == getattr(msghdr, name).offset
        # Written through the pointer, read back through ctypes.
        block = ctypes.create_string_buffer(ctypes.sizeof(msghdr))
        ffi.cast(pointer, ffi.cast("char *", ctypes.addressof(block)) + offset)[0] = (
            ffi.cast("char *", 0x1234) if pointer == "char * *" else 77)
        value = getattr(msghdr.from_buffer(block), name)
        if isinstance(value, ctypes._Pointer):
            value = ctypes.cast(value, ctypes.c_void_p).value
        assert value == (0x1234 if pointer == "char * *" else 77), name
    iov = _cffi.field_pointer_types(ffi, cstructs.iovec)
    assert iov == {"iov_base": (0, "char * *"),
                   "iov_len": (cstructs.iovec.iov_len.offset,
                               "unsigned long *" if ctypes.sizeof(ctypes.c_size_t)
                               == ctypes.sizeof(ctypes.c_ulong) else iov["iov_len"][1])}

    class Bits(ctypes.Structure):
        _fields_ = [("a", ctypes.c_int, 3)]

    class Nested(ctypes.Structure):
        _fields_ = [("i", cstructs.iovec)]

    assert _cffi.field_pointer_types(ffi, Bits) is None
    assert _cffi.field_pointer_types(ffi, Nested) is None


@needs_cffi
def test_the_msg_calls_are_the_cffi_ones_on_pypy():
    assert msg.recvmsg is not msg._ctypes_recvmsg
    assert msg.sendmsg.__doc__ == msg._ctypes_sendmsg.__doc__
    assert posix.lib.cffi_recvmsg is not None and posix._f_recv is not None


def _outcome(call):
    """What a call gives: its result, or its error as (type, errno, text)."""
    ctypes.set_errno(0)
    try:
        return ("ok", call())
    except Exception as exc:
        return ("raise", type(exc).__name__, getattr(exc, "errno", None), str(exc))


def _fds(kind):
    a, b = std.socketpair(std.AF_UNIX, kind)
    return a, b


def _scenarios():
    """(name, function(send, recv, recv_into, a, b) -> what to compare)."""
    def plain(send, recv, into, a, b):
        sent = send(a.fileno(), [b"ab", b"", memoryview(b"cdef")[1:3], memoryview(bytearray(b"zz"))],
                    b"", 0, None)
        return sent, recv(b.fileno(), 10, 0, 0)

    def empty_read(send, recv, into, a, b):
        send(a.fileno(), [b"hello"], b"", 0, None)
        return (recv(b.fileno(), 0, 0, 0),
                _outcome(lambda: recv(b.fileno(), 0, 0, std.MSG_DONTWAIT)))

    def large(send, recv, into, a, b):
        payload = bytes(range(256)) * 300
        send(a.fileno(), [payload], b"", 0, None)
        got = recv(b.fileno(), 1 << 20, 0, 0)
        send(a.fileno(), [payload], b"", 0, None)
        return got, recv(b.fileno(), 70000, 0, 0)

    def truncated(send, recv, into, a, b):
        send(a.fileno(), [b"abcdef"], b"", 0, None)
        return recv(b.fileno(), 2, 0, std.MSG_TRUNC)

    def control(send, recv, into, a, b):
        out = []
        for ancbufsize in (std.CMSG_SPACE(8), std.CMSG_LEN(4), 1, 200000, 2**31 - 1):
            block = msg_control([0, 1])
            send(a.fileno(), [b"x"], block, 0, None)
            data, ctl, flags, name = recv(b.fileno(), 5, ancbufsize, 0)
            out.append((data, len(ctl), flags, name, _close_received(ctl)))
        return out

    def scatter(send, recv, into, a, b):
        send(a.fileno(), [b"hello world"], b"", 0, None)
        first, second = bytearray(3), bytearray(b"........")
        empty = bytearray()
        count, ctl, flags, name = into(
            b.fileno(), [memoryview(first), memoryview(empty), memoryview(second)[2:]], 0, 0)
        send(a.fileno(), [b"x"], msg_control([2]), 0, None)
        ints = array.array("i", [0])
        more = into(b.fileno(), [memoryview(ints)], std.CMSG_SPACE(4), 0)
        return (count, ctl, flags, name, bytes(first), bytes(second),
                more[0], len(more[1]), _close_received(more[1]))

    def errors(send, recv, into, a, b):
        out = [_outcome(lambda: recv(b.fileno(), 1, 0, std.MSG_DONTWAIT)),
               _outcome(lambda: recv(-1, 1, 0, 0)),
               _outcome(lambda: into(b.fileno(), [memoryview(bytearray(2))], 0,
                                     std.MSG_DONTWAIT)),
               _outcome(lambda: send(-1, [b"x"], b"", 0, None)),
               _outcome(lambda: send(a.fileno(), [b"x"], b"", 0, b"\x01\x00/no/such")),
               # Values the cffi path does not convert: ctypes' outcome.
               _outcome(lambda: recv(b.fileno(), 1, 0, (1 << 40) | std.MSG_DONTWAIT)),
               _outcome(lambda: into(b.fileno(), [memoryview(bytearray(1))], 0,
                                     (1 << 40) | std.MSG_DONTWAIT)),
               _outcome(lambda: send(a.fileno(), [b"x"], b"", 1 << 40, None)),
               _outcome(lambda: recv(b.fileno(), 4, 0, 0))]
        return out, ctypes.get_errno()

    return [("plain", plain), ("empty_read", empty_read), ("large", large),
            ("truncated", truncated), ("control", control), ("scatter", scatter),
            ("errors", errors)]


def msg_control(fds):
    """One SCM_RIGHTS item carrying *fds*, packed by pysock's sendmsg layer."""
    from pysock import _msg

    return _msg._control_block([(SOL_SOCKET, SCM_RIGHTS, array.array("i", fds))])


def _close_received(control):
    """Close the descriptors a control block brought; their count."""
    from pysock import _msg

    count = 0
    for level, kind, data in _msg._ancdata(control):
        if level == SOL_SOCKET and kind == SCM_RIGHTS:
            fds = array.array("i")
            fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
            for fd in fds:
                os.close(fd)
                count += 1
    return count


_DATAGRAM_ONLY = ("truncated", "large")


@needs_cffi
@pytest.mark.parametrize("kind,scenario", [
    pytest.param(kind, scenario, id="%s-%s" % (name, label))
    for name, scenario in _scenarios()
    for kind, label in ((std.SOCK_DGRAM, "dgram"), (std.SOCK_STREAM, "stream"))
    if kind == std.SOCK_DGRAM or name not in _DATAGRAM_ONLY])
def test_msg_calls_as_the_ctypes_ones(kind, scenario):
    results = []
    for functions in ((msg.sendmsg, msg.recvmsg, msg.recvmsg_into),
                      (msg._ctypes_sendmsg, msg._ctypes_recvmsg, msg._ctypes_recvmsg_into)):
        a, b = _fds(kind)
        with a, b:
            results.append(_outcome(lambda: scenario(*functions, a, b)))
    assert results[0] == results[1]
    assert results[0][0] == "ok", results[0]


@needs_cffi
@pytest.mark.parametrize("family,host", [(std.AF_INET, "127.0.0.1"), (std.AF_INET6, "::1")])
def test_udp_names_as_the_ctypes_ones(family, host):
    import pysock

    with std.socket(family, std.SOCK_DGRAM) as rx, std.socket(family, std.SOCK_DGRAM) as tx, \
            pysock.socket(family, std.SOCK_DGRAM) as helper:
        rx.bind((host, 0))
        tx.bind((host, 0))
        sockaddr = helper._sockaddr(rx.getsockname(), "sendmsg")
        results = []
        for send, recv in ((msg.sendmsg, msg.recvmsg),
                           (msg._ctypes_sendmsg, msg._ctypes_recvmsg)):
            sent = send(tx.fileno(), [b"to you"], b"", 0, sockaddr)
            results.append((sent, recv(rx.fileno(), 64, 0, 0)))
        # A name longer than the buffer goes from the caller's bytes.
        for send in (msg.sendmsg, msg._ctypes_sendmsg):
            results.append(_outcome(lambda: send(tx.fileno(), [b"x"], b"", 0,
                                                 sockaddr + bytes(200))))
        assert helper._address(results[0][1][3]) == tx.getsockname()
    assert results[0] == results[1]
    assert results[2] == results[3] == ("ok", 1)


@needs_cffi
def test_readv_of_one_buffer_as_os_read():
    out = []
    for cffi_path in (True, False):
        saved = posix._f_recv
        if not cffi_path:
            posix._f_recv = None
        try:
            a, b = std.socketpair()
            with a, b:
                a.sendall(b"0123456789")
                first = bytearray(4)
                view = memoryview(bytearray(b"......"))[1:5]
                got = [posix.readv(b.fileno(), [first]), posix.readv(b.fileno(), [view]),
                       bytes(first), bytes(view.obj)]
                b.setblocking(False)
                got.append(_outcome(lambda: posix.readv(b.fileno(), [bytearray(8)])))
                got.append(_outcome(lambda: posix.readv(-1, [bytearray(8)])))
                a.close()
                got.append(posix.readv(b.fileno(), [bytearray(3)]))
                out.append(got)
        finally:
            posix._f_recv = saved
    assert out[0] == out[1]


PROGRAM = r"""
import array
import pysock as s
a, b = s.socketpair(s.AF_UNIX, s.SOCK_DGRAM)
a.sendmsg([b"ab", b"cd"], [(s.SOL_SOCKET, s.SCM_RIGHTS, array.array("i", [0]))])
data, anc, flags, addr = b.recvmsg(10, s.CMSG_SPACE(4))
for level, kind, item in anc:
    s.close(array.array("i", item)[0])
print(data, [(l, k, len(i)) for l, k, i in anc], flags, addr)
a.sendmsg([b"hello"])
buf = bytearray(3)
print(b.recvmsg_into([buf, bytearray(4)]), buf)
try:
    b.recvmsg(1, 0, s.MSG_DONTWAIT)
except OSError as e:
    print(type(e).__name__, e.errno, e)
a.sendmsg([b"xyz"])
print(b.recvmsg(4))
c, d = s.socketpair()
c.sendall(b"line one\nline two\n")
f = d.makefile("rb")
print(f.readline(), f.readline())
c.send(b"z")
into = bytearray(4)
print(d.recv_into(into), into)
a.sendmsg([b"again"])
try:
    print(b.recvmsg(8))
except OSError as e:
    print(type(e).__name__, e.errno, e)
"""


@needs_cffi
def test_traced_program_with_and_without_cffi(tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(PROGRAM)
    runs = []
    for value in ("0", "1"):
        env = dict(os.environ, PYSOCK_CFFI=value,
                   PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        proc = subprocess.run(
            [sys.executable, "-m", "pysock", "trace", "--format", "jsonl", "-o",
             str(tmp_path / ("t%s.jsonl" % value)), "--inject", "recvmsg:error=ECONNRESET:when=4",
             "--inject", "recvmsg_into:bytes=2", "--", str(program)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        records = []
        for line in (tmp_path / ("t%s.jsonl" % value)).read_text().splitlines():
            record = json.loads(line)
            for key in ("time", "duration", "thread_id"):
                record.pop(key)
            records.append(record)
        runs.append((proc.returncode, proc.stdout, records))
    assert runs[0] == runs[1]
    code, stdout, records = runs[0]
    assert code == 0, stdout
    calls = [r["call"] for r in records]
    assert "recvmsg_into" in calls and "readv" in calls
    assert any(r["injected"] for r in records if r["call"] == "recvmsg")
    assert "ConnectionResetError 104" in stdout


@needs_cffi
@pytest.mark.parametrize("family,host", [(std.AF_INET, "127.0.0.1"), (std.AF_INET6, "::1"),
                                         (std.AF_UNIX, None)])
def test_recvfrom_and_sendto_as_the_ctypes_ones(family, host, tmp_path):
    assert posix.recvfrom is not posix._ctypes_recvfrom
    assert posix.sendto is not posix._ctypes_sendto
    import pysock

    results = []
    for recvfrom, sendto in ((posix.recvfrom, posix.sendto),
                             (posix._ctypes_recvfrom, posix._ctypes_sendto)):
        with std.socket(family, std.SOCK_DGRAM) as rx, std.socket(family, std.SOCK_DGRAM) as tx, \
                pysock.socket(family, std.SOCK_DGRAM) as helper:
            if host is None:
                rx.bind(str(tmp_path / ("rx%d" % len(results))))
            else:
                rx.bind((host, 0))
                tx.bind((host, 0))
            to = helper._sockaddr(rx.getsockname(), "sendto")
            got = []
            for payload, nbytes, flags in ((b"x" * 64, 2048, 0), (b"abc", 0, 0),
                                           (b"abcdef", 2, std.MSG_TRUNC),
                                           (bytes(range(250)) * 240, 1 << 17, 0),
                                           (b"q", 1, (1 << 40) | std.MSG_DONTWAIT)):
                got.append(_outcome(lambda: sendto(tx.fileno(), payload, 0, to)))
                data, name = recvfrom(rx.fileno(), nbytes, flags)
                got.append((data, helper._address(name) == tx.getsockname()
                            if host else name))
            got.append(_outcome(lambda: recvfrom(rx.fileno(), 8, std.MSG_DONTWAIT)))
            got.append(_outcome(lambda: recvfrom(-1, 8, 0)))
            got.append(_outcome(lambda: sendto(-1, b"x", 0, to)))
            got.append(_outcome(lambda: sendto(tx.fileno(), memoryview(b"view"), 0, to)))
            got.append(recvfrom(rx.fileno(), 8, 0)[0])
            results.append(got)
    assert results[0] == results[1]


@needs_cffi
@pytest.mark.parametrize("kind", [std.SOCK_DGRAM, std.SOCK_STREAM], ids=["dgram", "stream"])
def test_recv_recv_into_recvfrom_into_as_the_ctypes_ones(kind):
    assert posix.recv is not posix._ctypes_recv
    results = []
    for recv, recv_into, recvfrom_into in (
            (posix.recv, posix.recv_into, posix.recvfrom_into),
            (posix._ctypes_recv, posix._ctypes_recv_into, posix._ctypes_recvfrom_into)):
        a, b = std.socketpair(std.AF_UNIX, kind)
        with a, b:
            fa, fb = a.fileno(), b.fileno()
            got = []
            for payload, nbytes, flags in ((b"x" * 64, 2048, 0), (b"abcdef", 2, std.MSG_TRUNC),
                                           (b"abc", 0, 0), (bytes(range(250)) * 280, 1 << 17, 0),
                                           (b"peek", 8, std.MSG_PEEK),
                                           (b"q", 1, (1 << 40) | std.MSG_DONTWAIT)):
                os.write(fa, payload)
                got.append(_outcome(lambda: recv(fb, nbytes, flags)))
                if flags == std.MSG_PEEK or kind == std.SOCK_STREAM:
                    got.append(_outcome(lambda: recv(fb, 1 << 17, std.MSG_DONTWAIT)))
            for nbytes, flags in ((3, 0), (0, 0), (5, std.MSG_TRUNC), (2, (1 << 40))):
                os.write(fa, b"hello")
                buf = bytearray(b"........")
                got.append((_outcome(lambda: recv_into(fb, memoryview(buf), nbytes, flags)),
                            bytes(buf)))
                if kind == std.SOCK_STREAM:
                    got.append(_outcome(lambda: recv(fb, 64, std.MSG_DONTWAIT)))
                os.write(fa, b"world")
                view = memoryview(bytearray(b"------"))[1:5]
                got.append((_outcome(lambda: recvfrom_into(fb, view, nbytes, flags)),
                            bytes(view.obj)))
                if kind == std.SOCK_STREAM:
                    got.append(_outcome(lambda: recv(fb, 64, std.MSG_DONTWAIT)))
            for call in (lambda: recv(fb, 8, std.MSG_DONTWAIT), lambda: recv(-1, 8, 0),
                         lambda: recv_into(fb, bytearray(4), 4, std.MSG_DONTWAIT),
                         lambda: recv_into(-1, bytearray(4), 4, 0),
                         lambda: recvfrom_into(fb, bytearray(4), 4, std.MSG_DONTWAIT),
                         lambda: recvfrom_into(-1, bytearray(4), 4, 0),
                         # Not taken by the cffi path: ctypes' own outcome.
                         lambda: recv_into(fb, bytearray(2), 4, std.MSG_DONTWAIT),
                         lambda: recv_into(fb, b"read-only", 4, std.MSG_DONTWAIT)):
                got.append(_outcome(call))
            got.append(ctypes.get_errno())
            results.append(got)
    assert results[0] == results[1]


# recvmmsg/recvmmsg_into (msg.py's cffi batches) against the ctypes ones.

CFFI_MMSG = CFFI_MSG and hasattr(msg, "_ctypes_recvmmsg")
needs_cffi_mmsg = pytest.mark.skipif(not CFFI_MMSG, reason="the cffi batches are PyPy's")
WAITFORONE = getattr(std, "MSG_WAITFORONE", 0x10000)


def _mmsg_rounds(recvmmsg, recvmmsg_into, send, rx, name_of):
    """The same calls through one pair of functions: what each gave."""
    fd = rx.fileno()
    got = []

    def batch(call, payloads):
        for payload in payloads:
            send(payload)
        return _outcome(lambda: [(item, name_of(name)) for item, name in call()])

    sizes = [b"", b"a", b"x" * 10, b"y" * 11, bytes(range(256)) * 8, b"z" * 2048]
    # Whole, truncated at bufsize, bufsize 0, MSG_TRUNC, count beyond the
    # datagrams there, count beyond the kernel's limit (cut to MMSG_MAX).
    for count, bufsize, flags in ((6, 2048, 0), (6, 10, 0), (6, 0, 0), (3, 4, std.MSG_TRUNC),
                                  (64, 2048, 0), (5000, 64, 0), (1, 1 << 16, 0)):
        got.append(batch(lambda: recvmmsg(fd, count, bufsize, flags | WAITFORONE), sizes))
        got.append(batch(lambda: recvmmsg(fd, 8, 64, std.MSG_DONTWAIT), []))
    # Shapes seen again: the free lists' memory reused.
    for _ in range(3):
        got.append(batch(lambda: recvmmsg(fd, 4, 16, WAITFORONE), [b"again", b"and again!" * 3]))
    for lengths in ((4, 0, 100, 1), (2048,), (3,) * 9):
        buffers = [bytearray(b"." * n) for n in lengths]
        views = [memoryview(b) for b in buffers]
        sliced = memoryview(bytearray(b"--------"))[2:6]
        views.append(sliced)
        got.append((batch(lambda: recvmmsg_into(fd, views, WAITFORONE), sizes),
                    [bytes(b) for b in buffers], bytes(sliced.obj)))
        got.append(batch(lambda: recvmmsg_into(fd, [memoryview(bytearray(9))] * 70,
                                                std.MSG_DONTWAIT), []))
    many = [memoryview(bytearray(2)) for _ in range(1030)]
    got.append(batch(lambda: recvmmsg_into(fd, many, WAITFORONE), [b"abc", b"d"]))
    # Errors, and values the cffi path leaves to ctypes.
    for call in (lambda: recvmmsg(fd, 4, 64, std.MSG_DONTWAIT),
                 lambda: recvmmsg(-1, 4, 64, 0),
                 lambda: recvmmsg_into(fd, [memoryview(bytearray(4))], std.MSG_DONTWAIT),
                 lambda: recvmmsg_into(-1, [memoryview(bytearray(4))], 0),
                 lambda: recvmmsg(fd, 4, 64, (1 << 40) | std.MSG_DONTWAIT),
                 lambda: recvmmsg_into(fd, [memoryview(bytearray(4))], (1 << 40) | std.MSG_DONTWAIT),
                 lambda: recvmmsg_into(fd, [memoryview(b"read-only")], std.MSG_DONTWAIT)):
        got.append(_outcome(call))
    got.append(batch(lambda: recvmmsg(fd, 2, 1 << 62, WAITFORONE), [b"huge bufsize"]))
    got.append(batch(lambda: recvmmsg(fd, 8, 64, std.MSG_DONTWAIT), []))
    got.append(ctypes.get_errno())
    return got


@needs_cffi_mmsg
def test_the_mmsg_calls_are_the_cffi_ones_on_pypy():
    from pysock._libc import backend

    assert msg.recvmmsg is not msg._ctypes_recvmmsg
    assert msg.recvmmsg_into is not msg._ctypes_recvmmsg_into
    assert backend.recvmmsg is msg.recvmmsg
    assert msg.recvmmsg.__doc__ == msg._ctypes_recvmmsg.__doc__


@needs_cffi_mmsg
@pytest.mark.parametrize("family,host", [(std.AF_INET, "127.0.0.1"), (std.AF_INET6, "::1"),
                                         (std.AF_UNIX, None)])
def test_recvmmsg_and_recvmmsg_into_as_the_ctypes_ones(family, host, tmp_path):
    import pysock

    results = []
    for recvmmsg, recvmmsg_into in ((msg.recvmmsg, msg.recvmmsg_into),
                                    (msg._ctypes_recvmmsg, msg._ctypes_recvmmsg_into)):
        with std.socket(family, std.SOCK_DGRAM) as rx, std.socket(family, std.SOCK_DGRAM) as tx, \
                pysock.socket(family, std.SOCK_DGRAM) as helper:
            if host is None:
                rx.bind(str(tmp_path / ("rx%d" % len(results))))
                tx.bind(str(tmp_path / ("tx%d" % len(results))))
            else:
                rx.bind((host, 0))
                tx.bind((host, 0))
            rx.setsockopt(SOL_SOCKET, std.SO_RCVBUF, 1 << 20)
            where = rx.getsockname()
            sender = tx.getsockname()

            def name_of(name):
                # The sender's decoded address, which differs between runs.
                return helper._address(name) == sender, len(name)

            results.append(_mmsg_rounds(recvmmsg, recvmmsg_into,
                                        lambda payload: tx.sendto(payload, where), rx, name_of))
    assert results[0] == results[1]
    first = results[0]
    assert first[0][0] == "ok" and len(first[0][1]) == 6 and first[0][1][0][1][0], first[0]
    assert first[2][1][2] == (b"x" * 10, first[2][1][2][1])
    assert first[-10][:3] == ("raise", "BlockingIOError", 11), first[-10]
    assert first[-9][:3] == ("raise", "OSError", 9), first[-9]
    assert first[-4][0] == "raise", first[-4]  # a read-only buffer
    assert first[-3][:2] == ("raise", "OverflowError"), first[-3]  # bufsize beyond memory


MMSG_PROGRAM = r"""
import os
import sys
import pysock as s
s.setdefaulttimeout(20)
here = sys.argv[1]
for name in ("rx", "tx"):
    if os.path.exists(os.path.join(here, name)):
        os.unlink(os.path.join(here, name))
rx = s.socket(s.AF_UNIX, s.SOCK_DGRAM)
rx.bind(os.path.join(here, "rx"))
tx = s.socket(s.AF_UNIX, s.SOCK_DGRAM)
tx.bind(os.path.join(here, "tx"))
for round in range(4):
    for i in range(3):
        tx.sendto(b"datagram %d" % i, rx.getsockname())
    try:
        got = rx.recvmmsg(8, 6)
        print([(d, a == tx.getsockname()) for d, a in got])
    except OSError as e:
        print(type(e).__name__, e.errno, e)
    for i in range(3):
        tx.sendto(b"into %d" % i, rx.getsockname())
    bufs = [bytearray(4), bytearray(20)]
    try:
        got = rx.recvmmsg_into(bufs)
        print([(n, a == tx.getsockname()) for n, a in got], bufs)
    except OSError as e:
        print(type(e).__name__, e.errno, e)
    rx.setblocking(False)
    for call in (lambda: rx.recvmmsg(8, 64), lambda: rx.recvmmsg_into([bytearray(8)])):
        try:
            print([(x, a == tx.getsockname()) for x, a in call()])
        except OSError as e:
            print(type(e).__name__, e.errno, e)
    rx.setblocking(True)
"""


@needs_cffi_mmsg
def test_traced_mmsg_program_with_and_without_cffi(tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(MMSG_PROGRAM)
    runs = []
    for value in ("0", "1"):
        env = dict(os.environ, PYSOCK_CFFI=value,
                   PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        proc = subprocess.run(
            [sys.executable, "-m", "pysock", "trace", "--format", "jsonl", "-o",
             str(tmp_path / ("t%s.jsonl" % value)), "--inject", "recvmmsg:error=ECONNRESET:when=2",
             "--inject", "recvmmsg_into:error=EINTR:when=3", "--", str(program),
             str(tmp_path)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        records = []
        for line in (tmp_path / ("t%s.jsonl" % value)).read_text().splitlines():
            record = json.loads(line)
            for key in ("time", "duration", "thread_id", "result", "args"):
                record.pop(key, None)
            records.append(record)
        runs.append((proc.returncode, proc.stdout, proc.stderr, records))
    assert runs[0] == runs[1]
    code, stdout, stderr, records = runs[0]
    assert code == 0, stderr
    calls = [r["call"] for r in records]
    assert "recvmmsg" in calls and "recvmmsg_into" in calls
    assert any(r["injected"] for r in records if r["call"] == "recvmmsg")
    assert "ConnectionResetError 104" in stdout
    assert "BlockingIOError 11" in stdout
