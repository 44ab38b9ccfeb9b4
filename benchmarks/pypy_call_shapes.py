"""Call shapes of recvmsg(2) and a stream's recv_into on PyPy, timed.

The table in docs/architecture.md ("PyPy: no ctypes object on the hot
paths") comes from this script::

    pypy3 -m benchmarks.pypy_call_shapes

Each row is one iteration of a loop: an ``os.write`` of one byte, then the
receiving call in the shape the row names, in nanoseconds (median of 9
rounds).  It needs PyPy with the table bound through cffi (the default
there; not with ``PYSOCK_CFFI=0``): it reaches into pysock's backend to
time the shapes the backend chose between.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import socket as std
import sys
import time
from typing import Any, Callable, List, Tuple

ROUNDS = 9
CALLS = 200000
#: What the loops use, alive for the whole run (sockets close when freed).
_KEEP: List[Any] = []


def _median_ns(loop: Callable[[int], None]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        loop(CALLS)
        times.append(time.perf_counter() - start)
    return sorted(times)[ROUNDS // 2] / CALLS * 1e9


def _rows() -> List[Tuple[str, Callable[[int], None]]]:
    from pysock._libc import msg, posix

    ffi: Any = posix.lib.cffi
    write, read = os.write, os.read
    a, b = std.socketpair(std.AF_UNIX, std.SOCK_DGRAM)
    fa, fb = a.fileno(), b.fileno()
    c, d = std.socketpair()
    fc, fd = c.fileno(), d.fileno()
    keep = _KEEP
    keep += [a, b, c, d]
    rows: List[Tuple[str, Callable[[int], None]]] = []

    def reference(n: int) -> None:
        for _ in itertools.repeat(None, n):
            write(fa, b"x")
            read(fb, 1)

    def stdlib_recvmsg(n: int) -> None:
        for _ in itertools.repeat(None, n):
            write(fa, b"x")
            b.recvmsg(1)

    ctypes_recvmsg = msg._ctypes_recvmsg

    def ctypes_block(n: int) -> None:
        for _ in itertools.repeat(None, n):
            write(fa, b"x")
            ctypes_recvmsg(fb, 1, 0, 0)

    block = msg._RECV_BLOCK()
    ref = ctypes.byref(block)
    data = ctypes.create_string_buffer(1)
    msg._IOVEC.pack_into(block, msg._IOV_AT, ctypes.addressof(data), 1)
    msg._MSGHDR.pack_into(block, 0, 0, 0, ctypes.addressof(block) + msg._IOV_AT, 1, 0, 0, 0)
    keep += [block, data]
    raw = posix.lib.raw_recvmsg

    def converting(n: int) -> None:
        for _ in itertools.repeat(None, n):
            write(fa, b"x")
            raw(fb, ref, 0)

    cffi_recvmsg = msg.recvmsg

    def backend_now(n: int) -> None:
        for _ in itertools.repeat(None, n):
            write(fa, b"x")
            cffi_recvmsg(fb, 1, 0, 0)

    prepared = msg._take(1)
    area = ffi.new("char[]", 1)
    prepared.bases[0][0] = area
    prepared.lengths[0][0] = 1
    prepared.header(ffi.NULL, 0, 1, ffi.NULL, 0)
    bare = posix.lib.cffi_recvmsg
    memory = prepared.memory
    keep += [prepared, area]

    def bare_call(n: int) -> None:
        for _ in itertools.repeat(None, n):
            write(fa, b"x")
            bare(fb, memory, 0)

    buf = bytearray(1)

    def read_and_copy(n: int) -> None:
        for _ in itertools.repeat(None, n):
            write(fc, b"x")
            view = memoryview(buf).cast("B")
            got = read(fd, 1)
            view[: len(got)] = got

    bare_recv = posix.lib.cffi_recv
    from_buffer, release = ffi.from_buffer, ffi.release

    def cffi_from_buffer(n: int) -> None:
        for _ in itertools.repeat(None, n):
            write(fc, b"x")
            where = from_buffer(buf, require_writable=True)
            bare_recv(fd, where, 1, 0)
            release(where)

    converting_recv = posix.lib.recv

    def ctypes_from_buffer(n: int) -> None:
        for _ in itertools.repeat(None, n):
            write(fc, b"x")
            converting_recv(fd, (ctypes.c_char * 1).from_buffer(buf), 1, 0)

    def stdlib_recv_into(n: int) -> None:
        for _ in itertools.repeat(None, n):
            write(fc, b"x")
            d.recv_into(buf)

    rows += [
        ("`os.write` + `os.read(fd, 1)`: reference, no recvmsg", reference),
        ("`os.write` + stdlib `socket.recvmsg(1)`", stdlib_recvmsg),
        ("`os.write` + recvmsg backend, ctypes block + `byref` per call (before)", ctypes_block),
        ("`os.write` + `raw_recvmsg(fd, byref made once)` through the converting cffi "
         "function", converting),
        ("`os.write` + recvmsg backend, bare cffi on free-list memory (now)", backend_now),
        ("`os.write` + bare cffi `recvmsg` on prepared memory, nothing read back", bare_call),
        ("stream: `os.write` + `os.read` + copy into the bytearray (readv before)",
         read_and_copy),
        ("stream: `os.write` + bare cffi `recv` into `ffi.from_buffer`, released "
         "(readv now)", cffi_from_buffer),
        ("stream: `os.write` + converting `recv`, ctypes `from_buffer` array",
         ctypes_from_buffer),
        ("stream: `os.write` + stdlib `socket.recv_into`", stdlib_recv_into),
    ]
    return rows


def main() -> int:
    from pysock._libc import msg

    if not hasattr(msg, "_ctypes_recvmsg"):
        print("needs PyPy with the cffi binding (not PYSOCK_CFFI=0)", file=sys.stderr)
        return 2
    print("| shape (AF_UNIX datagram socketpair unless \"stream\") | ns |")
    print("| --- | --- |")
    for name, loop in _rows():
        print("| %s | %.0f |" % (name, _median_ns(loop)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
