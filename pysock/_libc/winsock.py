"""The Windows backend: Winsock (ws2_32.dll), each call reached with Python
values, as the stdlib's Windows build makes it.

pysock's own ``WinDLL("ws2_32", use_last_error=True)``: ctypes saves
``WSAGetLastError()`` the moment a call returns, and the one error path
(``errors``, ``winerror``) reads that copy, before any other call.
``WSAStartup`` is called once, at import, as the stdlib's ``_socket`` does.

What the stdlib's Windows build does, done the same way here:

- sockets are made with ``WSASocketW(..., WSA_FLAG_OVERLAPPED |
  WSA_FLAG_NO_HANDLE_INHERIT)`` (not inheritable, PEP 446); ``accept``
  clears ``HANDLE_FLAG_INHERIT`` on the new handle; ``dup`` is
  ``WSADuplicateSocketW`` for this process then ``WSASocketW`` from that
  protocol info, which is also what ``share``/``fromshare`` carry;
- blocking mode is ``ioctlsocket(FIONBIO)``; Windows cannot be asked for
  it, so the mode last set is remembered per handle (a new socket blocks);
- waiting is ``select()`` on the one socket (a connect waits for "writable"
  or "exception": a failed connect is reported as the latter);
- names: ``GetAddrInfoW``/``GetNameInfoW``, the legacy ``gethostby*`` and
  ``getserv*``/``getprotobyname`` (thread-local results, no ``_r`` forms),
  the host name from ``GetComputerNameExW``, the ``if_*`` calls from
  iphlpapi's LUID conversions;
- ``ioctl``: ``WSAIoctl`` with the option's input bytes.

No ``socketpair`` (Lib/socket.py's fallback), ``sendmsg``/``recvmsg``,
``sendfile`` (``send`` serves), ``read``/``write`` or ``sethostname``: the
stdlib has none of them on Windows.

Only ctypes and the standard library may be imported by this module.
"""

from __future__ import annotations

import ctypes
from ctypes import (
    POINTER,
    Structure,
    byref,
    c_char,
    c_char_p,
    c_int,
    c_long,
    c_short,
    c_size_t,
    c_uint32,
    c_uint64,
    c_ulong,
    c_ushort,
    c_void_p,
    c_wchar_p,
)

from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, Union, cast

from . import loader
from .errors import oserror
from .winerror import WinDLL, exception, get_last_error

if TYPE_CHECKING:
    from ctypes import Array

    from _typeshed import ReadableBuffer, WriteableBuffer

    # (family, type, proto, canonname bytes or None, sockaddr bytes)
    AddrInfo = Tuple[int, int, int, Optional[bytes], bytes]
    # (name, aliases, address type, packed addresses): a hostent's fields
    HostEntry = Tuple[bytes, List[bytes], int, List[bytes]]

SOCKET = c_size_t                      # UINT_PTR
INVALID_SOCKET = 2 ** (8 * ctypes.sizeof(SOCKET)) - 1
SOCKET_ERROR = -1
FD_SETSIZE = 64
FIONBIO = -2147195266                  # _IOW('f', 126, u_long), as a C long
FROM_PROTOCOL_INFO = -1
WSA_FLAG_OVERLAPPED = 0x01
WSA_FLAG_NO_HANDLE_INHERIT = 0x80
HANDLE_FLAG_INHERIT = 0x1
PROTOCOL_INFO_SIZE = 628               # sizeof(WSAPROTOCOL_INFOW)
# Offsets in WSAPROTOCOL_INFOW of iAddressFamily, iSocketType, iProtocol.
_INFO_FAMILY, _INFO_TYPE, _INFO_PROTO = 76, 88, 92
_NI_MAXHOST = 1025
_NI_MAXSERV = 32
_COMPUTER_NAME_PHYSICAL_DNS_HOSTNAME = 5
_IF_MAX_STRING_SIZE = 256


def _check_socket(result: int, func: Any, arguments: Any) -> int:
    if result == INVALID_SOCKET:
        raise exception(get_last_error())
    return result


def _check_error(result: int, func: Any, arguments: Any) -> int:
    if result == SOCKET_ERROR:
        raise exception(get_last_error())
    return result


