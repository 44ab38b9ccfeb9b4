"""AF_CAN: the address format depends on the socket's protocol.

* ``CAN_RAW``, ``CAN_BCM``: ``(interface,)``
* ``CAN_ISOTP``: ``(interface, rx_addr, tx_addr)``
* ``CAN_J1939``: ``(interface, name, pgn, addr)``

::

    struct sockaddr_can {
        __kernel_sa_family_t can_family;  /* AF_CAN */
        int                  can_ifindex;  /* 0: every interface */
        union {
            struct { canid_t rx_id, tx_id; } tp;   /* ISO-TP */
            struct {
                __u64 name;   /* 64-bit ECU NAME */
                __u32 pgn;    /* parameter group number */
                __u8  addr;   /* 8-bit address */
            } j1939;
        } can_addr;
    };

The interface is a name (str, bytes or path-like, as a file name is);
``''`` is index 0, any interface.  The lookups are system calls, made
through the *interfaces* the socket layer passes (see ``pysock.families``).
"""

from typing import Any
import ctypes
import os
import struct

from .._libc.constants import VALUES
from . import _parse, header
from ._parse import if_index

FAMILY = VALUES["AF_CAN"]
CAN_RAW = VALUES.get("CAN_RAW")
CAN_BCM = VALUES.get("CAN_BCM")
CAN_ISOTP = VALUES.get("CAN_ISOTP")
CAN_J1939 = VALUES.get("CAN_J1939")
CONTEXT = True

IFNAMSIZ = 16


class _can_tp(ctypes.Structure):
    _fields_ = [("rx_id", ctypes.c_uint32), ("tx_id", ctypes.c_uint32)]


class _can_j1939(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_uint64),
        ("pgn", ctypes.c_uint32),
        ("addr", ctypes.c_uint8),
    ]


class _can_addr(ctypes.Union):
    _fields_ = [("tp", _can_tp), ("j1939", _can_j1939)]


class sockaddr_can(ctypes.Structure):
    _fields_ = [
        ("can_family", ctypes.c_ushort),
        ("can_ifindex", ctypes.c_int),
        ("can_addr", _can_addr),
    ]


SIZE = ctypes.sizeof(sockaddr_can)
ADDR_OFFSET = sockaddr_can.can_addr.offset
_HEAD = header(FAMILY, SIZE)
_INDEX = struct.Struct("=i")
_TP = struct.Struct("=II")
_J1939 = struct.Struct("=QIB")
_USAGE = "AF_CAN address must be a tuple (interface, )"


def _index(name: Any, interfaces: Any) -> int:
    if not name:
        return 0
    if len(name) >= IFNAMSIZ:
        raise OSError("AF_CAN interface name too long")
    return if_index(interfaces, name)


def _pack(index: int, body: bytes = b"") -> bytes:
    data = bytearray(SIZE)
    data[: len(_HEAD)] = _HEAD
    _INDEX.pack_into(data, sockaddr_can.can_ifindex.offset, index)
    data[ADDR_OFFSET : ADDR_OFFSET + len(body)] = body
    return bytes(data)


def encode(address: Any, caller: str, resolve: Any, proto: int, interfaces: Any) -> bytes:
    if proto == CAN_RAW or proto == CAN_BCM:
        _parse.require_tuple(address, caller, "AF_CAN")
        _parse.arity(address, 1, 1, _USAGE)
        return _pack(_index(_parse.fs_name(address[0]), interfaces))
    if proto == CAN_ISOTP:
        _parse.arity(address, 3, 3)
        name = _parse.fs_name(address[0])
        rx_id = _parse.unit_k(address[1], 2)
        tx_id = _parse.unit_k(address[2], 3)
        index = _index(name, interfaces)
        # canid_t is 32 bits; the C code assigns the unsigned longs to it.
        return _pack(index, _TP.pack(rx_id & 0xFFFFFFFF, tx_id & 0xFFFFFFFF))
    if proto == CAN_J1939:
        _parse.arity(address, 4, 4)
        name = _parse.fs_name(address[0])
        ecu_name = _parse.unit_k(address[1], 2)
        pgn = _parse.unit_I(address[2])
        addr = _parse.unit_B(address[3])
        index = _index(name, interfaces)
        return _pack(index, _J1939.pack(ecu_name, pgn, addr))
    raise OSError("%s(): unsupported CAN protocol" % caller)


def decode(data: bytes, proto: int, interfaces: Any) -> Any:
    data = bytes(data).ljust(SIZE, b"\0")
    index = _INDEX.unpack_from(data, sockaddr_can.can_ifindex.offset)[0]
    name = ""
    if index:
        try:
            name = os.fsdecode(interfaces.if_indextoname(index))
        except OSError:
            pass
    if proto == CAN_ISOTP:
        return (name,) + _TP.unpack_from(data, ADDR_OFFSET)
    if proto == CAN_J1939:
        return (name,) + _J1939.unpack_from(data, ADDR_OFFSET)
    return (name,)
