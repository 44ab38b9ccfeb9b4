"""AF_TIPC: ``(addr_type, v1, v2, v3[, scope])``.

::

    struct sockaddr_tipc {
        unsigned short family;      /* AF_TIPC */
        unsigned char  addrtype;    /* TIPC_ADDR_NAMESEQ, _NAME or _ID */
        signed   char  scope;
        union {
            struct tipc_portid id;            /* { __u32 ref; __u32 node; } */
            struct tipc_name_seq nameseq;     /* { __u32 type, lower, upper; } */
            struct {
                struct tipc_name name;        /* { __u32 type, instance; } */
                __u32 domain;
            } name;
        } addr;
    };

What v1, v2 and v3 mean depends on the address type: for
``TIPC_ADDR_NAMESEQ`` (type, lower, upper), for ``TIPC_ADDR_NAME``
(type, instance, ignored), for ``TIPC_ADDR_ID`` (node, ref, ignored).  A
decoded NAME repeats the instance as v3, a decoded ID has 0 there, as in
the stdlib.
"""

from typing import Any
import ctypes
import struct

from .._libc.constants import VALUES
from . import _parse, header

FAMILY = VALUES["AF_TIPC"]
ADDR_NAMESEQ = VALUES["TIPC_ADDR_NAMESEQ"]
ADDR_NAME = VALUES["TIPC_ADDR_NAME"]
ADDR_ID = VALUES["TIPC_ADDR_ID"]
CLUSTER_SCOPE = VALUES["TIPC_CLUSTER_SCOPE"]


class tipc_portid(ctypes.Structure):
    _fields_ = [("ref", ctypes.c_uint32), ("node", ctypes.c_uint32)]


class tipc_name(ctypes.Structure):
    _fields_ = [("type", ctypes.c_uint32), ("instance", ctypes.c_uint32)]


class tipc_name_seq(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_uint32),
        ("lower", ctypes.c_uint32),
        ("upper", ctypes.c_uint32),
    ]


class _tipc_name_domain(ctypes.Structure):
    _fields_ = [("name", tipc_name), ("domain", ctypes.c_uint32)]


class _tipc_addr(ctypes.Union):
    _fields_ = [
        ("id", tipc_portid),
        ("nameseq", tipc_name_seq),
        ("name", _tipc_name_domain),
    ]


class sockaddr_tipc(ctypes.Structure):
    _fields_ = [
        ("family", ctypes.c_ushort),
        ("addrtype", ctypes.c_ubyte),
        ("scope", ctypes.c_byte),
        ("addr", _tipc_addr),
    ]


SIZE = ctypes.sizeof(sockaddr_tipc)
_HEAD = header(FAMILY, SIZE)
_BODY = struct.Struct("=BbIII")
_USAGE = "AF_TIPC address must be a tuple (addr_type, v1, v2, v3[, scope])"


def encode(address: Any, caller: str, resolve: Any = None) -> bytes:
    _parse.require_tuple(address, caller, "AF_TIPC")
    _parse.arity(address, 4, 5, _USAGE)
    atype = _parse.unit_I(address[0])
    v1 = _parse.unit_I(address[1])
    v2 = _parse.unit_I(address[2])
    v3 = _parse.unit_I(address[3])
    scope = _parse.unit_I(address[4]) if len(address) > 4 else CLUSTER_SCOPE
    # The C code stores both in one byte: the address type unsigned, the
    # scope signed (a 32-bit scope keeps its low byte).
    scope = (scope & 0xFF) - 0x100 if scope & 0x80 else scope & 0xFF
    if atype == ADDR_NAMESEQ:
        words = (v1, v2, v3)
    elif atype == ADDR_NAME:
        words = (v1, v2, 0)
    elif atype == ADDR_ID:
        words = (v2, v1, 0)  # struct tipc_portid is { ref, node }
    else:
        raise TypeError("Invalid address type")
    return _HEAD + _BODY.pack(atype & 0xFF, scope, *words)


def decode(data: bytes) -> Any:
    atype, scope, w1, w2, w3 = _BODY.unpack_from(bytes(data).ljust(SIZE, b"\0"), 2)
    # CPython hands the signed char scope to an "I" format: -1 reads back
    # as 4294967295.
    scope &= 0xFFFFFFFF
    if atype == ADDR_NAMESEQ:
        return (atype, w1, w2, w3, scope)
    if atype == ADDR_NAME:
        return (atype, w1, w2, w2, scope)
    if atype == ADDR_ID:
        return (atype, w2, w1, 0, scope)
    raise ValueError("Invalid address type")