class fd_set(Structure):
    _fields_ = [("fd_count", ctypes.c_uint), ("fd_array", SOCKET * FD_SETSIZE)]


class timeval(Structure):
    _fields_ = [("tv_sec", c_long), ("tv_usec", c_long)]


class ADDRINFOW(Structure):
    pass


ADDRINFOW._fields_ = [
    ("ai_flags", c_int),
    ("ai_family", c_int),
    ("ai_socktype", c_int),
    ("ai_protocol", c_int),
    ("ai_addrlen", c_size_t),
    ("ai_canonname", c_wchar_p),
    ("ai_addr", c_void_p),
    ("ai_next", POINTER(ADDRINFOW)),
]


class hostent(Structure):
    _fields_ = [("h_name", c_char_p), ("h_aliases", POINTER(c_char_p)),
                ("h_addrtype", c_short), ("h_length", c_short),
                ("h_addr_list", POINTER(c_void_p))]


class servent(Structure):
    # winsock2.h: on _WIN64 s_proto comes before s_port.
    _fields_ = [("s_name", c_char_p), ("s_aliases", POINTER(c_char_p)),
                ("s_proto", c_char_p), ("s_port", c_short)]


class protoent(Structure):
    _fields_ = [("p_name", c_char_p), ("p_aliases", POINTER(c_char_p)),
                ("p_proto", c_short)]


class WSADATA(Structure):
    # Large enough for either layout; only wVersion is read.
    _fields_ = [("wVersion", c_ushort), ("wHighVersion", c_ushort), ("rest", c_char * 512)]


_int_p = POINTER(c_int)
_ERR = _check_error
_SOCK = _check_socket

# name -> (argtypes, restype, error convention): winsock2.h, ws2tcpip.h.
SIGNATURES = {
    "WSAStartup": ((c_ushort, POINTER(WSADATA)), c_int, None),
    "WSASocketW": ((c_int, c_int, c_int, c_void_p, c_uint32, c_uint32), SOCKET, _SOCK),
    "WSADuplicateSocketW": ((SOCKET, c_uint32, c_void_p), c_int, _ERR),
    "WSAIoctl": ((SOCKET, c_uint32, c_void_p, c_uint32, c_void_p, c_uint32,
                  POINTER(c_uint32), c_void_p, c_void_p), c_int, _ERR),
    "closesocket": ((SOCKET,), c_int, _ERR),
    "bind": ((SOCKET, c_void_p, c_int), c_int, _ERR),
    "connect": ((SOCKET, c_void_p, c_int), c_int, _ERR),
    "listen": ((SOCKET, c_int), c_int, _ERR),
    "accept": ((SOCKET, c_void_p, _int_p), SOCKET, _SOCK),
    "getsockname": ((SOCKET, c_void_p, _int_p), c_int, _ERR),
    "getpeername": ((SOCKET, c_void_p, _int_p), c_int, _ERR),
    "getsockopt": ((SOCKET, c_int, c_int, c_void_p, _int_p), c_int, _ERR),
    "setsockopt": ((SOCKET, c_int, c_int, c_void_p, c_int), c_int, _ERR),
    "shutdown": ((SOCKET, c_int), c_int, _ERR),
    "recv": ((SOCKET, c_void_p, c_int, c_int), c_int, _ERR),
    "recvfrom": ((SOCKET, c_void_p, c_int, c_int, c_void_p, _int_p), c_int, _ERR),
    "send": ((SOCKET, c_void_p, c_int, c_int), c_int, _ERR),
    "sendto": ((SOCKET, c_void_p, c_int, c_int, c_void_p, c_int), c_int, _ERR),
    "ioctlsocket": ((SOCKET, c_long, POINTER(c_ulong)), c_int, _ERR),
    "select": ((c_int, POINTER(fd_set), POINTER(fd_set), POINTER(fd_set),
                POINTER(timeval)), c_int, _ERR),
    # These return their error code (a WSA code) rather than SOCKET_ERROR.
    "GetAddrInfoW": ((c_wchar_p, c_wchar_p, POINTER(ADDRINFOW),
                      POINTER(POINTER(ADDRINFOW))), c_int, None),
    "FreeAddrInfoW": ((POINTER(ADDRINFOW),), None, None),
    "GetNameInfoW": ((c_void_p, c_int, c_wchar_p, c_uint32, c_wchar_p, c_uint32, c_int),
                     c_int, None),
    # NULL when nothing is found; WSAGetLastError says why.
    "gethostbyname": ((c_char_p,), POINTER(hostent), None),
    "gethostbyaddr": ((c_void_p, c_int, c_int), POINTER(hostent), None),
    "getservbyname": ((c_char_p, c_char_p), POINTER(servent), None),
    "getservbyport": ((c_int, c_char_p), POINTER(servent), None),
    "getprotobyname": ((c_char_p,), POINTER(protoent), None),
    # 1: converted, 0: not an address of the family, -1: an error.
    "inet_pton": ((c_int, c_char_p, c_void_p), c_int, None),
    "inet_ntop": ((c_int, c_void_p, c_char_p, c_size_t), c_char_p, None),
    "inet_addr": ((c_char_p,), c_uint32, None),
}

