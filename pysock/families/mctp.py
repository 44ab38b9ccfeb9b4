"""AF_MCTP (Management Component Transport Protocol), a pysock addition
(the stdlib has no codec for it): ``(network, addr, type, tag)``, or with
extended addressing ``(network, addr, type, tag, ifindex, haddr)``.

::

    struct sockaddr_mctp {
        __kernel_sa_family_t smctp_family;   /* AF_MCTP */
        __u16                __smctp_pad0;
        unsigned int         smctp_network;  /* MCTP_NET_ANY, ... */
        struct mctp_addr     smctp_addr;     /* { mctp_eid_t s_addr; }, a u8 */
        __u8                 smctp_type;     /* message type */
        __u8                 smctp_tag;      /* MCTP_TAG_OWNER | tag */
        __u8                 __smctp_pad1;
    };

    struct sockaddr_mctp_ext {               /* with MCTP_OPT_ADDR_EXT */
        struct sockaddr_mctp smctp_base;
        int                  smctp_ifindex;
        __u8                 smctp_halen;
        __u8                 __smctp_pad0[3];
        __u8                 smctp_haddr[MAX_ADDR_LEN];  /* 32 */
    };

A sockaddr the size of the extended form decodes to the 6-tuple (haddr is
bytes of smctp_halen); a 6-tuple encodes the extended form.  Numbers out
of a field's range are an OverflowError, not masked.
"""

from typing import Any
import ctypes
import struct

from .._libc.constants import VALUES
from . import _parse, header
from ._ranges import field

FAMILY = VALUES["AF_MCTP"]
MAX_ADDR_LEN = 32


class mctp_addr(ctypes.Structure):
    _fields_ = [("s_addr", ctypes.c_uint8)]


class sockaddr_mctp(ctypes.Structure):
    _fields_ = [
        ("smctp_family", ctypes.c_ushort),
        ("__smctp_pad0", ctypes.c_uint16),
        ("smctp_network", ctypes.c_uint),
        ("smctp_addr", mctp_addr),
        ("smctp_type", ctypes.c_uint8),
        ("smctp_tag", ctypes.c_uint8),
        ("__smctp_pad1", ctypes.c_uint8),
    ]


class sockaddr_mctp_ext(ctypes.Structure):
    _fields_ = [
        ("smctp_base", sockaddr_mctp),
        ("smctp_ifindex", ctypes.c_int),
        ("smctp_halen", ctypes.c_uint8),
        ("__smctp_pad0", ctypes.c_uint8 * 3),
        ("smctp_haddr", ctypes.c_uint8 * MAX_ADDR_LEN),
    ]


SIZE = ctypes.sizeof(sockaddr_mctp)
EXT_SIZE = ctypes.sizeof(sockaddr_mctp_ext)
_HEAD = header(FAMILY, SIZE)
_BODY = struct.Struct("=2xIBBBx")
_EXT = struct.Struct("=iB3x%ds" % MAX_ADDR_LEN)
_USAGE = (
    "AF_MCTP address must be a tuple (network, addr, type, tag[, ifindex, haddr])"
)


def encode(address: Any, caller: str, resolve: Any = None) -> bytes:
    _parse.require_tuple(address, caller, "AF_MCTP")
    if len(address) not in (4, 6):
        raise TypeError(_USAGE)
    network = field(address[0], "network", 32, caller, "AF_MCTP")
    addr = field(address[1], "addr", 8, caller, "AF_MCTP")
    kind = field(address[2], "type", 8, caller, "AF_MCTP")
    tag = field(address[3], "tag", 8, caller, "AF_MCTP")
    base = _HEAD + _BODY.pack(network, addr, kind, tag)
    if len(address) == 4:
        return base
    ifindex = field(address[4], "ifindex", 31, caller, "AF_MCTP")
    haddr = _parse.unit_y_star(address[5])
    if len(haddr) > MAX_ADDR_LEN:
        raise ValueError("Hardware address must be %d bytes or less" % MAX_ADDR_LEN)
    return base + _EXT.pack(ifindex, len(haddr), haddr)


def decode(data: bytes) -> Any:
    data = bytes(data)
    network, addr, kind, tag = _BODY.unpack_from(data.ljust(SIZE, b"\0"), 2)
    if len(data) < EXT_SIZE:
        return (network, addr, kind, tag)
    ifindex, halen, haddr = _EXT.unpack_from(data, SIZE)
    return (network, addr, kind, tag, ifindex, haddr[: min(halen, MAX_ADDR_LEN)])
