"""AF_QIPCRTR (Qualcomm IPC router): ``(node, port)``.

::

    struct sockaddr_qrtr {
        __kernel_sa_family_t sq_family;  /* AF_QIPCRTR */
        __u32                sq_node;
        __u32                sq_port;
    };
"""

from typing import Any
import ctypes
import struct

from .._libc.constants import VALUES
from . import _parse, header

FAMILY = VALUES["AF_QIPCRTR"]


class sockaddr_qrtr(ctypes.Structure):
    _fields_ = [
        ("sq_family", ctypes.c_ushort),
        ("sq_node", ctypes.c_uint32),
        ("sq_port", ctypes.c_uint32),
    ]


SIZE = ctypes.sizeof(sockaddr_qrtr)
_HEAD = header(FAMILY, SIZE)
_BODY = struct.Struct("=2xII")


def encode(address: Any, caller: str, resolve: Any = None) -> bytes:
    if not isinstance(address, tuple):
        raise TypeError(
            "getsockaddrarg: AF_QIPCRTR address must be tuple, not %s"
            % _parse.type_name(address)
        )
    _parse.arity(address, 2, 2, fname="getsockaddrarg")
    node = _parse.unit_I(address[0])
    port = _parse.unit_I(address[1])
    return _HEAD + _BODY.pack(node, port)


def decode(data: bytes) -> Any:
    return _BODY.unpack_from(bytes(data).ljust(SIZE, b"\0"), 2)