KERNEL32 = {
    "GetCurrentProcessId": ((), c_uint32, None),
    "SetHandleInformation": ((c_void_p, c_uint32, c_uint32), c_int, None),
    "GetHandleInformation": ((c_void_p, POINTER(c_uint32)), c_int, None),
    "GetComputerNameExW": ((c_int, c_wchar_p, POINTER(c_uint32)), c_int, None),
}

# netioapi.h: each returns a Windows error code (NO_ERROR: 0).
IPHLPAPI = {
    # netioapi.h's if_* (NULL/0 without a Winsock error).
    "if_nametoindex": ((c_char_p,), c_uint32, None),
    "if_indextoname": ((c_uint32, c_char_p), c_char_p, None),
    "ConvertInterfaceNameToLuidA": ((c_char_p, POINTER(c_uint64)), c_uint32, None),
    "ConvertInterfaceLuidToIndex": ((POINTER(c_uint64), POINTER(c_uint32)), c_uint32, None),
    "ConvertInterfaceIndexToLuid": ((c_uint32, POINTER(c_uint64)), c_uint32, None),
    "ConvertInterfaceLuidToNameA": ((POINTER(c_uint64), c_char_p, c_size_t), c_uint32, None),
    "GetIfTable2": ((POINTER(c_void_p),), c_uint32, None),
    "FreeMibTable": ((c_void_p,), None, None),
}

#: The backend functions this module provides (see pysock._libc.Backend).
CALLS = (
    "socket",
    "close",
    "dup",
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
    "poll",
    "set_blocking",
    "get_blocking",
    "set_inheritable",
    "get_inheritable",
    "getaddrinfo",
    "getnameinfo",
    "gethostbyname",
    "gethostbyaddr",
    "getservbyname",
    "getservbyport",
    "getprotobyname",
    "gethostname",
    "if_nameindex",
    "if_nametoindex",
    "if_indextoname",
    "ioctl",
    "share",
    "fromshare",
    "inet_pton",
    "inet_ntop",
    "inet_aton",
)

lib = loader.bind(WinDLL("ws2_32", use_last_error=True), SIGNATURES,
                  library_name="ws2_32")
kernel32 = loader.bind(WinDLL("kernel32", use_last_error=True), KERNEL32,
                       library_name="kernel32")
iphlpapi = loader.bind(WinDLL("iphlpapi"), IPHLPAPI, library_name="iphlpapi")


def _startup() -> None:
    """WSAStartup(2.2), once per process, as the stdlib's _socket does."""
    data = WSADATA()
    code = lib.WSAStartup(0x0202, byref(data))
    if code:
        raise ImportError("pysock: WSAStartup failed: %s" % (exception(code),))


_startup()


def _sockaddr_buffer() -> Tuple[Array[c_char], c_int]:
    return ctypes.create_string_buffer(128), c_int(128)


# ---------------------------------------------------------------------------
# Sockets.
# ---------------------------------------------------------------------------

_blocking: Dict[int, bool] = {}


