"""AF_INET: ``(host, port)``.

::

    struct sockaddr_in {
        sa_family_t    sin_family;   /* AF_INET */
        in_port_t      sin_port;     /* port, network byte order */
        struct in_addr sin_addr;     /* address, network byte order */
        unsigned char  sin_zero[8];
    };
"""

from typing import Any, Callable, Dict
import ctypes
import struct

from .._args import as_int, type_name
from .._libc.constants import VALUES
from .._libc import ipaddr as _ipaddr
from . import head_fields, header, remembering

FAMILY = VALUES["AF_INET"]


class sockaddr_in(ctypes.Structure):
    _fields_ = head_fields("sin_") + [
        ("sin_port", ctypes.c_uint16),  # big-endian value
        ("sin_addr", ctypes.c_ubyte * 4),
        ("sin_zero", ctypes.c_ubyte * 8),
    ]


SIZE = ctypes.sizeof(sockaddr_in)
_HEAD = header(FAMILY, SIZE)
_ZERO = bytes(8)
_PORT = struct.Struct("!H")


def host_bytes(host: Any) -> bytes:
    """CPython's idna_converter: the host as bytes, IDNA-encoded if needed."""
    if isinstance(host, str):
        if host.isascii():
            data = host.encode("ascii")
        else:
            try:
                data = host.encode("idna")
            except UnicodeError:
                raise TypeError("encoding of hostname failed")
    elif isinstance(host, (bytes, bytearray)):
        data = bytes(host)
    else:
        raise TypeError(
            "str, bytes or bytearray expected, not %s" % type_name(host)
        )
    if b"\0" in data:
        raise TypeError("host name must not contain null character")
    return data


def port_number(port: Any, caller: str) -> int:
    try:
        return as_int(port)
    except OverflowError:
        raise OverflowError("%s(): port must be 0-65535." % caller)


# Memos: (host, port) -> sockaddr for numeric hosts (nothing to resolve:
# the same answer every time), and sockaddr -> (host, port).  A datagram
# program sends to and hears from the same few peers again and again.
# Bounded; emptied when full.  Keys are exact tuples of exact str and int.
_ENCODED: Dict[Any, bytes] = {}
_MEMO_SIZE = 256


def encode(address: Any, caller: str, resolve: Callable[[bytes, int], bytes]) -> bytes:
    if address.__class__ is tuple and len(address) == 2:
        host, port = address
        if host.__class__ is str and port.__class__ is int:
            found = _ENCODED.get(address)
            if found is not None:
                return found
            sockaddr = _encode(address, caller, resolve)
            if _ipaddr.pton4(host) is not None:
                if len(_ENCODED) >= _MEMO_SIZE:
                    _ENCODED.clear()
                _ENCODED[address] = sockaddr
            return sockaddr
    return _encode(address, caller, resolve)


def _encode(address: Any, caller: str, resolve: Callable[[bytes, int], bytes]) -> bytes:
    if not isinstance(address, tuple):
        raise TypeError(
            "%s(): AF_INET address must be tuple, not %s"
            % (caller, type_name(address))
        )
    if len(address) != 2:
        raise TypeError("AF_INET address must be a pair (host, port)")
    host, port = address
    host = host_bytes(host)
    port = port_number(port, caller)
    packed = resolve(host, FAMILY)
    if not 0 <= port <= 0xFFFF:
        raise OverflowError("%s(): port must be 0-65535." % caller)
    return _HEAD + _PORT.pack(port) + packed + _ZERO


def pack(packed_address: bytes, port: int) -> bytes:
    """A sockaddr_in from a packed address and a port (no checks)."""
    return _HEAD + _PORT.pack(port) + packed_address + _ZERO


def _decode(data: bytes) -> Any:
    return (
        "%d.%d.%d.%d" % (data[4], data[5], data[6], data[7]),
        (data[2] << 8) | data[3],
    )


# The same answer every time for the same bytes: remembered (families).
decode = remembering(_decode)