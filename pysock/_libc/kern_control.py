"""Backend function of macOS kernel controls (<sys/kern_control.h>): the id
of a control from its name, for ``PF_SYSTEM``/``SYSPROTO_CONTROL``
addresses given as a name (``pysock.families.system``).

CPython makes the ``CTLIOCGINFO`` ioctl on the socket being addressed; any
``SYSPROTO_CONTROL`` socket answers it the same, so this function makes its
own (socket, ioctl, close), and the codec needs no descriptor.
"""

from __future__ import annotations

from ctypes import Structure, byref, c_char, c_int, c_uint32, c_ulong

from . import loader
from .constants import VALUES
from .errors import check_neg1
from .posix import close as _close
from .posix import socket as _socket

#: The backend functions this module provides (see pysock._libc.Backend).
CALLS = ("ctl_getinfo",)

# ioctl(2) is variadic: only the fixed arguments are declared, so that ctypes
# passes the third as a variadic one (it must, on Apple arm64).
SIGNATURES = {"ioctl": ((c_int, c_ulong), c_int, check_neg1)}

_lib = loader.bind(loader.load_libc(), SIGNATURES)
_MAX_KCTL_NAME = VALUES.get("MAX_KCTL_NAME", 96)


class ctl_info(Structure):
    """struct ctl_info {
        u_int32_t ctl_id;
        char      ctl_name[MAX_KCTL_NAME];
    };"""

    _fields_ = [("ctl_id", c_uint32), ("ctl_name", c_char * _MAX_KCTL_NAME)]
    ctl_id: int
    ctl_name: bytes


def ctl_getinfo(name: bytes) -> int:
    """The ctl_id of the kernel control *name* (bytes); OSError if none."""
    info = ctl_info()
    info.ctl_name = name[:_MAX_KCTL_NAME]
    fd = _socket(VALUES["PF_SYSTEM"], VALUES["SOCK_DGRAM"], VALUES["SYSPROTO_CONTROL"])
    try:
        _lib.ioctl(fd, VALUES["CTLIOCGINFO"], byref(info))
    finally:
        _close(fd)
    return info.ctl_id