def socket(family: int, type: int, proto: int) -> int:
    """WSASocketW, not inheritable (CPython 3.8+: WSA_FLAG_NO_HANDLE_INHERIT)."""
    fd: int = lib.WSASocketW(family, type, proto, None, 0,
                             WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT)
    return fd


def close(fd: int) -> None:
    """closesocket."""
    _blocking.pop(fd, None)
    lib.closesocket(fd)


def share(fd: int, pid: int) -> bytes:
    """WSADuplicateSocketW for process *pid*: the WSAPROTOCOL_INFOW bytes."""
    info = ctypes.create_string_buffer(PROTOCOL_INFO_SIZE)
    lib.WSADuplicateSocketW(fd, pid, info)
    return info.raw


def fromshare(info: bytes) -> Tuple[int, int, int, int]:
    """A socket from share()'s bytes: (handle, family, type, proto)."""
    buf = ctypes.create_string_buffer(bytes(info), PROTOCOL_INFO_SIZE)
    fd: int = lib.WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, buf,
                             0, WSA_FLAG_OVERLAPPED)
    family, type, proto = [int.from_bytes(buf.raw[at:at + 4], "little", signed=True)
                           for at in (_INFO_FAMILY, _INFO_TYPE, _INFO_PROTO)]
    return fd, family, type, proto


def dup(fd: int) -> int:
    """The stdlib's Windows dup: share with this process, then make it."""
    info = share(fd, kernel32.GetCurrentProcessId())
    buf = ctypes.create_string_buffer(info, PROTOCOL_INFO_SIZE)
    newfd: int = lib.WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO,
                                buf, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT)
    return newfd


def bind(fd: int, sockaddr: bytes) -> None:
    lib.bind(fd, sockaddr, len(sockaddr))


def connect(fd: int, sockaddr: bytes) -> None:
    lib.connect(fd, sockaddr, len(sockaddr))


def listen(fd: int, backlog: int) -> None:
    lib.listen(fd, backlog)


def accept(fd: int, want_address: bool = True) -> Tuple[int, bytes]:
    """accept, then the new handle made non-inheritable (as the stdlib)."""
    buf, size = _sockaddr_buffer()
    newfd = lib.accept(fd, buf, byref(size))
    if not kernel32.SetHandleInformation(newfd, HANDLE_FLAG_INHERIT, 0):
        code = get_last_error()
        lib.closesocket(newfd)
        raise exception(code)
    return newfd, (buf.raw[: size.value] if want_address else b"")


def getsockname(fd: int) -> bytes:
    buf, size = _sockaddr_buffer()
    lib.getsockname(fd, buf, byref(size))
    return buf.raw[: size.value]


def getpeername(fd: int) -> bytes:
    buf, size = _sockaddr_buffer()
    lib.getpeername(fd, buf, byref(size))
    return buf.raw[: size.value]


def getsockopt(fd: int, level: int, option: int, buflen: int) -> bytes:
    buf = ctypes.create_string_buffer(buflen)
    size = c_int(buflen)
    lib.getsockopt(fd, level, option, buf, byref(size))
    return buf.raw[: size.value]


def setsockopt(
    fd: int, level: int, option: int, value: Optional[bytes], optlen: int = 0
) -> None:
    if value is None:
        lib.setsockopt(fd, level, option, None, optlen)
    else:
        lib.setsockopt(fd, level, option, value, len(value))


def shutdown(fd: int, how: int) -> None:
    lib.shutdown(fd, how)


# ---------------------------------------------------------------------------
# Data.  Winsock takes an int length: the stdlib clips a send to INT_MAX.
# ---------------------------------------------------------------------------

_INT_MAX = 2 ** 31 - 1
# The bound functions return the C int (the errcheck raised on SOCKET_ERROR).
_c_recv: Callable[..., int] = lib.recv
_c_recvfrom: Callable[..., int] = lib.recvfrom
_c_send: Callable[..., int] = lib.send
_c_sendto: Callable[..., int] = lib.sendto


def _writable(buffer: WriteableBuffer, nbytes: int) -> Optional[Array[c_char]]:
    if nbytes == 0:
        return None
    return (c_char * nbytes).from_buffer(buffer)


