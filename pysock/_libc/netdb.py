"""Backend functions of the legacy resolver and the interface calls
(<netdb.h>, <unistd.h>, <net/if.h>): gethostbyname & co, getservby*,
getprotobyname, gethostname/sethostname, if_nameindex & co.

Their prototypes are in ``posix.SIGNATURES``; this module turns each into a
backend function with Python values in and out (``bytes`` for names and
packed addresses, ints for numbers), so that a tracer wrapping one sees
everything the call does.

Thread safety.  The stdlib calls the plain getservbyname/getservbyport/
getprotobyname, whose result lives in one static buffer shared by every
thread (CPython gh-74667).  Here every call uses the reentrant ``*_r`` form
with a buffer of its own, grown while the library answers ERANGE; where a
C library lacks the ``_r`` form (macOS) the plain one is called under a
lock that is held until the result has been copied out.

Lookup failures are not exceptions here: the host lookups return the
``h_errno`` value for the caller to turn into ``herror``, the service and
protocol lookups return None (the stdlib's message is the caller's).
"""

import ctypes
import errno
import sys
import threading
from ctypes import POINTER, byref, c_int
from typing import Any, Callable, List, Optional, Tuple

from .cstructs import hostent, protoent, servent
from .errors import last_oserror, oserror, set_hstrerror
from .posix import lib

#: The backend functions this module provides (see pysock._libc.Backend).
CALLS = (
    "gethostbyname",
    "gethostbyaddr",
    "hstrerror",
    "getservbyname",
    "getservbyport",
    "getprotobyname",
    "gethostname",
    "sethostname",
    "if_nameindex",
    "if_nametoindex",
    "if_indextoname",
)

_ERANGE = errno.ERANGE
# CPython's own buffer for gethostby*_r: results are the same as the
# stdlib's until an entry needs more, where pysock grows the buffer instead
# of failing.
_HOST_BUFSIZE = 16384
_ENTRY_BUFSIZE = 1024
_MAX_BUFSIZE = 1 << 24
# <net/if.h> IF_NAMESIZE (16 on Linux, macOS and the BSDs), plus the NUL
# that CPython adds room for.
_IF_NAMESIZE = 16

if sys.byteorder == "little":

    def _swap16(value: int) -> int:
        return ((value & 0xFF) << 8) | ((value >> 8) & 0xFF)

else:  # pragma: no cover - big-endian hosts

    def _swap16(value: int) -> int:
        return value & 0xFFFF


def _grown(call: Callable[[Any, int], Any], size: int) -> Tuple[Any, Any]:
    """Run ``call(buffer, size)`` with a buffer grown while it answers ERANGE.

    Returns (call's return value, buffer).  The buffer is returned so that
    it outlives the pointers into it.
    """
    while True:
        buf = ctypes.create_string_buffer(size)
        code = call(buf, size)
        if code != _ERANGE:
            return code, buf
        size *= 2
        if size > _MAX_BUFSIZE:
            raise oserror(_ERANGE)


def _strings(array: Any) -> List[bytes]:
    """The C strings of a NULL-terminated ``char **``, as bytes."""
    out = []
    if array:
        i = 0
        while True:
            item = array[i]
            if item is None:
                break
            out.append(item)
            i += 1
    return out


def _host_entry(h: Any) -> Tuple[bytes, List[bytes], int, List[bytes]]:
    """(h_name, [alias], h_addrtype, [packed address]) of a hostent."""
    length = h.h_length
    addresses = []
    table = h.h_addr_list
    if table:
        i = 0
        while True:
            address = table[i]
            if not address:
                break
            addresses.append(ctypes.string_at(address, length))
            i += 1
    return (h.h_name or b"", _strings(h.h_aliases), h.h_addrtype, addresses)


