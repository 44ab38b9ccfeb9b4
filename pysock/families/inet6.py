"""AF_INET6: ``(host, port, flowinfo, scope_id)``.

::

    struct sockaddr_in6 {
        sa_family_t     sin6_family;    /* AF_INET6 */
        in_port_t       sin6_port;      /* network byte order */
        uint32_t        sin6_flowinfo;  /* network byte order */
        struct in6_addr sin6_addr;
        uint32_t        sin6_scope_id;  /* host byte order */
    };

A ``%scope`` suffix in the host is resolved by getaddrinfo, but, as in the
stdlib, the tuple's own scope_id (0 when absent) is what the sockaddr gets.
"""

from typing import Any, Callable, Dict
import ctypes
import struct

from .._args import as_uint_mask, type_name
from .._libc.constants import VALUES
from .._libc import ipaddr as _ipaddr
from . import head_fields, header, remembering
from .inet import host_bytes, port_number

FAMILY = VALUES["AF_INET6"]


class sockaddr_in6(ctypes.Structure):
    _fields_ = head_fields("sin6_") + [
        ("sin6_port", ctypes.c_uint16),
        ("sin6_flowinfo", ctypes.c_uint32),
        ("sin6_addr", ctypes.c_ubyte * 16),
        ("sin6_scope_id", ctypes.c_uint32),
    ]


SIZE = ctypes.sizeof(sockaddr_in6)
_HEAD = header(FAMILY, SIZE)
_PORT_FLOW = struct.Struct("!HI")
_SCOPE = struct.Struct("=I")
_TAIL = struct.Struct("!HI16s")
_USAGE = "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])"


# Memos as in inet: numeric hosts only, bounded, exact types.
_ENCODED: Dict[Any, bytes] = {}
_MEMO_SIZE = 256


def encode(address: Any, caller: str, resolve: Callable[[bytes, int], bytes]) -> bytes:
    if address.__class__ is tuple:
        size = len(address)
        if size == 2:
            host, port = address
            exact = port.__class__ is int
        elif size == 4:
            host, port, flowinfo, scope_id = address
            exact = (port.__class__ is int and flowinfo.__class__ is int
                     and scope_id.__class__ is int)
        elif size == 3:
            host, port, flowinfo = address
            exact = port.__class__ is int and flowinfo.__class__ is int
        else:
            host, exact = "", False
        if exact and host.__class__ is str:
            found = _ENCODED.get(address)
            if found is not None:
                return found
            sockaddr = _encode(address, caller, resolve)
            if "%" not in host and _ipaddr.pton6(host) is not None:
                if len(_ENCODED) >= _MEMO_SIZE:
                    _ENCODED.clear()
                _ENCODED[address] = sockaddr
            return sockaddr
    return _encode(address, caller, resolve)


def _encode(address: Any, caller: str, resolve: Callable[[bytes, int], bytes]) -> bytes:
    if not isinstance(address, tuple):
        raise TypeError(
            "%s(): AF_INET6 address must be tuple, not %s"
            % (caller, type_name(address))
        )
    if not 2 <= len(address) <= 4:
        raise TypeError(_USAGE)
    host = host_bytes(address[0])
    port = port_number(address[1], caller)
    flowinfo = as_uint_mask(address[2]) if len(address) > 2 else 0
    scope_id = as_uint_mask(address[3]) if len(address) > 3 else 0
    packed = resolve(host, FAMILY)
    if not 0 <= port <= 0xFFFF:
        raise OverflowError("%s(): port must be 0-65535." % caller)
    if flowinfo > 0xFFFFF:
        raise OverflowError("%s(): flowinfo must be 0-1048575." % caller)
    return _HEAD + _PORT_FLOW.pack(port, flowinfo) + packed + _SCOPE.pack(scope_id)


def pack(packed_address: bytes, port: int, flowinfo: int = 0, scope_id: int = 0) -> bytes:
    return _HEAD + _PORT_FLOW.pack(port, flowinfo) + packed_address + _SCOPE.pack(scope_id)


def _decode(data: bytes) -> Any:
    port, flowinfo, packed = _TAIL.unpack_from(data, 2)
    scope_id = _SCOPE.unpack_from(data, 24)[0] if len(data) >= 28 else 0
    return (_ipaddr.ntop6(packed), port, flowinfo, scope_id)


# The same answer every time for the same bytes: remembered (families).
decode = remembering(_decode)