def recv(fd: int, nbytes: int, flags: int) -> bytes:
    buf = ctypes.create_string_buffer(nbytes) if nbytes else None
    got = _c_recv(fd, buf, nbytes, flags)
    return buf.raw[:got] if buf is not None else b""


def recvfrom(fd: int, nbytes: int, flags: int) -> Tuple[bytes, bytes]:
    addr, size = _sockaddr_buffer()
    buf = ctypes.create_string_buffer(nbytes) if nbytes else None
    got = _c_recvfrom(fd, buf, nbytes, flags, addr, byref(size))
    return (buf.raw[:got] if buf is not None else b""), addr.raw[: size.value]


def recv_into(fd: int, buffer: WriteableBuffer, nbytes: int, flags: int) -> int:
    return _c_recv(fd, _writable(buffer, nbytes), nbytes, flags)


def recvfrom_into(
    fd: int, buffer: WriteableBuffer, nbytes: int, flags: int
) -> Tuple[int, bytes]:
    addr, size = _sockaddr_buffer()
    got = _c_recvfrom(fd, _writable(buffer, nbytes), nbytes, flags, addr, byref(size))
    return got, addr.raw[: size.value]


def _readable(data: ReadableBuffer) -> Tuple[Union[bytes, Array[c_char], None], int]:
    if type(data) is bytes:
        return data, len(data)
    view = memoryview(data)
    if view.readonly or not view.c_contiguous:
        data = view.tobytes()
        return data, len(data)
    if not view.nbytes:
        return None, 0
    return (c_char * view.nbytes).from_buffer(view.cast("B")), view.nbytes


def send(fd: int, data: ReadableBuffer, flags: int) -> int:
    pointer, n = _readable(data)
    return _c_send(fd, pointer, min(n, _INT_MAX), flags)


def sendto(fd: int, data: ReadableBuffer, flags: int, sockaddr: bytes) -> int:
    pointer, n = _readable(data)
    return _c_sendto(fd, pointer, min(n, _INT_MAX), flags, sockaddr, len(sockaddr))


# ---------------------------------------------------------------------------
# Modes and waiting.
# ---------------------------------------------------------------------------

_POLLIN, _POLLPRI, _POLLOUT, _POLLERR = 1, 2, 4, 8


