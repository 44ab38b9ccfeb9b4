"""AF_NETLINK: ``(pid, groups)``.

::

    struct sockaddr_nl {
        __kernel_sa_family_t nl_family;  /* AF_NETLINK */
        unsigned short       nl_pad;     /* zero */
        __u32                nl_pid;     /* port ID */
        __u32                nl_groups;  /* multicast groups mask */
    };
"""

from typing import Any
import ctypes
import struct

from .._libc.constants import VALUES
from . import _parse, header

FAMILY = VALUES["AF_NETLINK"]


class sockaddr_nl(ctypes.Structure):
    _fields_ = [
        ("nl_family", ctypes.c_ushort),
        ("nl_pad", ctypes.c_ushort),
        ("nl_pid", ctypes.c_uint32),
        ("nl_groups", ctypes.c_uint32),
    ]


SIZE = ctypes.sizeof(sockaddr_nl)
_HEAD = header(FAMILY, SIZE)
_BODY = struct.Struct("=HII")
_USAGE = "AF_NETLINK address must be a pair (pid, groups)"


def encode(address: Any, caller: str, resolve: Any = None) -> bytes:
    _parse.require_tuple(address, caller, "AF_NETLINK")
    _parse.arity(address, 2, 2, _USAGE)
    pid = _parse.unit_I(address[0])
    groups = _parse.unit_I(address[1])
    return _HEAD + _BODY.pack(0, pid, groups)


def decode(data: bytes) -> Any:
    _pad, pid, groups = _BODY.unpack_from(bytes(data).ljust(SIZE, b"\0"), 2)
    return (pid, groups)
