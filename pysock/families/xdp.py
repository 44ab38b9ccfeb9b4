"""AF_XDP (express data path), a pysock addition (the stdlib has no codec
for it): ``(ifindex, queue_id[, flags[, shared_umem_fd]])``.

::

    struct sockaddr_xdp {
        __u16 sxdp_family;          /* AF_XDP */
        __u16 sxdp_flags;           /* XDP_SHARED_UMEM, XDP_COPY, ... */
        __u32 sxdp_ifindex;
        __u32 sxdp_queue_id;
        __u32 sxdp_shared_umem_fd;
    };

Every field is a number: the interface goes by index (``if_nametoindex``).
A decoded address is the full 4-tuple.  Numbers out of a field's range are
an OverflowError, not masked.
"""

from typing import Any
import ctypes
import struct

from .._libc.constants import VALUES
from . import _parse, header
from ._ranges import field

FAMILY = VALUES["AF_XDP"]


class sockaddr_xdp(ctypes.Structure):
    _fields_ = [
        ("sxdp_family", ctypes.c_uint16),
        ("sxdp_flags", ctypes.c_uint16),
        ("sxdp_ifindex", ctypes.c_uint32),
        ("sxdp_queue_id", ctypes.c_uint32),
        ("sxdp_shared_umem_fd", ctypes.c_uint32),
    ]


SIZE = ctypes.sizeof(sockaddr_xdp)
_HEAD = header(FAMILY, SIZE)
_BODY = struct.Struct("=HIII")
_USAGE = (
    "AF_XDP address must be a tuple (ifindex, queue_id[, flags[, shared_umem_fd]])"
)


def encode(address: Any, caller: str, resolve: Any = None) -> bytes:
    _parse.require_tuple(address, caller, "AF_XDP")
    if not 2 <= len(address) <= 4:
        raise TypeError(_USAGE)
    ifindex = field(address[0], "ifindex", 32, caller, "AF_XDP")
    queue_id = field(address[1], "queue_id", 32, caller, "AF_XDP")
    flags = field(address[2], "flags", 16, caller, "AF_XDP") if len(address) > 2 else 0
    umem_fd = (
        field(address[3], "shared_umem_fd", 32, caller, "AF_XDP")
        if len(address) > 3
        else 0
    )
    return _HEAD + _BODY.pack(flags, ifindex, queue_id, umem_fd)


def decode(data: bytes) -> Any:
    flags, ifindex, queue_id, umem_fd = _BODY.unpack_from(
        bytes(data).ljust(SIZE, b"\0"), 2
    )
    return (ifindex, queue_id, flags, umem_fd)
