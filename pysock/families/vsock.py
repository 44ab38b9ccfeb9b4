"""AF_VSOCK: ``(cid, port)``.

::

    struct sockaddr_vm {
        __kernel_sa_family_t svm_family;     /* AF_VSOCK */
        unsigned short       svm_reserved1;
        unsigned int         svm_port;
        unsigned int         svm_cid;
        __u8                 svm_flags;      /* VMADDR_FLAG_TO_HOST, ... */
        unsigned char        svm_zero[3];    /* pads to sizeof(struct sockaddr) */
    };

(Options of a VSOCK socket are 64-bit unsigned integers: see the socket
class's getsockopt/setsockopt.)
"""

from typing import Any
import ctypes
import struct

from .._libc.constants import VALUES
from . import _parse, header

FAMILY = VALUES["AF_VSOCK"]


class sockaddr_vm(ctypes.Structure):
    _fields_ = [
        ("svm_family", ctypes.c_ushort),
        ("svm_reserved1", ctypes.c_ushort),
        ("svm_port", ctypes.c_uint),
        ("svm_cid", ctypes.c_uint),
        ("svm_flags", ctypes.c_uint8),
        ("svm_zero", ctypes.c_ubyte * 3),
    ]


SIZE = ctypes.sizeof(sockaddr_vm)
_HEAD = header(FAMILY, SIZE)
_BODY = struct.Struct("=HII4x")
_FNAME = "getsockaddrarg"


def encode(address: Any, caller: str, resolve: Any = None) -> bytes:
    if not isinstance(address, tuple):
        raise TypeError(
            "getsockaddrarg: AF_VSOCK address must be tuple, not %s"
            % _parse.type_name(address)
        )
    _parse.arity(address, 2, 2, fname=_FNAME)
    cid = _parse.unit_I(address[0])
    port = _parse.unit_I(address[1])
    return _HEAD + _BODY.pack(0, port, cid)


def decode(data: bytes) -> Any:
    _reserved, port, cid = _BODY.unpack_from(bytes(data).ljust(SIZE, b"\0"), 2)
    return (cid, port)