def poll(fd: int, events: int, timeout_ms: int) -> int:
    """select() on one socket, as the stdlib's Windows build waits: the
    ready events (POLLIN: readable, POLLOUT: writable, POLLERR: exception,
    a failed connect), 0 when the time ran out."""
    sets: List[Optional[fd_set]] = []
    for bits in (_POLLIN | _POLLPRI, _POLLOUT, _POLLERR):
        if events & bits:
            s = fd_set()
            s.fd_count = 1
            s.fd_array[0] = fd
            sets.append(s)
        else:
            sets.append(None)
    if timeout_ms < 0:
        tv = None
    else:
        tv = timeval(timeout_ms // 1000, (timeout_ms % 1000) * 1000)
    if lib.select(0, sets[0], sets[1], sets[2], tv) == 0:
        return 0
    ready = 0
    for asked, bit in zip(sets, (_POLLIN, _POLLOUT, _POLLERR)):
        if asked is not None and asked.fd_count:
            ready |= bit
    return ready


def set_blocking(fd: int, blocking: bool) -> None:
    """ioctlsocket(FIONBIO)."""
    arg = c_ulong(0 if blocking else 1)
    lib.ioctlsocket(fd, FIONBIO, byref(arg))
    _blocking[fd] = bool(blocking)


def get_blocking(fd: int) -> bool:
    """The mode last set by set_blocking (Winsock cannot be asked)."""
    return _blocking.get(fd, True)


def set_inheritable(fd: int, inheritable: bool) -> None:
    if not kernel32.SetHandleInformation(fd, HANDLE_FLAG_INHERIT,
                                         HANDLE_FLAG_INHERIT if inheritable else 0):
        raise exception(get_last_error())


def get_inheritable(fd: int) -> bool:
    flags = c_uint32()
    if not kernel32.GetHandleInformation(fd, byref(flags)):
        raise exception(get_last_error())
    return bool(flags.value & HANDLE_FLAG_INHERIT)


def ioctl(fd: int, control: int, value: bytes) -> int:
    """WSAIoctl with the input bytes *value*, no output: the byte count
    WSAIoctl returned (what the stdlib's ioctl() returns)."""
    returned = c_uint32()
    lib.WSAIoctl(fd, control, value, len(value), None, 0, byref(returned), None, None)
    return returned.value


# ---------------------------------------------------------------------------
# Names.
# ---------------------------------------------------------------------------


def _text(value: Union[str, bytes, None]) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return value


def getaddrinfo(
    host: Union[str, bytes, None],
    port: Union[str, bytes, None],
    family: int,
    type: int,
    proto: int,
    flags: int,
) -> Tuple[int, Optional[List[AddrInfo]]]:
    """GetAddrInfoW: (0, [(family, type, proto, canonname bytes|None,
    sockaddr bytes), ...]) or (WSA code, None)."""
    hints = ADDRINFOW()
    hints.ai_flags = flags
    hints.ai_family = family
    hints.ai_socktype = type
    hints.ai_protocol = proto
    res = POINTER(ADDRINFOW)()
    code = lib.GetAddrInfoW(_text(host), _text(port), byref(hints), byref(res))
    if code:
        return code, None
    out = []
    try:
        node = res
        while node:
            ai = node.contents
            canon = ai.ai_canonname
            out.append((ai.ai_family, ai.ai_socktype, ai.ai_protocol,
                        canon.encode("utf-8") if canon is not None else None,
                        ctypes.string_at(ai.ai_addr, ai.ai_addrlen) if ai.ai_addr else b""))
            node = ai.ai_next
    finally:
        lib.FreeAddrInfoW(res)
    return 0, out


def getnameinfo(
    sockaddr: bytes, flags: int, hostlen: int = _NI_MAXHOST, servlen: int = _NI_MAXSERV
) -> Tuple[int, Optional[bytes], Optional[bytes]]:
    """GetNameInfoW: (0, host bytes, serv bytes) or (WSA code, None, None)."""
    host = ctypes.create_unicode_buffer(hostlen)
    serv = ctypes.create_unicode_buffer(servlen)
    code = lib.GetNameInfoW(sockaddr, len(sockaddr), host, hostlen, serv, servlen, flags)
    if code:
        return code, None, None
    return 0, host.value.encode("utf-8"), serv.value.encode("utf-8")


def _strings(array: Any) -> List[bytes]:
    out = []
    if array:
        i = 0
        while array[i] is not None:
            out.append(array[i])
            i += 1
    return out


def _host_entry(h: hostent) -> HostEntry:
    addresses = []
    table = h.h_addr_list
    if table:
        i = 0
        while table[i]:
            addresses.append(ctypes.string_at(table[i], h.h_length))
            i += 1
    return (h.h_name or b"", _strings(h.h_aliases), h.h_addrtype, addresses)


def gethostbyname(name: bytes) -> Tuple[int, Optional[HostEntry]]:
    """gethostbyname: (0, hostent tuple) or (WSAGetLastError(), None)."""
    result = lib.gethostbyname(name)
    if not result:
        return get_last_error(), None
    return 0, _host_entry(result.contents)


def gethostbyaddr(packed: bytes, family: int) -> Tuple[int, Optional[HostEntry]]:
    result = lib.gethostbyaddr(packed, len(packed), family)
    if not result:
        return get_last_error(), None
    return 0, _host_entry(result.contents)


def _swap16(value: int) -> int:
    value &= 0xFFFF
    return ((value & 0xFF) << 8) | (value >> 8)


def getservbyname(name: bytes, proto: Optional[bytes]) -> Optional[int]:
    result = lib.getservbyname(name, proto)
    return _swap16(result.contents.s_port) if result else None


def getservbyport(port: int, proto: Optional[bytes]) -> Optional[bytes]:
    result = lib.getservbyport(_swap16(port), proto)
    return result.contents.s_name if result else None


def getprotobyname(name: bytes) -> Optional[int]:
    result = lib.getprotobyname(name)
    return result.contents.p_proto if result else None


def gethostname() -> bytes:
    """GetComputerNameExW(ComputerNamePhysicalDnsHostname), as the stdlib's
    Windows build, encoded as UTF-8."""
    size = c_uint32(0)
    kernel32.GetComputerNameExW(_COMPUTER_NAME_PHYSICAL_DNS_HOSTNAME, None, byref(size))
    buf = ctypes.create_unicode_buffer(size.value + 1)
    size = c_uint32(size.value + 1)
    if not kernel32.GetComputerNameExW(_COMPUTER_NAME_PHYSICAL_DNS_HOSTNAME, buf,
                                       byref(size)):
        raise exception(get_last_error())
    return buf.value.encode("utf-8")


# MIB_IF_TABLE2: ULONG NumEntries, then MIB_IF_ROW2 rows (8-aligned), each
# starting with NET_LUID InterfaceLuid and NET_IFINDEX InterfaceIndex.
_MIB_IF_ROW2_SIZE = 1352


def if_nameindex() -> List[Tuple[int, bytes]]:
    """GetIfTable2, each row's LUID named by ConvertInterfaceLuidToNameA."""
    table = c_void_p()
    code = iphlpapi.GetIfTable2(byref(table))
    if code:
        raise exception(code)
    out = []
    base = cast(int, table.value)  # not NULL: GetIfTable2 succeeded
    try:
        count = c_uint32.from_address(base).value
        for i in range(count):
            row = base + 8 + i * _MIB_IF_ROW2_SIZE
            luid = c_uint64.from_address(row)
            index = c_uint32.from_address(row + 8).value
            name = ctypes.create_string_buffer(_IF_MAX_STRING_SIZE + 1)
            code = iphlpapi.ConvertInterfaceLuidToNameA(byref(luid), name, len(name))
            if code:
                raise exception(code)
            out.append((index, name.value))
    finally:
        iphlpapi.FreeMibTable(table)
    return out


def if_nametoindex(name: bytes) -> int:
    """iphlpapi's if_nametoindex of *name* (bytes): the index, 0 if none."""
    index: int = iphlpapi.if_nametoindex(name)
    return index


def if_indextoname(index: int) -> bytes:
    """iphlpapi's if_indextoname: the name, bytes.  It sets no Winsock
    error; the stdlib raises from errno, 0 there: OSError(0, "Error")."""
    name = ctypes.create_string_buffer(_IF_MAX_STRING_SIZE + 1)
    if iphlpapi.if_indextoname(index, name) is None:
        raise OSError(0, "Error")
    return name.value


_AF_INET = 2


def inet_pton(family: int, text: bytes) -> Optional[bytes]:
    """The system's inet_pton: the packed bytes, None if *text* is no
    address of *family*; an error (-1) is raised as the stdlib does, from
    errno, which Winsock leaves alone: OSError(0, "Error")."""
    buf = ctypes.create_string_buffer(16)
    result = lib.inet_pton(family, text, buf)
    if result == 1:
        return buf.raw[:4] if family == _AF_INET else buf.raw
    if result == 0:
        return None
    raise OSError(0, "Error")


def inet_ntop(family: int, packed: bytes) -> bytes:
    """The system's inet_ntop: the text, bytes (INET6_ADDRSTRLEN: 46)."""
    buf = ctypes.create_string_buffer(46)
    result: Optional[bytes] = lib.inet_ntop(family, packed, buf, 46)
    if result is None:
        raise OSError(0, "Error")
    return result


_INADDR_NONE = 0xFFFFFFFF


def inet_aton(text: bytes) -> Optional[bytes]:
    """The stdlib's inet_aton on Windows, which has none: inet_addr, whose
    error value INADDR_NONE is accepted only written "255.255.255.255".
    The packed bytes, or None."""
    if text == b"255.255.255.255":
        return b"\xff\xff\xff\xff"
    value: int = lib.inet_addr(text)
    if value == _INADDR_NONE:
        return None
    return value.to_bytes(4, "little")  # in network order in memory


__all__ = list(CALLS)  # pyright: ignore[reportUnsupportedDunderAll] (the backend calls, by name)
del oserror
