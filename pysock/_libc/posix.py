"""The POSIX backend: libc's socket calls, each reached with Python values.

This module owns the prototype table of the C library and the functions of
the backend object, one per system call.  A backend function takes and
returns Python values (an fd, ``bytes`` for a sockaddr or a payload, ints)
so that a tracer wrapping it sees, and can decode, everything a call does;
it raises ``OSError`` through the one error path (``errors``), EINTR
included: retrying belongs to the socket layer, in one place.

Where the ``os`` module already makes exactly the system call needed, the
backend calls it: ``recv``/``send`` on a stream socket with no flags are
``read``/``write`` (recv(2): "The only difference between recv() and read(2)
is the presence of flags"), and ``os.read`` builds the result ``bytes`` in
place, without the argument conversion ctypes pays on every call (measured:
0.8 us per ctypes call against 0.4 us for the stdlib's whole ``recv``).
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar, Union, cast
from ctypes import (
    POINTER,
    byref,
    c_char_p,
    c_int,
    c_size_t,
    c_ssize_t,
    c_ulong,
    c_void_p,
    py_object,
)

from . import loader
from .constants import VALUES
from .cstructs import (
    SOCKADDR_STORAGE_SIZE,
    addrinfo,
    msghdr,
    pollfd,
    socklen_t,
)
from . import errors
from .errors import check_neg1

# The legacy resolver and the interface calls (the netdb/if section below).
from .cstructs import hostent, if_nameindex, protoent, servent  # noqa: E402

if TYPE_CHECKING:
    from ctypes import Array, _CArgObject, _SimpleCData, c_char

    from _typeshed import ReadableBuffer, WriteableBuffer

    from ._typed import AddrInfo

_NEG1 = check_neg1
_socklen_p = POINTER(socklen_t)

# name -> (argtypes, restype, error convention).  Grouped as in the POSIX
# manual; None as the convention means the function reports no error (or
# returns its error code, handled by the caller: getaddrinfo/getnameinfo).
SIGNATURES = {
    # <sys/socket.h>
    "accept": ((c_int, c_void_p, _socklen_p), c_int, _NEG1),
    "accept4": ((c_int, c_void_p, _socklen_p, c_int), c_int, _NEG1),
    "bind": ((c_int, c_void_p, socklen_t), c_int, _NEG1),
    "connect": ((c_int, c_void_p, socklen_t), c_int, _NEG1),
    "getpeername": ((c_int, c_void_p, _socklen_p), c_int, _NEG1),
    "getsockname": ((c_int, c_void_p, _socklen_p), c_int, _NEG1),
    "getsockopt": ((c_int, c_int, c_int, c_void_p, _socklen_p), c_int, _NEG1),
    "listen": ((c_int, c_int), c_int, _NEG1),
    "recv": ((c_int, c_void_p, c_size_t, c_int), c_ssize_t, _NEG1),
    "recvfrom": (
        (c_int, c_void_p, c_size_t, c_int, c_void_p, _socklen_p),
        c_ssize_t,
        _NEG1,
    ),
    "recvmsg": ((c_int, POINTER(msghdr), c_int), c_ssize_t, _NEG1),
    "send": ((c_int, c_void_p, c_size_t, c_int), c_ssize_t, _NEG1),
    "sendmsg": ((c_int, POINTER(msghdr), c_int), c_ssize_t, _NEG1),
    # Linux (glibc 2.12/2.14, musl) and FreeBSD 11+: struct mmsghdr arrays.
    "recvmmsg": ((c_int, c_void_p, ctypes.c_uint, c_int, c_void_p), c_int, _NEG1),
    "sendmmsg": ((c_int, c_void_p, ctypes.c_uint, c_int), c_int, _NEG1),
    "sendto": (
        (c_int, c_void_p, c_size_t, c_int, c_void_p, socklen_t),
        c_ssize_t,
        _NEG1,
    ),
    "setsockopt": ((c_int, c_int, c_int, c_void_p, socklen_t), c_int, _NEG1),
    "shutdown": ((c_int, c_int), c_int, _NEG1),
    "socket": ((c_int, c_int, c_int), c_int, _NEG1),
    "socketpair": ((c_int, c_int, c_int, POINTER(c_int * 2)), c_int, _NEG1),
    # <poll.h>
    "poll": ((POINTER(pollfd), c_ulong, c_int), c_int, _NEG1),
    # <netdb.h>: these return their error code instead of setting errno.
    "getaddrinfo": (
        (c_char_p, c_char_p, POINTER(addrinfo), POINTER(POINTER(addrinfo))),
        c_int,
        None,
    ),
    "freeaddrinfo": ((POINTER(addrinfo),), None, None),
    "gai_strerror": ((c_int,), c_char_p, None),
    "getnameinfo": (
        (c_void_p, socklen_t, c_char_p, socklen_t, c_char_p, socklen_t, c_int),
        c_int,
        None,
    ),
    # <netdb.h>, the legacy resolver.  The reentrant forms (glibc's
    # six-argument gethostbyname_r & co, also on musl and the BSDs) return an
    # errno value (ERANGE: the buffer is too small) and give the entry
    # through their last pointer, NULL when there is none; h_errno says why
    # a host lookup found nothing.  The plain forms are the fallback where
    # the _r ones are missing (macOS), called under a lock.
    "gethostbyname_r": (
        (
            c_char_p,
            POINTER(hostent),
            c_void_p,
            c_size_t,
            POINTER(POINTER(hostent)),
            POINTER(c_int),
        ),
        c_int,
        None,
    ),
    "gethostbyaddr_r": (
        (
            c_void_p,
            socklen_t,
            c_int,
            POINTER(hostent),
            c_void_p,
            c_size_t,
            POINTER(POINTER(hostent)),
            POINTER(c_int),
        ),
        c_int,
        None,
    ),
    "getservbyname_r": (
        (
            c_char_p,
            c_char_p,
            POINTER(servent),
            c_void_p,
            c_size_t,
            POINTER(POINTER(servent)),
        ),
        c_int,
        None,
    ),
    "getservbyport_r": (
        (
            c_int,
            c_char_p,
            POINTER(servent),
            c_void_p,
            c_size_t,
            POINTER(POINTER(servent)),
        ),
        c_int,
        None,
    ),
    "getprotobyname_r": (
        (c_char_p, POINTER(protoent), c_void_p, c_size_t, POINTER(POINTER(protoent))),
        c_int,
        None,
    ),
    # NULL when nothing is found: not an error convention errno describes.
    "gethostbyname": ((c_char_p,), POINTER(hostent), None),
    "gethostbyaddr": ((c_void_p, socklen_t, c_int), POINTER(hostent), None),
    "getservbyname": ((c_char_p, c_char_p), POINTER(servent), None),
    "getservbyport": ((c_int, c_char_p), POINTER(servent), None),
    "getprotobyname": ((c_char_p,), POINTER(protoent), None),
    "hstrerror": ((c_int,), c_char_p, None),
    # The calling thread's h_errno: glibc and musl, then FreeBSD and macOS.
    "__h_errno_location": ((), POINTER(c_int), None),
    "__h_errno": ((), POINTER(c_int), None),
    # <unistd.h>
    "gethostname": ((c_char_p, c_size_t), c_int, _NEG1),
    "sethostname": ((c_char_p, c_size_t), c_int, _NEG1),
    # <net/if.h>: if_nameindex and if_indextoname return NULL and set errno;
    # if_nametoindex returns 0 without setting it (the caller's message).
    "if_nameindex": ((), POINTER(if_nameindex), None),
    "if_freenameindex": ((POINTER(if_nameindex),), None, None),
    "if_nametoindex": ((c_char_p,), ctypes.c_uint, None),
    "if_indextoname": ((ctypes.c_uint, c_char_p), c_char_p, None),
}

# Present on Linux and the BSDs, absent on macOS: the backend falls back.
OPTIONAL = frozenset(["accept4", "recvmmsg", "sendmmsg"])
# The netdb/if section: each of these may be missing (the _r forms on
# macOS, sethostname on some systems); netdb.py falls back or leaves the
# public name out.
OPTIONAL |= frozenset(
    [
        "gethostbyname_r",
        "gethostbyaddr_r",
        "getservbyname_r",
        "getservbyport_r",
        "getprotobyname_r",
        "gethostbyname",
        "gethostbyaddr",
        "getservbyname",
        "getservbyport",
        "getprotobyname",
        "hstrerror",
        "__h_errno_location",
        "__h_errno",
        "gethostname",
        "sethostname",
        "if_nameindex",
        "if_freenameindex",
        "if_nametoindex",
        "if_indextoname",
    ]
)

#: The backend functions this module provides (see pysock._libc.Backend).
CALLS = (
    "socket",
    "socketpair",
    "bind",
    "connect",
    "listen",
    "accept",
    "getsockname",
    "getpeername",
    "getsockopt",
    "setsockopt",
    "shutdown",
    "recv",
    "recvfrom",
    "recv_into",
    "recvfrom_into",
    "send",
    "sendto",
    "read",
    "write",
    "readv",
    "writev",
    "close",
    "dup",
    "poll",
    "set_blocking",
    "get_blocking",
    "set_inheritable",
    "get_inheritable",
    "sendfile",
    "getaddrinfo",
    "getnameinfo",
)

#: Bound a second time without argtypes (loader.bind), for the datagram and
#: message paths where a call's argument conversion is most of its cost.
RAW = ("recvfrom", "sendto", "recvmsg", "sendmsg", "recvmmsg", "sendmmsg")

lib = loader.bind(loader.load_libc(), SIGNATURES, optional=OPTIONAL, raw=RAW)

_SOCK_CLOEXEC = VALUES.get("SOCK_CLOEXEC", 0)
_HAVE_ACCEPT4 = "accept4" in lib and _SOCK_CLOEXEC != 0


# ---------------------------------------------------------------------------
# A fresh ``bytes`` to receive into.
#
# CPython lets a bytes object be created uninitialised and filled before it
# is shared (PyBytes_FromStringAndSize(NULL, n)); receiving straight into it
# makes the result without a copy.  The data starts at offsetof(PyBytesObject,
# ob_sval) == bytes.__basicsize__ - 1.  This is checked once below against a
# known value; anywhere it does not hold, a bytearray is used instead.
# ---------------------------------------------------------------------------


def _bytes_allocator() -> Optional[Tuple[Callable[[Optional[bytes], int], bytes], int]]:
    if sys.implementation.name != "cpython":
        return None
    api = loader.load_pythonapi()
    new = api.PyBytes_FromStringAndSize
    new.argtypes = (c_void_p, c_ssize_t)
    new.restype = py_object
    offset = bytes.__basicsize__ - 1
    probe = new(b"pysock-probe", 12)
    if ctypes.string_at(id(probe) + offset, 12) != b"pysock-probe":
        return None
    return new, offset


_alloc = _bytes_allocator()


def _sockaddr_buffer() -> Tuple[Array[c_char], _SimpleCData[int]]:
    return ctypes.create_string_buffer(SOCKADDR_STORAGE_SIZE), socklen_t(
        SOCKADDR_STORAGE_SIZE
    )


# ---------------------------------------------------------------------------
# The backend functions.  Each is one system call (two where the OS lacks an
# atomic form, e.g. accept + FD_CLOEXEC), Python values in and out.
# ---------------------------------------------------------------------------

_c_socket: Callable[[int, int, int], int] = lib.socket


def socket(family: int, type: int, proto: int) -> int:
    """socket(2); the descriptor is created non-inheritable (PEP 446)."""
    if _SOCK_CLOEXEC:
        return _c_socket(family, type | _SOCK_CLOEXEC, proto)
    fd = _c_socket(family, type, proto)
    os.set_inheritable(fd, False)
    return fd


def socketpair(family: int, type: int, proto: int) -> Tuple[int, int]:
    fds = (c_int * 2)()
    if _SOCK_CLOEXEC:
        lib.socketpair(family, type | _SOCK_CLOEXEC, proto, fds)
    else:
        lib.socketpair(family, type, proto, fds)
        os.set_inheritable(fds[0], False)
        os.set_inheritable(fds[1], False)
    return fds[0], fds[1]


def bind(fd: int, sockaddr: bytes) -> None:
    lib.bind(fd, sockaddr, len(sockaddr))


def connect(fd: int, sockaddr: bytes) -> None:
    lib.connect(fd, sockaddr, len(sockaddr))


def listen(fd: int, backlog: int) -> None:
    lib.listen(fd, backlog)


def accept(fd: int, want_address: bool = True) -> Tuple[int, bytes]:
    """accept4(2) with SOCK_CLOEXEC: (new fd, peer sockaddr bytes).

    With *want_address* false no address buffer is passed (NULL, NULL) and
    the address is b"": AF_ALG refuses accept() with one (ECONNABORTED).
    """
    buf: Optional[Array[c_char]]
    size_p: Optional[_CArgObject]
    if want_address:
        buf, size = _sockaddr_buffer()
        size_p = byref(size)
    else:
        buf = size_p = None
    if _HAVE_ACCEPT4:
        newfd = lib.accept4(fd, buf, size_p, _SOCK_CLOEXEC)
    else:
        newfd = lib.accept(fd, buf, size_p)
        os.set_inheritable(newfd, False)
    # size is bound where buf is.
    return newfd, (buf.raw[: size.value] if buf is not None else b"")  # pyright: ignore[reportPossiblyUnboundVariable]


def getsockname(fd: int) -> bytes:
    buf, size = _sockaddr_buffer()
    lib.getsockname(fd, buf, byref(size))
    return buf.raw[: size.value]


def getpeername(fd: int) -> bytes:
    buf, size = _sockaddr_buffer()
    lib.getpeername(fd, buf, byref(size))
    return buf.raw[: size.value]


def getsockopt(fd: int, level: int, option: int, buflen: int) -> bytes:
    """getsockopt(2) into a buffer of *buflen* bytes: the bytes it filled."""
    buf = ctypes.create_string_buffer(buflen)
    size = socklen_t(buflen)
    lib.getsockopt(fd, level, option, buf, byref(size))
    return buf.raw[: size.value]


def setsockopt(
    fd: int, level: int, option: int, value: Optional[bytes], optlen: int = 0
) -> None:
    """setsockopt(2) with *value* as the option's bytes; None passes NULL
    with *optlen* (the stdlib's ``setsockopt(level, option, None, optlen)``)."""
    if value is None:
        lib.setsockopt(fd, level, option, None, optlen)
    else:
        lib.setsockopt(fd, level, option, value, len(value))


def shutdown(fd: int, how: int) -> None:
    lib.shutdown(fd, how)


# The C results: a count (the checked ones raise on -1 through errcheck).
_c_recv: Callable[..., int] = lib.recv
_c_send: Callable[..., int] = lib.send
_c_recvfrom: Callable[..., int] = lib.recvfrom
_c_sendto: Callable[..., int] = lib.sendto
_r_recvfrom: Callable[..., int] = lib.raw_recvfrom
_r_sendto: Callable[..., int] = lib.raw_sendto
_INT_MAX = 0x7FFFFFFF
# free [name buffer, socklen, byref, data area, its size] entries of recvfrom
_names: List[List[Any]] = []
# recvfrom's data areas: at least _DATA_MIN bytes, kept up to _DATA_MAX (the
# largest UDP payload over IPv4 fits).
_DATA_MIN = 2048
_DATA_MAX = 65536


def _new_entry() -> List[Any]:
    """A new entry of recvfrom's free list."""
    name, size = _sockaddr_buffer()
    return [name, size, byref(size), None, 0]


def _data_area(size: int) -> Any:
    """A data area of recvfrom (Any to checkers: a slice of it is bytes,
    where typeshed says list)."""
    return ctypes.create_string_buffer(size)

# With MSG_TRUNC, recv(2) returns a datagram's full length, which may be
# more than it copied; CPython then returns a bytes object of that length
# (past nbytes it holds no data: uninitialised memory there, zeros here).

if _alloc is not None:
    _new_bytes, _DATA = _alloc

    def recv(fd: int, nbytes: int, flags: int) -> bytes:
        """recv(2) of at most *nbytes*: the bytes received."""
        if nbytes == 0:
            return bytes(_c_recv(fd, None, 0, flags))
        out = _new_bytes(None, nbytes)
        got = _c_recv(fd, id(out) + _DATA, nbytes, flags)
        if got == nbytes:
            return out
        return out[:got] if got < nbytes else out + bytes(got - nbytes)

    def recvfrom(fd: int, nbytes: int, flags: int) -> Tuple[bytes, bytes]:
        """recvfrom(2): (bytes received, sender sockaddr bytes)."""
        if 0 < nbytes <= _INT_MAX and -_INT_MAX <= flags <= _INT_MAX:
            # The common call, through the raw binding, with the buffers of
            # a free list entry (one per thread in a call at most): the name
            # and socklen, and a data area the datagram is received into and
            # sliced out of -- a slice of a ctypes array is one bytes made
            # from its memory, where a fresh result cost a foreign call
            # (PyBytes_FromStringAndSize) and its trimming a copy anyway.
            # Sizes past _DATA_MAX get a fresh result, filled in place.
            try:
                entry = _names.pop()
            except IndexError:
                entry = _new_entry()
            name, size, size_p, area, room = entry
            size.value = SOCKADDR_STORAGE_SIZE
            if nbytes <= room:
                got = _r_recvfrom(fd, area, nbytes, flags, name, size_p)
            elif nbytes <= _DATA_MAX:
                area = entry[3] = _data_area(max(nbytes, _DATA_MIN))
                entry[4] = len(area)
                got = _r_recvfrom(fd, area, nbytes, flags, name, size_p)
            else:
                area = None
                out = _new_bytes(None, nbytes)
                # Unconverted, a bytes object goes as the char * of its
                # data: the fresh, unshared result is filled in place.
                got = _r_recvfrom(fd, out, nbytes, flags, name, size_p)
            if got < 0:
                _names.append(entry)
                code = ctypes.get_errno()
                raise OSError(code, errors.strerror(code))
            # (a slice stops at the buffer's end: a longer socklen is a
            # truncated name, as CPython's min(addrlen, buffer))
            sockaddr: bytes = name[: size.value]
            if area is not None:
                out = area[:got] if got <= nbytes else area[:nbytes] + bytes(got - nbytes)
                _names.append(entry)
                return out, sockaddr
            _names.append(entry)
            # (area is None: out is the fresh result, bound above)
            if got != nbytes:
                out = out[:got] if got < nbytes else out + bytes(got - nbytes)  # pyright: ignore[reportPossiblyUnboundVariable, reportOperatorIssue]
            return out, sockaddr  # pyright: ignore[reportPossiblyUnboundVariable]
        buf, size = _sockaddr_buffer()
        if nbytes == 0:
            got = _c_recvfrom(fd, None, 0, flags, buf, byref(size))
            return bytes(got), buf.raw[: size.value]
        out = _new_bytes(None, nbytes)
        got = _c_recvfrom(fd, id(out) + _DATA, nbytes, flags, buf, byref(size))
        if got != nbytes:
            out = out[:got] if got < nbytes else out + bytes(got - nbytes)
        return out, buf.raw[: size.value]

else:  # pragma: no cover - not CPython

    def recv(fd: int, nbytes: int, flags: int) -> bytes:
        out = bytearray(nbytes)
        got = _c_recv(fd, (ctypes.c_char * nbytes).from_buffer(out) if nbytes else None,
                      nbytes, flags)
        return bytes(out[:got]) + bytes(max(0, got - nbytes))

    def recvfrom(fd: int, nbytes: int, flags: int) -> Tuple[bytes, bytes]:
        buf, size = _sockaddr_buffer()
        out = bytearray(nbytes)
        target = (ctypes.c_char * nbytes).from_buffer(out) if nbytes else None
        got = _c_recvfrom(fd, target, nbytes, flags, buf, byref(size))
        return bytes(out[:got]) + bytes(max(0, got - nbytes)), buf.raw[: size.value]


def _writable(buffer: WriteableBuffer, nbytes: int) -> Optional[Array[c_char]]:
    """A C view of the first *nbytes* of a writable Python buffer."""
    if nbytes == 0:
        return None
    return (ctypes.c_char * nbytes).from_buffer(buffer)


def recv_into(fd: int, buffer: WriteableBuffer, nbytes: int, flags: int) -> int:
    """recv(2) into the first *nbytes* of the writable *buffer*."""
    return _c_recv(fd, _writable(buffer, nbytes), nbytes, flags)


def recvfrom_into(
    fd: int, buffer: WriteableBuffer, nbytes: int, flags: int
) -> Tuple[int, bytes]:
    buf, size = _sockaddr_buffer()
    got = _c_recvfrom(fd, _writable(buffer, nbytes), nbytes, flags, buf, byref(size))
    return got, buf.raw[: size.value]


#: PyPy, the table bound through cffi (loader._CFFI): the receiving calls
#: below are made through the bare cffi functions.
_CFFI_IO = _alloc is None and "cffi_recvfrom" in lib and "cffi_recv" in lib

if _CFFI_IO:
    # PyPy, the table bound through cffi: the bare cffi functions on
    # cffi memory from a free list, no ctypes object per call (a
    # ctypes buffer or byref costs PyPy a microsecond or two, more than
    # the system call; docs/architecture.md).  Results and errors are
    # the functions' above, which take any value cffi refuses.
    from . import _cffi

    _ctypes_recvfrom = recvfrom
    _cffi_ffi: Any = lib.cffi
    _f_recvfrom: Callable[..., int] = lib.cffi_recvfrom
    _cffi_new = _cffi_ffi.new
    _cffi_unpack = _cffi_ffi.unpack
    _cffi_new_raw = _cffi_ffi.new_allocator(should_clear_after_alloc=False)
    _SOCKLEN_P = cast(str, _cffi._c_type(socklen_t)) + " *"
    # The name buffer, then the socklen_t at its own alignment.
    _SOCKLEN_AT = -(-SOCKADDR_STORAGE_SIZE // ctypes.alignment(socklen_t)) * ctypes.alignment(socklen_t)
    _AREA_MIN, _AREA_MAX = 2048, 65536
    _cffi_names: List[List[Any]] = []  # [memory, socklen pointer, area, room]

    def _cffi_entry() -> List[Any]:
        try:
            return _cffi_names.pop()
        except IndexError:
            memory = _cffi_new("char[]", _SOCKLEN_AT + ctypes.sizeof(socklen_t))
            return [memory, _cffi_ffi.cast(_SOCKLEN_P, memory + _SOCKLEN_AT),
                    _cffi_ffi.NULL, 0]

    def _cffi_area(entry: List[Any], nbytes: int) -> Any:
        """The entry's data area if it holds *nbytes*, grown up to
        _AREA_MAX; past that an uninitialised area for the call."""
        if nbytes <= entry[3]:
            return entry[2]
        if nbytes <= _AREA_MAX:
            area = entry[2] = _cffi_new("char[]", max(nbytes, _AREA_MIN))
            entry[3] = len(area)
            return area
        return _cffi_new_raw("char[]", nbytes)

    def _cffi_error() -> OSError:
        code: int = _cffi_ffi.errno
        ctypes.set_errno(code)
        return OSError(code, errors.strerror(code))

    def _cffi_data(area: Any, got: int, nbytes: int) -> bytes:
        """The received bytes, as the ctypes function gives them (past
        nbytes, with MSG_TRUNC, zeros)."""
        data: bytes = _cffi_unpack(area, got if got < nbytes else nbytes) if nbytes else b""
        if got > nbytes:
            data += bytes(got - nbytes)
        return data

    def _cffi_name(entry: List[Any]) -> bytes:
        size = entry[1][0]
        name: bytes = _cffi_unpack(entry[0], size if size < SOCKADDR_STORAGE_SIZE
                                   else SOCKADDR_STORAGE_SIZE)
        return name

    def recvfrom(fd: int, nbytes: int, flags: int) -> Tuple[bytes, bytes]:  # noqa: F811
        entry = _cffi_entry()
        try:
            area = _cffi_area(entry, nbytes)
            memory = entry[0]
            entry[1][0] = SOCKADDR_STORAGE_SIZE
            try:
                got = _f_recvfrom(fd, area, nbytes, flags, memory, memory + _SOCKLEN_AT)
            except (TypeError, OverflowError):
                return _ctypes_recvfrom(fd, nbytes, flags)
            if got < 0:
                raise _cffi_error()
            return _cffi_data(area, got, nbytes), _cffi_name(entry)
        finally:
            _cffi_names.append(entry)

    recvfrom.__doc__ = _ctypes_recvfrom.__doc__

    # recv, recv_into and recvfrom_into as recvfrom (bare cffi functions,
    # free-list memory, the caller's buffer by ffi.from_buffer, the ctypes
    # functions for anything else).
    _ctypes_recv = recv
    _ctypes_recv_into = recv_into
    _ctypes_recvfrom_into = recvfrom_into
    _f_recv_any: Callable[..., int] = lib.cffi_recv
    _cffi_buffer = _cffi_ffi.from_buffer
    _cffi_release = _cffi_ffi.release

    def recv(fd: int, nbytes: int, flags: int) -> bytes:  # noqa: F811
        entry = _cffi_entry()
        try:
            area = _cffi_area(entry, nbytes)
            try:
                got = _f_recv_any(fd, area if nbytes else _cffi_ffi.NULL, nbytes, flags)
            except (TypeError, OverflowError):
                return _ctypes_recv(fd, nbytes, flags)
            if got < 0:
                raise _cffi_error()
            return _cffi_data(area, got, nbytes)
        finally:
            _cffi_names.append(entry)

    def _cffi_target(buffer: WriteableBuffer, nbytes: int) -> Any:
        """The first *nbytes* of *buffer* for C, or None where this path
        does not take it (the ctypes function then says what is wrong)."""
        if not nbytes:
            return _cffi_ffi.NULL
        try:
            where = _cffi_buffer(buffer, require_writable=True)
        except (TypeError, ValueError, BufferError):
            return None
        if len(where) < nbytes:
            _cffi_release(where)
            return None
        return where

    def recv_into(fd: int, buffer: WriteableBuffer, nbytes: int, flags: int) -> int:  # noqa: F811
        where = _cffi_target(buffer, nbytes)
        if where is None:
            return _ctypes_recv_into(fd, buffer, nbytes, flags)
        got: Optional[int] = None
        error: Optional[OSError] = None
        try:
            try:
                got = _f_recv_any(fd, where, nbytes, flags)
            except (TypeError, OverflowError):
                pass  # got stays None: the ctypes function's, below
            else:
                if got < 0:
                    error = _cffi_error()  # (errno read straight after the call)
        finally:
            if nbytes:
                _cffi_release(where)
        if got is None:
            return _ctypes_recv_into(fd, buffer, nbytes, flags)
        if error is not None:
            raise error
        return got

    def recvfrom_into(  # noqa: F811
        fd: int, buffer: WriteableBuffer, nbytes: int, flags: int
    ) -> Tuple[int, bytes]:
        where = _cffi_target(buffer, nbytes)
        if where is None:
            return _ctypes_recvfrom_into(fd, buffer, nbytes, flags)
        entry = _cffi_entry()
        error: Optional[OSError] = None
        try:
            memory = entry[0]
            entry[1][0] = SOCKADDR_STORAGE_SIZE
            try:
                got: int = _f_recvfrom(fd, where, nbytes, flags, memory, memory + _SOCKLEN_AT)
            except (TypeError, OverflowError):
                pass  # error stays None: the ctypes function's, below
            else:
                if got >= 0:
                    return got, _cffi_name(entry)
                error = _cffi_error()  # (errno read straight after the call)
        finally:
            if nbytes:
                _cffi_release(where)
            _cffi_names.append(entry)
        if error is None:
            return _ctypes_recvfrom_into(fd, buffer, nbytes, flags)
        raise error

    recv.__doc__ = _ctypes_recv.__doc__
    recv_into.__doc__ = _ctypes_recv_into.__doc__
    recvfrom_into.__doc__ = _ctypes_recvfrom_into.__doc__


def _readable(data: ReadableBuffer) -> Union[bytes, Array[c_char], None]:
    """A pointer ctypes accepts for the bytes-like *data* (no copy for bytes)."""
    if type(data) is bytes:
        return data
    view = memoryview(data)
    if view.readonly:
        return view.tobytes()
    if not view.nbytes:
        return None
    return (ctypes.c_char * view.nbytes).from_buffer(view)


def send(fd: int, data: ReadableBuffer, flags: int) -> int:
    """send(2) of the bytes-like *data*: the count sent."""
    return _c_send(fd, _readable(data), len(data) if type(data) is bytes else memoryview(data).nbytes, flags)


def sendto(fd: int, data: ReadableBuffer, flags: int, sockaddr: bytes) -> int:
    if type(data) is bytes and -_INT_MAX <= flags <= _INT_MAX:
        size = len(data)
        if size <= _INT_MAX:
            # Through the raw binding: bytes go as char *, ints as C ints.
            sent = _r_sendto(fd, data, size, flags, sockaddr, len(sockaddr))
            if sent < 0:
                code = ctypes.get_errno()
                raise OSError(code, errors.strerror(code))
            return sent
    n = len(data) if type(data) is bytes else memoryview(data).nbytes
    return _c_sendto(fd, _readable(data), n, flags, sockaddr, len(sockaddr))


if "cffi_sendto" in lib and _alloc is None:
    # PyPy, the table bound through cffi: bytes and ints straight to the
    # bare cffi function (no conversion wrapper, errno read from cffi).
    _ctypes_sendto = sendto
    _f_sendto: Callable[..., int] = lib.cffi_sendto
    _sendto_ffi: Any = lib.cffi

    def sendto(fd: int, data: ReadableBuffer, flags: int, sockaddr: bytes) -> int:  # noqa: F811
        if type(data) is bytes:
            try:
                sent = _f_sendto(fd, data, len(data), flags, sockaddr, len(sockaddr))
            except (TypeError, OverflowError):
                return _ctypes_sendto(fd, data, flags, sockaddr)
            if sent < 0:
                code = _sendto_ffi.errno
                ctypes.set_errno(code)
                raise OSError(code, errors.strerror(code))
            return sent
        return _ctypes_sendto(fd, data, flags, sockaddr)

    sendto.__doc__ = _ctypes_sendto.__doc__


# Stream sockets with no flags: read(2)/write(2), see the module docstring.
read = os.read
write = os.write
# recv_into/sendmsg on a stream socket with no flags, no control block and
# no address are readv(2)/writev(2), which the os module makes at C speed
# into/from the caller's buffers (docs/architecture.md, measurements).
# (None: the functions below take the names; pyright declares them by those.)
readv = getattr(os, "readv", None)  # pyright: ignore[reportAssignmentType]
writev = getattr(os, "writev", None)  # pyright: ignore[reportAssignmentType]
if readv is None:  # PyPy 3.9's os has neither: read(2)/write(2) then copy
    _COPY_LIMIT = 16384
    _f_recv: Optional[Callable[..., int]] = getattr(lib, "cffi_recv", None)
    if _f_recv is not None:
        _ffi: Any = lib.cffi
        _from_buffer = _ffi.from_buffer
        _release_buffer = _ffi.release

    def readv(fd: int, buffers: Sequence[WriteableBuffer]) -> int:
        """readv(2) as one read(2) of the buffers' total, scattered into
        them: the count.  (A ctypes call costs about 10 us on PyPy; os.read
        and a copy far less.)"""
        if len(buffers) == 1 and _f_recv is not None:
            # One buffer, where the table is bound through cffi: recv(2)
            # with no flags (read(2) on a stream socket) straight into it,
            # by the bare cffi function (about 0.5 us less than os.read and
            # the copy on PyPy 3.9, docs/architecture.md).
            where = _from_buffer(buffers[0], require_writable=True)
            try:
                got: int = _f_recv(fd, where, len(where), 0)
            finally:
                _release_buffer(where)
            if got < 0:
                code = _ffi.errno
                ctypes.set_errno(code)
                raise OSError(code, errors.strerror(code))
            return got
        views = [memoryview(buffer).cast("B") for buffer in buffers]
        size = sum(view.nbytes for view in views)
        if len(views) == 1 and size > _COPY_LIMIT:
            # Large: the copy would cost more than the foreign call; recv
            # with no flags is read on a stream socket.
            return _c_recv(fd, _writable(views[0], size), size, 0)
        data = os.read(fd, size)
        at = 0
        for view in views:
            if at >= len(data):
                break
            part = data[at : at + view.nbytes]
            view[: len(part)] = part
            at += len(part)
        return len(data)

    def writev(fd: int, buffers: Sequence[ReadableBuffer]) -> int:
        """writev(2) as one write(2) of the buffers joined: the count."""
        return os.write(fd, b"".join(buffers))
close = os.close
dup = os.dup
set_blocking = os.set_blocking
get_blocking = os.get_blocking
set_inheritable = os.set_inheritable
get_inheritable = os.get_inheritable
if hasattr(os, "sendfile"):
    _os_sendfile = os.sendfile

    def sendfile(out_fd: int, in_fd: int, offset: int, count: int) -> int:
        """sendfile(2): the count sent.  A function of its own so that its
        parameters are the contract's on every Python (3.8's os.sendfile
        calls them out and in, and has no introspectable signature)."""
        return _os_sendfile(out_fd, in_fd, offset, count)

if sys.implementation.name == "pypy":
    # PyPy's os functions raise OSError(errno, strerror, None, None, None):
    # five args where CPython's socket calls give two.  The same error,
    # made as the one error path makes it.
    import functools

    _F = TypeVar("_F", bound=Callable[..., Any])

    def _two_args(function: _F) -> _F:
        @functools.wraps(function)  # the contract reads the parameters
        def call(*args: Any) -> Any:
            try:
                return function(*args)
            except OSError as exc:
                if len(exc.args) <= 2:
                    raise
                raise OSError(exc.errno, exc.strerror) from None

        return cast(_F, call)  # (at import, once a function)

    read = _two_args(read)
    write = _two_args(write)
    readv = _two_args(readv)
    assert writev is not None  # (bound with readv above, os's or the fallback)
    writev = _two_args(writev)
    close = _two_args(close)
    dup = _two_args(dup)
    set_blocking, get_blocking = _two_args(set_blocking), _two_args(get_blocking)
    set_inheritable = _two_args(set_inheritable)
    get_inheritable = _two_args(get_inheritable)
    if hasattr(os, "sendfile"):
        sendfile = _two_args(sendfile)  # pyright: ignore[reportPossiblyUnboundVariable]


def poll(fd: int, events: int, timeout_ms: int) -> int:
    """poll(2) on one descriptor: its revents, 0 when the time ran out."""
    entry = pollfd(fd, events, 0)
    if lib.poll(byref(entry), 1, timeout_ms) == 0:
        return 0
    return entry.revents


def getaddrinfo(
    host: Optional[bytes], port: Optional[bytes], family: int, type: int, proto: int, flags: int
) -> Tuple[int, Any]:
    """getaddrinfo(3) with bytes (or None) host and port.

    Returns (0, [(family, type, proto, canonname bytes|None, sockaddr
    bytes), ...]) or (EAI code, errno) on failure; turning the code into gaierror is
    the caller's (the message needs gai_strerror, see ``errors``).

    A numeric host with a numeric port (or none) is answered from what the
    C library answered for the same query shape (see ``_numeric``).
    """
    if host is not None and not flags & ~_NUMERIC_FLAGS:
        found = _numeric(host, port, family, type, proto, flags)
        if found is not None:
            return 0, found
    return _getaddrinfo(host, port, family, type, proto, flags)


# (0, [AddrInfo, ...]) or (EAI code, errno): which, the first item says.
def _getaddrinfo(
    host: Optional[bytes], port: Optional[bytes], family: int, type: int, proto: int, flags: int
) -> Tuple[int, Any]:
    hints = addrinfo()
    hints.ai_flags = flags
    hints.ai_family = family
    hints.ai_socktype = type
    hints.ai_protocol = proto
    res = POINTER(addrinfo)()
    code = lib.getaddrinfo(host, port, byref(hints), byref(res))
    if code:
        return code, ctypes.get_errno()
    out = []
    try:
        node = res
        while node:
            ai = node.contents
            out.append(
                (
                    ai.ai_family,
                    ai.ai_socktype,
                    ai.ai_protocol,
                    ai.ai_canonname,
                    ctypes.string_at(ai.ai_addr, ai.ai_addrlen) if ai.ai_addr else b"",
                )
            )
            node = ai.ai_next
    finally:
        lib.freeaddrinfo(res)
    return 0, out


# -- numeric getaddrinfo ------------------------------------------------------
#
# For a numeric host (a strict dotted quad, or IPv6 text without a scope)
# and a numeric port, the C library neither looks anything up nor reads
# any state that the flags below could make it read: its answer is the
# same list of entries for every address of one kind, only the address and
# port in the sockaddrs differ.  So the C library is asked once per query
# shape (kind of address, family, type, proto, flags, port given or not)
# with a probe address, its entries are remembered as templates, and each
# later query of that shape is answered by writing its own address and
# port into them (about 0.3 us instead of 2; docs/architecture.md).  Any
# other query, and any shape the C library refuses, is its to answer.
# AI_CANONNAME (the canonical name) and AI_ADDRCONFIG (the configured
# interfaces) are left to the C library, as is every other flag.

_NUMERIC_FLAGS = (
    VALUES.get("AI_PASSIVE", 0)
    | VALUES.get("AI_NUMERICHOST", 0)
    | VALUES.get("AI_NUMERICSERV", 0)
)
_AF_INET = VALUES["AF_INET"]
_AF_INET6 = VALUES["AF_INET6"]
_PROBES = {4: b"192.0.2.1", 6: b"2001:db8::1"}
_TEMPLATES: Dict[Tuple[int, int, int, int, int, bool], List[AddrInfo]] = {}
_pton: Optional[Tuple[Callable[[str], Optional[bytes]], Callable[[str], Optional[bytes]]]] = None


def _numeric(
    host: bytes, port: Optional[bytes], family: int, type: int, proto: int, flags: int
) -> Optional[List[AddrInfo]]:
    global _pton
    if port is None:
        number = b"\0\0"
    elif port.isdigit() and len(port) <= 5 and (port[0] != 48 or len(port) == 1):
        value = int(port)
        if value > 0xFFFF:
            return None
        number = value.to_bytes(2, "big")
    else:
        return None
    if _pton is None:
        # The parsers glibc's rules are written down in (a leaf module
        # beside this one), loaded on first use.
        from .ipaddr import pton4, pton6

        _pton = (pton4, pton6)
    try:
        text = host.decode("ascii")
    except UnicodeDecodeError:
        return None
    packed = _pton[0](text)
    kind = 4
    if packed is None:
        if "%" in text:
            return None
        packed = _pton[1](text)
        if packed is None:
            return None
        kind = 6
    key = (kind, family, type, proto, flags, port is None)
    templates = _TEMPLATES.get(key)
    if templates is None:
        code, found = _getaddrinfo(
            _PROBES[kind], None if port is None else b"1", family, type, proto, flags
        )
        if code or not found:
            return None
        templates = []
        for entry in found:
            af, sockaddr = entry[0], entry[4]
            if entry[3] is not None or not (
                (af == _AF_INET and len(sockaddr) >= 8)
                or (af == _AF_INET6 and len(sockaddr) >= 24)
            ):
                return None  # not a shape this knows how to fill
            templates.append(entry)
        if len(_TEMPLATES) < 64:
            _TEMPLATES[key] = templates
    out = []
    for af, socktype, protocol, canonname, sockaddr in templates:
        if af == _AF_INET:
            sockaddr = sockaddr[:2] + number + packed + sockaddr[8:]
        else:
            sockaddr = sockaddr[:2] + number + sockaddr[4:8] + packed + sockaddr[24:]
        out.append((af, socktype, protocol, canonname, sockaddr))
    return out


def gai_strerror(code: int) -> str:
    msg: Optional[bytes] = lib.gai_strerror(code)
    return msg.decode("utf-8", "replace") if msg else "Unknown error"


# gaierror's messages come from the C library, through the one error path.
errors.set_gai_strerror(gai_strerror)


def getnameinfo(
    sockaddr: bytes, flags: int, hostlen: int = 1025, servlen: int = 32
) -> Tuple[int, Union[int, bytes], Optional[bytes]]:
    """getnameinfo(3): (0, host bytes, serv bytes) or (EAI code, errno)."""
    host = ctypes.create_string_buffer(hostlen)
    serv = ctypes.create_string_buffer(servlen)
    code = lib.getnameinfo(sockaddr, len(sockaddr), host, hostlen, serv, servlen, flags)
    if code:
        return code, ctypes.get_errno(), None
    return 0, host.value, serv.value