# -- h_errno ----------------------------------------------------------------
#
# CPython reports ``h_errno`` -- the calling thread's variable -- after
# gethostby*_r, not the value the call stored through its h_errnop argument.
# The two differ: glibc's "files" backend sets only the latter, so a host
# missing from /etc/hosts is herror(0, "Resolver Error 0 (no error)") in the
# stdlib when DNS is not consulted.  pysock reads the same variable, right
# after the call, so that its herror is the stdlib's; where the library
# does not export it, the h_errnop value is used (0 after a plain call).

_h_errno_location: Any = None
for _name in ("__h_errno_location", "__h_errno"):
    if _name in lib:
        _h_errno_location = getattr(lib, _name)
        break
del _name

if _h_errno_location is not None:

    def _h_errno(fallback: int) -> int:
        code: int = _h_errno_location()[0]
        return code

else:  # pragma: no cover - libraries that do not export it

    def _h_errno(fallback: int) -> int:
        return fallback


if "hstrerror" in lib:
    _c_hstrerror = lib.hstrerror

    def hstrerror(code: int) -> str:
        """hstrerror(3): the message of an h_errno value."""
        text = _c_hstrerror(code)
        return text.decode("utf-8", "replace") if text else "Unknown resolver error"

else:  # pragma: no cover

    def hstrerror(code: int) -> str:
        # CPython's message when the library has no hstrerror().
        return "host not found"


# herror's messages, through the one error path.
set_hstrerror(hstrerror)


if "gethostbyname_r" in lib and "gethostbyaddr_r" in lib:
    _c_gethostbyname_r = lib.gethostbyname_r
    _c_gethostbyaddr_r = lib.gethostbyaddr_r

    def gethostbyname(name: bytes) -> Tuple[int, Any]:
        """gethostbyname_r(3) of *name* (bytes).

        Returns (0, (h_name, [aliases], h_addrtype, [packed addresses])), or
        (h_errno, None) when nothing is found.
        """
        entry = hostent()
        result = POINTER(hostent)()
        h_errnop = c_int(0)

        def call(buf: Any, size: int) -> Any:
            return _c_gethostbyname_r(
                name, byref(entry), buf, size, byref(result), byref(h_errnop)
            )

        _code, buf = _grown(call, _HOST_BUFSIZE)
        if not result:
            return _h_errno(h_errnop.value), None
        return 0, _host_entry(entry)

    def gethostbyaddr(packed: bytes, family: int) -> Tuple[int, Any]:
        """gethostbyaddr_r(3) of a packed address of *family*; the result
        as gethostbyname's."""
        entry = hostent()
        result = POINTER(hostent)()
        h_errnop = c_int(0)

        def call(buf: Any, size: int) -> Any:
            return _c_gethostbyaddr_r(
                packed,
                len(packed),
                family,
                byref(entry),
                buf,
                size,
                byref(result),
                byref(h_errnop),
            )

        _code, buf = _grown(call, _HOST_BUFSIZE)
        if not result:
            return _h_errno(h_errnop.value), None
        return 0, _host_entry(entry)

elif "gethostbyname" in lib and "gethostbyaddr" in lib:  # pragma: no cover
    _host_lock = threading.Lock()
    _c_gethostbyname = lib.gethostbyname
    _c_gethostbyaddr = lib.gethostbyaddr

    def gethostbyname(name: bytes) -> Tuple[int, Any]:
        with _host_lock:
            result = _c_gethostbyname(name)
            if not result:
                return _h_errno(0), None
            return 0, _host_entry(result.contents)

    def gethostbyaddr(packed: bytes, family: int) -> Tuple[int, Any]:
        with _host_lock:
            result = _c_gethostbyaddr(packed, len(packed), family)
            if not result:
                return _h_errno(0), None
            return 0, _host_entry(result.contents)


