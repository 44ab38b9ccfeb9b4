"""AF_PACKET: ``(ifname, proto[, pkttype[, hatype[, addr]]])``.

::

    struct sockaddr_ll {
        unsigned short sll_family;    /* AF_PACKET */
        __be16         sll_protocol;  /* Ethernet protocol, network order */
        int            sll_ifindex;
        unsigned short sll_hatype;    /* ARPHRD_* */
        unsigned char  sll_pkttype;   /* PACKET_HOST, ... */
        unsigned char  sll_halen;
        unsigned char  sll_addr[8];
    };

The interface travels by index; the name <-> index lookups are system
calls, made through the *interfaces* the socket layer passes (see
``pysock.families``).  As in the stdlib, a name longer than
``IFNAMSIZ - 1`` bytes is cut to that length before the lookup, and a
decoded index that no longer names an interface gives ``''``.
"""

from typing import Any
import ctypes
import struct

from .._libc.constants import VALUES
from . import _parse, header
from ._parse import if_index

FAMILY = VALUES["AF_PACKET"]
PACKET_HOST = VALUES["PACKET_HOST"]
CONTEXT = True

IFNAMSIZ = 16


class sockaddr_ll(ctypes.Structure):
    _fields_ = [
        ("sll_family", ctypes.c_ushort),
        ("sll_protocol", ctypes.c_uint16),  # big-endian value
        ("sll_ifindex", ctypes.c_int),
        ("sll_hatype", ctypes.c_ushort),
        ("sll_pkttype", ctypes.c_ubyte),
        ("sll_halen", ctypes.c_ubyte),
        ("sll_addr", ctypes.c_ubyte * 8),
    ]


SIZE = ctypes.sizeof(sockaddr_ll)
ADDR_OFFSET = sockaddr_ll.sll_addr.offset
_HEAD = header(FAMILY, SIZE)
_PROTO = struct.Struct("!H")
_REST = struct.Struct("=iHBB8s")
_USAGE = "AF_PACKET address must be a tuple of two to five elements"


def encode(address: Any, caller: str, resolve: Any, proto: int, interfaces: Any) -> bytes:
    _parse.require_tuple(address, caller, "AF_PACKET")
    _parse.arity(address, 2, 5, _USAGE)
    try:
        name = _parse.unit_s(address[0], 1, _USAGE)
        protocol = _parse.unit_i(address[1])
        pkttype = _parse.unit_i(address[2]) if len(address) > 2 else PACKET_HOST
        hatype = _parse.unit_i(address[3]) if len(address) > 3 else 0
    except OverflowError:
        raise OverflowError("%s(): address argument out of range" % caller) from None
    haddr = _parse.unit_y_star(address[4]) if len(address) > 4 else None
    # The stdlib copies the name into struct ifreq's 16 bytes (strncpy,
    # then a NUL in the last one) and asks the kernel for its index.
    index = if_index(interfaces, name[: IFNAMSIZ - 1])
    if haddr is not None and len(haddr) > 8:
        raise ValueError("Hardware address must be 8 bytes or less")
    if not 0 <= protocol <= 0xFFFF:
        raise OverflowError("%s(): proto must be 0-65535." % caller)
    haddr = haddr or b""
    return (
        _HEAD
        + _PROTO.pack(protocol)
        + _REST.pack(index, hatype & 0xFFFF, pkttype & 0xFF, len(haddr), haddr)
    )


def decode(data: bytes, proto: int, interfaces: Any) -> Any:
    data = bytes(data).ljust(SIZE, b"\0")
    protocol = _PROTO.unpack_from(data, 2)[0]
    index, hatype, pkttype, halen = _REST.unpack_from(data, 4)[:4]
    name = b""
    if index:
        try:
            name = interfaces.if_indextoname(index)
        except OSError:
            pass
    return (
        name.decode("utf-8"),
        protocol,
        pkttype,
        hatype,
        data[ADDR_OFFSET : ADDR_OFFSET + halen],
    )
