"""AF_ALG (the kernel crypto API): ``(type, name[, feat[, mask]])``.

::

    struct sockaddr_alg {
        __u16 salg_family;      /* AF_ALG */
        __u8  salg_type[14];    /* "hash", "skcipher", "aead", ... */
        __u32 salg_feat;
        __u32 salg_mask;
        __u8  salg_name[64];    /* "sha256", "cbc(aes)", ... */
    };

type and name are str, NUL-terminated in the structure (13 and 63 bytes
at most).  The stdlib parses feat and mask as unsigned shorts (the ``H``
unit writing into the 32-bit fields), so only their low 16 bits are set;
a decoded address gives the whole 32-bit fields back.
"""

from typing import Any
import ctypes
import struct
import sys

from .._libc.constants import VALUES
from . import _parse, header

FAMILY = VALUES["AF_ALG"]


class sockaddr_alg(ctypes.Structure):
    _fields_ = [
        ("salg_family", ctypes.c_uint16),
        ("salg_type", ctypes.c_ubyte * 14),
        ("salg_feat", ctypes.c_uint32),
        ("salg_mask", ctypes.c_uint32),
        ("salg_name", ctypes.c_ubyte * 64),
    ]


SIZE = ctypes.sizeof(sockaddr_alg)
TYPE_SIZE = 14
NAME_SIZE = 64
_HEAD = header(FAMILY, SIZE)
_BODY = struct.Struct("=14sII64s")
_USAGE = "AF_ALG address must be a tuple (type, name[, feat[, mask]])"
# An unsigned short stored through a pointer to the start of a __u32.
_SHIFT = 0 if sys.byteorder == "little" else 16


def encode(address: Any, caller: str, resolve: Any = None) -> bytes:
    _parse.require_tuple(address, caller, "AF_ALG")
    _parse.arity(address, 2, 4, _USAGE)
    alg_type = _parse.unit_s(address[0], 1, _USAGE)
    name = _parse.unit_s(address[1], 2, _USAGE)
    feat = _parse.unit_H(address[2]) << _SHIFT if len(address) > 2 else 0
    mask = _parse.unit_H(address[3]) << _SHIFT if len(address) > 3 else 0
    if len(alg_type) >= TYPE_SIZE:
        raise ValueError("AF_ALG type too long.")
    if len(name) >= NAME_SIZE:
        raise ValueError("AF_ALG name too long.")
    return _HEAD + _BODY.pack(alg_type, feat, mask, name)


def _cstring(raw: bytes) -> bytes:
    end = raw.find(b"\0")
    return raw if end < 0 else raw[:end]


def decode(data: bytes) -> Any:
    alg_type, feat, mask, name = _BODY.unpack_from(bytes(data).ljust(SIZE, b"\0"), 2)
    return (
        _cstring(alg_type).decode("utf-8"),
        _cstring(name).decode("utf-8"),
        feat,
        mask,
    )