if "getservbyname_r" in lib and "getservbyport_r" in lib:
    _c_getservbyname_r = lib.getservbyname_r
    _c_getservbyport_r = lib.getservbyport_r

    def getservbyname(name: bytes, proto: Optional[bytes]) -> Optional[int]:
        """getservbyname_r(3): the port (host byte order) of service *name*
        (bytes) for *proto* (bytes, or None for any), or None."""
        entry = servent()
        result = POINTER(servent)()

        def call(buf: Any, size: int) -> Any:
            return _c_getservbyname_r(
                name, proto, byref(entry), buf, size, byref(result)
            )

        _code, buf = _grown(call, _ENTRY_BUFSIZE)
        if not result:
            return None
        return _swap16(entry.s_port)

    def getservbyport(port: int, proto: Optional[bytes]) -> Optional[bytes]:
        """getservbyport_r(3): the name (bytes) of the service on *port*
        (0-65535, host byte order) for *proto* (bytes or None), or None."""
        entry = servent()
        result = POINTER(servent)()
        net_port = _swap16(port)

        def call(buf: Any, size: int) -> Any:
            return _c_getservbyport_r(
                net_port, proto, byref(entry), buf, size, byref(result)
            )

        _code, buf = _grown(call, _ENTRY_BUFSIZE)
        if not result:
            return None
        return entry.s_name

elif "getservbyname" in lib and "getservbyport" in lib:  # pragma: no cover
    _serv_lock = threading.Lock()
    _c_getservbyname = lib.getservbyname
    _c_getservbyport = lib.getservbyport

    def getservbyname(name: bytes, proto: Optional[bytes]) -> Optional[int]:
        with _serv_lock:
            result = _c_getservbyname(name, proto)
            return _swap16(result.contents.s_port) if result else None

    def getservbyport(port: int, proto: Optional[bytes]) -> Optional[bytes]:
        with _serv_lock:
            result = _c_getservbyport(_swap16(port), proto)
            return result.contents.s_name if result else None


if "getprotobyname_r" in lib:
    _c_getprotobyname_r = lib.getprotobyname_r

    def getprotobyname(name: bytes) -> Optional[int]:
        """getprotobyname_r(3): the number of protocol *name* (bytes), or
        None."""
        entry = protoent()
        result = POINTER(protoent)()

        def call(buf: Any, size: int) -> Any:
            return _c_getprotobyname_r(name, byref(entry), buf, size, byref(result))

        _code, buf = _grown(call, _ENTRY_BUFSIZE)
        if not result:
            return None
        return entry.p_proto

elif "getprotobyname" in lib:  # pragma: no cover
    _proto_lock = threading.Lock()
    _c_getprotobyname = lib.getprotobyname

    def getprotobyname(name: bytes) -> Optional[int]:
        with _proto_lock:
            result = _c_getprotobyname(name)
            return result.contents.p_proto if result else None


if "gethostname" in lib:

    def gethostname() -> bytes:
        """gethostname(2), as bytes (CPython's buffer: 1024 bytes)."""
        buf = ctypes.create_string_buffer(1024)
        lib.gethostname(buf, 1023)
        return buf.value


if "sethostname" in lib:

    def sethostname(name: bytes) -> None:
        """sethostname(2) with the bytes *name* (NULs included)."""
        lib.sethostname(name, len(name))


if "if_nameindex" in lib and "if_freenameindex" in lib:

    def if_nameindex() -> List[Tuple[int, bytes]]:
        """if_nameindex(3): [(index, name bytes), ...]."""
        table = lib.if_nameindex()
        if not table:
            raise last_oserror()
        out = []
        try:
            i = 0
            while True:
                item = table[i]
                if item.if_index == 0:
                    break
                out.append((item.if_index, item.if_name))
                i += 1
        finally:
            lib.if_freenameindex(table)
        return out


if "if_nametoindex" in lib:

    def if_nametoindex(name: bytes) -> int:
        """if_nametoindex(3) of *name* (bytes): the index, 0 for none."""
        index: int = lib.if_nametoindex(name)
        return index


if "if_indextoname" in lib:

    def if_indextoname(index: int) -> bytes:
        """if_indextoname(3) of an unsigned int: the name, as bytes."""
        buf = ctypes.create_string_buffer(_IF_NAMESIZE + 1)
        if lib.if_indextoname(index, buf) is None:
            raise last_oserror()
        return buf.value
