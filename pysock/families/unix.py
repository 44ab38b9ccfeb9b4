"""AF_UNIX: a path (str, or bytes-like), or a Linux abstract name (bytes).

::

    struct sockaddr_un {
        sa_family_t sun_family;     /* AF_UNIX */
        char        sun_path[108];  /* 104 on the BSDs and macOS */
    };                              /* BSD: u8 sun_len, u8 sun_family */

A str path is encoded with the filesystem encoding and surrogateescape, as
the stdlib does (os.fsencode).  On Linux, a path that is empty or starts
with a NUL byte is in the abstract namespace: it is not NUL-terminated and
comes back as bytes.
"""

from typing import Any
import ctypes
import os

from .._args import type_name
from .._libc.constants import VALUES
from .._libc.platform import PLATFORM
from . import head_fields, header

FAMILY = VALUES.get("AF_UNIX")
PATH_MAX = PLATFORM.layout.sun_path_size
_ABSTRACT = PLATFORM.abstract_unix


class sockaddr_un(ctypes.Structure):
    _fields_ = head_fields("sun_") + [("sun_path", ctypes.c_char * PATH_MAX)]


PATH_OFFSET = sockaddr_un.sun_path.offset


def path_bytes(address: Any) -> bytes:
    if isinstance(address, str):
        return os.fsencode(address)
    try:
        return memoryview(address).tobytes()
    except TypeError:
        raise TypeError(
            "a bytes-like object is required, not '%s'" % type_name(address)
        )


def encode(address: Any, caller: str, resolve: Any = None) -> bytes:
    path = path_bytes(address)
    if _ABSTRACT and (not path or path[0] == 0):
        if len(path) > PATH_MAX:
            raise OSError("AF_UNIX path too long")
        return header(FAMILY, PATH_OFFSET + len(path)) + path
    if len(path) >= PATH_MAX:
        raise OSError("AF_UNIX path too long")
    return header(FAMILY, PATH_OFFSET + len(path) + 1) + path + b"\0"


def decode(data: bytes) -> Any:
    path = bytes(data[PATH_OFFSET:])
    if _ABSTRACT and path and path[0] == 0:
        return path
    end = path.find(b"\0")
    if end >= 0:
        path = path[:end]
    return os.fsdecode(path)

